//! Use-case refusals as problems: one place decides each status.

use std::time::Duration;

use domain::error::UseCaseError;

use crate::problem::{FieldError, Problem, ProblemType};

/// The log event an alarm counts when SES refuses identities for a full quota.
pub const SES_IDENTITY_QUOTA_EXHAUSTED: &str = "ses_identity_quota_exhausted";
/// The log event of a deployment naming a missing SES configuration set.
pub const SES_CONFIGURATION_SET_MISSING: &str = "ses_configuration_set_missing";

/// How long a client should wait before retrying when SES is throttling.
const SES_RETRY_AFTER: Duration = Duration::from_secs(5);

impl From<UseCaseError> for Problem {
    fn from(error: UseCaseError) -> Self {
        match error {
            UseCaseError::Forbidden => Problem::forbidden("This action needs the admin role."),
            UseCaseError::NotFound => Problem::not_found(),
            UseCaseError::Invalid(violations) => Problem::validation(
                violations
                    .into_iter()
                    .map(|v| FieldError::new(format!("/{}", v.field), v.code, v.message)),
            ),
            UseCaseError::Conflict(conflict, detail) => Problem::conflict(conflict, detail),
            UseCaseError::SesRejected(reason) => {
                tracing::info!(%reason, "SES rejected a name or address");
                Problem::new(
                    ProblemType::SesRejected,
                    "Amazon SES does not accept this name or address; choose another.",
                )
            }
            UseCaseError::Unavailable(reason) => {
                tracing::warn!(%reason, "SES unavailable");
                Problem::service_unavailable(SES_RETRY_AFTER)
            }
            UseCaseError::IdentityQuotaExhausted(reason) => {
                // The operator's alarm (infra/template.yaml) is a metric filter on this event.
                tracing::error!(
                    event = SES_IDENTITY_QUOTA_EXHAUSTED,
                    %reason,
                    "SES identity quota exhausted: delete unused identities or move to another account or region"
                );
                Problem::identity_quota_exhausted()
            }
            UseCaseError::ConfigurationSetMissing(reason) => {
                tracing::error!(
                    event = SES_CONFIGURATION_SET_MISSING,
                    %reason,
                    "deployment error: the SES configuration set does not exist"
                );
                Problem::ses_configuration_set_missing()
            }
            UseCaseError::QuotaExceeded(reached) => Problem::new(
                ProblemType::TenantQuotaExceeded,
                format!(
                    "Your account holds {} of at most {} {}; delete one to add another.",
                    reached.used,
                    reached.limit,
                    reached.quota.name().replace('_', " ")
                ),
            )
            .with_extension("quota", reached.quota.name())
            .with_extension("limit", reached.limit)
            .with_extension("used", reached.used),
            UseCaseError::TooSoon(wait, detail) => {
                Problem::new(ProblemType::TooManyRequests, detail).with_retry_after(wait)
            }
            UseCaseError::Internal(reason) => {
                tracing::error!(%reason, "internal failure");
                Problem::internal()
            }
        }
    }
}
