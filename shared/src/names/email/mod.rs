//! [`EmailAddress`]: a sender address (`from_email`, `reply_to`), parsed once.

mod error;
mod local_part;

use serde::{Deserialize, Serialize};

pub use error::EmailAddressError;

use super::domain::DomainName;
use super::macros::string_newtype;

/// A bare email address, `local@domain`, as SES accepts it.
///
/// - The local part is an RFC 5322 `dot-atom` of ASCII `atext`, 1 to 64 characters, kept
///   exactly as given: SES treats addresses as case-sensitive. Quoted local parts (`"a b"@x`)
///   are refused (rare, and badly supported by mail software), and so are non-ASCII local parts
///   (SES does not support SMTPUTF8).
/// - The domain is a [`DomainName`], normalised (lower case, Punycode). Without a root dot: a
///   trailing dot is not valid in an address. IP literals (`[192.0.2.1]`) are refused.
/// - No display name or angle brackets (`Bob <bob@example.com>`), no whitespace, no control
///   characters, no comments; at most 254 characters in the normalised form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress {
    address: String,
    local_len: usize,
    domain: DomainName,
}

string_newtype!(EmailAddress, EmailAddressError);

impl EmailAddress {
    /// The longest address, in characters of the normalised form (RFC 5321 path limit less
    /// the angle brackets).
    pub const MAX_LEN: usize = 254;
    /// Input longer than this is refused before any processing.
    const MAX_INPUT_BYTES: usize = 1024;

    /// Parses an address, normalising only its domain.
    pub fn parse(input: &str) -> Result<Self, EmailAddressError> {
        if input.is_empty() {
            return Err(EmailAddressError::Empty);
        }
        if input.len() > Self::MAX_INPUT_BYTES {
            return Err(EmailAddressError::TooLong {
                length: input.chars().count(),
            });
        }
        screen(input)?;
        let (local, domain) = input.rsplit_once('@').ok_or(EmailAddressError::MissingAt)?;
        local_part::check(local)?;
        if domain.is_empty() {
            return Err(EmailAddressError::MissingDomain);
        }
        let (domain, had_root_dot) =
            DomainName::parse_noting_root_dot(domain).map_err(EmailAddressError::Domain)?;
        if had_root_dot {
            return Err(EmailAddressError::DomainTrailingDot);
        }
        let address = format!("{local}@{domain}");
        if address.len() > Self::MAX_LEN {
            return Err(EmailAddressError::TooLong {
                length: address.len(),
            });
        }
        Ok(Self {
            address,
            local_len: local.len(),
            domain,
        })
    }

    /// The whole address, with the domain normalised.
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The part before the `@`, exactly as given.
    pub fn local_part(&self) -> &str {
        &self.address[..self.local_len]
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &DomainName {
        &self.domain
    }
}

/// Refuses what can never be part of a bare address, whatever its position.
fn screen(input: &str) -> Result<(), EmailAddressError> {
    if input.contains(['<', '>']) {
        return Err(EmailAddressError::DisplayNameInAddress);
    }
    if input.starts_with('"') {
        return Err(EmailAddressError::QuotedLocalPart);
    }
    for character in input.chars() {
        if character.is_whitespace() {
            return Err(EmailAddressError::Whitespace);
        }
        if character.is_control() {
            return Err(EmailAddressError::ControlCharacter { character });
        }
    }
    Ok(())
}
