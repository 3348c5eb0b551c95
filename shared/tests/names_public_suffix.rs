//! The registrable domain against the Public Suffix List's own test cases
//! (tests/data/names/public-suffix/test_psl.txt, see the README there), run through
//! `DomainName`: each line says which registrable domain a name has, or `null` for none.
//!
//! An input `DomainName` refuses (a leading dot, a single label) has no registrable domain, so
//! it must be one the list's tests expect `null` for. An expected value is compared in the
//! form `DomainName` normalises it to (lower case, Punycode), since that is how names are
//! stored and compared here.

use domain::names::DomainName;

const CASES: &str = include_str!("data/names/public-suffix/test_psl.txt");

/// `(input, expected)` from each `checkPublicSuffix('input', 'expected');` line, `None` for `null`.
fn cases() -> Vec<(Option<String>, Option<String>)> {
    let argument = |raw: &str| {
        let raw = raw.trim();
        (raw != "null").then(|| raw.trim_matches('\'').to_owned())
    };
    CASES
        .lines()
        .filter_map(|line| line.trim().strip_prefix("checkPublicSuffix("))
        .filter_map(|call| call.strip_suffix(");"))
        .filter_map(|arguments| arguments.split_once(','))
        .map(|(input, expected)| (argument(input), argument(expected)))
        .collect()
}

#[test]
fn every_case_of_the_lists_own_tests_holds() {
    let cases = cases();
    assert!(cases.len() > 70, "{} cases read", cases.len());
    let mut failures = Vec::new();
    for (input, expected) in &cases {
        let Some(input) = input else { continue };
        let got = DomainName::parse(input)
            .ok()
            .and_then(|name| name.registrable_domain());
        let expected = expected.as_deref().map(|e| DomainName::parse(e).expect(e));
        if got != expected {
            failures.push(format!("{input}: got {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn wildcard_and_exception_rules_decide_the_suffix() {
    // `*.ck` and `!www.ck`; `*.kawasaki.jp` and `!city.kawasaki.jp`.
    let suffix = |name: &str| {
        let name = DomainName::parse(name).expect("name");
        let suffix = name.public_suffix();
        (suffix.as_str().to_owned(), suffix.is_known())
    };
    assert_eq!(suffix("a.b.ck"), ("b.ck".to_owned(), true));
    assert_eq!(suffix("www.ck"), ("ck".to_owned(), true));
    assert_eq!(suffix("a.www.ck"), ("ck".to_owned(), true));
    assert_eq!(
        suffix("a.city.kawasaki.jp"),
        ("kawasaki.jp".to_owned(), true)
    );
    assert_eq!(
        suffix("a.other.kawasaki.jp"),
        ("other.kawasaki.jp".to_owned(), true)
    );
    assert_eq!(suffix("example.internal"), ("internal".to_owned(), false));
}

#[test]
fn internationalised_suffixes_match_in_punycode() {
    // 公司.cn is a public suffix, so a name directly under it is registrable, in either spelling.
    for name in [
        "食狮.公司.cn",
        "xn--85x722f.xn--55qx5d.cn",
        "www.食狮.公司.cn",
    ] {
        let name = DomainName::parse(name).expect("name");
        assert_eq!(name.public_suffix().as_str(), "xn--55qx5d.cn");
        assert_eq!(
            name.registrable_domain().map(|d| d.to_string()),
            Some("xn--85x722f.xn--55qx5d.cn".to_owned())
        );
    }
}
