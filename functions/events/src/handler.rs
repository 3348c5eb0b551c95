//! One batch of stream records: the outbox inserts among them are published; the sequence
//! numbers of those that were not (EventBridge refused them, or they do not decode) are
//! reported, so Lambda delivers the stream again from the first of them (at least once;
//! consumers deduplicate on `event_id`). After its retries a batch goes to the failure
//! destination (the template's `EventsDlq`).

use adapters::dynamo::outbox::{OUTBOX_PK, OutboxItem};
use adapters::event_bus::Relay;
use adapters::metrics::Metrics;
use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use domain::events::StatusChanged;

/// What one batch did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub published: usize,
    /// Not outbox inserts (the stream's filter should keep them away).
    pub ignored: usize,
    /// Reported for redelivery: not published or not decodable.
    pub failed: usize,
}

/// The outbox event a stream record carries: `Ok(None)` for any other record.
fn outbox_event(record: &EventRecord) -> Result<Option<StatusChanged>, String> {
    let key = record.change.keys.get("pk");
    let is_outbox = matches!(key, Some(serde_dynamo::AttributeValue::S(pk)) if pk == OUTBOX_PK);
    if record.event_name != "INSERT" || !is_outbox {
        return Ok(None);
    }
    serde_dynamo::from_item::<_, OutboxItem>(record.change.new_image.clone())
        .map(|item| Some(item.event))
        .map_err(|error| format!("not an outbox event: {error}"))
}

pub async fn handle(relay: &Relay, event: Event) -> (Summary, DynamoDbEventResponse) {
    let mut summary = Summary {
        records: event.records.len(),
        ..Summary::default()
    };
    let mut failed: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut sequence_numbers = Vec::new();
    for record in &event.records {
        let sequence = record.change.sequence_number.clone().unwrap_or_default();
        match outbox_event(record) {
            Ok(Some(event)) => {
                events.push(event);
                sequence_numbers.push(sequence);
            }
            Ok(None) => summary.ignored += 1,
            Err(why) => {
                tracing::error!(event = "status_event_malformed", %sequence, %why);
                failed.push(sequence);
            }
        }
    }
    for (delivered, sequence) in relay.relay(&events).await.into_iter().zip(sequence_numbers) {
        if delivered {
            summary.published += 1;
        } else {
            failed.push(sequence);
        }
    }
    summary.failed = failed.len();
    let mut response = DynamoDbEventResponse::default();
    response.batch_item_failures = failed
        .into_iter()
        .map(|sequence| {
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = Some(sequence);
            failure
        })
        .collect();
    tracing::info!(event = "status_events_relayed", ?summary);
    (summary, response)
}

/// The batch's metrics (EMF): events published and not.
pub fn metrics(namespace: &str, summary: &Summary) -> Metrics {
    let mut metrics = Metrics::new(namespace).dimension("Function", "events");
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    metrics.count("StatusEventsPublished", count(summary.published));
    metrics.count("StatusEventsFailed", count(summary.failed));
    metrics
}
