//! Building the feedback use case from its environment, once per cold start.

use adapters::SdkConfig;
use adapters::config::ConfigError;
use adapters::feedback_settings::thresholds_from_env;
use adapters::wiring::ports_from_env;
use domain::ingest::Ingest;
use domain::wiring::Ports;

/// `Ingest` over `ports`, with the thresholds of `BOUNCE_WARN_RATE`, `BOUNCE_PAUSE_RATE`,
/// `COMPLAINT_WARN_RATE`, `COMPLAINT_PAUSE_RATE`, `REPUTATION_MIN_VOLUME`.
pub fn ingest(ports: &Ports) -> Result<Ingest, ConfigError> {
    Ok(ports.ingest(thresholds_from_env()?))
}

/// `Ingest` over the deployment's adapters (see `adapters::wiring`), mirroring to the SES
/// account-level list when `MIRROR_ACCOUNT_SUPPRESSION=true`.
pub fn ingest_from_env(sdk: &SdkConfig) -> Result<Ingest, ConfigError> {
    ingest(&ports_from_env(sdk)?)
}
