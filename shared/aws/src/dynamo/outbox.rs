//! The outbox of status-change events: an event item is written in the same transaction as
//! the status it reports, the table's stream carries it to the relay (`functions/events`),
//! and the relay deletes it once EventBridge took it. TTL removes what no relay ever took.
//!
//! | item | pk | sk | notes |
//! |---|---|---|---|
//! | event | `E#outbox` | `E#<event_id>` | the event's detail as attributes; `expires_at` (TTL) |
//!
//! One partition, sorted by the UUIDv7 ids: what is still undelivered is one Query, oldest
//! first (the dev server's relay reads it so). Status changes are rare enough for one partition.

use aws_sdk_dynamodb::types::{Put, TransactWriteItem};
use domain::events::StatusChanged;
use domain::ports::StoreError;
use serde::{Deserialize, Serialize};

use super::errors::{built, store_error};
use super::store::{DynamoStore, key};

/// The outbox's partition.
pub const OUTBOX_PK: &str = "E#outbox";
/// Every outbox item's sort key starts so.
pub const OUTBOX_SK_PREFIX: &str = "E#";

/// An event as it waits in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub pk: String,
    pub sk: String,
    #[serde(flatten)]
    pub event: StatusChanged,
    /// TTL, epoch seconds.
    pub expires_at: i64,
}

impl OutboxItem {
    pub fn new(event: &StatusChanged) -> Self {
        Self {
            pk: OUTBOX_PK.to_owned(),
            sk: format!("{OUTBOX_SK_PREFIX}{}", event.event_id),
            event: event.clone(),
            expires_at: event.expires_at().timestamp(),
        }
    }
}

impl DynamoStore {
    /// The Put of `event` into the outbox, for the transaction that makes the change.
    pub(super) fn outbox_put(
        &self,
        event: &StatusChanged,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = built(
            Put::builder()
                .table_name(&self.table)
                .set_item(Some(Self::item(&OutboxItem::new(event))?))
                .build(),
        )?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Up to `limit` undelivered events, oldest first.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<StatusChanged>, StoreError> {
        let page = self
            .query_page::<OutboxItem>(OUTBOX_PK.to_owned(), OUTBOX_SK_PREFIX, limit, None)
            .await?;
        Ok(page.items.into_iter().map(|item| item.event).collect())
    }

    /// Forgets a delivered event (a second delete of the same event is harmless).
    pub async fn delivered(&self, event: &StatusChanged) -> Result<(), StoreError> {
        let item = OutboxItem::new(event);
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(item.pk, item.sk)))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_by_event_id() {
        let event: StatusChanged = serde_json::from_value(serde_json::json!({
            "event_id": "01900000-0000-7000-8000-000000000001",
            "tenant": "acme", "kind": "subdomain", "id": "x", "name": "mail.example.com",
            "from": "pending", "to": "verified", "reason": "r",
            "occurred_at": "2026-11-29T08:00:00Z"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let item = OutboxItem::new(&event);
        assert_eq!(item.pk, OUTBOX_PK);
        assert_eq!(item.sk, "E#01900000-0000-7000-8000-000000000001");
        assert_eq!(
            item.expires_at,
            (event.occurred_at + domain::events::OUTBOX_RETENTION).timestamp()
        );
    }
}
