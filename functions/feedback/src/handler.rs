//! The Lambda SNS event in, one `Ingest` call per record, a summary or a readable error out.

use aws_lambda_events::event::sns::{SnsEvent, SnsRecord};
use domain::ingest::{Ingest, IngestError, Outcome};
use domain::ports::Subject;
use lambda_runtime::Diagnostic;
use serde::Serialize;

/// What an invocation did, record by record, summed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// SNS records in the event.
    pub records: usize,
    /// Notifications recorded (fully or partly new).
    pub notifications: usize,
    /// Recorded notifications whose source no tenant holds (counted on the platform tally).
    pub unattributed: usize,
    /// Of those, notifications about mail sent before the source address's current claim: an
    /// earlier holder's mail, not credited to the tenant that holds the address now.
    pub before_claim: usize,
    /// SNS messages handled before, skipped whole.
    pub redelivered: usize,
    /// SES subscription control messages, acknowledged.
    pub control_messages: usize,
    /// Event types this service does not act on, by name.
    pub ignored: Vec<String>,
    /// Recipients counted now.
    pub counted: usize,
    /// Recipients counted before, skipped.
    pub duplicates: usize,
    /// Recipients put on a tenant's suppression list now.
    pub suppressed: usize,
    /// Senders this invocation paused.
    pub paused: Vec<String>,
}

/// One record that could not be handled.
#[derive(Debug)]
pub struct RecordFailure {
    pub sns_message_id: String,
    pub error: IngestError,
}

/// Why an invocation failed. Returned after every other record was handled, so a retry
/// finds those recorded and skips them.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("{} of {total} SNS records failed: {}", failures.len(), describe(failures))]
    RecordsFailed {
        total: usize,
        failures: Vec<RecordFailure>,
        /// What the records that did not fail did.
        summary: Summary,
    },
}

impl FeedbackError {
    /// The dead-letter queue's `errorType`: the kind of the first failure, e.g.
    /// `MalformedNotification` or `StorageFailed`.
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::RecordsFailed { failures, .. } => failures
                .first()
                .map_or("FeedbackFailed", |failure| failure.error.kind()),
        }
    }
}

impl From<FeedbackError> for Diagnostic {
    fn from(error: FeedbackError) -> Self {
        Diagnostic {
            error_type: error.error_type().to_owned(),
            error_message: error.to_string(),
        }
    }
}

fn describe(failures: &[RecordFailure]) -> String {
    failures
        .iter()
        .map(|f| {
            format!(
                "message {} ({}): {}",
                f.sns_message_id,
                f.error.kind(),
                f.error
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Handles every record of the event, in order. A record that fails does not stop the
/// others; the invocation then fails with all the failures, so Lambda retries the event and
/// the records already recorded are skipped as duplicates.
pub async fn handle(ingest: &Ingest, event: SnsEvent) -> Result<Summary, FeedbackError> {
    let mut summary = Summary {
        records: event.records.len(),
        ..Summary::default()
    };
    let mut failures = Vec::new();
    for record in &event.records {
        let sns_message_id = record.sns.message_id.clone();
        match handle_record(ingest, record).await {
            Ok(outcome) => add(&mut summary, outcome),
            Err(error) => {
                tracing::error!(
                    event = "feedback_failed", sns_message_id = %sns_message_id,
                    kind = error.kind(), %error,
                );
                failures.push(RecordFailure {
                    sns_message_id,
                    error,
                });
            }
        }
    }
    tracing::info!(
        event = "feedback_handled",
        ?summary,
        failed = failures.len()
    );
    if failures.is_empty() {
        Ok(summary)
    } else {
        Err(FeedbackError::RecordsFailed {
            total: summary.records,
            failures,
            summary,
        })
    }
}

async fn handle_record(ingest: &Ingest, record: &SnsRecord) -> Result<Outcome, IngestError> {
    let sns = &record.sns;
    ingest
        .handle(&sns.message_id, &sns.message, sns.timestamp)
        .await
}

pub(crate) fn add(summary: &mut Summary, outcome: Outcome) {
    match outcome {
        Outcome::Redelivered => summary.redelivered += 1,
        Outcome::ControlMessage => summary.control_messages += 1,
        Outcome::Ignored { event_type } => summary.ignored.push(event_type),
        Outcome::Recorded(recorded) => {
            summary.notifications += 1;
            summary.unattributed += usize::from(recorded.owner.is_none());
            summary.before_claim += usize::from(recorded.before_claim);
            summary.counted += recorded.counted;
            summary.duplicates += recorded.duplicates;
            summary.suppressed += recorded.suppressed;
            if let (Some(_), Some(owner)) = (&recorded.paused, &recorded.owner)
                && let Subject::Sender(id) = owner.subject
            {
                summary.paused.push(id.to_string());
            }
        }
    }
}
