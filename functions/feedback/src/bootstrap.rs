//! Building the feedback use case from its environment, once per cold start.

use std::sync::Arc;

use adapters::config::{ConfigError, required};
use adapters::dynamo::DynamoStore;
use adapters::feedback_settings::{mirror_from_env, thresholds_from_env};
use adapters::ses_suppression::SesAccountSuppression;
use aws_config::SdkConfig;
use domain::ingest::Ingest;
use domain::ports::SenderStore;
use domain::ports::clock::{Clock, SystemClock};
use domain::ports::{AccountSuppression, DailyCounters, FeedbackStore, SuppressionList};
use domain::reputation::{Reputations, Thresholds};

/// `Ingest` over one store that implements every port it needs.
pub fn ingest<S>(
    store: Arc<S>,
    clock: Arc<dyn Clock>,
    thresholds: Thresholds,
    mirror: Option<Arc<dyn AccountSuppression>>,
) -> Ingest
where
    S: FeedbackStore + SuppressionList + DailyCounters + SenderStore + 'static,
{
    let reputations = Reputations::new(store.clone(), store.clone(), clock.clone(), thresholds);
    let ingest = Ingest::new(store.clone(), store, reputations, clock);
    match mirror {
        Some(mirror) => ingest.with_account_mirror(mirror),
        None => ingest,
    }
}

/// `Ingest` over DynamoDB (`TABLE_NAME`), with the thresholds of `BOUNCE_WARN_RATE`,
/// `BOUNCE_PAUSE_RATE`, `COMPLAINT_WARN_RATE`, `COMPLAINT_PAUSE_RATE`, `REPUTATION_MIN_VOLUME`,
/// mirroring to the SES account-level list when `MIRROR_ACCOUNT_SUPPRESSION=true`.
pub fn ingest_from_env(sdk: &SdkConfig) -> Result<Ingest, ConfigError> {
    let store = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::new(sdk),
        required("TABLE_NAME")?,
    ));
    let mirror = mirror_from_env()?.then(|| {
        Arc::new(SesAccountSuppression::new(aws_sdk_sesv2::Client::new(sdk)))
            as Arc<dyn AccountSuppression>
    });
    Ok(ingest(
        store,
        Arc::new(SystemClock),
        thresholds_from_env()?,
        mirror,
    ))
}
