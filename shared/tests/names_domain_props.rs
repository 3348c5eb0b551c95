//! Property tests for `DomainName`, `SubdomainName` and `MailFromLabel`.

use domain::names::{DomainName, MailFromLabel, SubdomainName};
use proptest::prelude::*;

/// A valid ASCII label: letters, digits and inner hyphens, never `--` in positions 3 and 4.
fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?"
        .prop_filter("reserved hyphens", |l| l.get(2..4) != Some("--"))
}

/// A valid name under a top-level domain of letters.
fn domain_name() -> impl Strategy<Value = String> {
    (prop::collection::vec(label(), 1..5), "[a-z]{2,6}")
        .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
}

/// A subdomain under a registrable domain with a known public suffix.
fn subdomain_name() -> impl Strategy<Value = String> {
    let suffixes = prop::sample::select(vec![
        "com",
        "org",
        "co.uk",
        "com.au",
        "de",
        "github.io",
        "xn--p1ai",
    ]);
    (prop::collection::vec(label(), 2..6), suffixes)
        .prop_map(|(labels, suffix)| format!("{}.{suffix}", labels.join(".")))
}

/// Plausible user input: mixed case, some non-ASCII letters, dots, hyphens, stray spaces.
fn messy_input() -> impl Strategy<Value = String> {
    "[ ]?[a-zA-Z0-9äöüßÄÖÜéÉ．.-]{1,20}[.．](com|DE|org|рф|co\\.uk)[.]?[ ]?"
}

proptest! {
    #[test]
    fn valid_names_round_trip(input in domain_name()) {
        let parsed = DomainName::parse(&input).unwrap();
        prop_assert_eq!(parsed.as_str(), input.as_str());
        let shown = parsed.to_string();
        prop_assert_eq!(DomainName::parse(&shown).unwrap(), parsed.clone());
        let json = serde_json::to_string(&parsed).unwrap();
        prop_assert_eq!(serde_json::from_str::<DomainName>(&json).unwrap(), parsed);
    }

    #[test]
    fn case_and_root_dot_do_not_matter(input in domain_name()) {
        let shouted = format!(" {}. ", input.to_uppercase());
        prop_assert_eq!(DomainName::parse(&shouted).unwrap(), DomainName::parse(&input).unwrap());
    }

    #[test]
    fn normalisation_is_idempotent(input in messy_input()) {
        if let Ok(parsed) = DomainName::parse(&input) {
            prop_assert!(parsed.as_str().is_ascii());
            prop_assert_eq!(DomainName::parse(parsed.as_str()).unwrap(), parsed);
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        let _ = DomainName::parse(&input);
        let _ = SubdomainName::parse(&input);
        let _ = MailFromLabel::parse(&input);
    }

    #[test]
    fn accepted_names_obey_the_host_name_rules(input in "[a-z0-9*_.\\-]{1,12}\\.[a-z0-9-]{1,4}") {
        if let Ok(parsed) = DomainName::parse(&input) {
            let text = parsed.as_str();
            prop_assert!(text.len() <= DomainName::MAX_LEN);
            prop_assert!(parsed.label_count() >= 2);
            for label in parsed.labels() {
                prop_assert!((1..=63).contains(&label.len()));
                prop_assert!(label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(!label.starts_with('-') && !label.ends_with('-'));
            }
        }
    }

    #[test]
    fn children_are_under_their_parents(input in domain_name(), extra in label()) {
        let parent = DomainName::parse(&input).unwrap();
        let child = DomainName::parse(&format!("{extra}.{input}")).unwrap();
        prop_assert!(child.is_same_or_under(&parent));
        prop_assert!(parent.is_same_or_under(&parent));
        prop_assert!(!parent.is_same_or_under(&child));
        prop_assert_eq!(child.parent(), Some(parent.clone()));
        // Glueing the label on without a dot is a different, unrelated name.
        if let Ok(glued) = DomainName::parse(&format!("{extra}{input}")) {
            prop_assert!(!glued.is_same_or_under(&parent));
        }
    }

    #[test]
    fn subdomains_round_trip_and_have_consistent_ancestors(input in subdomain_name()) {
        let parsed = SubdomainName::parse(&input).unwrap();
        let shown = parsed.to_string();
        prop_assert_eq!(SubdomainName::parse(&shown).unwrap(), parsed.clone());
        let registrable = parsed.registrable_domain();
        prop_assert!(parsed.is_same_or_under(&registrable));
        prop_assert!(parsed.as_domain() != &registrable);
        let ancestors = parsed.ancestors_below_registrable();
        prop_assert_eq!(ancestors.len(), parsed.as_domain().label_count() - registrable.label_count() - 1);
        let mut expected_parent = parsed.as_domain().parent();
        for ancestor in &ancestors {
            prop_assert_eq!(Some(ancestor), expected_parent.as_ref());
            prop_assert!(ancestor.is_same_or_under(&registrable) && *ancestor != registrable);
            prop_assert!(SubdomainName::from_domain(ancestor.clone()).is_ok());
            expected_parent = ancestor.parent();
        }
        let mail_from = parsed.mail_from_domain(&MailFromLabel::default());
        prop_assert_eq!(mail_from.parent(), Some(parsed.as_domain().clone()));
    }

    #[test]
    fn subdomain_relations_agree_with_domain_relations(a in subdomain_name(), b in subdomain_name()) {
        let (a, b) = (SubdomainName::parse(&a).unwrap(), SubdomainName::parse(&b).unwrap());
        prop_assert_eq!(a.is_same_or_under(&b), a.as_domain().is_same_or_under(b.as_domain()));
        prop_assert_eq!(a.is_same_or_under(&b) && b.is_same_or_under(&a), a == b);
    }
}
