//! Use-case refusals as problems: one place decides each status.

use std::time::Duration;

use domain::error::UseCaseError;

use crate::problem::{FieldError, Problem, ProblemType};

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
            UseCaseError::Internal(reason) => {
                tracing::error!(%reason, "internal failure");
                Problem::internal()
            }
        }
    }
}
