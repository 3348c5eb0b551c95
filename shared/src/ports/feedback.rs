//! Storage for feedback ingestion: who sent an address, receipts, and the one transaction
//! that records a recipient's share.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::StoreError;
use crate::domains::DomainId;
use crate::names::{DomainName, EmailAddress};
use crate::reputation::Counts;
use crate::senders::SenderId;
use crate::suppressions::SuppressionEntry;
use crate::tenant::TenantId;

/// Whose mail a notification is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribution {
    pub tenant: TenantId,
    pub subject: Subject,
}

/// What inside the tenant the counters belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// A sender with exactly the message's From address.
    Sender(SenderId),
    /// The tenant's subdomain that covers the address, when no sender has that address.
    Subdomain(DomainId),
}

/// Who holds an address or a name now, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub attribution: Attribution,
    /// When the current claim was made; `None` for a claim stored before claims carried it
    /// (such a holder is taken to have held the address all along).
    pub claimed_at: Option<DateTime<Utc>>,
}

/// A day's counters to add to: a tenant's sender or subdomain, or the platform's tally of
/// messages no tenant sent (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub owner: Option<Attribution>,
    pub day: NaiveDate,
    pub counts: Counts,
}

/// A suppression-list entry to write in place of the one read (`expected_version`, `None` when
/// there was none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionWrite {
    pub tenant: TenantId,
    pub entry: SuppressionEntry,
    pub expected_version: Option<u64>,
}

/// Everything one recipient of one notification changes, written at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// The idempotency key ([`Notification::dedup_keys`](crate::notifications::Notification::dedup_keys)).
    pub key: String,
    /// When the key may be forgotten.
    pub expires_at: DateTime<Utc>,
    pub tally: Option<Tally>,
    pub suppression: Option<SuppressionWrite>,
}

/// What [`FeedbackStore::record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Everything was written, together.
    Recorded,
    /// The key was recorded before: nothing was written.
    AlreadyRecorded,
    /// The suppression entry is no longer at the expected version: nothing was written; read
    /// it again and retry.
    SuppressionMoved,
}

/// Storage for feedback ingestion.
#[async_trait]
pub trait FeedbackStore: Send + Sync {
    /// The tenant and sender holding exactly this From address, with the claim's time.
    async fn address_owner(&self, address: &EmailAddress) -> Result<Option<Holder>, StoreError>;

    /// The tenant and subdomain holding exactly this name, with the claim's time.
    async fn subdomain_owner(&self, name: &DomainName) -> Result<Option<Holder>, StoreError>;

    /// Whether every effect of this SNS message was recorded already.
    async fn message_done(&self, sns_message_id: &str) -> Result<bool, StoreError>;

    /// Notes that every effect of this SNS message is recorded.
    async fn mark_message_done(
        &self,
        sns_message_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Whether a share with this idempotency key was recorded (a cheap read that spares the
    /// transaction, and the cost of its cancellation, for the common duplicate).
    async fn share_recorded(&self, key: &str) -> Result<bool, StoreError>;

    /// Writes the key, the tally and the suppression in one transaction, or nothing.
    async fn record(&self, effect: &Effect) -> Result<Written, StoreError>;
}
