//! `Idempotency-Key` on creates: a retried request with the same key gets the first
//! response again instead of running twice.
//!
//! Keys are the tenant's own (another tenant's key of the same text is another key) and are
//! kept [`KEY_TTL`]. A key names one request: reused with another body (or on another route)
//! it is refused. While the first request runs, a second one with its key is refused as in
//! progress; should the first die, its hold lapses after [`IN_PROGRESS_LEASE`].

use std::sync::Arc;

use chrono::Duration;
use uuid::Uuid;

use crate::ports::clock::Clock;
use crate::ports::{IdempotencyKeys, KeptResponse, KeyRecord, StoreError};
use crate::retry::Tries;
use crate::tenant::TenantId;

/// How long a key and its response are kept.
pub const KEY_TTL: Duration = Duration::hours(24);

/// How long a request holds its key while it runs: longer than the API may run (API Gateway
/// gives up after 30 seconds), so only a request that died loses it.
pub const IN_PROGRESS_LEASE: Duration = Duration::seconds(60);

/// The longest key accepted.
pub const MAX_KEY_LENGTH: usize = 255;

/// A client's idempotency key: 1 to 255 visible ASCII characters. The header may carry it
/// as a structured-field string (`"…"`, as the IETF draft writes it) or bare.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let key = raw
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or(raw);
        let visible = key.bytes().all(|b| b.is_ascii_graphic() && b != b'"');
        (visible && !key.is_empty() && key.len() <= MAX_KEY_LENGTH).then(|| Self(key.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// The key is new (or its earlier request died): run the request, then
    /// [`Idempotency::finish`] it.
    Run(Ticket),
    /// The request ran before: answer what it answered.
    Replay(KeptResponse),
    /// The request with this key is still running.
    InProgress,
    /// The key was used for a different request.
    Mismatch,
}

/// The hold of a running request on its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    tenant: TenantId,
    key: IdempotencyKey,
    record: KeyRecord,
}

/// The idempotency use case.
#[derive(Clone)]
pub struct Idempotency {
    keys: Arc<dyn IdempotencyKeys>,
    clock: Arc<dyn Clock>,
}

impl Idempotency {
    pub fn new(keys: Arc<dyn IdempotencyKeys>, clock: Arc<dyn Clock>) -> Self {
        Self { keys, clock }
    }

    /// Decides about a request of `tenant` with `key`, whose method, route and body hash to
    /// `fingerprint`.
    pub async fn admit(
        &self,
        tenant: &TenantId,
        key: &IdempotencyKey,
        fingerprint: &str,
    ) -> Result<Admission, StoreError> {
        let mut tries = Tries::new();
        while tries.next().await {
            let now = self.clock.now();
            let record = KeyRecord {
                fingerprint: fingerprint.to_owned(),
                token: Uuid::now_v7().to_string(),
                started_at: now,
                response: None,
                expires_at: now + KEY_TTL,
            };
            let stale_before = now - IN_PROGRESS_LEASE;
            match self
                .keys
                .take_key(tenant, key, &record, now, stale_before)
                .await?
            {
                None => {
                    return Ok(Admission::Run(Ticket {
                        tenant: tenant.clone(),
                        key: key.clone(),
                        record,
                    }));
                }
                Some(found) if found.fingerprint != fingerprint => return Ok(Admission::Mismatch),
                Some(KeyRecord {
                    response: Some(response),
                    ..
                }) => return Ok(Admission::Replay(response)),
                Some(running) if running.started_at >= stale_before => {
                    return Ok(Admission::InProgress);
                }
                // Lapsed between the write and the read: try to take it again.
                Some(_) => continue,
            }
        }
        Ok(Admission::InProgress)
    }

    /// Keeps the request's `response` for retries, or (`None`) lets the key go so that a
    /// retry runs the request again (it failed in a way a retry may fix).
    pub async fn finish(&self, ticket: Ticket, response: Option<KeptResponse>) {
        let Ticket {
            tenant,
            key,
            mut record,
        } = ticket;
        let outcome = match response {
            Some(response) => {
                record.response = Some(response);
                record.expires_at = self.clock.now() + KEY_TTL;
                self.keys.keep_response(&tenant, &key, &record).await
            }
            None => self.keys.release_key(&tenant, &key, &record.token).await,
        };
        if let Err(error) = outcome {
            tracing::warn!(%error, %tenant, "could not store the outcome of an idempotent request; its key lapses by itself");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_bare_or_quoted() {
        let uuid = "8e03978e-40d5-43e8-bc93-6894a57f9324";
        assert_eq!(
            IdempotencyKey::parse(uuid).map(|k| k.0),
            Some(uuid.to_owned())
        );
        assert_eq!(
            IdempotencyKey::parse(&format!("\"{uuid}\"")).map(|k| k.0),
            Some(uuid.to_owned())
        );
        for bad in ["", "\"\"", "with space", "tab\there", "é", "\"open"] {
            assert_eq!(IdempotencyKey::parse(bad), None, "{bad:?}");
        }
        assert!(IdempotencyKey::parse(&"k".repeat(MAX_KEY_LENGTH)).is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(MAX_KEY_LENGTH + 1)).is_none());
    }
}
