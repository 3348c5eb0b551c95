//! Why a string is not an [`EmailAddress`](super::EmailAddress).

use crate::names::domain::DomainNameError;
use crate::names::macros::describe_char;

/// Why a string is not a usable sender address.
///
/// Each variant has a stable machine [`code`](Self::code); the `Display` text is written for a
/// person and never echoes invisible characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailAddressError {
    #[error("the email address is empty")]
    Empty,
    #[error("the email address is {length} characters long; the limit is 254")]
    TooLong { length: usize },
    #[error(
        "enter the bare address, such as name@example.com, without a display name or angle brackets; the display name is set separately"
    )]
    DisplayNameInAddress,
    #[error("the email address must not contain spaces or other whitespace")]
    Whitespace,
    #[error("the email address contains the control character {}", describe_char(.character))]
    ControlCharacter { character: char },
    #[error("the email address needs an @, as in name@example.com")]
    MissingAt,
    #[error("the email address must contain exactly one @")]
    MultipleAt,
    #[error("quoted local parts (\"...\"@example.com) are not supported")]
    QuotedLocalPart,
    #[error("the part before the @ is empty")]
    EmptyLocalPart,
    #[error("the part before the @ is {length} characters long; the limit is 64")]
    LocalPartTooLong { length: usize },
    #[error(
        "the part before the @ must use ASCII characters only; Amazon SES does not support internationalised (SMTPUTF8) addresses"
    )]
    NonAsciiLocalPart,
    #[error("the character {} is not allowed before the @", describe_char(.character))]
    InvalidLocalPart { character: char },
    #[error("the part before the @ must not start or end with a dot or have two dots in a row")]
    LocalPartDot,
    #[error("the part after the @ is empty")]
    MissingDomain,
    #[error("the domain after the @ must not end with a dot")]
    DomainTrailingDot,
    #[error("the domain after the @ is invalid: {0}")]
    Domain(DomainNameError),
}

impl EmailAddressError {
    /// A stable, machine-readable code for this error (snake_case); problems with the domain
    /// keep their [`DomainNameError::code`] (such as `ip_address`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong { .. } => "too_long",
            Self::DisplayNameInAddress => "display_name_in_address",
            Self::Whitespace => "whitespace",
            Self::ControlCharacter { .. } => "control_character",
            Self::MissingAt => "missing_at",
            Self::MultipleAt => "multiple_at",
            Self::QuotedLocalPart => "quoted_local_part",
            Self::EmptyLocalPart => "empty_local_part",
            Self::LocalPartTooLong { .. } => "local_part_too_long",
            Self::NonAsciiLocalPart => "non_ascii_local_part",
            Self::InvalidLocalPart { .. } => "invalid_local_part",
            Self::LocalPartDot => "local_part_dot",
            Self::MissingDomain => "missing_domain",
            Self::DomainTrailingDot => "domain_trailing_dot",
            Self::Domain(error) => error.code(),
        }
    }
}
