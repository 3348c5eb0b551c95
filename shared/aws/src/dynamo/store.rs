//! The table client and the few DynamoDB moves every item kind shares.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
use domain::events::StatusChanged;
use domain::ports::clock::SystemClock;
use domain::ports::{Clock, SaveError, StoreError};
use domain::retry::Tries;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::errors::{codec_error, condition_held, reason_codes, store_error};
use super::schema::{PK, SK};

/// The DynamoDB store: one table, named at construction. It implements every storage port.
#[derive(Clone)]
pub struct DynamoStore {
    pub(super) client: Client,
    pub(super) table: String,
    /// Stamps the status-change events the store writes (`occurred_at`).
    pub(super) clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for DynamoStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynamoStore")
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

/// A string attribute.
pub fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

/// A primary key.
pub fn key(pk: impl Into<String>, sk: impl Into<String>) -> HashMap<String, AttributeValue> {
    HashMap::from([(PK.to_owned(), s(pk)), (SK.to_owned(), s(sk))])
}

/// A failed transaction's cancellation reason codes, one per item (`None` = that item was fine).
pub type Cancelled = Vec<Option<String>>;

/// One page of a query: the decoded items and the sort key to resume after.
pub struct QueryPage<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same store, its events stamped by `clock` (tests and the dev server move time).
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// Encodes an item.
    pub(super) fn item<T: Serialize>(
        value: &T,
    ) -> Result<HashMap<String, AttributeValue>, StoreError> {
        serde_dynamo::to_item(value).map_err(codec_error)
    }

    /// Runs a transaction, retrying when it lost a race with another one. A condition
    /// failure comes back as `Ok(Err(reasons))`.
    pub(super) async fn transact(
        &self,
        items: Vec<TransactWriteItem>,
    ) -> Result<Result<(), Cancelled>, StoreError> {
        let mut tries = Tries::new();
        while tries.next().await {
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            let error = match result {
                Ok(_) => return Ok(Ok(())),
                Err(error) => error,
            };
            if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
                error.as_service_error()
            {
                let codes = reason_codes(cancelled.cancellation_reasons());
                if codes
                    .iter()
                    .flatten()
                    .any(|c| *c == "ConditionalCheckFailed")
                {
                    return Ok(Err(codes
                        .into_iter()
                        .map(|c| c.map(str::to_owned))
                        .collect()));
                }
            }
            let retryable = matches!(
                error.as_service_error(),
                Some(
                    TransactWriteItemsError::TransactionCanceledException(_)
                        | TransactWriteItemsError::TransactionInProgressException(_)
                )
            );
            if !retryable || tries.is_last() {
                return Err(store_error(error));
            }
        }
        Err(StoreError("transaction retries exhausted".to_owned()))
    }

    /// Reads one item, strongly consistent.
    pub(super) async fn get_raw(
        &self,
        pk: String,
        sk: String,
    ) -> Result<Option<HashMap<String, AttributeValue>>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_error)?;
        Ok(output.item)
    }

    /// Reads and decodes one item.
    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        pk: String,
        sk: String,
    ) -> Result<Option<T>, StoreError> {
        self.get_raw(pk, sk)
            .await?
            .map(serde_dynamo::from_item)
            .transpose()
            .map_err(codec_error)
    }

    /// One page of the items of partition `pk` whose sort key starts with `prefix`, resuming
    /// after the sort key `after` (only honoured when it has the same prefix, so a forged
    /// position can never leave the partition or the item kind; any other position, such as
    /// `PageRequest::FIRST_STORED`, starts at the first item).
    pub(super) async fn query_page<T: DeserializeOwned>(
        &self,
        pk: String,
        prefix: &str,
        limit: u32,
        after: Option<&str>,
    ) -> Result<QueryPage<T>, StoreError> {
        let start = after
            .filter(|sk| sk.starts_with(prefix))
            .map(|sk| key(pk.clone(), sk));
        let output = self
            .client
            .query()
            .table_name(&self.table)
            // Read-your-writes: a list right after a create shows the new item (one
            // partition per tenant, so the doubled read cost is small).
            .consistent_read(true)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(prefix))
            .limit(i32::try_from(limit.max(1)).unwrap_or(i32::MAX))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(store_error)?;
        let items = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(serde_dynamo::from_item)
            .collect::<Result<Vec<T>, _>>()
            .map_err(codec_error)?;
        let next = output
            .last_evaluated_key
            .and_then(|k| k.get(SK).and_then(|v| v.as_s().ok()).cloned());
        Ok(QueryPage { items, next })
    }

    /// Writes an item, replacing whatever was stored under its key.
    pub(super) async fn put<T: Serialize>(&self, value: &T) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::item(value)?))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    /// Replaces an item if its stored `version` is still `version - 1` and it still shows the
    /// status the new one shows: the common save, one write. `false` when either differs (the
    /// caller then reads the stored item to tell a lost race from a status change).
    pub(super) async fn put_unchanged(
        &self,
        item: HashMap<String, AttributeValue>,
        version: u64,
    ) -> Result<bool, SaveError> {
        let shown = item
            .get(super::items::SHOWN_STATUS)
            .cloned()
            .unwrap_or(AttributeValue::Null(true));
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_exists(pk) AND version = :prev AND #shown = :shown")
            .expression_attribute_names("#shown", super::items::SHOWN_STATUS)
            .expression_attribute_values(
                ":prev",
                AttributeValue::N(version.saturating_sub(1).to_string()),
            )
            .expression_attribute_values(":shown", shown)
            .send()
            .await;
        Ok(condition_held(result)?)
    }

    /// Replaces an item if its stored `version` is still `version - 1`, and writes `event` (the
    /// status change it makes, if any) into the outbox in the same transaction: both or neither.
    pub(super) async fn put_versioned(
        &self,
        item: HashMap<String, AttributeValue>,
        version: u64,
        event: Option<&StatusChanged>,
    ) -> Result<(), SaveError> {
        if let Some(event) = event {
            let put = super::errors::built(
                aws_sdk_dynamodb::types::Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(item))
                    .condition_expression("attribute_exists(pk) AND version = :prev")
                    .expression_attribute_values(
                        ":prev",
                        AttributeValue::N(version.saturating_sub(1).to_string()),
                    )
                    .build(),
            )?;
            let items = vec![
                TransactWriteItem::builder().put(put).build(),
                self.outbox_put(event)?,
            ];
            return match self.transact(items).await? {
                Ok(()) => Ok(()),
                Err(_) => Err(SaveError::Stale),
            };
        }
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_exists(pk) AND version = :prev")
            .expression_attribute_values(
                ":prev",
                AttributeValue::N(version.saturating_sub(1).to_string()),
            )
            .send()
            .await;
        if condition_held(result)? {
            Ok(())
        } else {
            Err(SaveError::Stale)
        }
    }
}
