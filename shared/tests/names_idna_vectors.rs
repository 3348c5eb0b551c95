//! `DomainName` against the UTS #46 conformance data and the Punycode vectors of rust-url
//! (tests/data/names/idna/, see the README there).
//!
//! `DomainName` runs UTS #46 ToASCII with every check on (STD3 rules, CheckHyphens, CheckBidi,
//! CheckJoiners, VerifyDnsLength), non-transitional, then adds host-name rules of its own. So
//! for each `IdnaTestV2.txt` line:
//! - an error in the `toAsciiN` column must be an error for us too, except where our own
//!   documented choices accept the name (see `Outcome::AcceptedRootDot`);
//! - a success must give the same ASCII name, unless one of our extra rules refuses it, which
//!   is checked independently from the expected ASCII (see `extra_rule`).
//!
//! Columns and lines not run, and why:
//! - `toUnicode` and `toAsciiT` (transitional processing): `DomainName` only does non-transitional
//!   ToASCII, as browsers and the `idna` crate do.
//! - lines whose source holds an unpaired surrogate (`\uD800`...): not representable in a Rust
//!   `&str`, so they can never reach `DomainName`.
//!
//! Known disagreement, upstream: the `idna` 1.1.0 crate (ICU4X 2.4 data) accepts the unassigned
//! Plane 3 code points in `UNASSIGNED_BUT_ACCEPTED`, which UTS #46 17.0 marks `V7` (4 lines).
//! No registry can register an unassigned code point, so nothing real is at stake.

use std::collections::BTreeMap;
use std::fs;
use std::net::Ipv4Addr;

use domain::names::DomainName;

const IDNA_TEST: &str = "tests/data/names/idna/rust-url-idna-IdnaTestV2.txt";
const PUNYCODE: &str = "tests/data/names/idna/rust-url-idna-punycode_tests.json";
const BAD_PUNYCODE: &str = "tests/data/names/idna/rust-url-idna-bad_punycode_tests.json";

/// Unassigned code points that the `idna` crate's data treats as valid (see the module docs).
const UNASSIGNED_BUT_ACCEPTED: [char; 2] = ['\u{3E8AC}', '\u{3F8CD}'];

fn read(path: &str) -> String {
    fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// One conformance line: the source and the non-transitional ToASCII result.
struct Line {
    number: usize,
    source: String,
    unicode: String,
    ascii: String,
    errors: Vec<String>,
}

/// What happened to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Same verdict and, for successes, the same ASCII name.
    Agreed,
    /// UTS #46 accepts, we refuse by one of our extra host-name rules.
    RefusedByExtraRule(&'static str),
    /// UTS #46 flags the trailing root dot (`A4_2` under VerifyDnsLength); we accept and drop one.
    AcceptedRootDot,
    /// See `UNASSIGNED_BUT_ACCEPTED`.
    AcceptedUnassigned,
    SkippedSurrogate,
}

#[test]
fn idna_test_v2_to_ascii_nontransitional() {
    let text = read(IDNA_TEST);
    let mut tally: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let Some(line) = parse_line(index + 1, raw) else {
            continue;
        };
        let checked = line.and_then(|line| {
            check(&line).map_err(|message| Some(format!("line {}: {message}", line.number)))
        });
        match checked {
            Ok(outcome) => *tally.entry(outcome).or_default() += 1,
            Err(Some(message)) => failures.push(message),
            Err(None) => *tally.entry(Outcome::SkippedSurrogate).or_default() += 1,
        }
    }
    println!("IdnaTestV2 outcomes: {tally:#?}");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        tally.get(&Outcome::Agreed).copied().unwrap_or(0) > 5000,
        "too few lines compared: {tally:?}"
    );
    assert_eq!(
        tally.get(&Outcome::AcceptedUnassigned),
        Some(&4),
        "the known upstream disagreement changed"
    );
}

/// `None` for comments and blank lines; `Some(Err(None))` for a source we cannot represent.
fn parse_line(number: usize, raw: &str) -> Option<Result<Line, Option<String>>> {
    let data = raw.split('#').next().unwrap_or("").trim();
    if data.is_empty() {
        return None;
    }
    let columns: Vec<&str> = data.split(';').map(str::trim).collect();
    let column = |i: usize| columns.get(i).copied().unwrap_or("");
    let Some(source) = unescape(column(0)) else {
        return Some(Err(None));
    };
    let to_unicode = match column(1) {
        "" => source.clone(),
        value => unescape(value).unwrap_or_default(),
    };
    let unicode_errors = parse_status(column(2)).unwrap_or_default();
    let ascii = match column(3) {
        "" => to_unicode.clone(),
        value => unescape(value).unwrap_or_default(),
    };
    let errors = parse_status(column(4)).unwrap_or(unicode_errors);
    Some(Ok(Line {
        number,
        source,
        unicode: to_unicode,
        ascii,
        errors,
    }))
}

fn check(line: &Line) -> Result<Outcome, String> {
    let ours = DomainName::parse(&line.source);
    let (expected, root_dot) = match line.ascii.strip_suffix('.') {
        Some(without) => (without, true),
        None => (line.ascii.as_str(), false),
    };
    if !line.errors.is_empty() {
        return match ours {
            Err(_) => Ok(Outcome::Agreed),
            Ok(name) if root_dot && line.errors == ["A4_2"] && name.as_str() == expected => {
                Ok(Outcome::AcceptedRootDot)
            }
            Ok(_) if line.errors == ["V7"] && line.unicode.contains(UNASSIGNED_BUT_ACCEPTED) => {
                Ok(Outcome::AcceptedUnassigned)
            }
            Ok(name) => Err(format!(
                "UTS #46 says {:?}, we accepted {name}",
                line.errors
            )),
        };
    }
    match (ours, extra_rule(expected)) {
        (Ok(name), None) if name.as_str() == expected => Ok(Outcome::Agreed),
        (Err(_), Some(rule)) => Ok(Outcome::RefusedByExtraRule(rule)),
        (ours, rule) => Err(format!(
            "expected {expected:?} (extra rule: {rule:?}), got {ours:?}"
        )),
    }
}

/// Our host-name rules beyond UTS #46, applied to a name UTS #46 accepted (so it is already
/// lower-case LDH with valid lengths). `None` when none applies.
fn extra_rule(ascii: &str) -> Option<&'static str> {
    let labels: Vec<&str> = ascii.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    if ascii.is_empty() || ascii.ends_with('.') {
        Some("more than one root dot")
    } else if ascii.parse::<Ipv4Addr>().is_ok() {
        Some("IPv4 address")
    } else if labels.len() < 2 {
        Some("single label")
    } else if !(tld.starts_with("xn--") || tld.bytes().all(|b| b.is_ascii_lowercase())) {
        Some("top-level domain not letters or xn--")
    } else {
        None
    }
}

/// Unescapes `\uXXXX` (pairing surrogates) and `\x{XXXX}`; `None` for an unpaired surrogate.
fn unescape(input: &str) -> Option<String> {
    let input = if input == "\"\"" { "" } else { input };
    let mut out = String::new();
    let mut rest = input;
    let mut pending_high: Option<u32> = None;
    while !rest.is_empty() {
        let (unit, consumed) = if let Some(hex) = rest.strip_prefix("\\u") {
            (u32::from_str_radix(hex.get(..4)?, 16).ok()?, 6)
        } else if let Some(body) = rest.strip_prefix("\\x{") {
            let end = body.find('}')?;
            (u32::from_str_radix(&body[..end], 16).ok()?, 4 + end)
        } else {
            let c = rest.chars().next()?;
            (u32::from(c), c.len_utf8())
        };
        rest = &rest[consumed..];
        match (pending_high.take(), unit) {
            (Some(high), 0xDC00..=0xDFFF) => out.push(char::from_u32(
                0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00),
            )?),
            (Some(_), _) => return None,
            (None, 0xD800..=0xDBFF) => pending_high = Some(unit),
            (None, 0xDC00..=0xDFFF) => return None,
            (None, _) => out.push(char::from_u32(unit)?),
        }
    }
    pending_high.is_none().then_some(out)
}

/// `[B5, B6]` to its codes; `None` for a blank column, which means "as the previous status".
fn parse_status(column: &str) -> Option<Vec<String>> {
    let inner = column.strip_prefix('[')?.strip_suffix(']')?;
    Some(
        inner
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

#[derive(serde::Deserialize)]
struct PunycodeCase {
    #[serde(default)]
    description: String,
    decoded: String,
    #[serde(default)]
    encoded: Option<String>,
}

/// The Punycode vectors, run through whole names: `<decoded>.example` and `xn--<encoded>.example`.
///
/// The empty string (first case) is skipped: an empty label is no label.
#[test]
fn punycode_vectors() {
    let cases: Vec<PunycodeCase> = serde_json::from_str(&read(PUNYCODE)).unwrap();
    let mut compared = 0;
    for case in cases.iter().filter(|case| !case.decoded.is_empty()) {
        let encoded = case.encoded.as_deref().unwrap();
        let a_label = format!("xn--{}", encoded.to_ascii_lowercase());
        let from_unicode = DomainName::parse(&format!("{}.example", case.decoded));
        let from_ascii = DomainName::parse(&format!("xn--{encoded}.example"));
        let what = format!("{} {:?}", case.description, case.decoded);
        let is_ldh_or_upper = |c: char| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-';
        if a_label.len() > DomainName::MAX_LABEL_LEN {
            assert_eq!(from_unicode.unwrap_err().code(), "label_too_long", "{what}");
            assert_eq!(from_ascii.unwrap_err().code(), "label_too_long", "{what}");
        } else if !case.decoded.chars().all(is_ldh_or_upper) {
            assert!(
                from_unicode.is_err() && from_ascii.is_err(),
                "{what}: only letters, digits and hyphens"
            );
        } else if case.decoded.is_ascii() {
            let expected = format!("{}.example", case.decoded.to_ascii_lowercase());
            assert_eq!(from_unicode.unwrap().as_str(), expected, "{what}");
            assert_eq!(
                from_ascii.unwrap_err().code(),
                "invalid_idn",
                "{what}: an A-label of plain ASCII"
            );
        } else {
            let expected = format!("{a_label}.example");
            assert_eq!(from_unicode.unwrap().as_str(), expected, "{what}");
            assert_eq!(from_ascii.unwrap().as_str(), expected, "{what}");
            compared += 1;
        }
    }
    assert!(
        compared >= 15,
        "only {compared} internationalised cases compared"
    );
}

/// The single "bad" case (rust-url issue 870) overflowed the Punycode encoder; as part of a
/// name it must be refused without panicking (here by the input size bound, before encoding).
#[test]
fn bad_punycode_vectors_are_refused_without_panicking() {
    let cases: Vec<PunycodeCase> = serde_json::from_str(&read(BAD_PUNYCODE)).unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        assert!(case.encoded.is_none());
        let error = DomainName::parse(&format!("{}.example", case.decoded)).unwrap_err();
        assert_eq!(error.code(), "too_long", "{}", case.description);
        let error = DomainName::parse(&format!("a{}a.example", case.decoded.trim())).unwrap_err();
        assert_eq!(error.code(), "too_long", "{}", case.description);
    }
}
