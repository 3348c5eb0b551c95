//! The settings `make dev` takes from its environment, checked before anything starts: each bad
//! value is refused with a sentence that names the variable and says what to change.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};

use crate::authorizer::{DevJwtSecret, SECRET_ENV_VAR, SecretError};

/// The port variables of `make dev`, what listens on each, and its default.
pub const PORTS: &[Port] = &[
    Port::new("API_PORT", "the API", 3000, Protocols::Tcp),
    Port::new(
        "MOTO_PORT",
        "moto (DynamoDB, Scheduler)",
        5055,
        Protocols::Tcp,
    ),
    Port::new("SES_PORT", "the SES stand-in", 5056, Protocols::Tcp),
    Port::new(
        "DNS_PORT",
        "the stand-in's DNS zone",
        5053,
        Protocols::TcpAndUdp,
    ),
];

/// Which sockets a port needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocols {
    Tcp,
    TcpAndUdp,
}

/// One configurable port of `make dev`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Port {
    pub variable: &'static str,
    pub serves: &'static str,
    pub default: u16,
    pub protocols: Protocols,
}

impl Port {
    const fn new(
        variable: &'static str,
        serves: &'static str,
        default: u16,
        protocols: Protocols,
    ) -> Self {
        Self {
            variable,
            serves,
            default,
            protocols,
        }
    }
}

/// A setting `make dev` cannot start with; the message is the whole sentence shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError(String);

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingError {}

/// The port in `variable` (looked up with `env`), or its default.
pub fn port(port: &Port, env: impl Fn(&str) -> Option<String>) -> Result<u16, SettingError> {
    let Some(raw) = env(port.variable) else {
        return Ok(port.default);
    };
    match raw.trim().parse::<u16>() {
        Ok(value) if value > 0 => Ok(value),
        _ => Err(SettingError(format!(
            "{}={raw:?} is not a port: give a number from 1 to 65535 for {} (default {}).",
            port.variable, port.serves, port.default
        ))),
    }
}

/// The dev signing secret, refused with a sentence when it is unusable.
pub fn jwt_secret(env: impl Fn(&str) -> Option<String>) -> Result<DevJwtSecret, SettingError> {
    let secret = env(SECRET_ENV_VAR).ok_or_else(|| {
        SettingError(format!(
            "{SECRET_ENV_VAR} is not set: unset means the built-in development secret, so this \
             should not happen; set it to 32 or more characters."
        ))
    })?;
    DevJwtSecret::new(secret.as_bytes()).map_err(|error| match error {
        SecretError::TooShort(length) => SettingError(format!(
            "{SECRET_ENV_VAR} is {length} bytes long, and dev tokens need a secret of at least 32: \
             unset it to use the built-in development secret, or set a longer one, for example \
             `export {SECRET_ENV_VAR}=$(openssl rand -hex 32)`."
        )),
        SecretError::Missing => SettingError(format!(
            "{SECRET_ENV_VAR} is not set; set it to 32 or more characters."
        )),
    })
}

/// Every port of [`PORTS`] as configured, refusing a bad value or a port given twice.
pub fn ports(env: impl Fn(&str) -> Option<String>) -> Result<Vec<(Port, u16)>, SettingError> {
    let mut out: Vec<(Port, u16)> = Vec::with_capacity(PORTS.len());
    for spec in PORTS {
        let value = port(spec, &env)?;
        if let Some((other, _)) = out.iter().find(|(_, taken)| *taken == value) {
            return Err(SettingError(format!(
                "{} and {} are both {value}: each needs a port of its own.",
                other.variable, spec.variable
            )));
        }
        out.push((*spec, value));
    }
    Ok(out)
}

/// Fails with a sentence naming the first port something else already listens on.
///
/// Binding is the only reliable test: the standard library sets `SO_REUSEADDR` as the servers
/// do, so a port that only lingers in `TIME_WAIT` counts as free, one that is listened on not.
pub fn check_free(ports: &[(Port, u16)]) -> Result<(), SettingError> {
    for (spec, value) in ports {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, *value));
        let tcp = TcpListener::bind(addr).map(drop);
        let udp = match spec.protocols {
            Protocols::Tcp => Ok(()),
            Protocols::TcpAndUdp => UdpSocket::bind(addr).map(drop),
        };
        if let Err(error) = tcp.and(udp) {
            return Err(SettingError(format!(
                "port {value} ({}, for {}) is not free: {error}. Another `make dev` may be \
                 running; stop it, or choose another port, e.g. `make dev {}={}`.",
                spec.variable,
                spec.serves,
                spec.variable,
                u32::from(*value) + 10
            )));
        }
    }
    Ok(())
}

/// Every check `make dev` runs before it starts anything.
pub fn check(env: impl Fn(&str) -> Option<String>) -> Result<(), SettingError> {
    jwt_secret(&env)?;
    check_free(&ports(&env)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn a_short_secret_is_refused_with_a_sentence_that_says_what_to_do() {
        let error = jwt_secret(env(&[("DEV_JWT_SECRET", "short-value")])).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("DEV_JWT_SECRET is 11 bytes long"), "{text}");
        assert!(text.contains("unset it"), "{text}");
        assert!(jwt_secret(env(&[("DEV_JWT_SECRET", "x")])).is_err());
        let long = "a-long-enough-secret-of-forty-characters";
        assert!(jwt_secret(move |_: &str| Some(long.to_owned())).is_ok());
    }

    #[test]
    fn ports_default_and_bad_values_are_named() {
        let all = ports(env(&[])).unwrap();
        let values: Vec<u16> = all.iter().map(|(_, value)| *value).collect();
        assert_eq!(values, [3000, 5055, 5056, 5053]);
        let changed = ports(env(&[("API_PORT", "3100")])).unwrap();
        assert_eq!(changed[0].1, 3100);
        let error = ports(env(&[("SES_PORT", "http")])).unwrap_err().to_string();
        assert!(
            error.starts_with("SES_PORT=\"http\" is not a port"),
            "{error}"
        );
        assert!(ports(env(&[("MOTO_PORT", "0")])).is_err());
        let twice = ports(env(&[("DNS_PORT", "3000")])).unwrap_err().to_string();
        assert!(
            twice.contains("API_PORT and DNS_PORT are both 3000"),
            "{twice}"
        );
    }

    #[test]
    fn a_port_in_use_is_named_with_its_variable() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let busy = taken.local_addr().unwrap().port();
        let spec = PORTS[1];
        let error = check_free(&[(spec, busy)]).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("port {busy} (MOTO_PORT, for moto")),
            "{error}"
        );
        drop(taken);
        assert_eq!(check_free(&[(spec, busy)]), Ok(()));
    }

    #[test]
    fn a_dns_port_taken_only_for_udp_is_busy_too() {
        let taken = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let busy = taken.local_addr().unwrap().port();
        let error = check_free(&[(PORTS[3], busy)]).unwrap_err().to_string();
        assert!(error.contains("DNS_PORT"), "{error}");
    }
}
