//! The tenants' suppression lists and the SES account-level list.

use async_trait::async_trait;

use super::{Page, PageRequest, StoreError};
use crate::ownership::quota::QuotaReached;
use crate::suppressions::{SuppressionEntry, SuppressionReason};
use crate::tenant::TenantId;

/// The per-tenant suppression lists.
#[async_trait]
pub trait SuppressionList: Send + Sync {
    async fn get_suppression(
        &self,
        tenant: &TenantId,
        recipient: &str,
    ) -> Result<Option<SuppressionEntry>, StoreError>;

    async fn list_suppressions(
        &self,
        tenant: &TenantId,
        page: &PageRequest,
    ) -> Result<Page<SuppressionEntry>, StoreError>;

    /// Adds an entry by hand unless the recipient is already listed, counting it against the
    /// tenant's [`crate::ownership::quota::Quota::Suppressions`] (at most `limit`) in the same transaction.
    async fn add_suppression(
        &self,
        tenant: &TenantId,
        entry: &SuppressionEntry,
        limit: u32,
    ) -> Result<Added, StoreError>;

    /// Removes an entry (giving its quota back when it was added by hand); `false` when there
    /// was none.
    async fn remove_suppression(
        &self,
        tenant: &TenantId,
        recipient: &str,
    ) -> Result<bool, StoreError>;
}

/// What became of a hand-added suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Added,
    /// The recipient was on the list already.
    AlreadyListed,
    /// The tenant added as many by hand as it may.
    QuotaReached(QuotaReached),
}

/// Why the account-level suppression list did not take an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MirrorError {
    /// SES refused this address for good (e.g. it is not a valid address to SES).
    #[error("SES refused the address: {0}")]
    Rejected(String),
    /// Throttled or unavailable: try again later.
    #[error("SES is unavailable: {0}")]
    Unavailable(String),
}

/// The SES account-level suppression list (`PutSuppressedDestination`), shared by every tenant.
#[async_trait]
pub trait AccountSuppression: Send + Sync {
    async fn suppress(&self, recipient: &str, reason: SuppressionReason)
    -> Result<(), MirrorError>;
}
