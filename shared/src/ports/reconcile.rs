//! What the reconciler needs: the identities in the SES account, page by page, and what the
//! table says about each.

use async_trait::async_trait;

use super::{IdentityError, StoreError};
use crate::domains::Domain;
use crate::names::{DomainName, EmailAddress};
use crate::senders::Sender;

/// One page of the identities in the SES account (`ListEmailIdentities`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityPage {
    /// Identity names: domains and addresses.
    pub names: Vec<String>,
    /// Where the next page starts; `None` after the last.
    pub next: Option<String>,
}

/// The identities in the SES account.
#[async_trait]
pub trait IdentityListing: Send + Sync {
    /// Up to `size` identities, from `next` (the previous page's), or from the first.
    async fn list(&self, size: u32, next: Option<String>) -> Result<IdentityPage, IdentityError>;
}

/// The table as the reconciler reads it.
#[async_trait]
pub trait ReconcileStore: Send + Sync {
    /// Where the reconciler's pass through the account stands (`None`: at the start).
    async fn reconcile_cursor(&self) -> Result<Option<String>, StoreError>;

    /// Stores where the next slice starts (`None`: the pass is complete, start over).
    async fn save_reconcile_cursor(&self, next: Option<&str>) -> Result<(), StoreError>;

    /// The subdomain that holds `name` (by its claim), if any.
    async fn domain_holding(&self, name: &DomainName) -> Result<Option<Domain>, StoreError>;

    /// The sender that holds `address` (by its claim), if any.
    async fn sender_holding(&self, address: &EmailAddress) -> Result<Option<Sender>, StoreError>;
}
