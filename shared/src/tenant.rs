//! Who is asking: the tenant and what they may do.
//!
//! The tenant is never taken from a request body or header: the API's edge builds a
//! [`Principal`] from the JWT authorizer's claims only.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::UseCaseError;

/// A tenant identifier as issued by the identity provider (the JWT's tenant claim).
///
/// Opaque to this service, but bounded: 1 to 128 printable ASCII characters without spaces,
/// so it is safe inside DynamoDB keys, schedule names and log lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

/// Why a tenant claim is not a usable tenant id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenantIdError {
    #[error("the tenant id is empty")]
    Empty,
    #[error("the tenant id is longer than 128 characters")]
    TooLong,
    #[error("the tenant id may hold only printable ASCII characters without spaces")]
    InvalidCharacter,
}

impl TenantId {
    /// Parses a tenant id from a claim value.
    pub fn parse(raw: &str) -> Result<Self, TenantIdError> {
        if raw.is_empty() {
            return Err(TenantIdError::Empty);
        }
        if raw.len() > 128 {
            return Err(TenantIdError::TooLong);
        }
        if !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TenantIdError::InvalidCharacter);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TenantId {
    type Error = TenantIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TenantId> for String {
    fn from(value: TenantId) -> Self {
        value.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The caller of a use case: a tenant and whether they may change things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub tenant: TenantId,
    pub is_admin: bool,
}

impl Principal {
    pub fn new(tenant: TenantId, is_admin: bool) -> Self {
        Self { tenant, is_admin }
    }

    /// `Ok` for an admin, else [`UseCaseError::Forbidden`]: every change a use case makes
    /// starts with it.
    pub fn require_admin(&self) -> Result<(), UseCaseError> {
        if self.is_admin {
            Ok(())
        } else {
            Err(UseCaseError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_printable_ascii() {
        assert_eq!(
            TenantId::parse("acme-01").map(|t| t.to_string()),
            Ok("acme-01".to_owned())
        );
    }

    #[test]
    fn rejects_empty_long_and_spaces() {
        assert_eq!(TenantId::parse(""), Err(TenantIdError::Empty));
        assert_eq!(
            TenantId::parse(&"a".repeat(129)),
            Err(TenantIdError::TooLong)
        );
        assert_eq!(TenantId::parse("a b"), Err(TenantIdError::InvalidCharacter));
        assert_eq!(TenantId::parse("é"), Err(TenantIdError::InvalidCharacter));
    }
}
