//! `IdempotencyKeys` over DynamoDB: one item per tenant and key, in a partition of the
//! tenant's keys (`I#<tenant>`), forgotten by the table's TTL.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use domain::idempotency::IdempotencyKey;
use domain::ports::{IdempotencyKeys, KeptResponse, KeyRecord, StoreError};
use domain::tenant::TenantId;
use serde::{Deserialize, Serialize};

use super::errors::condition_held;
use super::store::{DynamoStore, key as item_key, s};

pub fn keys_pk(tenant: &TenantId) -> String {
    format!("I#{tenant}")
}

fn key_sk(key: &IdempotencyKey) -> String {
    format!("K#{}", key.as_str())
}

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// A key as stored. Times are numbers, so conditions compare them: `started_ms` in
/// milliseconds, `expires_at` in seconds (the table's TTL attribute).
#[derive(Debug, Serialize, Deserialize)]
struct KeyItem {
    pk: String,
    sk: String,
    fingerprint: String,
    token: String,
    started_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<KeptResponse>,
    expires_at: i64,
}

impl KeyItem {
    fn new(tenant: &TenantId, key: &IdempotencyKey, record: &KeyRecord) -> Self {
        Self {
            pk: keys_pk(tenant),
            sk: key_sk(key),
            fingerprint: record.fingerprint.clone(),
            token: record.token.clone(),
            started_ms: record.started_at.timestamp_millis(),
            response: record.response.clone(),
            expires_at: record.expires_at.timestamp(),
        }
    }

    fn record(self) -> KeyRecord {
        KeyRecord {
            fingerprint: self.fingerprint,
            token: self.token,
            started_at: DateTime::from_timestamp_millis(self.started_ms).unwrap_or_default(),
            response: self.response,
            expires_at: DateTime::from_timestamp(self.expires_at, 0).unwrap_or_default(),
        }
    }
}

#[async_trait]
impl IdempotencyKeys for DynamoStore {
    async fn take_key(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        record: &KeyRecord,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<Option<KeyRecord>, StoreError> {
        let item = KeyItem::new(tenant, key, record);
        for _ in 0..3 {
            let result = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(Self::item(&item)?))
                // TTL deletes lazily: an expired key is as good as none.
                .condition_expression(
                    "attribute_not_exists(pk) OR expires_at < :now OR (attribute_not_exists(#response) AND started_ms < :stale)",
                )
                .expression_attribute_names("#response", "response")
                .expression_attribute_values(":now", n(now.timestamp()))
                .expression_attribute_values(":stale", n(stale_before.timestamp_millis()))
                .send()
                .await;
            if condition_held(result)? {
                return Ok(None);
            }
            let found: Option<KeyItem> = self.get(item.pk.clone(), item.sk.clone()).await?;
            if let Some(found) = found {
                return Ok(Some(found.record()));
            }
            // Released between the write and the read: try again.
        }
        Err(StoreError(
            "an idempotency key kept changing hands".to_owned(),
        ))
    }

    async fn keep_response(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        record: &KeyRecord,
    ) -> Result<(), StoreError> {
        let item = KeyItem::new(tenant, key, record);
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::item(&item)?))
            .condition_expression("#token = :token")
            .expression_attribute_names("#token", "token")
            .expression_attribute_values(":token", s(record.token.clone()))
            .send()
            .await;
        if !condition_held(result)? {
            tracing::warn!("an idempotency key was taken over before its response was kept");
        }
        Ok(())
    }

    async fn release_key(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        token: &str,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(item_key(keys_pk(tenant), key_sk(key))))
            .condition_expression("#token = :token")
            .expression_attribute_names("#token", "token")
            .expression_attribute_values(":token", s(token))
            .send()
            .await;
        // Someone else's by now (it lapsed and was taken over): theirs to keep.
        condition_held(result).map(|_| ())
    }
}
