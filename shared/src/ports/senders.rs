//! Storage of senders, the claims on their From addresses and the platform identity's status.

use async_trait::async_trait;

use crate::ownership::quota::QuotaReached;

use super::{Page, PageRequest, SaveError, StoreError};
use crate::names::DomainName;
use crate::senders::{PlatformStatus, Sender, SenderId};
use crate::tenant::TenantId;

/// Why a sender could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AddressClaimError {
    /// A sender (of any tenant) already uses this From address.
    #[error("the address is already used by a sender")]
    AddressTaken,
    /// Another tenant's email sender holds the address and has not verified it yet: the
    /// claim lapses if it is never proven.
    #[error("the address is held by another tenant's sender pending verification")]
    HeldPendingVerification,
    /// The caller's tenant already has a sender with this From address (a retried create).
    #[error("this tenant already has a sender with this address")]
    AlreadyYours(SenderId),
    /// One of the guarded names is held as a subdomain (by anyone).
    #[error("the address is on or under a registered subdomain")]
    UnderSubdomain,
    /// The sender's subdomain is gone, or being deleted.
    #[error("the sender's subdomain is gone or being deleted")]
    SubdomainGone,
    /// The tenant holds as many senders as it may.
    #[error("the tenant's sender quota is full")]
    QuotaReached(QuotaReached),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Persistence of senders and the claims on their From addresses.
#[async_trait]
pub trait SenderStore: Send + Sync {
    /// Writes a new sender and claims its From address, atomically. No name in `covering`
    /// may be held as a subdomain by anyone at that moment (for `email` senders, the
    /// [`covering_names`](crate::ownership::covering_names) of the address's domain); the
    /// check is part of the same transaction, and so is the tenant's count of senders, which
    /// may not pass `limit`.
    async fn insert_sender(
        &self,
        sender: &Sender,
        covering: &[DomainName],
        limit: u32,
    ) -> Result<(), AddressClaimError>;

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

    /// Saves `sender` (its new status, `expired`) if its stored version is still
    /// `sender.version - 1`, and releases its address and gives its quota back, in the same
    /// transaction.
    async fn expire_sender(&self, sender: &Sender) -> Result<(), SaveError>;

    /// Saves `sender` (an expired sender being restarted) if its stored version is still
    /// `sender.version - 1`, and claims its address again, under the same conditions as
    /// [`insert_sender`](Self::insert_sender), in the same transaction.
    async fn reclaim_sender(
        &self,
        sender: &Sender,
        covering: &[DomainName],
        limit: u32,
    ) -> Result<(), AddressClaimError>;

    /// Deletes a sender and releases its address.
    async fn remove_sender(&self, sender: &Sender) -> Result<(), StoreError>;

    /// Which tenant holds `name` as a subdomain, if any (to explain a refusal).
    async fn subdomain_holder(&self, name: &DomainName) -> Result<Option<TenantId>, StoreError>;

    /// The last known status of the platform's own identity.
    async fn platform_status(&self) -> Result<Option<PlatformStatus>, StoreError>;

    async fn save_platform_status(&self, status: &PlatformStatus) -> Result<(), StoreError>;
}
