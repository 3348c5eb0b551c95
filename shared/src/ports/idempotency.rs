//! Storage for `Idempotency-Key`s: per tenant, each key with the request it was first used
//! for and, once that request finished, its response.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::idempotency::IdempotencyKey;
use crate::tenant::TenantId;

/// A response kept to be replayed to a retry with the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptResponse {
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The body (the API answers JSON only).
    pub body: String,
}

/// A key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// What the first request with the key was (method, route, body), hashed.
    pub fingerprint: String,
    /// The request holding the key: its own token, and when it took the key.
    pub token: String,
    pub started_at: DateTime<Utc>,
    /// Its response, once it finished; `None` while it runs.
    pub response: Option<KeptResponse>,
    /// When the key may be forgotten.
    pub expires_at: DateTime<Utc>,
}

/// Storage for idempotency keys.
#[async_trait]
pub trait IdempotencyKeys: Send + Sync {
    /// Stores `record` (still running) under the tenant's `key`, unless a record is there
    /// that has not expired at `now` and is not a running one started before `stale_before`
    /// (its request died). `None` when stored; else the record that is there.
    async fn take_key(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        record: &KeyRecord,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<Option<KeyRecord>, StoreError>;

    /// Stores the finished `record`, if the key is still held by its token.
    async fn keep_response(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        record: &KeyRecord,
    ) -> Result<(), StoreError>;

    /// Forgets the key, if it is still held by `token` (its request failed in a way a retry
    /// should run again).
    async fn release_key(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        token: &str,
    ) -> Result<(), StoreError>;
}
