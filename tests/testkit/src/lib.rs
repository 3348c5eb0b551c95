//! Test helpers for tests that talk to local AWS.
//!
//! `make test` starts moto (DynamoDB, EventBridge Scheduler) and exports `AWS_ENDPOINT_URL`;
//! each test then gets SDK clients pointed at it and a table of its own ([`unique_name`]), so
//! tests run in parallel without seeing each other's data. Tests that need the SES stand-in
//! start their own in-process instance (see [`ses`]), because its clock and fault settings are
//! per instance.

pub mod apigw;
pub mod calls;
pub mod ses;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_dynamodb::config::Credentials;

const RUN_MAKE_TEST: &str = "\n\nThese tests need local AWS: moto for DynamoDB and EventBridge Scheduler on loopback.\n\
Run them with `make test`, which installs and starts what they need.\n\
(To run one test by hand: `tests/scripts/local-aws.sh -- cargo test -p <crate> <name>`.)\n";

/// The endpoint of the local moto server, or a panic that tells the reader to run `make test`.
pub fn moto_endpoint() -> String {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url) if url.starts_with("http://127.") || url.starts_with("http://localhost") => url,
        Ok(url) => panic!(
            "AWS_ENDPOINT_URL={url} is not a loopback address; refusing to run tests against it.{RUN_MAKE_TEST}"
        ),
        Err(_) => panic!("AWS_ENDPOINT_URL is not set.{RUN_MAKE_TEST}"),
    }
}

/// SDK configuration for moto: loopback endpoint, test credentials, us-east-1.
pub async fn moto_config() -> SdkConfig {
    sdk_config(&moto_endpoint()).await
}

/// SDK configuration for any local endpoint with test credentials.
pub async fn sdk_config(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "testkit"))
        // The SDK retries throttling with jittered back-off; keep the waits short in tests.
        .retry_config(
            aws_config::retry::RetryConfig::standard()
                .with_initial_backoff(std::time::Duration::from_millis(5))
                .with_max_backoff(std::time::Duration::from_millis(50)),
        )
        .load()
        .await
}

/// A DynamoDB client for moto.
pub async fn dynamodb() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&moto_config().await)
}

/// An EventBridge Scheduler client for moto.
pub async fn scheduler() -> aws_sdk_scheduler::Client {
    aws_sdk_scheduler::Client::new(&moto_config().await)
}

/// A name no other test uses: `prefix-<uuid v4 simple>`, valid as a table or schedule name.
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}
