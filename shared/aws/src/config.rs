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

/// Follow-up schedules from `SCHEDULE_GROUP`, `SWEEP_FUNCTION_ARN` and `SCHEDULER_ROLE_ARN`;
/// without all three, none (the periodic sweep alone then checks what is due).
pub fn followups(sdk: &SdkConfig) -> std::sync::Arc<dyn domain::ports::FollowUps> {
    use crate::scheduler::{SchedulerFollowUps, SchedulerSettings};
    match (
        optional("SCHEDULE_GROUP"),
        optional("SWEEP_FUNCTION_ARN"),
        optional("SCHEDULER_ROLE_ARN"),
    ) {
        (Some(group), Some(target_arn), Some(role_arn)) => {
            std::sync::Arc::new(SchedulerFollowUps::new(
                aws_sdk_scheduler::Client::new(sdk),
                SchedulerSettings {
                    group,
                    target_arn,
                    role_arn,
                },
            ))
        }
        _ => {
            tracing::warn!(
                "no follow-up schedules: SCHEDULE_GROUP, SWEEP_FUNCTION_ARN or SCHEDULER_ROLE_ARN is unset"
            );
            std::sync::Arc::new(domain::ports::NoFollowUps)
        }
    }
}
