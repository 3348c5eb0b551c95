//! The Public Suffix List view of a [`DomainName`], via the `psl` crate.

use std::fmt;

use super::DomainName;

/// The public suffix of a name: the part under which anyone may register names, such as `com`,
/// `co.uk` or `github.io`.
///
/// Names whose top-level domain is not on the list get the list's implicit `*` rule: the
/// top-level domain itself, reported with [`is_known`](Self::is_known) `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicSuffix<'a> {
    suffix: &'a str,
    known: bool,
}

impl<'a> PublicSuffix<'a> {
    /// The suffix in its normalised ASCII form, such as `co.uk`.
    pub fn as_str(&self) -> &'a str {
        self.suffix
    }

    /// Whether the suffix is on the Public Suffix List (rather than the implicit `*` rule).
    pub fn is_known(&self) -> bool {
        self.known
    }
}

impl fmt::Display for PublicSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.suffix)
    }
}

impl DomainName {
    /// The public suffix of this name, from the Public Suffix List compiled into `psl`.
    pub fn public_suffix(&self) -> PublicSuffix<'_> {
        let name = self.as_str();
        let found = psl::suffix(name.as_bytes()).and_then(|suffix| {
            let start = name.len().checked_sub(suffix.as_bytes().len())?;
            Some(PublicSuffix {
                suffix: name.get(start..)?,
                known: suffix.is_known(),
            })
        });
        found.unwrap_or_else(|| {
            // Not reached for a valid name (the `*` rule always matches); the top-level domain is
            // what the implicit rule would give.
            let tld = name.rsplit('.').next().unwrap_or(name);
            PublicSuffix {
                suffix: tld,
                known: false,
            }
        })
    }

    /// The registrable domain: the public suffix plus one label (`example.co.uk` for
    /// `mail.example.co.uk`). `None` when the name is itself a public suffix, such as `co.uk`.
    ///
    /// Under a top-level domain missing from the list the implicit `*` rule applies, so
    /// `a.b.internal` gives `b.internal`; check [`public_suffix`](Self::public_suffix)`.is_known()`
    /// when that matters.
    pub fn registrable_domain(&self) -> Option<DomainName> {
        let domain = psl::domain(self.as_str().as_bytes())?;
        self.tail(domain.as_bytes().len())
    }
}
