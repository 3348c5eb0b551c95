//! The SQS event in: SNS delivers the SES notifications to a queue (raw delivery off, so each
//! body is the SNS envelope), Lambda polls it in batches. Each record is handled on its own;
//! the ones that fail are reported as batch item failures, so SQS redelivers only those and,
//! after the queue's `maxReceiveCount`, moves them to its dead-letter queue.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use chrono::{DateTime, Utc};
use domain::ingest::{Ingest, IngestError};
use serde::Deserialize;

use crate::handler::{Summary, add};

/// The fields of the SNS envelope (the JSON SNS writes into an SQS body) that `Ingest` needs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope {
    message_id: String,
    message: String,
    timestamp: DateTime<Utc>,
}

/// Why one SQS record was not handled.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The body is not an SNS envelope: it will fail again and end in the dead-letter queue.
    #[error("the SQS body is not an SNS notification envelope: {0}")]
    NotAnEnvelope(String),
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

impl RecordError {
    /// A stable name for logs: `NotAnEnvelope` or the ingest error's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotAnEnvelope(_) => "NotAnEnvelope",
            Self::Ingest(error) => error.kind(),
        }
    }
}

/// Handles every record of the batch, in order, and answers the ones to redeliver. A record
/// that fails does not stop the others and does not make SQS redeliver them.
pub async fn handle_batch(ingest: &Ingest, event: SqsEvent) -> (Summary, SqsBatchResponse) {
    let mut summary = Summary {
        records: event.records.len(),
        ..Summary::default()
    };
    let mut response = SqsBatchResponse::default();
    for record in &event.records {
        let sqs_message_id = record.message_id.clone().unwrap_or_default();
        match handle_record(ingest, record).await {
            Ok(outcome) => add(&mut summary, outcome),
            Err(error) => {
                tracing::error!(
                    event = "feedback_failed", sqs_message_id = %sqs_message_id,
                    kind = error.kind(), %error,
                );
                response.add_failure(sqs_message_id);
            }
        }
    }
    tracing::info!(
        event = "feedback_handled",
        ?summary,
        failed = response.batch_item_failures.len()
    );
    (summary, response)
}

async fn handle_record(
    ingest: &Ingest,
    record: &SqsMessage,
) -> Result<domain::ingest::Outcome, RecordError> {
    let body = record.body.as_deref().unwrap_or_default();
    let envelope: Envelope =
        serde_json::from_str(body).map_err(|e| RecordError::NotAnEnvelope(e.to_string()))?;
    Ok(ingest
        .handle(&envelope.message_id, &envelope.message, envelope.timestamp)
        .await?)
}

/// The batch's metrics (EMF, namespace `METRICS_NAMESPACE`): records by outcome, recipients
/// counted and suppressed, senders paused.
pub fn metrics(namespace: &str, summary: &Summary, failed: usize) -> adapters::metrics::Metrics {
    let mut metrics = adapters::metrics::Metrics::new(namespace).dimension("Function", "feedback");
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    metrics.count("FeedbackRecords", count(summary.records));
    metrics.count("FeedbackRecorded", count(summary.notifications));
    metrics.count("FeedbackRedelivered", count(summary.redelivered));
    metrics.count("FeedbackBeforeClaim", count(summary.before_claim));
    metrics.count("FeedbackIgnored", count(summary.ignored.len()));
    metrics.count("FeedbackFailed", count(failed));
    metrics.count("RecipientsCounted", count(summary.counted));
    metrics.count("RecipientsSuppressed", count(summary.suppressed));
    metrics.count("SendersPaused", count(summary.paused.len()));
    metrics
}
