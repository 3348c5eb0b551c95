//! What the verification sweep needs: follow-up schedules, the due index, pacing of SES calls.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Page, StoreError};
use crate::verification::IdentityRef;

/// A follow-up schedule could not be written or removed. Never fatal: the periodic sweep
/// finds every due identity through the due index anyway.
#[derive(Debug, thiserror::Error)]
#[error("follow-up schedule failed: {0}")]
pub struct FollowUpError(pub String);

/// One-time follow-up checks of one identity (EventBridge Scheduler `at(...)` schedules).
#[async_trait]
pub trait FollowUps: Send + Sync {
    /// Creates or moves the identity's follow-up to `at`. Idempotent: one schedule per identity.
    async fn schedule(
        &self,
        identity: &IdentityRef,
        at: DateTime<Utc>,
    ) -> Result<(), FollowUpError>;

    /// Removes the identity's follow-up, if any.
    async fn cancel(&self, identity: &IdentityRef) -> Result<(), FollowUpError>;
}

/// Follow-ups switched off (no scheduler configured): the periodic sweep still checks
/// everything that is due.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoFollowUps;

#[async_trait]
impl FollowUps for NoFollowUps {
    async fn schedule(&self, _: &IdentityRef, _: DateTime<Utc>) -> Result<(), FollowUpError> {
        Ok(())
    }

    async fn cancel(&self, _: &IdentityRef) -> Result<(), FollowUpError> {
        Ok(())
    }
}

/// The identities whose next check is due (a sparse index: only items with a due time).
#[async_trait]
pub trait DueIndex: Send + Sync {
    /// Up to `limit` identities due at or before `now`, oldest first, after position `after`.
    async fn due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        after: Option<String>,
    ) -> Result<Page<IdentityRef>, StoreError>;

    /// When the identity due longest ago became due (the first entry of the index), if one is
    /// due at or before `now`: the sweep's backlog.
    async fn oldest_due(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError>;
}

/// Paces calls to SES (one request per second per account for these calls).
#[async_trait]
pub trait Pacer: Send + Sync {
    /// Waits until the next call may go out.
    async fn wait_turn(&self);

    /// Waits after a throttled call; `attempt` counts from 1. Jittered.
    async fn back_off(&self, attempt: u32);
}
