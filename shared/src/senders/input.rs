//! Turning a request's raw fields into valid values, collecting every violation at once.

use crate::error::{FieldViolation, UseCaseError};
use crate::names::{DisplayName, DomainName, EmailAddress};

/// The fields of a new sender, as received.
#[derive(Debug, Clone, Default)]
pub struct NewSender {
    pub kind: String,
    pub domain_id: Option<String>,
    pub from_email: String,
    pub display_name: Option<String>,
    pub reply_to: Option<String>,
}

/// A change to a sender: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct SenderPatch {
    pub display_name: Option<Option<String>>,
    pub reply_to: Option<Option<String>>,
}

/// Collects field violations while parsing.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    pub fn add(&mut self, field: &'static str, code: &'static str, message: impl Into<String>) {
        self.0.push(FieldViolation {
            field,
            code,
            message: message.into(),
        });
    }

    pub fn email(&mut self, field: &'static str, raw: &str) -> Option<EmailAddress> {
        EmailAddress::parse(raw)
            .map_err(|error| self.add(field, error.code(), error.to_string()))
            .ok()
    }

    pub fn display_name(&mut self, raw: &str) -> Option<DisplayName> {
        DisplayName::parse(raw)
            .map_err(|error| self.add("display_name", error.code(), error.to_string()))
            .ok()
    }

    /// Refuses an address on or under the platform's own sending domain.
    pub fn not_platform(
        &mut self,
        field: &'static str,
        address: &EmailAddress,
        platform: Option<&DomainName>,
    ) {
        if let Some(platform) = platform
            && address.domain().is_same_or_under(platform)
        {
            self.add(
                    field,
                    "platform_domain",
                    format!("{platform} is the platform's own sending domain; use an address on your own domain"),
                );
        }
    }

    /// Refuses the platform default sender's own address or SES identity, whatever the
    /// platform domain is (the default sender may be an address identity on any domain).
    pub fn not_default_sender(
        &mut self,
        field: &'static str,
        address: &EmailAddress,
        default: &super::DefaultSender,
    ) {
        let identity = default.identity.as_str();
        if address == &default.email
            || address.as_str().eq_ignore_ascii_case(identity)
            || address.domain().as_str().eq_ignore_ascii_case(identity)
        {
            self.add(
                field,
                "platform_sender",
                "This is the platform's own sender; use an address on your own domain",
            );
        }
    }

    /// `Ok` when nothing was violated, else the 422 error with every violation.
    pub fn finish(self) -> Result<(), UseCaseError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(UseCaseError::Invalid(self.0))
        }
    }
}

/// Parses an optional field that may be cleared: `Some(None)` stays a clear.
pub fn optional<T>(
    value: &Option<Option<String>>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Option<Option<T>> {
    match value {
        None => None,
        Some(None) => Some(None),
        Some(Some(raw)) => parse(raw).map(Some),
    }
}
