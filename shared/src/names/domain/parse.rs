//! The pipeline that turns user input into a normalised ASCII host name.
//!
//! 1. Trim surrounding whitespace; refuse empty and absurdly long input.
//! 2. Screen out wildcards and IP addresses (also bracketed address literals).
//! 3. UTS #46 ToASCII (non-transitional): case folding, compatibility mapping such as
//!    full-width forms, and Punycode for internationalised labels. ASCII is passed through here
//!    so that step 5 can say precisely what is wrong with it.
//! 4. Screen again (UTS #46 maps e.g. a full-width `＊` to `*`), then drop one root dot.
//! 5. Host name rules on the ASCII result: at most 253 characters, labels of 1 to 63
//!    letters, digits and hyphens, no hyphen first or last, no `--` in positions 3 and 4 except
//!    for `xn--` labels, at least two labels, and a top-level domain of letters (or an `xn--`
//!    label).
//! 6. A final strict UTS #46 pass (STD3 rules, CheckHyphens, VerifyDnsLength) over the ASCII
//!    result catches `xn--` labels whose Unicode form breaks the rules.

use std::net::IpAddr;

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

use super::error::{DomainNameError, LabelProblem};

/// The longest domain name, in octets of its ASCII form without the root dot (RFC 1035).
pub(crate) const MAX_LEN: usize = 253;
/// The longest label, in octets (RFC 1035).
pub(crate) const MAX_LABEL_LEN: usize = 63;
/// Input longer than this is refused before any processing: it cannot be a domain name in any
/// realistic spelling, and the bound keeps the work per request small.
const MAX_INPUT_BYTES: usize = 1024;

/// A normalised ASCII name, and whether the input spelled the root dot.
pub(crate) struct Normalised {
    pub(crate) ascii: String,
    pub(crate) had_root_dot: bool,
}

/// Runs the whole pipeline.
pub(crate) fn normalise(input: &str) -> Result<Normalised, DomainNameError> {
    let ascii = prepare(input)?;
    let (name, had_root_dot) = match ascii.strip_suffix('.') {
        Some(name) => (name, true),
        None => (ascii.as_str(), false),
    };
    check_host_name(name)?;
    verify_strictly(name)?;
    Ok(Normalised {
        ascii: name.to_owned(),
        had_root_dot,
    })
}

/// Runs the pipeline for one label, such as the MAIL FROM label. `None` when the input holds
/// more than one label.
pub(crate) fn normalise_label(input: &str) -> Result<Option<String>, DomainNameError> {
    let ascii = prepare(input)?;
    if ascii.contains('.') {
        return Ok(None);
    }
    check_label(&ascii)?;
    verify_strictly(&ascii)?;
    Ok(Some(ascii))
}

/// Steps 1 to 4 (except dropping the root dot).
fn prepare(input: &str) -> Result<String, DomainNameError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DomainNameError::Empty);
    }
    if trimmed.len() > MAX_INPUT_BYTES {
        return Err(DomainNameError::TooLong {
            length: trimmed.chars().count(),
        });
    }
    screen(trimmed)?;
    let ascii = Uts46::new()
        .to_ascii(
            trimmed.as_bytes(),
            AsciiDenyList::EMPTY,
            Hyphens::Allow,
            DnsLength::Ignore,
        )
        .map_err(|_| DomainNameError::InvalidIdn)?
        .into_owned();
    screen(&ascii)?;
    Ok(ascii)
}

fn screen(text: &str) -> Result<(), DomainNameError> {
    if text.contains('*') {
        return Err(DomainNameError::Wildcard);
    }
    let without_root = text.strip_suffix('.').unwrap_or(text);
    if without_root.starts_with('[') || without_root.parse::<IpAddr>().is_ok() {
        return Err(DomainNameError::IpAddress);
    }
    Ok(())
}

/// Step 5, on a name without its root dot.
fn check_host_name(name: &str) -> Result<(), DomainNameError> {
    if name.len() > MAX_LEN {
        return Err(DomainNameError::TooLong { length: name.len() });
    }
    name.split('.').try_for_each(check_label)?;
    let Some((_, tld)) = name.rsplit_once('.') else {
        return Err(DomainNameError::SingleLabel {
            name: name.to_owned(),
        });
    };
    if !(tld.starts_with("xn--") || tld.bytes().all(|b| b.is_ascii_lowercase())) {
        return Err(DomainNameError::InvalidTld {
            tld: tld.to_owned(),
        });
    }
    Ok(())
}

fn check_label(label: &str) -> Result<(), DomainNameError> {
    if label.is_empty() {
        return Err(DomainNameError::EmptyLabel);
    }
    if label.len() > MAX_LABEL_LEN {
        return Err(DomainNameError::LabelTooLong {
            length: label.chars().count(),
        });
    }
    let is_ldh = |c: &char| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-';
    if let Some(character) = label.chars().find(|c| !is_ldh(c)) {
        return Err(DomainNameError::InvalidCharacter { character });
    }
    let problem = if label.starts_with('-') || label.ends_with('-') {
        Some(LabelProblem::HyphenAtEdge)
    } else if label.get(2..4) == Some("--") && !label.starts_with("xn--") {
        Some(LabelProblem::ReservedHyphens)
    } else {
        None
    };
    match problem {
        Some(problem) => Err(DomainNameError::InvalidLabel {
            label: label.to_owned(),
            problem,
        }),
        None => Ok(()),
    }
}

/// Step 6.
fn verify_strictly(ascii: &str) -> Result<(), DomainNameError> {
    Uts46::new()
        .to_ascii(
            ascii.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::Check,
            DnsLength::Verify,
        )
        .map(drop)
        .map_err(|_| DomainNameError::InvalidIdn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_ldh_rules() {
        assert_eq!(check_label("a-1"), Ok(()));
        assert_eq!(check_label("xn--bcher-kva"), Ok(()));
        assert_eq!(check_label("c--n"), Ok(()));
        assert_eq!(check_label(""), Err(DomainNameError::EmptyLabel));
        assert_eq!(
            check_label("A"),
            Err(DomainNameError::InvalidCharacter { character: 'A' })
        );
        let reserved = DomainNameError::InvalidLabel {
            label: "ab--c".to_owned(),
            problem: LabelProblem::ReservedHyphens,
        };
        assert_eq!(check_label("ab--c"), Err(reserved));
    }

    #[test]
    fn the_root_dot_is_reported() {
        let normalised = normalise("Example.com.").unwrap();
        assert_eq!(
            (normalised.ascii.as_str(), normalised.had_root_dot),
            ("example.com", true)
        );
        assert!(!normalise("example.com").unwrap().had_root_dot);
        assert_eq!(normalise_label("a.b").unwrap(), None);
    }

    #[test]
    fn oversized_input_is_refused_before_processing() {
        let input = format!("{}.com", "a".repeat(MAX_INPUT_BYTES));
        assert!(matches!(
            normalise(&input),
            Err(DomainNameError::TooLong { .. })
        ));
    }
}
