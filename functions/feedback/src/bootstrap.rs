//! Building the feedback use case from its environment, once per cold start.

use adapters::SdkConfig;
use adapters::config::ConfigError;
use adapters::feedback_settings::thresholds_from_env;
use adapters::wiring::{Deployment, ports};
use std::sync::Arc;

use domain::ingest::Ingest;
use domain::ports::clock::SystemClock;
use domain::wiring::Ports;

/// `Ingest` over `ports`, with the thresholds of `BOUNCE_WARN_RATE`, `BOUNCE_PAUSE_RATE`,
/// `COMPLAINT_WARN_RATE`, `COMPLAINT_PAUSE_RATE`, `REPUTATION_MIN_VOLUME`.
pub fn ingest(ports: &Ports) -> Result<Ingest, ConfigError> {
    Ok(ports.ingest(thresholds_from_env()?))
}

/// `Ingest` over the deployment's adapters (see `adapters::wiring`), mirroring to the SES
/// account-level list when `MIRROR_ACCOUNT_SUPPRESSION=true`.
///
/// Without a DNS resolver: recording feedback checks no DNS, so the cold start neither reads
/// the system's resolver configuration nor builds a resolver it would never ask.
pub fn ingest_from_env(sdk: &SdkConfig) -> Result<Ingest, ConfigError> {
    let deployment = Deployment {
        dns: None,
        ..Deployment::from_env()?
    };
    ingest(&ports(sdk, &deployment, Arc::new(SystemClock)))
}
