//! Command-line and environment settings of the `ses-standin` binary.

use std::net::SocketAddr;

use chrono::{Duration, Utc};

use crate::config::Config;
use crate::names::IdentityName;

/// The binary's usage text.
pub const USAGE: &str = "\
usage: ses-standin [--http ADDR] [--dns ADDR] [--region REGION] [--seed N] [--dns-upstream ADDR]
                   [--account-id ID] [--identity-quota N] [--detection-delay MIN[:MAX]]
                   [--configuration-sets A,B] [--preverified DOMAIN[,DOMAIN...]]

  --http ADDR              SESv2 API and /_local/ controls  (env SES_STANDIN_HTTP, default 127.0.0.1:5056)
  --dns ADDR               DNS zone, UDP and TCP             (env SES_STANDIN_DNS, default 127.0.0.1:5053)
  --region REGION          region to pretend to be           (env SES_STANDIN_REGION, default us-east-1)
  --seed N                 seed for tokens, links and faults (env SES_STANDIN_SEED, default 0)
  --dns-upstream ADDR      DNS server identity checks query  (env SES_STANDIN_DNS_UPSTREAM, default: own zone)
  --account-id ID          account id in identity ARNs       (env SES_STANDIN_ACCOUNT_ID, default 123456789012)
  --identity-quota N       identities the account may hold   (env SES_STANDIN_IDENTITY_QUOTA, default 10000)
  --rate-limit N           SESv2 calls per second, beyond: TooManyRequests (env SES_STANDIN_RATE_LIMIT, default 0: off)
  --detection-delay S[:S]  seconds SES takes to see records  (env SES_STANDIN_DETECTION_DELAY, default 0)
  --configuration-sets L   configuration sets that exist     (env SES_STANDIN_CONFIGURATION_SETS, default none)
  --preverified DOMAINS    domain identities that exist with their records published, from the
                           start and after every /_local/reset (env SES_STANDIN_PREVERIFIED, default none)

The clock starts at the current time and then stands still: only POST /_local/clock/advance
moves it (SES's 24 h and 72 h deadlines are reached that way, in an instant).
";

/// A bad command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    /// `--help` was given.
    #[error("{USAGE}")]
    Help,
    /// An unknown flag.
    #[error("unknown argument `{0}`\n\n{USAGE}")]
    Unknown(String),
    /// A flag without its value.
    #[error("`{0}` needs a value")]
    MissingValue(String),
    /// A value that does not parse.
    #[error("invalid value `{value}` for {flag}")]
    Invalid {
        /// The flag or variable.
        flag: String,
        /// The value given.
        value: String,
    },
}

/// Builds the binary's configuration from `args` (without the program name) over `env`
/// (a lookup such as `std::env::var`); flags win over variables. The clock starts now.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Config, CliError> {
    let mut config = Config {
        http_addr: SocketAddr::from(([127, 0, 0, 1], 5056)),
        dns_addr: SocketAddr::from(([127, 0, 0, 1], 5053)),
        start_time: Utc::now(),
        ..Config::default()
    };
    let settings = [
        ("--http", "SES_STANDIN_HTTP"),
        ("--dns", "SES_STANDIN_DNS"),
        ("--region", "SES_STANDIN_REGION"),
        ("--seed", "SES_STANDIN_SEED"),
        ("--dns-upstream", "SES_STANDIN_DNS_UPSTREAM"),
        ("--account-id", "SES_STANDIN_ACCOUNT_ID"),
        ("--identity-quota", "SES_STANDIN_IDENTITY_QUOTA"),
        ("--detection-delay", "SES_STANDIN_DETECTION_DELAY"),
        ("--configuration-sets", "SES_STANDIN_CONFIGURATION_SETS"),
        ("--preverified", "SES_STANDIN_PREVERIFIED"),
        ("--rate-limit", "SES_STANDIN_RATE_LIMIT"),
    ];
    for (flag, var) in settings {
        if let Some(value) = env(var) {
            apply(&mut config, flag, var, &value)?;
        }
    }
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(CliError::Help);
        }
        if !settings.iter().any(|(known, _)| *known == flag) {
            return Err(CliError::Unknown(flag));
        }
        let value = args
            .next()
            .ok_or_else(|| CliError::MissingValue(flag.clone()))?;
        apply(&mut config, &flag, &flag, &value)?;
    }
    Ok(config)
}

fn apply(config: &mut Config, flag: &str, source: &str, value: &str) -> Result<(), CliError> {
    let invalid = || CliError::Invalid {
        flag: source.to_owned(),
        value: value.to_owned(),
    };
    match flag {
        "--http" => config.http_addr = value.parse().map_err(|_| invalid())?,
        "--dns" => config.dns_addr = value.parse().map_err(|_| invalid())?,
        "--region" => config.region = value.to_owned(),
        "--seed" => config.seed = value.parse().map_err(|_| invalid())?,
        "--dns-upstream" => config.dns_upstream = Some(value.parse().map_err(|_| invalid())?),
        "--account-id" if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) => {
            config.account_id = value.to_owned()
        }
        "--account-id" => return Err(invalid()),
        "--identity-quota" => config.identity_quota = value.parse().map_err(|_| invalid())?,
        "--rate-limit" => {
            config.rate_limit = match value.parse::<u32>().map_err(|_| invalid())? {
                0 => None,
                n => Some(n),
            }
        }
        "--detection-delay" => {
            let (min, max) = value.split_once(':').unwrap_or((value, value));
            let seconds = |text: &str| {
                text.trim()
                    .parse::<u32>()
                    .map(|n| Duration::seconds(i64::from(n)))
                    .map_err(|_| invalid())
            };
            let (min, max) = (seconds(min)?, seconds(max)?);
            if max < min {
                return Err(invalid());
            }
            config.detection_delay = (min, max);
        }
        "--configuration-sets" => {
            config.configuration_sets = value
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect();
        }
        "--preverified" => {
            config.preverified = value
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(|name| match IdentityName::parse(name) {
                    Ok(IdentityName::Domain(domain)) => Ok(domain.as_str().to_owned()),
                    _ => Err(invalid()),
                })
                .collect::<Result<_, _>>()?;
        }
        _ => return Err(CliError::Unknown(flag.to_owned())),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_override_environment_over_defaults() {
        let env = |var: &str| (var == "SES_STANDIN_REGION").then(|| "eu-west-1".to_owned());
        let config = parse(args("--http 127.0.0.1:9000 --seed 7"), env).unwrap();
        assert_eq!(config.http_addr.port(), 9000);
        assert_eq!(config.dns_addr.port(), 5053);
        assert_eq!(config.region, "eu-west-1");
        assert_eq!(config.seed, 7);
        let config = parse(args("--region ap-southeast-2"), env).unwrap();
        assert_eq!(config.region, "ap-southeast-2");
    }

    #[test]
    fn bad_command_lines_are_reported() {
        let none = |_: &str| None;
        assert_eq!(
            parse(args("--bogus"), none),
            Err(CliError::Unknown("--bogus".into()))
        );
        assert_eq!(
            parse(args("--http"), none),
            Err(CliError::MissingValue("--http".into()))
        );
        assert!(matches!(
            parse(args("--seed x"), none),
            Err(CliError::Invalid { .. })
        ));
        assert_eq!(parse(args("--help"), none), Err(CliError::Help));
        assert!(parse(args("--detection-delay 60:30"), none).is_err());
        assert!(parse(args("--account-id 12"), none).is_err());
        assert!(matches!(
            parse(args("--preverified jane@example.com"), none),
            Err(CliError::Invalid { .. })
        ));
    }

    #[test]
    fn account_quota_delay_and_configuration_sets() {
        let none = |_: &str| None;
        let config = parse(
            args("--detection-delay 60:600 --identity-quota 3 --configuration-sets a,b --account-id 210987654321"),
            none,
        )
        .unwrap();
        assert_eq!(
            config.detection_delay,
            (Duration::seconds(60), Duration::seconds(600))
        );
        assert_eq!(config.identity_quota, 3);
        assert_eq!(config.configuration_sets, vec!["a", "b"]);
        assert_eq!(config.account_id, "210987654321");
        let fixed = parse(args("--detection-delay 90"), none).unwrap();
        assert_eq!(fixed.detection_delay.1, Duration::seconds(90));
    }
}
