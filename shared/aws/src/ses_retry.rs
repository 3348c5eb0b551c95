//! The SDK counts `LimitExceededException` among throttling errors and retries it. For SES's
//! CreateEmailIdentity it means the account's identity quota (10,000 per region, not adjustable)
//! is full: no retry can succeed, so this classifier forbids retrying it.

use aws_sdk_sesv2::config::retry::{ClassifyRetry, RetryAction};
use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::operation::create_email_identity::CreateEmailIdentityError;
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::RetryClassifierPriority;

/// The error code SES answers when the identity quota is full.
pub const QUOTA_ERROR: &str = "LimitExceededException";

/// Forbids retrying a full identity quota; says nothing about any other outcome.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRetryOnFullQuota;

impl ClassifyRetry for NoRetryOnFullQuota {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let code = error
            .as_operation_error()
            .and_then(|error| error.downcast_ref::<CreateEmailIdentityError>())
            .and_then(|error| error.code());
        if code == Some(QUOTA_ERROR) {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "No retry on a full SES identity quota"
    }

    /// Runs after every default classifier, so its verdict is the last word.
    fn priority(&self) -> RetryClassifierPriority {
        let defaults = [
            RetryClassifierPriority::http_status_code_classifier(),
            RetryClassifierPriority::modeled_as_retryable_classifier(),
            RetryClassifierPriority::transient_error_classifier(),
        ];
        let last = defaults
            .into_iter()
            .max()
            .unwrap_or_else(RetryClassifierPriority::transient_error_classifier);
        RetryClassifierPriority::run_after(last)
    }
}

/// `client` with [`NoRetryOnFullQuota`] added to its retry classifiers.
pub fn without_quota_retries(client: &aws_sdk_sesv2::Client) -> aws_sdk_sesv2::Client {
    let config = client
        .config()
        .to_builder()
        .retry_classifier(NoRetryOnFullQuota)
        .build();
    aws_sdk_sesv2::Client::from_conf(config)
}
