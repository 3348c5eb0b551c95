//! [`SubdomainName`]: a name a tenant may verify as an SES domain identity.

use serde::{Deserialize, Serialize};

use super::domain::{DomainName, DomainNameError};
use super::macros::string_newtype;
use super::mail_from::MailFromLabel;

/// The most labels a subdomain may have below its registrable domain. Claiming a subdomain
/// writes one item per ancestor in a single DynamoDB transaction (capped at 100 items); ten
/// keeps that far below the cap and is deeper than any real sending name.
pub const MAX_LABELS_BELOW_REGISTRABLE: usize = 10;

/// A strict subdomain of a registrable domain, such as `marketing.example.com` (never
/// `example.com` itself, nor a public suffix such as `co.uk`).
///
/// Rules on top of [`DomainName`]:
/// - the public suffix must be on the Public Suffix List. A name under an unknown top-level
///   domain (`mail.example.internal`) is refused: SES verifies through public DNS, so it could
///   only ever fail. The cost is that a brand-new top-level domain is refused until
///   `shared/data/public_suffix_list.dat` is updated;
/// - at most [`MAX_LABELS_BELOW_REGISTRABLE`] labels below the registrable domain;
/// - at most [`SubdomainName::MAX_LEN`] characters, so that the MAIL FROM domain built from it
///   always fits in a domain name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SubdomainName {
    name: DomainName,
    registrable: DomainName,
}

string_newtype!(SubdomainName, SubdomainNameError);

/// Why a string is not a usable sending subdomain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubdomainNameError {
    #[error(transparent)]
    Domain(#[from] DomainNameError),
    #[error(
        "`.{tld}` is not a public top-level domain (it is not on the Public Suffix List), so SES could never verify names under it"
    )]
    UnknownTld { tld: String },
    #[error(
        "`{suffix}` is a public suffix, under which anyone can register domains; use a subdomain of your own domain, such as marketing.example.{suffix}"
    )]
    PublicSuffix { suffix: String },
    #[error(
        "`{registrable}` is a registered domain, not a subdomain; use a subdomain such as marketing.{registrable}"
    )]
    NotASubdomain { registrable: String },
    #[error(
        "the name has {depth} labels below its registered domain; the limit is {}",
        MAX_LABELS_BELOW_REGISTRABLE
    )]
    TooDeep { depth: usize },
    #[error(
        "the subdomain is {length} characters long; the limit is {}, so that its MAIL FROM domain fits in {}",
        SubdomainName::MAX_LEN,
        DomainName::MAX_LEN
    )]
    TooLong { length: usize },
}

impl SubdomainNameError {
    /// A stable, machine-readable code for this error (snake_case); errors of the underlying
    /// domain name keep their [`DomainNameError::code`].
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain(error) => error.code(),
            Self::UnknownTld { .. } => "unknown_tld",
            Self::PublicSuffix { .. } => "public_suffix",
            Self::NotASubdomain { .. } => "not_a_subdomain",
            Self::TooDeep { .. } => "too_deep",
            Self::TooLong { .. } => "too_long",
        }
    }
}

impl SubdomainName {
    /// The longest subdomain, in characters: room is left for the longest MAIL FROM label and
    /// its dot.
    pub const MAX_LEN: usize = DomainName::MAX_LEN - 1 - MailFromLabel::MAX_LEN;

    /// Parses and normalises a sending subdomain.
    pub fn parse(input: &str) -> Result<Self, SubdomainNameError> {
        match DomainName::parse(input) {
            Ok(name) => Self::from_domain(name),
            Err(DomainNameError::SingleLabel { name }) if is_known_suffix(&name) => {
                Err(SubdomainNameError::PublicSuffix { suffix: name })
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Checks that a parsed domain name is a sending subdomain.
    pub fn from_domain(name: DomainName) -> Result<Self, SubdomainNameError> {
        let suffix = name.public_suffix();
        if !suffix.is_known() {
            return Err(SubdomainNameError::UnknownTld {
                tld: suffix.as_str().to_owned(),
            });
        }
        let public_suffix = || SubdomainNameError::PublicSuffix {
            suffix: suffix.as_str().to_owned(),
        };
        if suffix.as_str() == name.as_str() {
            return Err(public_suffix());
        }
        let registrable = name.registrable_domain().ok_or_else(public_suffix)?;
        if registrable == name {
            return Err(SubdomainNameError::NotASubdomain {
                registrable: registrable.to_string(),
            });
        }
        let depth = name.label_count() - registrable.label_count();
        if depth > MAX_LABELS_BELOW_REGISTRABLE {
            return Err(SubdomainNameError::TooDeep { depth });
        }
        if name.as_str().len() > Self::MAX_LEN {
            return Err(SubdomainNameError::TooLong {
                length: name.as_str().len(),
            });
        }
        Ok(Self { name, registrable })
    }

    /// The normalised ASCII form.
    pub fn as_str(&self) -> &str {
        self.name.as_str()
    }

    /// The name as a plain domain name.
    pub fn as_domain(&self) -> &DomainName {
        &self.name
    }

    /// The registrable domain it lies under, such as `example.co.uk`.
    pub fn registrable_domain(&self) -> DomainName {
        self.registrable.clone()
    }

    /// The registrable domain, borrowed.
    pub fn registrable(&self) -> &DomainName {
        &self.registrable
    }

    /// The strict ancestors of this name that are themselves subdomains, nearest first:
    /// `[b.example.com]` for `a.b.example.com`, nothing for `b.example.com`.
    pub fn ancestors_below_registrable(&self) -> Vec<DomainName> {
        let mut ancestors = Vec::new();
        let mut next = self.name.parent();
        while let Some(ancestor) = next.filter(|ancestor| *ancestor != self.registrable) {
            next = ancestor.parent();
            ancestors.push(ancestor);
        }
        ancestors
    }

    /// Whether this name is `other` or lies under it, label by label.
    pub fn is_same_or_under(&self, other: impl AsRef<DomainName>) -> bool {
        self.name.is_same_or_under(other)
    }

    /// The custom MAIL FROM domain for this subdomain: `bounce.marketing.example.com`.
    pub fn mail_from_domain(&self, label: &MailFromLabel) -> DomainName {
        self.name.with_label_prepended(label.as_str())
    }
}

impl AsRef<DomainName> for SubdomainName {
    fn as_ref(&self) -> &DomainName {
        &self.name
    }
}

fn is_known_suffix(label: &str) -> bool {
    super::domain::is_listed_label(label)
}
