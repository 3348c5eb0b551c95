//! The SESv2 client makes one attempt per call. Every SES identity call must be admitted by the
//! account-wide budget (`domain::ses_budget`), and the SDK's own retries would reach SES
//! unadmitted: a throttled call retried twice within the second SES just refused is three
//! calls where the budget booked one. So retries after a throttle are the budget's
//! (`BudgetedSes`), each admitted like a call of its own; other failures are answered as they
//! come (the sweep keeps the identity due, the API answers 503).
//!
//! This also means a full identity quota (`LimitExceededException`, which the SDK counts among
//! throttling errors) is never retried: no retry could succeed.

use aws_sdk_sesv2::config::retry::RetryConfig;

/// The error code SES answers when the identity quota is full.
pub const QUOTA_ERROR: &str = "LimitExceededException";

/// `client` with the SDK's retries switched off: one attempt per call.
pub fn one_attempt(client: &aws_sdk_sesv2::Client) -> aws_sdk_sesv2::Client {
    let config = client
        .config()
        .to_builder()
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .build();
    aws_sdk_sesv2::Client::from_conf(config)
}
