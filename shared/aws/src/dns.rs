//! The DNS port over hickory-resolver: the system's resolver by default, or the server named
//! by `DNS_RESOLVER` (`ip` or `ip:port`; locally the SES stand-in's zone).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use domain::dns_check::{Answer, Lookup, QueryType};
use domain::ports::DnsLookup;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};

use crate::config::ConfigError;

/// How long one lookup may take before it counts as unanswered.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Which DNS server the record checks ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsResolver {
    /// The resolvers in /etc/resolv.conf.
    System,
    /// One server (`DNS_RESOLVER`; locally the stand-in's zone).
    Server(SocketAddr),
}

impl DnsResolver {
    /// `DNS_RESOLVER` when set, else the system's.
    pub fn from_env() -> Result<Self, ConfigError> {
        match crate::config::optional("DNS_RESOLVER") {
            Some(raw) => parse_server(&raw)
                .map(Self::Server)
                .ok_or_else(|| invalid(format!("not an ip or ip:port: {raw}"))),
            None => Ok(Self::System),
        }
    }

    pub fn lookup(self) -> Result<HickoryLookup, ConfigError> {
        match self {
            Self::System => HickoryLookup::system(),
            Self::Server(server) => HickoryLookup::server(server),
        }
    }
}

/// Lookups through hickory-resolver, with no cache of its own: a check asked for now is
/// answered now (whatever the upstream resolver caches).
#[derive(Clone)]
pub struct HickoryLookup {
    resolver: TokioResolver,
}

impl HickoryLookup {
    /// The resolvers in /etc/resolv.conf.
    pub fn system() -> Result<Self, ConfigError> {
        let builder = TokioResolver::builder_tokio().map_err(|e| invalid(e.to_string()))?;
        let resolver = builder
            .with_options(options())
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(Self { resolver })
    }

    /// One server, over UDP with TCP for truncated answers.
    pub fn server(server: SocketAddr) -> Result<Self, ConfigError> {
        let connection = |mut config: ConnectionConfig| {
            config.port = server.port();
            config
        };
        let name_server = NameServerConfig::new(
            server.ip(),
            true,
            vec![
                connection(ConnectionConfig::udp()),
                connection(ConnectionConfig::tcp()),
            ],
        );
        let resolver = TokioResolver::builder_with_config(
            ResolverConfig::from_name_servers(vec![name_server]),
            TokioRuntimeProvider::default(),
        )
        .with_options(options())
        .build()
        .map_err(|e| invalid(e.to_string()))?;
        Ok(Self { resolver })
    }
}

fn invalid(reason: impl ToString) -> ConfigError {
    ConfigError::Invalid {
        name: "DNS_RESOLVER",
        reason: reason.to_string(),
    }
}

fn options() -> ResolverOpts {
    let mut options = ResolverOpts::default();
    options.timeout = TIMEOUT;
    options.attempts = 2;
    options.cache_size = 0;
    options.try_tcp_on_error = true;
    options
}

/// `1.2.3.4`, `1.2.3.4:5353` or `[::1]:53`.
pub fn parse_server(raw: &str) -> Option<SocketAddr> {
    let raw = raw.trim();
    raw.parse::<SocketAddr>()
        .ok()
        .or_else(|| raw.parse::<IpAddr>().ok().map(|ip| SocketAddr::new(ip, 53)))
}

#[async_trait::async_trait]
impl DnsLookup for HickoryLookup {
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup {
        let Ok(fqdn) = Name::from_ascii(format!("{}.", name.trim_end_matches('.'))) else {
            return Lookup::NxDomain { negative_ttl: None };
        };
        match self.resolver.lookup(fqdn, wire_type(kind)).await {
            Ok(lookup) => {
                let answers: Vec<Answer> = lookup.answers().iter().filter_map(answer).collect();
                if answers.is_empty() {
                    Lookup::NoData { negative_ttl: None }
                } else {
                    Lookup::Records(answers)
                }
            }
            Err(error) => negative(error),
        }
    }
}

fn negative(error: NetError) -> Lookup {
    match error {
        NetError::Dns(DnsError::NoRecordsFound(no_records)) => {
            let negative_ttl = no_records.negative_ttl;
            if no_records.response_code == ResponseCode::NXDomain {
                Lookup::NxDomain { negative_ttl }
            } else {
                Lookup::NoData { negative_ttl }
            }
        }
        other => {
            tracing::warn!(error = %other, "DNS lookup failed");
            Lookup::Failed(other.to_string())
        }
    }
}

fn wire_type(kind: QueryType) -> RecordType {
    match kind {
        QueryType::A => RecordType::A,
        QueryType::Aaaa => RecordType::AAAA,
        QueryType::Cname => RecordType::CNAME,
        QueryType::Mx => RecordType::MX,
        QueryType::Txt => RecordType::TXT,
    }
}

fn answer(record: &hickory_resolver::proto::rr::Record) -> Option<Answer> {
    let (kind, value, priority) = match &record.data {
        RData::A(a) => (QueryType::A, a.0.to_string(), None),
        RData::AAAA(a) => (QueryType::Aaaa, a.0.to_string(), None),
        RData::CNAME(target) => (QueryType::Cname, name_text(&target.0), None),
        RData::MX(mx) => (QueryType::Mx, name_text(&mx.exchange), Some(mx.preference)),
        RData::TXT(txt) => {
            let joined: Vec<u8> = txt
                .txt_data
                .iter()
                .flat_map(|s| s.iter().copied())
                .collect();
            (
                QueryType::Txt,
                String::from_utf8_lossy(&joined).into_owned(),
                None,
            )
        }
        _ => return None,
    };
    Some(Answer {
        name: name_text(&record.name),
        kind,
        value,
        priority,
        ttl: record.ttl,
    })
}

fn name_text(name: &Name) -> String {
    name.to_ascii().trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolver_addresses_take_a_default_port() {
        assert_eq!(
            parse_server("127.0.0.1:5053"),
            "127.0.0.1:5053".parse().ok()
        );
        assert_eq!(parse_server("10.0.0.2"), "10.0.0.2:53".parse().ok());
        assert_eq!(parse_server("[::1]:53"), "[::1]:53".parse().ok());
        assert_eq!(parse_server("resolver.example"), None);
    }
}
