//! Example-based tests for `DomainName`, `SubdomainName` and `MailFromLabel`.

use domain::names::{DomainName, MAX_LABELS_BELOW_REGISTRABLE, MailFromLabel, SubdomainName};

fn name(text: &str) -> DomainName {
    DomainName::parse(text).unwrap()
}

fn sub(text: &str) -> SubdomainName {
    SubdomainName::parse(text).unwrap()
}

#[test]
fn domain_names_are_normalised() {
    let cases = [
        ("example.com", "example.com"),
        ("  Mail.Example.COM  ", "mail.example.com"),
        ("example.com.", "example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("XN--BCHER-KVA.example", "xn--bcher-kva.example"),
        ("faß.de", "xn--fa-hia.de"),
        ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),
        ("mail.example.рф", "mail.example.xn--p1ai"),
        ("c--n.com", "c--n.com"),
        ("a1-b2.example.io", "a1-b2.example.io"),
        ("123.example.com", "123.example.com"),
    ];
    for (input, expected) in cases {
        assert_eq!(name(input).as_str(), expected, "input {input:?}");
    }
}

#[test]
fn domain_names_are_rejected_with_a_code() {
    let long_label = "a".repeat(64);
    let long_name = format!("{}.com", vec!["a".repeat(63); 4].join("."));
    let cases = [
        ("", "empty"),
        ("   ", "empty"),
        (long_name.as_str(), "too_long"),
        ("*.example.com", "wildcard"),
        ("mail.*.example.com", "wildcard"),
        ("192.0.2.1", "ip_address"),
        ("192.0.2.1.", "ip_address"),
        ("2001:db8::1", "ip_address"),
        ("[2001:db8::1]", "ip_address"),
        ("[192.0.2.1]", "ip_address"),
        ("１９２．０．２．１", "ip_address"),
        ("xn--0.example", "invalid_idn"),
        ("-ü.example", "invalid_idn"),
        ("example..com", "empty_label"),
        (".example.com", "empty_label"),
        ("example.com..", "empty_label"),
        (&format!("{long_label}.com"), "label_too_long"),
        ("exa mple.com", "invalid_character"),
        ("a_b.example.com", "invalid_character"),
        ("user@example.com", "invalid_character"),
        ("-a.example.com", "invalid_label"),
        ("a-.example.com", "invalid_label"),
        ("ab--c.example.com", "invalid_label"),
        ("localhost", "single_label"),
        ("com.", "single_label"),
        ("example.123", "invalid_tld"),
        ("example.co-uk", "invalid_tld"),
    ];
    for (input, code) in cases {
        let error = DomainName::parse(input).expect_err(input);
        assert_eq!(error.code(), code, "input {input:?}: {error}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn error_messages_never_echo_invisible_characters() {
    let error = DomainName::parse("exa\u{0}mple.com").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the character U+0000 is not allowed; use letters, digits, hyphens and dots"
    );
}

#[test]
fn relations_are_label_aligned() {
    let parent = name("example.com");
    assert!(name("example.com").is_same_or_under(&parent));
    assert!(name("a.example.com").is_same_or_under(&parent));
    assert!(name("a.b.example.com").is_same_or_under(&parent));
    assert!(!name("notexample.com").is_same_or_under(&parent));
    assert!(!name("example.com.au").is_same_or_under(&parent));
    assert!(!parent.is_same_or_under(name("a.example.com")));
}

#[test]
fn labels_and_parents() {
    let n = name("a.b.example.co.uk");
    assert_eq!(
        n.labels().collect::<Vec<_>>(),
        ["a", "b", "example", "co", "uk"]
    );
    assert_eq!(n.label_count(), 5);
    assert_eq!(n.parent(), Some(name("b.example.co.uk")));
    assert_eq!(name("example.com").parent(), None);
}

#[test]
fn public_suffix_and_registrable_domain() {
    let n = name("mail.example.co.uk");
    assert_eq!(n.public_suffix().as_str(), "co.uk");
    assert!(n.public_suffix().is_known());
    assert_eq!(n.registrable_domain(), Some(name("example.co.uk")));
    assert_eq!(name("co.uk").registrable_domain(), None);
    assert_eq!(
        name("a.myapp.github.io").registrable_domain(),
        Some(name("myapp.github.io"))
    );

    let unknown = name("a.b.internal");
    assert_eq!(unknown.public_suffix().as_str(), "internal");
    assert!(!unknown.public_suffix().is_known());
    assert_eq!(unknown.registrable_domain(), Some(name("b.internal")));
}

#[test]
fn subdomains_know_their_registrable_domain_and_ancestors() {
    let s = sub("A.B.Example.com");
    assert_eq!(s.as_str(), "a.b.example.com");
    assert_eq!(s.registrable_domain(), name("example.com"));
    assert_eq!(s.ancestors_below_registrable(), vec![name("b.example.com")]);
    assert!(
        sub("b.example.com")
            .ancestors_below_registrable()
            .is_empty()
    );
    assert_eq!(
        sub("a.b.c.example.co.uk").ancestors_below_registrable(),
        vec![name("b.c.example.co.uk"), name("c.example.co.uk")]
    );
    assert!(s.is_same_or_under(name("b.example.com")));
    assert!(s.is_same_or_under(sub("b.example.com")));
    assert!(!s.is_same_or_under(name("notb.example.com")));
}

#[test]
fn subdomains_are_rejected_with_a_code() {
    let too_deep = format!(
        "{}example.com",
        "a.".repeat(MAX_LABELS_BELOW_REGISTRABLE + 1)
    );
    let too_long = format!("{}.example.com", vec!["a".repeat(60); 3].join("."));
    let cases = [
        ("com", "public_suffix"),
        ("co.uk", "public_suffix"),
        ("github.io", "public_suffix"),
        ("example.com", "not_a_subdomain"),
        ("example.co.uk", "not_a_subdomain"),
        ("mail.example.internal", "unknown_tld"),
        ("mail.example.test", "unknown_tld"),
        ("localhost", "single_label"),
        (too_deep.as_str(), "too_deep"),
        (too_long.as_str(), "too_long"),
        ("mail.192.0.2.1", "invalid_tld"),
        ("*.example.com", "wildcard"),
    ];
    for (input, code) in cases {
        let error = SubdomainName::parse(input).expect_err(input);
        assert_eq!(error.code(), code, "input {input:?}: {error}");
    }
}

#[test]
fn depth_limit_is_inclusive() {
    let deepest = format!("{}example.com", "a.".repeat(MAX_LABELS_BELOW_REGISTRABLE));
    assert_eq!(
        sub(&deepest).ancestors_below_registrable().len(),
        MAX_LABELS_BELOW_REGISTRABLE - 1
    );
    let error = SubdomainName::parse(&format!("a.{deepest}")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the name has 11 labels below its registered domain; the limit is 10"
    );
}

#[test]
fn a_bare_registrable_domain_gets_a_concrete_suggestion() {
    let error = SubdomainName::parse("Example.co.uk").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("use a subdomain such as marketing.example.co.uk"),
        "{error}"
    );
}

#[test]
fn mail_from_domains_always_fit() {
    let label = MailFromLabel::parse(&"b".repeat(MailFromLabel::MAX_LEN)).unwrap();
    let labels = [
        "a".repeat(63),
        "a".repeat(63),
        "a".repeat(SubdomainName::MAX_LEN - 2 * 64 - 12),
    ];
    let longest = sub(&format!("{}.example.com", labels.join(".")));
    assert_eq!(longest.as_str().len(), SubdomainName::MAX_LEN);
    let mail_from = longest.mail_from_domain(&label);
    assert_eq!(mail_from.as_str().len(), DomainName::MAX_LEN);
    assert_eq!(DomainName::parse(mail_from.as_str()), Ok(mail_from));
}

#[test]
fn mail_from_domain_prepends_the_label() {
    let s = sub("marketing.example.com");
    assert_eq!(
        s.mail_from_domain(&MailFromLabel::default()),
        name("bounce.marketing.example.com")
    );
    let custom = MailFromLabel::parse(" Mail ").unwrap();
    assert_eq!(
        s.mail_from_domain(&custom).as_str(),
        "mail.marketing.example.com"
    );
}

#[test]
fn mail_from_labels_are_single_valid_labels() {
    assert_eq!(MailFromLabel::default().as_str(), "bounce");
    assert_eq!(
        MailFromLabel::parse("Bücher").unwrap().as_str(),
        "xn--bcher-kva"
    );
    for (input, code) in [
        ("", "empty"),
        ("a.b", "not_one_label"),
        ("bounce.", "not_one_label"),
        ("-bounce", "invalid_label"),
        ("bo_unce", "invalid_character"),
        ("*", "wildcard"),
        (&"a".repeat(64), "label_too_long"),
    ] {
        assert_eq!(
            MailFromLabel::parse(input).unwrap_err().code(),
            code,
            "input {input:?}"
        );
    }
}

#[test]
fn serde_uses_the_normalised_string_and_parses_on_the_way_in() {
    let n = name("Mail.Example.com");
    assert_eq!(serde_json::to_string(&n).unwrap(), r#""mail.example.com""#);
    assert_eq!(
        serde_json::from_str::<DomainName>(r#""MAIL.example.com.""#).unwrap(),
        n
    );
    assert!(serde_json::from_str::<DomainName>(r#""*.example.com""#).is_err());

    let s = sub("a.example.com");
    assert_eq!(serde_json::to_string(&s).unwrap(), r#""a.example.com""#);
    assert_eq!(
        serde_json::from_str::<SubdomainName>(r#""A.example.com""#).unwrap(),
        s
    );
    assert!(serde_json::from_str::<SubdomainName>(r#""example.com""#).is_err());

    let label = MailFromLabel::default();
    assert_eq!(serde_json::to_string(&label).unwrap(), r#""bounce""#);
    assert!(serde_json::from_str::<MailFromLabel>(r#""a.b""#).is_err());
}
