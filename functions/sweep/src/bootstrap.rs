//! Building the sweep from its environment, once per cold start.

use std::sync::Arc;

use adapters::SdkConfig;
use adapters::config::{ConfigError, parsed_or};
use adapters::pacing::RatePacer;
use adapters::settings::{domain_settings_from_env, sender_settings_from_env};
use adapters::wiring::sweep_ports_from_env;
use domain::verification::{DEFAULT_SLICE, Sweep};
use domain::wiring::SweepPorts;

/// The sweep over `ports`, paced at `SWEEP_SES_RATE_PER_SECOND` (default 1, SES's limit for
/// these calls), reconciling `RECONCILE_SLICE` SES identities per run (default 20).
pub fn sweep(ports: &SweepPorts, sdk: &SdkConfig) -> Result<Sweep, ConfigError> {
    let rate = parsed_or("SWEEP_SES_RATE_PER_SECOND", 1.0, |raw| {
        match raw.parse::<f64>() {
            Ok(rate) if rate > 0.0 && rate.is_finite() => Ok(rate),
            _ => Err("expected a positive number"),
        }
    })?;
    let domain_settings = domain_settings_from_env(sdk)?;
    let sender_settings = sender_settings_from_env(domain_settings.platform_domain.clone())?;
    let slice = parsed_or("RECONCILE_SLICE", DEFAULT_SLICE, |raw| {
        raw.parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or("expected a whole number from 1 to 1000")
    })?;
    Ok(ports
        .sweep(
            domain_settings,
            sender_settings,
            Arc::new(RatePacer::new(rate)),
        )
        .with_reconcile_slice(slice))
}

/// The sweep over the deployment's adapters, only those it uses (`adapters::wiring::sweep_ports`).
pub fn sweep_from_env(sdk: &SdkConfig) -> Result<Sweep, ConfigError> {
    sweep(&sweep_ports_from_env(sdk)?, sdk)
}
