//! Use-case refusals as problems: one place decides each status.

use std::time::Duration;

use domain::error::{Existing, UseCaseError};

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
            UseCaseError::Exists {
                conflict,
                detail,
                existing,
            } => {
                let (id, location) = match existing {
                    Existing::Domain(id) => (id.to_string(), format!("/v1/domains/{id}")),
                    Existing::Sender(id) => (id.to_string(), format!("/v1/senders/{id}")),
                };
                Problem::conflict(conflict, detail).with_existing(id, location)
            }
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
            UseCaseError::BudgetSpent(wait) => Problem::new(
                ProblemType::SesBudgetSpent,
                "Amazon SES is asked about too many identities right now (its budget is shared \
                 by every account); nothing was changed. Try again after the delay in \
                 Retry-After.",
            )
            .with_retry_after(wait.max(Duration::from_secs(1))),
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Collects what the JSON log formatter writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn logged(error: UseCaseError) -> (Problem, String) {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .finish();
        let problem = tracing::subscriber::with_default(subscriber, || Problem::from(error));
        let text = String::from_utf8(captured.0.lock().map(|b| b.clone()).unwrap_or_default());
        (problem, text.unwrap_or_default())
    }

    /// The alarm in infra/template.yaml counts log lines holding exactly this event name.
    #[test]
    fn a_full_quota_logs_the_event_the_operators_alarm_counts() {
        let (problem, log) = logged(UseCaseError::IdentityQuotaExhausted("full".to_owned()));
        assert_eq!(problem.kind(), ProblemType::IdentityQuotaExhausted);
        assert!(log.contains(r#""level":"ERROR""#), "{log}");
        assert!(log.contains(SES_IDENTITY_QUOTA_EXHAUSTED), "{log}");
        let template = include_str!("../../../infra/template.yaml");
        for event in [SES_IDENTITY_QUOTA_EXHAUSTED, SES_CONFIGURATION_SET_MISSING] {
            let filter = format!("FilterPattern: '\"{event}\"'");
            assert!(template.contains(&filter), "no metric filter for {event}");
        }
    }

    #[test]
    fn a_missing_configuration_set_logs_a_deployment_error() {
        let (problem, log) = logged(UseCaseError::ConfigurationSetMissing("events".to_owned()));
        assert_eq!(problem.kind(), ProblemType::SesConfigurationSetMissing);
        assert_eq!(problem.kind().status().as_u16(), 500);
        assert!(log.contains(SES_CONFIGURATION_SET_MISSING), "{log}");
    }
}
