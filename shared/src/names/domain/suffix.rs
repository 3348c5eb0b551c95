//! The Public Suffix List view of a [`DomainName`].
//!
//! The list is compiled in by `build.rs` from `shared/data/public_suffix_list.dat`: one rule a
//! line, in Punycode, sorted, so a rule is found by binary search over the text itself, with
//! nothing to build at start. It costs about 150 KB of read-only data, where the `psl` crate's
//! generated matcher cost 630 KB of code in every function.

use std::cmp::Ordering;
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
    /// The public suffix of this name, by the Public Suffix List's algorithm: the longest
    /// matching rule (`*` matching any one label), unless an exception rule (`!`) matches, in
    /// which case the exception's rule minus its leftmost label.
    pub fn public_suffix(&self) -> PublicSuffix<'_> {
        let name = self.as_str();
        let (start, known) = match prevailing_rule(name) {
            Some(start) => (start, true),
            // The implicit `*` rule: the top-level domain.
            None => (name.rfind('.').map_or(0, |dot| dot + 1), false),
        };
        PublicSuffix {
            suffix: name.get(start..).unwrap_or(name),
            known,
        }
    }

    /// The registrable domain: the public suffix plus one label (`example.co.uk` for
    /// `mail.example.co.uk`). `None` when the name is itself a public suffix, such as `co.uk`.
    ///
    /// Under a top-level domain missing from the list the implicit `*` rule applies, so
    /// `a.b.internal` gives `b.internal`; check [`public_suffix`](Self::public_suffix)`.is_known()`
    /// when that matters.
    pub fn registrable_domain(&self) -> Option<DomainName> {
        let name = self.as_str();
        let suffix = self.public_suffix().as_str();
        let before = name.len().checked_sub(suffix.len() + 1)?;
        let start = name.get(..before)?.rfind('.').map_or(0, |dot| dot + 1);
        self.tail(name.len() - start)
    }
}

/// Whether `label` (one label in its ASCII form, such as `com` or `uk`) is itself on the list.
pub(crate) fn is_listed_label(label: &str) -> bool {
    listed(&[label])
}

/// Where in `name` the suffix of the prevailing listed rule starts, or `None` when no rule
/// matches (the implicit `*` rule then applies).
fn prevailing_rule(name: &str) -> Option<usize> {
    // The starts of the name's suffixes, shortest first: `com`, `example.com`, ...
    let starts = name
        .rmatch_indices('.')
        .map(|(dot, _)| dot + 1)
        .chain(std::iter::once(0));
    let mut longest = None;
    let mut parent: Option<usize> = None;
    for start in starts {
        let suffix = name.get(start..)?;
        if let Some(parent) = parent.filter(|_| listed(&["!", suffix])) {
            // An exception prevails over every other rule; its suffix drops its leftmost label.
            return Some(parent);
        }
        let wildcard = parent.and_then(|parent| name.get(parent..));
        if listed(&[suffix]) || wildcard.is_some_and(|parent| listed(&["*.", parent])) {
            longest = Some(start);
        }
        parent = Some(start);
    }
    longest
}

/// The compiled rules (see `build.rs`): ASCII, one a line, in byte order.
static RULES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/public_suffix_rules.txt"));

/// Whether the rule spelled by `parts` (joined with nothing between) is on the list.
fn listed(parts: &[&str]) -> bool {
    let (mut low, mut high) = (0, RULES.len());
    // `low` and `high` are always line starts (or the end); the rules between them are left.
    while low < high {
        let middle = low + (high - low) / 2;
        let start = RULES[low..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(low, |newline| low + newline + 1);
        let end = RULES[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(RULES.len(), |newline| start + newline);
        match compare(&RULES[start..end], parts) {
            Ordering::Equal => return true,
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    false
}

/// `rule` against the concatenation of `parts`, byte by byte.
fn compare(rule: &[u8], parts: &[&str]) -> Ordering {
    rule.iter()
        .cmp(parts.iter().flat_map(|part| part.as_bytes().iter()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_rules_are_sorted_ascii_lines() {
        let text = std::str::from_utf8(RULES).expect("ASCII");
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(lines.len() > 9_000, "{} rules", lines.len());
        assert!(text.is_ascii());
        assert!(
            lines.windows(2).all(|pair| pair[0] < pair[1]),
            "sorted, no repeats"
        );
        assert!(lines.iter().all(|line| !line.is_empty()));
    }

    #[test]
    fn rules_at_both_ends_and_inside_are_found() {
        let text = std::str::from_utf8(RULES).expect("ASCII");
        for line in text.split('\n') {
            assert!(listed(&[line]), "{line}");
        }
        for absent in ["", "a", "zzzzzz", "!", "com.", ".com", "example.com"] {
            assert!(!listed(&[absent]), "{absent:?}");
        }
    }

    #[test]
    fn internationalised_rules_are_in_punycode() {
        // 公司.cn and 個人.香港 on the list, as a DomainName spells them.
        assert!(listed(&["xn--55qx5d.cn"]));
        assert!(is_listed_label("xn--j6w193g"));
        assert!(!listed(&["公司.cn"]));
    }
}
