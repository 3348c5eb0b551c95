//! Asks a real DNS server (the stand-in's own zone, or an upstream) whether the records SES wants
//! are there, the way SES looks: one fresh lookup per check, no caching.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::lookup::Lookup;
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{Name, RData, RecordType};

use super::record::RecordName;
use crate::state::identity::SoaRecord;
use crate::state::lifecycle::{CheckError, CheckOutcome};

/// The MX preference SES's documentation shows for a custom MAIL FROM domain (what the
/// stand-in publishes; SES itself accepts any preference as long as there is exactly one MX).
pub const MAIL_FROM_MX_PREFERENCE: u16 = 10;

/// Checks records against one DNS server over UDP, falling back to TCP.
#[derive(Debug, Clone)]
pub struct DnsChecker {
    server: SocketAddr,
    /// One resolver for every check (it caches nothing, so each lookup still asks the server).
    resolver: std::sync::OnceLock<TokioResolver>,
}

impl DnsChecker {
    /// A checker that queries `server`.
    pub fn new(server: SocketAddr) -> Self {
        Self {
            server,
            resolver: std::sync::OnceLock::new(),
        }
    }

    /// Ok when every `(name, target)` CNAME is published exactly so.
    pub async fn check_cnames(&self, expected: &[(RecordName, RecordName)]) -> CheckOutcome {
        let resolver = self.resolver()?;
        for (name, target) in expected {
            let lookup = lookup(&resolver, name, RecordType::CNAME).await?;
            let found = lookup.answers().iter().any(|record| match &record.data {
                RData::CNAME(cname) => same_name(&cname.0, target),
                _ => false,
            });
            if !found {
                return Err(CheckError::InvalidValue);
            }
        }
        Ok(())
    }

    /// Ok when `name` has exactly one MX record, pointing at `exchange` (any preference: SES
    /// asks for exactly one MX; several make it fail).
    pub async fn check_mail_from_mx(
        &self,
        name: &RecordName,
        exchange: &RecordName,
    ) -> CheckOutcome {
        let resolver = self.resolver()?;
        let lookup = lookup(&resolver, name, RecordType::MX).await?;
        let mxs: Vec<_> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::MX(mx) => Some(mx),
                _ => None,
            })
            .collect();
        match mxs.as_slice() {
            [] => Err(CheckError::TypeNotFound),
            [only] if same_name(&only.exchange, exchange) => Ok(()),
            _ => Err(CheckError::InvalidValue),
        }
    }

    /// The SOA of the zone holding `domain`: asked at `domain`, then at each parent, as a
    /// resolver finds a zone apex. `None` when no server answers with one.
    pub async fn zone_soa(&self, domain: &RecordName) -> Option<SoaRecord> {
        let resolver = self.resolver().ok()?;
        let mut name = Name::from_ascii(format!("{domain}.")).ok()?;
        loop {
            if let Ok(found) = resolver.lookup(name.clone(), RecordType::SOA).await {
                let soa = found
                    .answers()
                    .iter()
                    .find_map(|record| match &record.data {
                        RData::SOA(soa) => Some(SoaRecord {
                            primary_name_server: trimmed(&soa.mname),
                            admin_email: trimmed(&soa.rname),
                            serial_number: soa.serial,
                        }),
                        _ => None,
                    });
                if soa.is_some() {
                    return soa;
                }
            }
            if name.num_labels() <= 1 {
                return None;
            }
            name = name.base_name();
        }
    }

    fn resolver(&self) -> Result<TokioResolver, CheckError> {
        if let Some(resolver) = self.resolver.get() {
            return Ok(resolver.clone());
        }
        let resolver = self.build_resolver()?;
        Ok(self.resolver.get_or_init(|| resolver).clone())
    }

    fn build_resolver(&self) -> Result<TokioResolver, CheckError> {
        let connection = |mut config: ConnectionConfig| {
            config.port = self.server.port();
            config
        };
        let server = NameServerConfig::new(
            self.server.ip(),
            true,
            vec![
                connection(ConnectionConfig::udp()),
                connection(ConnectionConfig::tcp()),
            ],
        );
        let mut options = ResolverOpts::default();
        options.timeout = Duration::from_secs(2);
        options.attempts = 1;
        options.cache_size = 0;
        options.try_tcp_on_error = true;
        TokioResolver::builder_with_config(
            ResolverConfig::from_name_servers(vec![server]),
            TokioRuntimeProvider::default(),
        )
        .with_options(options)
        .build()
        .map_err(|error| {
            tracing::warn!(%error, "cannot build a DNS resolver");
            CheckError::DnsServerError
        })
    }
}

async fn lookup(
    resolver: &TokioResolver,
    name: &RecordName,
    kind: RecordType,
) -> Result<Lookup, CheckError> {
    let fqdn = Name::from_ascii(format!("{name}.")).map_err(|_| CheckError::HostNotFound)?;
    resolver.lookup(fqdn, kind).await.map_err(classify)
}

fn classify(error: NetError) -> CheckError {
    if error.is_nx_domain() {
        CheckError::HostNotFound
    } else if error.is_no_records_found() {
        CheckError::TypeNotFound
    } else {
        tracing::warn!(%error, "DNS lookup failed");
        CheckError::DnsServerError
    }
}

fn trimmed(name: &Name) -> String {
    name.to_string().trim_end_matches('.').to_owned()
}

fn same_name(found: &Name, wanted: &RecordName) -> bool {
    RecordName::parse(&found.to_string()).is_ok_and(|found| &found == wanted)
}
