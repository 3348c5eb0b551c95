//! Command-line and environment settings of the `ses-standin` binary.

use std::net::SocketAddr;

use chrono::Utc;

use crate::config::Config;
use crate::names::IdentityName;

/// The binary's usage text.
pub const USAGE: &str = "\
usage: ses-standin [--http ADDR] [--dns ADDR] [--region REGION] [--seed N] [--dns-upstream ADDR]
                   [--preverified DOMAIN[,DOMAIN...]]

  --http ADDR          SESv2 API and /_local/ controls   (env SES_STANDIN_HTTP, default 127.0.0.1:5056)
  --dns ADDR           DNS zone, UDP and TCP              (env SES_STANDIN_DNS, default 127.0.0.1:5053)
  --region REGION      region to pretend to be            (env SES_STANDIN_REGION, default us-east-1)
  --seed N             seed for tokens, links and faults  (env SES_STANDIN_SEED, default 0)
  --dns-upstream ADDR  DNS server identity checks query   (env SES_STANDIN_DNS_UPSTREAM, default: own zone)
  --preverified DOMAINS  domain identities that exist with their records published, from the
                       start and after every /_local/reset (env SES_STANDIN_PREVERIFIED, default none)
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
        ("--preverified", "SES_STANDIN_PREVERIFIED"),
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
        assert!(matches!(
            parse(args("--preverified jane@example.com"), none),
            Err(CliError::Invalid { .. })
        ));
    }
}
