//! What a use case can answer instead of a result: one error type for every use case, so the
//! edge maps each refusal to one HTTP status in one place.

use crate::ownership::quota::QuotaReached;
use crate::ports::{IdentityError, StoreError};

/// One rejected input field, for an RFC 9457 `errors` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

/// Which state conflict a use case refused with. Each is its own stable problem type at the
/// edge, so a client can tell them apart without reading the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conflict {
    /// The caller's tenant already added this subdomain.
    SubdomainAlreadyAdded,
    /// Another tenant holds the subdomain, a name above it or a name below it.
    SubdomainHeldElsewhere,
    /// Senders still send from the subdomain.
    SubdomainInUse,
    /// A sender (of any tenant) already uses the From address.
    AddressTaken,
    /// The address is on the caller's own subdomain: add a `subdomain` sender instead.
    AddressOnOwnSubdomain,
    /// The address is on or under another tenant's subdomain.
    AddressHeldElsewhere,
    /// The subdomain or address is verified already: nothing to restart or resend.
    AlreadyVerified,
    /// A subdomain sender has no verification email.
    NotAnEmailSender,
    /// The platform default sender cannot be changed or deleted.
    DefaultSenderReadOnly,
    /// Only a paused sender can be resumed.
    SenderNotPaused,
    /// The recipient is on the suppression list already.
    AlreadySuppressed,
    /// Another request changed the item meanwhile: read it again and retry.
    ChangedMeanwhile,
    /// The SES identity exists in the sending account but was not made by this service (the
    /// console, another application, the platform itself): it is never adopted or deleted.
    InUseOutsideService,
    /// Another tenant claimed the subdomain (or a name above it) but has not proven it yet;
    /// the claim lapses if it is never verified.
    SubdomainPendingElsewhere,
    /// Another tenant's sender claimed the address but has not verified it yet; the claim
    /// lapses if it is never verified.
    AddressPendingElsewhere,
}

impl Conflict {
    /// Every conflict, for documentation and exhaustive tests.
    pub const ALL: [Conflict; 15] = [
        Self::SubdomainAlreadyAdded,
        Self::SubdomainHeldElsewhere,
        Self::SubdomainInUse,
        Self::AddressTaken,
        Self::AddressOnOwnSubdomain,
        Self::AddressHeldElsewhere,
        Self::AlreadyVerified,
        Self::NotAnEmailSender,
        Self::DefaultSenderReadOnly,
        Self::SenderNotPaused,
        Self::AlreadySuppressed,
        Self::ChangedMeanwhile,
        Self::InUseOutsideService,
        Self::SubdomainPendingElsewhere,
        Self::AddressPendingElsewhere,
    ];

    /// A stable kebab-case name (the last segment of its problem type).
    pub const fn code(self) -> &'static str {
        match self {
            Self::SubdomainAlreadyAdded => "subdomain-already-added",
            Self::SubdomainHeldElsewhere => "subdomain-held-elsewhere",
            Self::SubdomainInUse => "subdomain-in-use",
            Self::AddressTaken => "address-taken",
            Self::AddressOnOwnSubdomain => "address-on-own-subdomain",
            Self::AddressHeldElsewhere => "address-held-elsewhere",
            Self::AlreadyVerified => "already-verified",
            Self::NotAnEmailSender => "not-an-email-sender",
            Self::DefaultSenderReadOnly => "default-sender-read-only",
            Self::SenderNotPaused => "sender-not-paused",
            Self::AlreadySuppressed => "already-suppressed",
            Self::ChangedMeanwhile => "changed-meanwhile",
            Self::InUseOutsideService => "in-use-outside-service",
            Self::SubdomainPendingElsewhere => "subdomain-held-pending-verification",
            Self::AddressPendingElsewhere => "address-held-pending-verification",
        }
    }
}

/// The resource a retried create found already there (the caller's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Domain(crate::domains::DomainId),
    Sender(crate::senders::SenderId),
}

/// A use case's refusal or failure. Each maps to one HTTP status at the edge.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    /// The caller may read but not change.
    #[error("this action needs the admin role")]
    Forbidden,
    /// Missing, or the caller's tenant does not hold it (the same answer on purpose).
    #[error("no such subdomain")]
    NotFound,
    #[error("the input is invalid")]
    Invalid(Vec<FieldViolation>),
    /// A state conflict the caller can act on: which one, and a text that says what to do.
    #[error("{1}")]
    Conflict(Conflict, String),
    /// A create found the caller's own resource already there (a retry, a double click): a
    /// conflict that names the existing resource, so the client can carry on with it.
    #[error("{detail}")]
    Exists {
        conflict: Conflict,
        detail: String,
        existing: Existing,
    },
    /// Amazon SES refused the name or address as invalid: the caller must choose another.
    #[error("Amazon SES rejected the request: {0}")]
    SesRejected(String),
    /// SES is throttling or unavailable: try again later. Nothing was left half-done.
    #[error("Amazon SES is unavailable: {0}")]
    Unavailable(String),
    /// The SES account holds as many identities as it may: retrying cannot help until the
    /// operator frees or adds capacity.
    #[error("{0}")]
    IdentityQuotaExhausted(String),
    /// A deployment error: the SES configuration set the deployment names does not exist.
    #[error("{0}")]
    ConfigurationSetMissing(String),
    /// A per-tenant quota is full: the limit and the current use.
    #[error("the tenant's {} quota is full ({} of {})", .0.quota, .0.used, .0.limit)]
    QuotaExceeded(QuotaReached),
    /// The account-wide SES budget is spent for now (`ses_budget`): retry after the duration.
    #[error("the shared Amazon SES budget is spent; retry after {0:?}")]
    BudgetSpent(std::time::Duration),
    /// Asked again too soon (a cooldown or a daily cap): retry after the duration.
    #[error("{1}")]
    TooSoon(std::time::Duration, String),
    #[error("internal failure: {0}")]
    Internal(String),
}

impl UseCaseError {
    /// A [`UseCaseError::Conflict`].
    pub fn conflict(kind: Conflict, detail: impl Into<String>) -> Self {
        Self::Conflict(kind, detail.into())
    }
}

impl From<StoreError> for UseCaseError {
    fn from(error: StoreError) -> Self {
        UseCaseError::Internal(error.to_string())
    }
}

impl From<IdentityError> for UseCaseError {
    fn from(error: IdentityError) -> Self {
        match error {
            IdentityError::Throttled | IdentityError::Unavailable(_) => {
                UseCaseError::Unavailable(error.to_string())
            }
            IdentityError::BudgetSpent(wait) => UseCaseError::BudgetSpent(wait),
            IdentityError::QuotaExhausted(reason) => UseCaseError::IdentityQuotaExhausted(reason),
            IdentityError::ConfigurationSetMissing(reason) => {
                UseCaseError::ConfigurationSetMissing(reason)
            }
            IdentityError::Rejected(reason) => UseCaseError::SesRejected(reason),
            IdentityError::OwnedElsewhere => UseCaseError::conflict(
                Conflict::InUseOutsideService,
                "This name is in use in the sending account outside this service, so it cannot \
                 be added here. Choose another, or ask the platform team to remove it there.",
            ),
            IdentityError::AlreadyExists
            | IdentityError::NotFound
            | IdentityError::Unexpected(_) => UseCaseError::Internal(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_conflict_has_its_own_code() {
        let codes: HashSet<&str> = Conflict::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), Conflict::ALL.len());
    }

    #[test]
    fn a_name_ses_rejects_is_the_callers_to_change() {
        let rejected = UseCaseError::from(IdentityError::Rejected("bad name".to_owned()));
        assert!(
            matches!(rejected, UseCaseError::SesRejected(_)),
            "{rejected:?}"
        );
        let unexpected = UseCaseError::from(IdentityError::Unexpected("no DKIM".to_owned()));
        assert!(
            matches!(unexpected, UseCaseError::Internal(_)),
            "{unexpected:?}"
        );
        let throttled = UseCaseError::from(IdentityError::Throttled);
        assert!(
            matches!(throttled, UseCaseError::Unavailable(_)),
            "{throttled:?}"
        );
    }
}
