//! The part before the `@`: an RFC 5322 `dot-atom-text` in ASCII.

use super::error::EmailAddressError;

/// The longest local part, in octets (RFC 5321, section 4.5.3.1.1).
pub(crate) const MAX_LEN: usize = 64;

/// Checks a local part, kept exactly as given (SES treats local parts as case-sensitive).
///
/// Only the `dot-atom` form is accepted: quoted strings, comments and the obsolete forms of
/// RFC 5322 are refused, and so are non-ASCII characters (SES does not support SMTPUTF8).
pub(crate) fn check(local: &str) -> Result<(), EmailAddressError> {
    if local.starts_with('"') {
        return Err(EmailAddressError::QuotedLocalPart);
    }
    if local.contains('@') {
        return Err(EmailAddressError::MultipleAt);
    }
    if local.is_empty() {
        return Err(EmailAddressError::EmptyLocalPart);
    }
    if !local.is_ascii() {
        return Err(EmailAddressError::NonAsciiLocalPart);
    }
    if local.len() > MAX_LEN {
        return Err(EmailAddressError::LocalPartTooLong {
            length: local.len(),
        });
    }
    if let Some(character) = local.chars().find(|c| *c != '.' && !is_atext(*c)) {
        return Err(EmailAddressError::InvalidLocalPart { character });
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(EmailAddressError::LocalPartDot);
    }
    Ok(())
}

/// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}
