//! Example and property tests for `EmailAddress`.

use domain::names::{DomainName, EmailAddress};
use proptest::prelude::*;

fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

#[test]
fn only_the_domain_is_normalised() {
    let parsed = address("John.Smith+Tag@Mail.Example.COM");
    assert_eq!(parsed.as_str(), "John.Smith+Tag@mail.example.com");
    assert_eq!(parsed.local_part(), "John.Smith+Tag");
    assert_eq!(
        parsed.domain(),
        &DomainName::parse("mail.example.com").unwrap()
    );
    assert_eq!(
        address("jeff@臺網中心.tw").as_str(),
        "jeff@xn--fiqq24b10vi0d.tw"
    );
    assert_ne!(address("Bob@example.com"), address("bob@example.com"));
    assert_eq!(address("bob@EXAMPLE.com"), address("bob@example.com"));
}

#[test]
fn addresses_are_rejected_with_a_code() {
    let long_local = format!("{}@example.com", "a".repeat(65));
    let long_address = format!(
        "{}@{}.com",
        "a".repeat(64),
        vec!["b".repeat(63); 3].join(".")
    );
    let cases = [
        ("", "empty"),
        (long_address.as_str(), "too_long"),
        ("Bob <bob@example.com>", "display_name_in_address"),
        ("\"Bob\" <bob@example.com>", "display_name_in_address"),
        ("<bob@example.com>", "display_name_in_address"),
        (" bob@example.com", "whitespace"),
        ("bob@example.com\n", "whitespace"),
        ("bob\u{0}@example.com", "control_character"),
        ("bob.example.com", "missing_at"),
        ("a@b@example.com", "multiple_at"),
        ("\"a b\"@example.com", "quoted_local_part"),
        ("@example.com", "empty_local_part"),
        (long_local.as_str(), "local_part_too_long"),
        ("jöhn@example.com", "non_ascii_local_part"),
        ("jo(hn)@example.com", "invalid_local_part"),
        ("john,doe@example.com", "invalid_local_part"),
        (".john@example.com", "local_part_dot"),
        ("john.@example.com", "local_part_dot"),
        ("jo..hn@example.com", "local_part_dot"),
        ("john@", "missing_domain"),
        ("john@example.com.", "domain_trailing_dot"),
        ("john@[192.0.2.1]", "ip_address"),
        ("john@192.0.2.1", "ip_address"),
        ("john@localhost", "single_label"),
        ("john@*.example.com", "wildcard"),
        ("john@exa_mple.com", "invalid_character"),
    ];
    for (input, code) in cases {
        let error = EmailAddress::parse(input).expect_err(input);
        assert_eq!(error.code(), code, "input {input:?}: {error}");
    }
}

#[test]
fn limits_are_inclusive() {
    let longest_local = format!("{}@example.com", "a".repeat(64));
    assert_eq!(address(&longest_local).local_part().len(), 64);
    let longest = format!(
        "{}@{}.{}.com",
        "a".repeat(64),
        vec!["b".repeat(63); 2].join("."),
        "c".repeat(57)
    );
    assert_eq!(address(&longest).as_str().len(), EmailAddress::MAX_LEN);
}

#[test]
fn serde_uses_the_normalised_string() {
    let parsed = address("Bob@Example.com");
    assert_eq!(
        serde_json::to_string(&parsed).unwrap(),
        r#""Bob@example.com""#
    );
    assert_eq!(
        serde_json::from_str::<EmailAddress>(r#""Bob@EXAMPLE.com""#).unwrap(),
        parsed
    );
    assert!(serde_json::from_str::<EmailAddress>(r#""Bob <bob@example.com>""#).is_err());
}

fn local_part() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}){0,3}"
}

fn domain() -> impl Strategy<Value = String> {
    "([A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?\\.){1,3}(com|ORG|io|de|xn--p1ai|рф)".prop_filter(
        "reserved hyphens",
        |d| {
            d.split('.')
                .all(|l| l.get(2..4) != Some("--") || l.starts_with("xn--"))
        },
    )
}

proptest! {
    #[test]
    fn valid_addresses_round_trip(local in local_part(), domain in domain()) {
        let input = format!("{local}@{domain}");
        let parsed = EmailAddress::parse(&input).unwrap();
        prop_assert_eq!(parsed.local_part(), local.as_str());
        prop_assert_eq!(parsed.domain(), &DomainName::parse(&domain).unwrap());
        prop_assert_eq!(EmailAddress::parse(parsed.as_str()).unwrap(), parsed.clone());
        let shown = parsed.to_string();
        prop_assert_eq!(EmailAddress::parse(&shown).unwrap(), parsed.clone());
        prop_assert!(parsed.as_str().is_ascii());
    }

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        if let Ok(parsed) = EmailAddress::parse(&input) {
            prop_assert_eq!(EmailAddress::parse(parsed.as_str()).unwrap(), parsed);
        }
    }

    #[test]
    fn address_shaped_strings_never_panic_and_normalise_idempotently(
        input in "[a-zA-Z0-9.@<>\" ()\\[\\]:é\u{0}-]{0,12}@[a-zA-Z0-9.é．-]{0,12}"
    ) {
        if let Ok(parsed) = EmailAddress::parse(&input) {
            prop_assert!(parsed.as_str().len() <= EmailAddress::MAX_LEN);
            prop_assert!(parsed.local_part().len() <= 64);
            prop_assert_eq!(EmailAddress::parse(parsed.as_str()).unwrap(), parsed);
        }
    }
}
