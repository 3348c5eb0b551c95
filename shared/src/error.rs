//! What a use case can answer instead of a result: one error type for every use case, so the
//! edge maps each refusal to one HTTP status in one place.

use crate::ports::{IdentityError, StoreError};

/// One rejected input field, for an RFC 9457 `errors` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
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
    /// A state conflict the caller can act on; the text says what to do.
    #[error("{0}")]
    Conflict(String),
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
    #[error("internal failure: {0}")]
    Internal(String),
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
            IdentityError::QuotaExhausted(reason) => UseCaseError::IdentityQuotaExhausted(reason),
            IdentityError::ConfigurationSetMissing(reason) => {
                UseCaseError::ConfigurationSetMissing(reason)
            },
            IdentityError::AlreadyExists | IdentityError::NotFound | IdentityError::Rejected(_) => {
                UseCaseError::Internal(error.to_string())
            }
        }
    }
}
