//! Why a string is not a [`DomainName`](super::DomainName).

use crate::names::macros::describe_char;

/// Why a string is not a usable domain name.
///
/// Each variant has a stable machine [`code`](Self::code); the `Display` text is written for a
/// person and never echoes characters that are not letters, digits or hyphens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainNameError {
    #[error("the domain name is empty")]
    Empty,
    #[error("the domain name is {length} characters long; the limit is 253")]
    TooLong { length: usize },
    #[error("wildcards (`*`) are not allowed; enter one exact domain name")]
    Wildcard,
    #[error("IP addresses are not allowed; enter a domain name such as mail.example.com")]
    IpAddress,
    #[error(
        "this is not a valid internationalised domain name (it breaks the IDNA rules of UTS #46)"
    )]
    InvalidIdn,
    #[error("the domain name has an empty label; check for a leading dot or two dots in a row")]
    EmptyLabel,
    #[error("a label is {length} characters long; labels are limited to 63")]
    LabelTooLong { length: usize },
    #[error("the character {} is not allowed; use letters, digits, hyphens and dots", describe_char(.character))]
    InvalidCharacter { character: char },
    #[error("the label `{label}` {problem}")]
    InvalidLabel {
        label: String,
        problem: LabelProblem,
    },
    #[error("`{name}` has a single label; a domain name needs at least two, such as example.com")]
    SingleLabel { name: String },
    #[error("`{tld}` is not a valid top-level domain; top-level domains contain only letters")]
    InvalidTld { tld: String },
}

/// What is wrong with a label made of letters, digits and hyphens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LabelProblem {
    #[error("must not start or end with a hyphen")]
    HyphenAtEdge,
    #[error(
        "has hyphens in the third and fourth positions, which are reserved for internationalised (xn--) labels"
    )]
    ReservedHyphens,
}

impl DomainNameError {
    /// A stable, machine-readable code for this error (snake_case).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong { .. } => "too_long",
            Self::Wildcard => "wildcard",
            Self::IpAddress => "ip_address",
            Self::InvalidIdn => "invalid_idn",
            Self::EmptyLabel => "empty_label",
            Self::LabelTooLong { .. } => "label_too_long",
            Self::InvalidCharacter { .. } => "invalid_character",
            Self::InvalidLabel { .. } => "invalid_label",
            Self::SingleLabel { .. } => "single_label",
            Self::InvalidTld { .. } => "invalid_tld",
        }
    }
}
