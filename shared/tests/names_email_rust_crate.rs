//! `EmailAddress` against the tests of the `email_address` crate 0.2.9
//! (tests/data/names/email-address/rust-email_address-0.2.9-lib.rs-mod-tests.rs.txt).
//!
//! The cases are read from the Rust source: the first argument of `is_valid` and
//! `valid_with_options` (valid), of `expect` and `expect_with_options` (invalid), and of
//! `EmailAddress::parse_with_options` / `EmailAddress::from_str` calls followed by `.unwrap()`
//! (valid). `new_unchecked` builds without checking, so it is no verdict. The options a case runs
//! with are part of its verdict (`email@[127.0.0.256]` is valid with domain literals allowed,
//! invalid without): we compare with each stated verdict. Every case must agree, or its address
//! be listed in `DIVERGENCES`; every listed address must really diverge somewhere.

use std::collections::BTreeSet;
use std::fs;

use domain::names::EmailAddress;

const SOURCE: &str =
    "tests/data/names/email-address/rust-email_address-0.2.9-lib.rs-mod-tests.rs.txt";

/// Addresses whose stated verdict we deliberately do not share.
const DIVERGENCES: &[(&str, &str)] = &[
    // Dotless domains are not deliverable on the public Internet; SES needs a real domain.
    ("admin@mailserver1", "single-label domain"),
    (
        "simon@localhost",
        "single-label domain (valid there unless a TLD is required)",
    ),
    // We require two labels, not ten: the crate's `minimum_sub_domains: 10` option.
    ("foo@a.b.c.d.e.f.g.h.i", "nine labels are plenty"),
    // Quoted local parts are not supported.
    ("\" \"@example.org", "quoted local part"),
    ("\"john..doe\"@example.org", "quoted local part"),
    ("\"Abc@def\"@example.com", "quoted local part"),
    ("\"Joe.\\\\Blow\"@example.com", "quoted local part"),
    // Address literals are refused (valid there, or with `allow_domain_literal`).
    ("jsmith@[192.168.2.1]", "IP address literal"),
    ("jsmith@[IPv6:2001:db8::1]", "IP address literal"),
    ("email@[127.0.0.256]", "domain literal"),
    ("email@[2001:db8::12345]", "domain literal"),
    ("email@[2001:db8:0:0:0:0:1]", "domain literal"),
    ("email@[::ffff:127.0.0.256]", "domain literal"),
    ("email@[2001:dg8::1]", "domain literal"),
    ("email@[2001:dG8:0:0:0:0:0:1]", "domain literal"),
    ("email@[::fTzF:127.0.0.1]", "domain literal"),
    // Non-ASCII local parts need SMTPUTF8, which SES does not support.
    ("用户@例子.广告", "non-ASCII local part"),
    ("अजय@डाटा.भारत", "non-ASCII local part"),
    ("квіточка@пошта.укр", "non-ASCII local part"),
    ("θσερ@εχαμπλε.ψομ", "non-ASCII local part"),
    ("Dörte@Sörensen.example.com", "non-ASCII local part"),
    ("коля@пример.рф", "non-ASCII local part"),
    // The crate parses a display name in front of the address; ours is a separate field.
    (
        "  Simons Email    <simon@example.com> ",
        "display name in the address",
    ),
    (
        "Simons Email <simon@example.com>",
        "display name in the address",
    ),
];

#[test]
fn email_address_crate_verdicts_match_or_are_listed() {
    let source = fs::read_to_string(format!("{}/{SOURCE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let cases = extract_cases(&source);
    assert!(cases.len() >= 70, "only {} cases found", cases.len());
    let listed: BTreeSet<&str> = DIVERGENCES.iter().map(|(address, _)| *address).collect();
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    for (address, source_valid) in &cases {
        let ours = EmailAddress::parse(address);
        if ours.is_ok() == *source_valid {
            continue;
        }
        if listed.contains(address.as_str()) {
            used.insert(address.as_str());
        } else {
            problems.push(format!(
                "{address:?}: the crate says valid={source_valid}, we say {ours:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let unused: Vec<_> = listed.difference(&used).collect();
    assert!(unused.is_empty(), "listed but never diverging: {unused:?}");
}

/// `(address, the crate's verdict)` for every call with a string literal as its first argument.
fn extract_cases(source: &str) -> Vec<(String, bool)> {
    const CALLS: [(&str, Option<bool>); 6] = [
        ("is_valid(", Some(true)),
        ("valid_with_options(", Some(true)),
        ("expect(", Some(false)),
        ("expect_with_options(", Some(false)),
        ("EmailAddress::parse_with_options(", None),
        ("EmailAddress::from_str(", None),
    ];
    let mut cases = Vec::new();
    for (call, verdict) in CALLS {
        for (at, _) in source.match_indices(call) {
            let preceded_by_word = source[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let args = source[at + call.len()..].trim_start();
            if preceded_by_word || !args.starts_with('"') {
                continue;
            }
            let (address, after) = rust_string(args);
            let verdict = verdict
                .unwrap_or_else(|| rest_of_call(after).trim_start().starts_with(".unwrap()"));
            cases.push((address, verdict));
        }
    }
    cases
}

/// A Rust string literal at the start of `text`: its value and the text after it.
fn rust_string(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return (value, &text[index + 1..]),
            '\\' => match chars.next().map(|(_, e)| e) {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('r') => value.push('\r'),
                Some('0') => value.push('\0'),
                Some(e @ ('\\' | '"' | '\'')) => value.push(e),
                other => panic!("unsupported escape {other:?} in {text:.40}"),
            },
            c => value.push(c),
        }
    }
    panic!("unterminated string literal: {text:.40}")
}

/// The text after the closing parenthesis of the call whose arguments `text` is in.
fn rest_of_call(mut text: &str) -> &str {
    let mut depth = 1;
    while let Some(c) = text.chars().next() {
        if c == '"' {
            text = rust_string(text).1;
            continue;
        }
        text = &text[c.len_utf8()..];
        match c {
            '(' => depth += 1,
            ')' if depth == 1 => return text,
            ')' => depth -= 1,
            _ => {}
        }
    }
    text
}
