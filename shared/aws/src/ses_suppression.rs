//! `AccountSuppression` over SESv2 `PutSuppressedDestination`: the account-level list.

use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_sesv2::types::SuppressionListReason;
use domain::ports::{AccountSuppression, MirrorError};
use domain::suppressions::SuppressionReason;

/// The SES account-level suppression list. Shared by every tenant of the account: only used
/// when the deployment turns `MIRROR_ACCOUNT_SUPPRESSION` on.
#[derive(Debug, Clone)]
pub struct SesAccountSuppression {
    client: Client,
}

impl SesAccountSuppression {
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

#[async_trait]
impl AccountSuppression for SesAccountSuppression {
    async fn suppress(
        &self,
        recipient: &str,
        reason: SuppressionReason,
    ) -> Result<(), MirrorError> {
        let reason = match reason {
            SuppressionReason::HardBounce => SuppressionListReason::Bounce,
            SuppressionReason::Complaint => SuppressionListReason::Complaint,
        };
        let result = self
            .client
            .put_suppressed_destination()
            .email_address(recipient)
            .reason(reason)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => {
                let detail = DisplayErrorContext(&error).to_string();
                match error.as_service_error().and_then(|e| e.code()) {
                    Some("BadRequestException") => Err(MirrorError::Rejected(detail)),
                    _ => Err(MirrorError::Unavailable(detail)),
                }
            }
        }
    }
}
