//! `FollowUps` over EventBridge Scheduler: one `at(...)` schedule per identity, deleted by the
//! scheduler after it fires, targeting the sweep function with the identity as its input.

use async_trait::async_trait;
use aws_sdk_scheduler::Client;
use aws_sdk_scheduler::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_scheduler::types::{
    ActionAfterCompletion, FlexibleTimeWindow, FlexibleTimeWindowMode, Target,
};
use chrono::{DateTime, Utc};
use domain::ports::{FollowUpError, FollowUps};
use domain::verification::IdentityRef;
use serde_json::json;

/// Where follow-up schedules live and what they invoke.
#[derive(Debug, Clone)]
pub struct SchedulerSettings {
    /// The deployment's schedule group (`SCHEDULE_GROUP`).
    pub group: String,
    /// The sweep function (`SWEEP_FUNCTION_ARN`).
    pub target_arn: String,
    /// The role EventBridge Scheduler assumes to invoke it (`SCHEDULER_ROLE_ARN`).
    pub role_arn: String,
}

/// Follow-up schedules in EventBridge Scheduler.
#[derive(Debug, Clone)]
pub struct SchedulerFollowUps {
    client: Client,
    settings: SchedulerSettings,
}

/// The deterministic schedule name of an identity's follow-up: a retry updates, never duplicates.
pub fn schedule_name(identity: &IdentityRef) -> String {
    format!("verify-{}", identity.key())
}

/// The sweep's input for a targeted check: exactly what Scheduler hands the function.
pub fn check_input(identity: &IdentityRef) -> String {
    json!({ "kind": "check", "identity": identity }).to_string()
}

fn error<E, R>(error: SdkError<E, R>) -> FollowUpError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    FollowUpError(DisplayErrorContext(&error).to_string())
}

impl SchedulerFollowUps {
    pub fn new(client: Client, settings: SchedulerSettings) -> Self {
        Self { client, settings }
    }

    fn target(&self, identity: &IdentityRef) -> Result<Target, FollowUpError> {
        Target::builder()
            .arn(&self.settings.target_arn)
            .role_arn(&self.settings.role_arn)
            .input(check_input(identity))
            .build()
            .map_err(|e| FollowUpError(crate::build_failure(e)))
    }
}

#[async_trait]
impl FollowUps for SchedulerFollowUps {
    async fn schedule(
        &self,
        identity: &IdentityRef,
        at: DateTime<Utc>,
    ) -> Result<(), FollowUpError> {
        let name = schedule_name(identity);
        let expression = format!("at({})", at.format("%Y-%m-%dT%H:%M:%S"));
        let window = FlexibleTimeWindow::builder()
            .mode(FlexibleTimeWindowMode::Off)
            .build()
            .map_err(|e| FollowUpError(crate::build_failure(e)))?;
        let created = self
            .client
            .create_schedule()
            .name(&name)
            .group_name(&self.settings.group)
            .schedule_expression(&expression)
            .schedule_expression_timezone("UTC")
            .flexible_time_window(window.clone())
            .target(self.target(identity)?)
            .action_after_completion(ActionAfterCompletion::Delete)
            .send()
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().and_then(|e| e.code()) == Some("ConflictException") => {
                self.client
                    .update_schedule()
                    .name(&name)
                    .group_name(&self.settings.group)
                    .schedule_expression(&expression)
                    .schedule_expression_timezone("UTC")
                    .flexible_time_window(window)
                    .target(self.target(identity)?)
                    .action_after_completion(ActionAfterCompletion::Delete)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(error)
            }
            Err(e) => Err(error(e)),
        }
    }

    async fn cancel(&self, identity: &IdentityRef) -> Result<(), FollowUpError> {
        let deleted = self
            .client
            .delete_schedule()
            .name(schedule_name(identity))
            .group_name(&self.settings.group)
            .send()
            .await;
        match deleted {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(error(e)),
        }
    }
}
