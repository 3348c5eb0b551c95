//! Storage of subdomains and the ownership claims on their names.

use async_trait::async_trait;

use crate::ownership::quota::QuotaReached;

use super::{Page, PageRequest, SaveError, StoreError};
use crate::domains::{Domain, DomainId};
use crate::ownership::SubdomainClaim;
use crate::tenant::TenantId;

/// Why a subdomain could not be claimed.
#[derive(Debug, thiserror::Error)]
pub enum SubdomainClaimError {
    /// The caller already holds exactly this name.
    #[error("this tenant already added the subdomain")]
    AlreadyYours(DomainId),
    /// Another tenant holds the name, a name above it or a name below it.
    #[error("the subdomain, or a name above or below it, is held by another tenant")]
    HeldElsewhere,
    /// Another tenant holds the name, or a name above it, with a subdomain it has not
    /// verified yet: the claim lapses if it is never proven.
    #[error("the subdomain, or a name above it, is held by another tenant pending verification")]
    HeldPendingVerification,
    /// The tenant holds as many subdomains as it may.
    #[error("the tenant's subdomain quota is full")]
    QuotaReached(QuotaReached),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Persistence of subdomains and the ownership claims on their names.
#[async_trait]
pub trait DomainStore: Send + Sync {
    /// Writes a new subdomain and its tenant's `claim` on its name, atomically: fails if the
    /// claim overlaps another tenant's (see [`crate::ownership`]), or if the tenant already
    /// holds the name, or if the tenant holds `limit` subdomains already (counted in the same
    /// transaction).
    async fn insert_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
        limit: u32,
    ) -> Result<(), SubdomainClaimError>;

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

    /// Saves `domain` (its new status, `expired`) if its stored version is still
    /// `domain.version - 1`, and releases its tenant's `claim` on its name and gives its
    /// quota back, in the same transaction.
    async fn expire_domain(&self, domain: &Domain, claim: &SubdomainClaim)
    -> Result<(), SaveError>;

    /// Saves `domain` (an expired subdomain being restarted) if its stored version is still
    /// `domain.version - 1`, and claims its name again and counts it against `limit`, in the
    /// same transaction; refused as [`insert_domain`](Self::insert_domain) refuses.
    async fn reclaim_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
        limit: u32,
    ) -> Result<(), SubdomainClaimError>;

    /// Deletes a subdomain and releases its tenant's `claim` on its name.
    async fn remove_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
    ) -> Result<(), StoreError>;

    /// The ids of the tenant's senders that send from this subdomain.
    async fn senders_on_domain(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Vec<String>, StoreError>;
}
