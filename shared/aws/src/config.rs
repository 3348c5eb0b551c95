//! Loading settings from the environment once, at cold start, into typed values.

use aws_config::{BehaviorVersion, SdkConfig};

/// A setting that is missing or unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    #[error("environment variable {name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// The SDK configuration from the environment (region, credentials, endpoint overrides).
pub async fn load() -> SdkConfig {
    aws_config::load_defaults(BehaviorVersion::latest()).await
}

/// A required variable.
pub fn required(name: &'static str) -> Result<String, ConfigError> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
        _ => Err(ConfigError::Missing(name)),
    }
}

/// An optional variable; empty counts as unset.
pub fn optional(name: &'static str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// An optional variable parsed with `parse`, or `default` when unset.
pub fn parsed_or<T, E: std::fmt::Display>(
    name: &'static str,
    default: T,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, ConfigError> {
    match optional(name) {
        None => Ok(default),
        Some(raw) => parse(&raw).map_err(|e| ConfigError::Invalid {
            name,
            reason: e.to_string(),
        }),
    }
}
