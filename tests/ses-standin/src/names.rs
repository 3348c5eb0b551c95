//! Parsed identity names: domains (case-insensitive, stored lowercased) and email addresses
//! (case-sensitive, stored as given), as SES treats them.

use std::fmt;

/// Why a name was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The text is not a valid DNS domain name for an SES identity.
    #[error("invalid domain name `{0}`")]
    InvalidDomain(String),
    /// The text is not a valid email address.
    #[error("invalid email address `{0}`")]
    InvalidEmail(String),
}

/// A DNS domain name such as `mail.example.com`: at least two labels, LDH labels of 1..=63
/// characters, at most 253 characters, stored lowercased without a trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DomainName(String);

impl DomainName {
    /// Parses and lowercases a domain name.
    pub fn parse(text: &str) -> Result<Self, NameError> {
        let lowered = text.to_ascii_lowercase();
        let labels: Vec<&str> = lowered.split('.').collect();
        let valid =
            lowered.len() <= 253 && labels.len() >= 2 && labels.iter().all(|l| valid_label(l));
        if valid {
            Ok(Self(lowered))
        } else {
            Err(NameError::InvalidDomain(text.to_owned()))
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `self` is `other` or lies below it (`a.b.example.com` is within `example.com`).
    pub fn is_within(&self, other: &DomainName) -> bool {
        self == other || self.is_strict_subdomain_of(other)
    }

    /// True when `self` lies strictly below `other`.
    pub fn is_strict_subdomain_of(&self, other: &DomainName) -> bool {
        self.0
            .strip_suffix(other.as_str())
            .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.'))
    }
}

fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address `local@domain`; the whole address is kept exactly as given, since SES treats
/// addresses as case-sensitive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EmailAddress {
    text: String,
    domain: DomainName,
}

impl EmailAddress {
    /// Parses an address: a non-empty local part of at most 64 printable characters without
    /// spaces or `@`, then a valid domain.
    pub fn parse(text: &str) -> Result<Self, NameError> {
        let invalid = || NameError::InvalidEmail(text.to_owned());
        let (local, domain) = text.rsplit_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.bytes().all(|b| b.is_ascii_graphic() && b != b'@');
        if !local_ok {
            return Err(invalid());
        }
        let domain = DomainName::parse(domain).map_err(|_| invalid())?;
        Ok(Self {
            text: text.to_owned(),
            domain,
        })
    }

    /// The address as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The domain part, lowercased.
    pub fn domain(&self) -> &DomainName {
        &self.domain
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// An SES identity name: a domain or an email address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentityName {
    /// A domain identity.
    Domain(DomainName),
    /// An email-address identity.
    Email(EmailAddress),
}

impl IdentityName {
    /// Parses a name: anything containing `@` is an email address, everything else a domain.
    pub fn parse(text: &str) -> Result<Self, NameError> {
        if text.contains('@') {
            EmailAddress::parse(text).map(Self::Email)
        } else {
            DomainName::parse(text).map(Self::Domain)
        }
    }

    /// The canonical text (domains lowercased).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Domain(domain) => domain.as_str(),
            Self::Email(email) => email.as_str(),
        }
    }

    /// The domain the identity lives in: the domain itself, or the address's domain.
    pub fn domain(&self) -> &DomainName {
        match self {
            Self::Domain(domain) => domain,
            Self::Email(email) => email.domain(),
        }
    }
}

impl fmt::Display for IdentityName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_lowercased_and_validated() {
        let name = DomainName::parse("Mail.Example.COM").unwrap();
        assert_eq!(name.as_str(), "mail.example.com");
        for bad in [
            "",
            "example",
            "-a.example.com",
            "a..com",
            "a_b.example.com",
            "example.com.",
        ] {
            assert!(DomainName::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(DomainName::parse(&format!("{}.com", "a".repeat(64))).is_err());
    }

    #[test]
    fn subdomain_relation_is_label_aligned() {
        let parent = DomainName::parse("example.com").unwrap();
        let child = DomainName::parse("mail.example.com").unwrap();
        let lookalike = DomainName::parse("badexample.com").unwrap();
        assert!(child.is_strict_subdomain_of(&parent));
        assert!(!lookalike.is_within(&parent));
        assert!(parent.is_within(&parent));
        assert!(!parent.is_strict_subdomain_of(&parent));
    }

    #[test]
    fn email_addresses_keep_their_case() {
        let name = IdentityName::parse("Alice@Example.com").unwrap();
        assert_eq!(name.as_str(), "Alice@Example.com");
        assert_eq!(name.domain().as_str(), "example.com");
        for bad in [
            "@example.com",
            "a b@example.com",
            "alice@",
            "alice@localhost",
        ] {
            assert!(
                IdentityName::parse(bad).is_err(),
                "{bad} should be rejected"
            );
        }
    }
}
