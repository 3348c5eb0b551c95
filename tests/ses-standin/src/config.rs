//! How a stand-in is started: listen addresses, region, RNG seed, clock start, DNS upstream.

use std::net::{Ipv4Addr, SocketAddr};

use chrono::{DateTime, Duration, Utc};

/// The instant the clock starts at by default: 2025-01-01T00:00:00Z.
pub const DEFAULT_START_SECONDS: i64 = 1_735_689_600;

/// Configuration of one stand-in. `Config::default()` listens on 127.0.0.1 with OS-chosen ports
/// (port 0) for both HTTP and DNS, which is what parallel tests want.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where the SESv2 API and the `/_local/` control endpoints listen.
    pub http_addr: SocketAddr,
    /// Where the DNS zone is served (UDP and TCP on the same port).
    pub dns_addr: SocketAddr,
    /// The AWS region the stand-in pretends to be (used in MAIL FROM MX targets and emails).
    pub region: String,
    /// Seed for DKIM tokens, verification links and fault injection.
    pub seed: u64,
    /// The instant the stand-in's clock starts at.
    pub start_time: DateTime<Utc>,
    /// The DNS server identity checks query; `None` means the stand-in's own zone.
    pub dns_upstream: Option<SocketAddr>,
    /// Domain identities that exist, with their DNS records published, from the start and
    /// again after every reset: the platform's own identity, which its operator verified
    /// outside the product (`make dev` passes its platform domain).
    pub preverified: Vec<String>,
    /// The AWS account id in identity ARNs (`arn:aws:ses:<region>:<account>:identity/<name>`).
    pub account_id: String,
    /// How many identities the account may hold (SES: 10,000 per region, not adjustable).
    pub identity_quota: usize,
    /// How long SES takes to notice correct records, as `(min, max)`: each detection waits a
    /// random time within the bounds (from the seed). Zero by default.
    pub detection_delay: (Duration, Duration),
    /// Configuration sets that exist from the start (CreateEmailIdentity refuses others).
    pub configuration_sets: Vec<String>,
    /// SES's account rate for identity calls, when enforced: beyond this many calls in one
    /// wall-clock second, calls answer `TooManyRequestsException`. Off (`None`) by default.
    pub rate_limit: Option<u32>,
}

/// SES's identity quota per account and region.
pub const DEFAULT_IDENTITY_QUOTA: usize = 10_000;
/// The account id used when none is configured (the one AWS documentation uses).
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

impl Default for Config {
    fn default() -> Self {
        let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        Self {
            http_addr: loopback,
            dns_addr: loopback,
            region: "us-east-1".to_owned(),
            seed: 0,
            start_time: DateTime::from_timestamp(DEFAULT_START_SECONDS, 0).unwrap_or_default(),
            dns_upstream: None,
            preverified: Vec::new(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            identity_quota: DEFAULT_IDENTITY_QUOTA,
            detection_delay: (Duration::zero(), Duration::zero()),
            configuration_sets: Vec::new(),
            rate_limit: None,
        }
    }
}

impl Config {
    /// Sets the HTTP listen address.
    pub fn with_http_addr(mut self, addr: SocketAddr) -> Self {
        self.http_addr = addr;
        self
    }

    /// Sets the DNS listen address.
    pub fn with_dns_addr(mut self, addr: SocketAddr) -> Self {
        self.dns_addr = addr;
        self
    }

    /// Sets the region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sets the RNG seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the clock's start instant.
    pub fn with_start_time(mut self, start_time: DateTime<Utc>) -> Self {
        self.start_time = start_time;
        self
    }

    /// Makes identity checks query another DNS server instead of the stand-in's own zone.
    pub fn with_dns_upstream(mut self, upstream: SocketAddr) -> Self {
        self.dns_upstream = Some(upstream);
        self
    }

    /// Sets the account id used in ARNs.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = account_id.into();
        self
    }

    /// Sets the identity quota.
    pub fn with_identity_quota(mut self, quota: usize) -> Self {
        self.identity_quota = quota;
        self
    }

    /// Sets the detection delay bounds (`max` below `min` is raised to `min`).
    pub fn with_detection_delay(mut self, min: Duration, max: Duration) -> Self {
        self.detection_delay = (min, max.max(min));
        self
    }

    /// Enforces SES's rate: at most `per_second` SESv2 calls per wall-clock second.
    pub fn with_rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Adds a configuration set that exists from the start.
    pub fn with_configuration_set(mut self, name: impl Into<String>) -> Self {
        self.configuration_sets.push(name.into());
        self
    }

    /// Where Easy DKIM CNAMEs point in this region (`SigningHostedZone`): `dkim.amazonses.com`
    /// except in the regions the AWS General Reference lists with their own DKIM domain.
    pub fn signing_hosted_zone(&self) -> String {
        signing_hosted_zone(&self.region)
    }

    /// The MX target SES wants for a custom MAIL FROM domain in this region.
    pub fn mail_from_mx_target(&self) -> String {
        format!("feedback-smtp.{}.amazonses.com", self.region)
    }
}

/// Regions whose Easy DKIM domain is `dkim.<region>.amazonses.com` (AWS General Reference,
/// "Amazon SES endpoints and quotas", Easy DKIM domains); every other region uses
/// `dkim.amazonses.com`.
const REGIONAL_DKIM_DOMAINS: [&str; 11] = [
    "af-south-1",
    "ap-northeast-3",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "il-central-1",
    "me-central-1",
    "us-gov-east-1",
];

/// `SigningHostedZone` for `region`.
pub fn signing_hosted_zone(region: &str) -> String {
    if REGIONAL_DKIM_DOMAINS.contains(&region) {
        format!("dkim.{region}.amazonses.com")
    } else {
        "dkim.amazonses.com".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_loopback_with_os_ports_and_a_fixed_clock() {
        let config = Config::default();
        assert_eq!(config.http_addr.port(), 0);
        assert!(config.dns_addr.ip().is_loopback());
        assert_eq!(config.start_time.timestamp(), DEFAULT_START_SECONDS);
        assert_eq!(
            config.with_region("eu-west-1").mail_from_mx_target(),
            "feedback-smtp.eu-west-1.amazonses.com"
        );
    }

    #[test]
    fn signing_hosted_zone_follows_the_region() {
        assert_eq!(signing_hosted_zone("us-east-1"), "dkim.amazonses.com");
        assert_eq!(signing_hosted_zone("eu-west-1"), "dkim.amazonses.com");
        assert_eq!(
            signing_hosted_zone("af-south-1"),
            "dkim.af-south-1.amazonses.com"
        );
        assert_eq!(
            Config::default()
                .with_region("il-central-1")
                .signing_hosted_zone(),
            "dkim.il-central-1.amazonses.com"
        );
    }
}
