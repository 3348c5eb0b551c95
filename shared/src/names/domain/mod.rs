//! [`DomainName`]: a host name, normalised once.

mod error;
pub(crate) mod parse;
mod suffix;

use serde::{Deserialize, Serialize};

pub use error::{DomainNameError, LabelProblem};
pub use suffix::PublicSuffix;
pub(crate) use suffix::is_listed_label;

use super::macros::string_newtype;

/// A domain name in its normalised ASCII form, such as `mail.example.com` or
/// `xn--bcher-kva.example`.
///
/// Parsing trims the input, lower-cases it and converts internationalised labels to Punycode
/// (UTS #46, non-transitional). A single trailing root dot is accepted and dropped. The result
/// has at most 253 characters, at least two labels of 1 to 63 letters, digits and hyphens (no
/// hyphen first or last, no `--` in positions 3 and 4 except in `xn--` labels), and a top-level
/// domain made of letters (or an `xn--` label). Wildcards and IP addresses are refused.
///
/// Equality, ordering and hashing compare the normalised form, so `Example.COM` and
/// `example.com.` are the same name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

string_newtype!(DomainName, DomainNameError);

impl DomainName {
    /// The longest name, in characters of the ASCII form (RFC 1035).
    pub const MAX_LEN: usize = parse::MAX_LEN;
    /// The longest label, in characters of the ASCII form (RFC 1035).
    pub const MAX_LABEL_LEN: usize = parse::MAX_LABEL_LEN;

    /// Parses and normalises a domain name.
    pub fn parse(input: &str) -> Result<Self, DomainNameError> {
        parse::normalise(input).map(|normalised| Self(normalised.ascii))
    }

    /// Parses like [`parse`](Self::parse) and also tells whether the input ended with the
    /// root dot (which an email address must not have).
    pub(crate) fn parse_noting_root_dot(input: &str) -> Result<(Self, bool), DomainNameError> {
        parse::normalise(input).map(|normalised| (Self(normalised.ascii), normalised.had_root_dot))
    }

    /// The normalised ASCII form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The labels, from the leftmost (most specific) to the top-level domain.
    pub fn labels(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        self.0.split('.')
    }

    /// How many labels the name has (at least two).
    pub fn label_count(&self) -> usize {
        self.labels().count()
    }

    /// Whether this name is `other` or lies under it, compared label by label:
    /// `a.example.com` is under `example.com`, `notexample.com` is not.
    pub fn is_same_or_under(&self, other: impl AsRef<DomainName>) -> bool {
        let other = other.as_ref().as_str();
        self.0
            .strip_suffix(other)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
    }

    /// The name without its leftmost label, or `None` when that would leave a single label
    /// (the parent of `example.com` is the top-level domain `com`, which is not a `DomainName`).
    pub fn parent(&self) -> Option<DomainName> {
        let (_, rest) = self.0.split_once('.')?;
        rest.contains('.').then(|| Self(rest.to_owned()))
    }

    /// The name with `label` prepended. The caller guarantees that `label` is a valid label
    /// and that the result fits in [`MAX_LEN`](Self::MAX_LEN).
    pub(crate) fn with_label_prepended(&self, label: &str) -> DomainName {
        let name = format!("{label}.{}", self.0);
        debug_assert!(name.len() <= Self::MAX_LEN, "{name} is too long");
        Self(name)
    }

    /// The last `len` bytes of the name, which the caller guarantees start at a label
    /// boundary and span at least two labels.
    fn tail(&self, len: usize) -> Option<DomainName> {
        let start = self.0.len().checked_sub(len)?;
        let tail = self.0.get(start..)?;
        let aligned = start == 0 || self.0[..start].ends_with('.');
        (aligned && tail.contains('.')).then(|| Self(tail.to_owned()))
    }
}

impl AsRef<DomainName> for DomainName {
    fn as_ref(&self) -> &DomainName {
        self
    }
}
