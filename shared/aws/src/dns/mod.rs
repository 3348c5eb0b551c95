//! The DNS port: a stub resolver of our own that asks a recursive resolver (the system's by
//! default, or the server named by `DNS_RESOLVER`, `ip` or `ip:port`; locally the SES
//! stand-in's zone) and reads back what a record check needs. A general resolver library
//! (hickory) did this before; this does only A, AAAA, CNAME, MX and TXT questions and
//! negative answers' TTLs, in a fraction of its code (README, "Size and cold start").

mod resolv_conf;
mod transport;
mod wire;

use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use domain::dns_check::{Lookup, QueryType};
use domain::ports::DnsLookup;

use crate::config::ConfigError;
use wire::Rcode;

/// How long one server has to answer one query before it counts as unanswered.
const TIMEOUT: Duration = Duration::from_secs(3);
/// Rounds over the servers before a lookup fails.
const ATTEMPTS: usize = 2;

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
                .ok_or_else(|| ConfigError::Invalid {
                    name: "DNS_RESOLVER",
                    reason: format!("not an ip or ip:port: {raw}"),
                }),
            None => Ok(Self::System),
        }
    }

    pub fn lookup(self) -> StubLookup {
        match self {
            Self::System => StubLookup::system(),
            Self::Server(server) => StubLookup::server(server),
        }
    }
}

/// `1.2.3.4`, `1.2.3.4:5353` or `[::1]:53`.
pub fn parse_server(raw: &str) -> Option<SocketAddr> {
    let raw = raw.trim();
    raw.parse::<SocketAddr>()
        .ok()
        .or_else(|| raw.parse::<IpAddr>().ok().map(|ip| SocketAddr::new(ip, 53)))
}

/// Lookups with no cache of their own: a check asked for now is answered now (whatever the
/// recursive resolver caches). Each server is asked in turn, twice round at most, until one
/// answers NOERROR or NXDOMAIN.
#[derive(Debug, Clone)]
pub struct StubLookup {
    servers: Arc<[SocketAddr]>,
}

impl StubLookup {
    /// The resolvers in /etc/resolv.conf; the local machine's when it names none.
    pub fn system() -> Self {
        let text = std::fs::read_to_string(resolv_conf::PATH).unwrap_or_else(|error| {
            tracing::warn!(%error, path = resolv_conf::PATH, "no resolver configuration: asking the local name server");
            String::new()
        });
        Self {
            servers: resolv_conf::name_servers(&text).into(),
        }
    }

    /// One server, over UDP with TCP for truncated answers.
    pub fn server(server: SocketAddr) -> Self {
        Self {
            servers: Arc::from([server]),
        }
    }
}

#[async_trait::async_trait]
impl DnsLookup for StubLookup {
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup {
        let Ok(query) = wire::encode_query(query_id(), name, kind) else {
            // Not a name DNS can hold, so none that exists.
            return Lookup::NxDomain { negative_ttl: None };
        };
        let mut last = String::from("no server to ask");
        for _ in 0..ATTEMPTS {
            for &server in self.servers.iter() {
                match transport::exchange(server, &query, TIMEOUT).await {
                    Ok(reply) => match reply.rcode {
                        Rcode::NoError if reply.answers.is_empty() => {
                            return Lookup::NoData {
                                negative_ttl: reply.negative_ttl,
                            };
                        }
                        Rcode::NoError => return Lookup::Records(reply.answers),
                        Rcode::NxDomain => {
                            return Lookup::NxDomain {
                                negative_ttl: reply.negative_ttl,
                            };
                        }
                        Rcode::Other(code) => {
                            last = format!("{server} answered {}", rcode_name(code));
                        }
                    },
                    Err(error) => last = format!("{server}: {error}"),
                }
            }
        }
        tracing::warn!(error = %last, "DNS lookup failed");
        Lookup::Failed(last)
    }
}

/// A message id no one off the path can guess (RFC 5452): SipHash of a counter under the
/// process's random keys. The OS's random source port does the rest.
fn query_id() -> u16 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed)) as u16
}

fn rcode_name(code: u8) -> String {
    match code {
        1 => "FORMERR".to_owned(),
        2 => "SERVFAIL".to_owned(),
        4 => "NOTIMP".to_owned(),
        5 => "REFUSED".to_owned(),
        other => format!("RCODE {other}"),
    }
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

    #[test]
    fn query_ids_vary() {
        let ids: std::collections::HashSet<u16> = (0..64).map(|_| query_id()).collect();
        assert!(ids.len() > 32, "{} distinct ids of 64", ids.len());
    }
}
