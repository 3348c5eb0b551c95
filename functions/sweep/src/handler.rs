//! Scheduler input -> the sweep use case.

use std::time::{Duration, SystemTime};

use domain::error::UseCaseError;
use domain::ports::Caller;
use domain::ses_budget::acting_as;
use domain::verification::{Budget, CheckOutcome, IdentityRef, Sweep, SweepReport};
use lambda_runtime::{Diagnostic, LambdaEvent};
use serde::{Deserialize, Serialize};

/// What a schedule sends: `{"kind":"sweep"}` or `{"kind":"check","identity":{...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SweepInput {
    Sweep {},
    Check { identity: IdentityRef },
}

/// What the function answers (kept in the invocation record).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SweepOutput {
    Sweep(SweepReport),
    Check(CheckOutcome),
}

/// A failed invocation, typed so the dead-letter queue says what went wrong.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("SES or the table is unavailable: {0}")]
    Unavailable(String),
    #[error("the check failed: {0}")]
    Failed(String),
}

impl From<UseCaseError> for SweepError {
    fn from(error: UseCaseError) -> Self {
        match error {
            UseCaseError::Unavailable(reason) => SweepError::Unavailable(reason),
            error @ UseCaseError::BudgetSpent(_) => SweepError::Unavailable(error.to_string()),
            other => SweepError::Failed(other.to_string()),
        }
    }
}

impl From<SweepError> for Diagnostic {
    fn from(error: SweepError) -> Self {
        let error_type = match error {
            SweepError::Unavailable(_) => "SweepUnavailable",
            SweepError::Failed(_) => "SweepFailed",
        };
        Diagnostic {
            error_type: error_type.to_owned(),
            error_message: error.to_string(),
        }
    }
}

/// Time left before the invocation's deadline, less a margin for the check in flight.
pub struct DeadlineBudget {
    deadline: SystemTime,
    margin: Duration,
}

impl DeadlineBudget {
    /// The margin covers one SES call with its retries and one write.
    pub const MARGIN: Duration = Duration::from_secs(10);

    pub fn new(deadline: SystemTime, margin: Duration) -> Self {
        Self { deadline, margin }
    }
}

impl Budget for DeadlineBudget {
    fn has_time(&self) -> bool {
        SystemTime::now() + self.margin < self.deadline
    }
}

/// Handles one invocation.
pub async fn handle(
    sweep: &Sweep,
    event: LambdaEvent<SweepInput>,
) -> Result<SweepOutput, SweepError> {
    let budget = DeadlineBudget::new(event.context.deadline(), DeadlineBudget::MARGIN);
    run(sweep, event.payload, &budget).await
}

/// Runs one input against a budget (the Lambda-free part of [`handle`]).
pub async fn run(
    sweep: &Sweep,
    input: SweepInput,
    budget: &dyn Budget,
) -> Result<SweepOutput, SweepError> {
    match input {
        SweepInput::Sweep {} => {
            // Every SES call of the run is charged to the sweep (background priority).
            let report = acting_as(Caller::Sweep, sweep.run(budget)).await?;
            tracing::info!(?report, "sweep finished");
            Ok(SweepOutput::Sweep(report))
        }
        SweepInput::Check { identity } => {
            let outcome = acting_as(Caller::FollowUp, sweep.check(&identity)).await?;
            tracing::info!(%identity, ?outcome, "targeted check");
            Ok(SweepOutput::Check(outcome))
        }
    }
}
