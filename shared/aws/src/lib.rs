//! AWS adapters for the domain's ports: DynamoDB through serde_dynamo, SESv2, Scheduler.
//!
//! Every client is built from one `SdkConfig` ([`config::load`]) by [`wiring::ports`]; locally the SDK reaches moto
//! and the SES stand-in through `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_SESV2`, so nothing here
//! knows whether it runs on AWS or on a laptop.

pub mod budget_settings;
pub mod config;
pub mod dns;
pub mod dynamo;
pub mod event_bus;
pub mod feedback_settings;
pub mod metrics;
pub mod pacing;
pub mod scheduler;
pub mod ses;
mod ses_listing;
pub mod ses_metrics;
pub mod ses_retry;
pub mod ses_suppression;
pub mod settings;
pub mod wiring;

pub use aws_config::SdkConfig;

/// Why the SDK refused to build a request: every adapter reports it with this text, wrapped
/// in its port's error.
pub(crate) fn build_failure(error: aws_smithy_types::error::operation::BuildError) -> String {
    format!("the SDK could not build the request: {error}")
}
