//! Relaying status-change events from the outbox to an EventBridge bus, at least once.
//!
//! The Lambda (`functions/events`) gets the outbox items from the table's stream; the dev
//! server reads the outbox itself. Either way an event is deleted from the outbox only after
//! EventBridge accepted it, and an event EventBridge refused is reported back, so its stream
//! record is delivered again; consumers deduplicate on `event_id`.

use aws_sdk_eventbridge::Client;
use aws_sdk_eventbridge::error::DisplayErrorContext;
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use domain::events::{DETAIL_TYPE, SOURCE, StatusChanged};

use crate::dynamo::DynamoStore;

/// PutEvents takes at most ten entries per call.
pub const MAX_ENTRIES: usize = 10;

/// The bus the events go to (`EVENT_BUS_NAME`: a name or an ARN).
#[derive(Debug, Clone)]
pub struct EventBus {
    client: Client,
    bus: String,
}

impl EventBus {
    pub fn new(client: Client, bus: impl Into<String>) -> Self {
        Self {
            client,
            bus: bus.into(),
        }
    }

    /// Publishes `events` in calls of up to ten; for each event, whether EventBridge took it
    /// (`Err` with why not: a failed call fails all of its entries, a partial failure only
    /// those EventBridge names).
    pub async fn publish(&self, events: &[StatusChanged]) -> Vec<Result<(), String>> {
        let mut results = Vec::with_capacity(events.len());
        for chunk in events.chunks(MAX_ENTRIES) {
            results.extend(self.publish_chunk(chunk).await);
        }
        results
    }

    async fn publish_chunk(&self, chunk: &[StatusChanged]) -> Vec<Result<(), String>> {
        let mut entries = Vec::with_capacity(chunk.len());
        for event in chunk {
            let detail = match serde_json::to_string(event) {
                Ok(detail) => detail,
                Err(error) => {
                    return vec![Err(format!("event not encodable: {error}")); chunk.len()];
                }
            };
            entries.push(
                PutEventsRequestEntry::builder()
                    .event_bus_name(&self.bus)
                    .source(SOURCE)
                    .detail_type(DETAIL_TYPE)
                    .detail(detail)
                    .time(aws_sdk_eventbridge::primitives::DateTime::from_millis(
                        event.occurred_at.timestamp_millis(),
                    ))
                    .build(),
            );
        }
        let output = match self
            .client
            .put_events()
            .set_entries(Some(entries))
            .send()
            .await
        {
            Ok(output) => output,
            Err(error) => {
                let why = DisplayErrorContext(&error).to_string();
                return vec![Err(why); chunk.len()];
            }
        };
        // The result entries are in the order of the request's, one per entry.
        let answers = output.entries();
        (0..chunk.len())
            .map(|i| match answers.get(i) {
                Some(entry) if entry.error_code().is_none() && entry.event_id().is_some() => Ok(()),
                Some(entry) => Err(format!(
                    "{}: {}",
                    entry.error_code().unwrap_or("no event id"),
                    entry.error_message().unwrap_or_default()
                )),
                None => Err("EventBridge answered no entry for it".to_owned()),
            })
            .collect()
    }
}

/// Publishes outbox events and forgets the delivered ones.
#[derive(Debug, Clone)]
pub struct Relay {
    bus: EventBus,
    store: DynamoStore,
}

impl Relay {
    pub fn new(bus: EventBus, store: DynamoStore) -> Self {
        Self { bus, store }
    }

    /// Publishes `events`; for each, whether it was delivered. A delivered event is deleted
    /// from the outbox; if that delete fails it is still delivered (TTL removes the item, and
    /// a stream record of it is never sent twice for that reason alone).
    pub async fn relay(&self, events: &[StatusChanged]) -> Vec<bool> {
        let results = self.bus.publish(events).await;
        let mut delivered = Vec::with_capacity(events.len());
        for (event, result) in events.iter().zip(results) {
            match result {
                Ok(()) => {
                    tracing::info!(event = "status_event_published", event_id = %event.event_id,
                        tenant = %event.tenant, kind = ?event.kind, id = %event.id,
                        from = ?event.from, to = ?event.to);
                    if let Err(error) = self.store.delivered(event).await {
                        tracing::warn!(event_id = %event.event_id, %error, "delivered, but still in the outbox; TTL removes it");
                    }
                    delivered.push(true);
                }
                Err(why) => {
                    tracing::warn!(event = "status_event_not_published", event_id = %event.event_id, %why);
                    delivered.push(false);
                }
            }
        }
        delivered
    }

    /// Reads the outbox and relays up to `limit` events (the dev server's relay, which has no
    /// stream); how many were delivered.
    pub async fn drain(&self, limit: u32) -> Result<usize, domain::ports::StoreError> {
        let pending = self.store.outbox(limit).await?;
        Ok(self
            .relay(&pending)
            .await
            .into_iter()
            .filter(|d| *d)
            .count())
    }
}
