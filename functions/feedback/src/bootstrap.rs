//! Building the feedback use case from its environment, once per cold start.

use adapters::SdkConfig;
use adapters::config::ConfigError;
use adapters::feedback_settings::thresholds_from_env;
use adapters::wiring::{Deployment, ingest_ports};
use std::sync::Arc;

use domain::ingest::Ingest;
use domain::ports::clock::SystemClock;
use domain::wiring::Ports;

/// `Ingest` over `ports`, with the thresholds of `BOUNCE_WARN_RATE`, `BOUNCE_PAUSE_RATE`,
/// `COMPLAINT_WARN_RATE`, `COMPLAINT_PAUSE_RATE`, `REPUTATION_MIN_VOLUME`.
pub fn ingest(ports: &Ports) -> Result<Ingest, ConfigError> {
    Ok(ports.ingest(thresholds_from_env()?))
}

/// `Ingest` over the deployment's adapters (see `adapters::wiring::ingest_ports`), mirroring to
/// the SES account-level list when `MIRROR_ACCOUNT_SUPPRESSION=true`.
///
/// Only the adapters ingestion uses are built: the cold start reads no DNS configuration and
/// the binary carries no identity, Scheduler or DNS code.
pub fn ingest_from_env(sdk: &SdkConfig) -> Result<Ingest, ConfigError> {
    let ports = ingest_ports(sdk, &Deployment::from_env()?, Arc::new(SystemClock));
    Ok(ports.ingest(thresholds_from_env()?))
}
