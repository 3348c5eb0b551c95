//! Building the sweep from its environment, once per cold start.

use std::sync::Arc;

use adapters::config::{ConfigError, optional, parsed_or, required};
use adapters::dynamo::DynamoStore;
use adapters::pacing::RatePacer;
use adapters::ses::SesIdentities;
use adapters::settings::{domain_settings_from_env, sender_settings_from_env};
use aws_config::SdkConfig;
use domain::domains::Domains;
use domain::ports::clock::SystemClock;
use domain::senders::Senders;
use domain::verification::Sweep;

/// The sweep over DynamoDB (`TABLE_NAME`), SES and the follow-up scheduler, paced at
/// `SWEEP_SES_RATE_PER_SECOND` (default 1, SES's limit for these calls).
pub fn sweep_from_env(sdk: &SdkConfig) -> Result<Sweep, ConfigError> {
    let store = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::new(sdk),
        required("TABLE_NAME")?,
    ));
    let ses = Arc::new(SesIdentities::new(
        aws_sdk_sesv2::Client::new(sdk),
        optional("SES_CONFIGURATION_SET"),
    ));
    let followups = adapters::config::followups(sdk);
    let clock = Arc::new(SystemClock);
    let rate = parsed_or("SWEEP_SES_RATE_PER_SECOND", 1.0, |raw| {
        match raw.parse::<f64>() {
            Ok(rate) if rate > 0.0 && rate.is_finite() => Ok(rate),
            _ => Err("expected a positive number"),
        }
    })?;
    let domain_settings = domain_settings_from_env(sdk)?;
    let sender_settings = sender_settings_from_env(domain_settings.platform_domain.clone())?;
    let domains = Domains::new(
        store.clone(),
        ses.clone(),
        followups.clone(),
        clock.clone(),
        domain_settings,
    );
    let senders = Senders::new(
        store.clone(),
        store.clone(),
        ses,
        followups,
        clock.clone(),
        sender_settings,
    );
    Ok(Sweep::new(
        store,
        domains,
        senders,
        Arc::new(RatePacer::new(rate)),
        clock,
    ))
}
