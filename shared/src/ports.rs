//! What the use cases need from the outside world: storage and SES.
//!
//! Adapters live in the `adapters` crate (DynamoDB, SESv2); tests use the same adapters against
//! moto and the SES stand-in.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::dns::DkimToken;
use crate::domains::{Domain, DomainId};
use crate::names::{DomainName, EmailAddress};
use crate::senders::{PlatformStatus, Sender, SenderId};
use crate::status::SesStatus;
use crate::tenant::TenantId;
use crate::verification::IdentityRef;

/// A storage failure the caller cannot fix; carries a description for the logs.
#[derive(Debug, thiserror::Error)]
#[error("storage failed: {0}")]
pub struct StoreError(pub String);

/// Why a subdomain could not be claimed.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    /// The caller already holds exactly this name.
    #[error("this tenant already added the subdomain")]
    AlreadyYours(DomainId),
    /// Another tenant holds the name, a name above it or a name below it.
    #[error("the subdomain, or a name above or below it, is held by another tenant")]
    HeldElsewhere,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why an optimistic update did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone else wrote the item since it was read.
    #[error("the item changed since it was read")]
    Stale,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One page of a listing; `next` is an opaque position for the following page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// Where a listing starts and how much it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

/// Persistence of subdomains and the ownership claims on their names.
#[async_trait]
pub trait DomainStore: Send + Sync {
    /// Writes a new subdomain and claims its name for its tenant, atomically: fails if the
    /// name, a name above it (below the registrable domain) or a name below it is held by
    /// another tenant, or if the tenant already holds it.
    async fn insert_domain(&self, domain: &Domain) -> Result<(), ClaimError>;

    async fn get_domain(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Option<Domain>, StoreError>;

    async fn list_domains(
        &self,
        tenant: &TenantId,
        page: &PageRequest,
    ) -> Result<Page<Domain>, StoreError>;

    /// Replaces a subdomain if its stored version is still `domain.version - 1`.
    async fn save_domain(&self, domain: &Domain) -> Result<(), SaveError>;

    /// Deletes a subdomain and releases the claims on its name.
    async fn remove_domain(&self, domain: &Domain) -> Result<(), StoreError>;

    /// The ids of the tenant's senders that send from this subdomain.
    async fn senders_on_domain(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Vec<String>, StoreError>;
}

/// Why SES did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the identity already exists in SES")]
    AlreadyExists,
    #[error("the identity does not exist in SES")]
    NotFound,
    #[error("SES is throttling requests")]
    Throttled,
    /// The account's identity quota (10,000 per region, not adjustable) is full: no retry
    /// helps until identities are deleted.
    #[error("the SES account's identity quota is exhausted: {0}")]
    QuotaExhausted(String),
    /// The deployment names an SES configuration set that does not exist.
    #[error("the deployment's SES configuration set does not exist: {0}")]
    ConfigurationSetMissing(String),
    #[error("SES rejected the request: {0}")]
    Rejected(String),
    #[error("SES is unavailable: {0}")]
    Unavailable(String),
}

/// The Easy DKIM setup SES issued for a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimSetup {
    pub tokens: Vec<DkimToken>,
    pub signing_zone: Option<String>,
}

/// What SES says about an identity right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentitySnapshot {
    /// The identity's own verification status (not `VerifiedForSendingStatus`).
    pub verification: SesStatus,
    /// DKIM status and setup (domains).
    pub dkim: Option<(SesStatus, DkimSetup)>,
    /// MAIL FROM domain and its status, when one is configured.
    pub mail_from: Option<(String, SesStatus)>,
    /// When SES last checked, if it said.
    pub last_checked_at: Option<DateTime<Utc>>,
}

/// Amazon SES identities.
#[async_trait]
pub trait EmailIdentities: Send + Sync {
    /// Creates a domain identity with Easy DKIM.
    async fn create_domain(&self, name: &DomainName) -> Result<DkimSetup, IdentityError>;

    /// Points the identity's custom MAIL FROM at `mail_from`.
    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError>;

    /// Creates an email-address identity; SES mails a verification link.
    async fn create_address(&self, address: &EmailAddress) -> Result<(), IdentityError>;

    /// Reads an identity (a domain name or an address).
    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError>;

    /// Deletes an identity; deleting one that does not exist is not an error.
    async fn delete(&self, identity: &str) -> Result<(), IdentityError>;
}

/// Why a sender could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SenderClaimError {
    /// A sender (of any tenant) already uses this From address.
    #[error("the address is already used by a sender")]
    AddressTaken,
    /// One of the guarded names is held as a subdomain (by anyone).
    #[error("the address is on or under a registered subdomain")]
    UnderSubdomain,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Persistence of senders and the claims on their From addresses.
#[async_trait]
pub trait SenderStore: Send + Sync {
    /// Writes a new sender and claims its From address, atomically. `unowned` names must not
    /// be held as a subdomain by anyone at that moment (the address's domain and its ancestors,
    /// for `email` senders); the check is part of the same transaction.
    async fn insert_sender(
        &self,
        sender: &Sender,
        unowned: &[DomainName],
    ) -> Result<(), SenderClaimError>;

    async fn get_sender(
        &self,
        tenant: &TenantId,
        id: &SenderId,
    ) -> Result<Option<Sender>, StoreError>;

    async fn list_senders(
        &self,
        tenant: &TenantId,
        page: &PageRequest,
    ) -> Result<Page<Sender>, StoreError>;

    /// Replaces a sender if its stored version is still `sender.version - 1`.
    async fn save_sender(&self, sender: &Sender) -> Result<(), SaveError>;

    /// Deletes a sender and releases its address.
    async fn remove_sender(&self, sender: &Sender) -> Result<(), StoreError>;

    /// Which tenant holds `name` as a subdomain, if any (to explain a refusal).
    async fn subdomain_holder(&self, name: &DomainName) -> Result<Option<TenantId>, StoreError>;

    /// The last known status of the platform's own identity.
    async fn platform_status(&self) -> Result<Option<PlatformStatus>, StoreError>;

    async fn save_platform_status(&self, status: &PlatformStatus) -> Result<(), StoreError>;
}

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
}

/// Paces calls to SES (one request per second per account for these calls).
#[async_trait]
pub trait Pacer: Send + Sync {
    /// Waits until the next call may go out.
    async fn wait_turn(&self);

    /// Waits after a throttled call; `attempt` counts from 1. Jittered.
    async fn back_off(&self, attempt: u32);
}
