//! Amazon SES identities.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::dns::DkimToken;
use crate::names::{DomainName, EmailAddress};
use crate::ownership::tags::Tag;
use crate::status::SesStatus;

/// Why SES did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the identity already exists in SES")]
    AlreadyExists,
    #[error("the identity does not exist in SES")]
    NotFound,
    /// The identity exists but is not tagged as this service's: it is never adopted or
    /// deleted (see `ownership::tags`).
    #[error("the identity exists in SES outside this service")]
    OwnedElsewhere,
    #[error("SES is throttling requests")]
    Throttled,
    /// The account-wide SES budget (`ses_budget`) has no token for the caller: SES was not called.
    #[error("the SES budget is spent; retry after {0:?}")]
    BudgetSpent(std::time::Duration),
    /// The account's identity quota (10,000 per region, not adjustable) is full: no retry
    /// helps until identities are deleted.
    #[error("the SES account's identity quota is exhausted: {0}")]
    QuotaExhausted(String),
    /// The deployment names an SES configuration set that does not exist.
    #[error("the deployment's SES configuration set does not exist: {0}")]
    ConfigurationSetMissing(String),
    /// SES refused the request as invalid (for the name or address given).
    #[error("SES rejected the request: {0}")]
    Rejected(String),
    /// The request could not be built, or SES answered something unexpected.
    #[error("unexpected SES exchange: {0}")]
    Unexpected(String),
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
    /// Creates a domain identity with Easy DKIM, tagged with `tags`.
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError>;

    /// Points the identity's custom MAIL FROM at `mail_from`.
    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError>;

    /// Creates an email-address identity tagged with `tags`; SES mails a verification link.
    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError>;

    /// The tags of an existing identity (see `ownership::tags`).
    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError>;

    /// Reads an identity (a domain name or an address).
    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError>;

    /// Deletes an identity; deleting one that does not exist is not an error.
    async fn delete(&self, identity: &str) -> Result<(), IdentityError>;
}
