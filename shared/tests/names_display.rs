//! Example and property tests for `DisplayName` and `render_mailbox`.
//!
//! The property tests decode the rendered header with an independent reader of RFC 5322 phrases
//! (atoms, quoted-strings) and RFC 2047 `B` encoded-words, and check that it gives the name back.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::names::{DisplayName, EmailAddress};
use proptest::prelude::*;

fn render(name: &str) -> String {
    let address = EmailAddress::parse("support@mail.example.com").unwrap();
    DisplayName::parse(name).unwrap().render_mailbox(&address)
}

#[test]
fn phrases_are_atoms_when_they_can_be() {
    assert_eq!(
        render("Acme Support"),
        "Acme Support <support@mail.example.com>"
    );
    assert_eq!(render("  O'Brien  "), "O'Brien <support@mail.example.com>");
}

#[test]
fn other_ascii_names_are_quoted_with_escapes() {
    assert_eq!(
        render("Acme, Inc."),
        r#""Acme, Inc." <support@mail.example.com>"#
    );
    assert_eq!(
        render(r#"The "Best" \ Co"#),
        r#""The \"Best\" \\ Co" <support@mail.example.com>"#
    );
    assert_eq!(
        render("two  spaces"),
        r#""two  spaces" <support@mail.example.com>"#
    );
    assert_eq!(render("a@b"), r#""a@b" <support@mail.example.com>"#);
}

#[test]
fn non_ascii_names_are_encoded_words() {
    assert_eq!(
        render("José"),
        "=?UTF-8?B?Sm9zw6k=?= <support@mail.example.com>"
    );
    let long = render(&"日本".repeat(50));
    let words: Vec<&str> = long
        .trim_end_matches(" <support@mail.example.com>")
        .split(' ')
        .collect();
    assert!(words.len() > 1);
    assert!(
        words
            .iter()
            .all(|word| word.len() <= 75 && word.starts_with("=?UTF-8?B?"))
    );
}

#[test]
fn ascii_that_looks_encoded_is_encoded_so_it_is_shown_literally() {
    let header = render("=?UTF-8?B?QWRtaW4=?=");
    assert!(
        header.starts_with("=?UTF-8?B?PT9VVEYtOD9CP1FXUnRhVzQ9Pz0=?="),
        "{header}"
    );
}

#[test]
fn display_names_are_rejected_with_a_code() {
    let cases = [
        ("", "empty"),
        ("   ", "empty"),
        ("x".repeat(101).as_str(), "too_long"),
        ("Acme\r\nBcc: victim@example.com", "line_break"),
        ("Acme\nSupport", "line_break"),
        ("Acme\u{2028}Support", "line_break"),
        ("Acme\u{2029}Support", "line_break"),
        ("Acme\tSupport", "control_character"),
        ("Acme\u{7}", "control_character"),
        ("Acme\u{9C}", "control_character"),
        ("\u{202E}troppuS emcA", "bidi_control"),
        ("Acme\u{2066}x\u{2069}", "bidi_control"),
        ("\u{FEFF}Acme", "unsafe_character"),
        ("Acme\u{FFFF}", "unsafe_character"),
        ("Acme\u{10FFFE}", "unsafe_character"),
    ]
    .map(|(input, code)| (input.to_owned(), code));
    for (input, code) in cases {
        let error = DisplayName::parse(&input).expect_err(&input);
        assert_eq!(error.code(), code, "input {input:?}: {error}");
    }
}

#[test]
fn right_to_left_text_and_joiners_are_allowed() {
    for name in [
        "שלום",
        "مرحبا",
        "👩\u{200D}💻 Team",
        "می\u{200C}خواهم",
        &"é".repeat(100),
    ] {
        assert!(DisplayName::parse(name).is_ok(), "{name}");
    }
}

#[test]
fn serde_round_trips() {
    let name = DisplayName::parse(" Acme ").unwrap();
    assert_eq!(serde_json::to_string(&name).unwrap(), r#""Acme""#);
    assert_eq!(
        serde_json::from_str::<DisplayName>(r#""Acme""#).unwrap(),
        name
    );
    assert!(serde_json::from_str::<DisplayName>(r#""a\nb""#).is_err());
}

/// Reads `phrase <address>` back: the phrase as atoms, one quoted-string, or encoded-words.
fn decode_mailbox(header: &str) -> (String, String) {
    let (phrase, address) = header.rsplit_once(" <").unwrap();
    let address = address.strip_suffix('>').unwrap().to_owned();
    if let Some(quoted) = phrase.strip_prefix('"') {
        let inner = quoted.strip_suffix('"').unwrap();
        let mut name = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            assert!(c != '"', "unescaped quote in {header}");
            name.push(if c == '\\' { chars.next().unwrap() } else { c });
        }
        return (name, address);
    }
    if phrase.starts_with("=?") {
        let mut bytes = Vec::new();
        for word in phrase.split(' ') {
            assert!(word.len() <= 75, "encoded-word too long: {word}");
            let payload = word
                .strip_prefix("=?UTF-8?B?")
                .unwrap()
                .strip_suffix("?=")
                .unwrap();
            let decoded = STANDARD.decode(payload).unwrap();
            assert!(
                std::str::from_utf8(&decoded).is_ok(),
                "a word split a character: {word}"
            );
            bytes.extend(decoded);
        }
        return (String::from_utf8(bytes).unwrap(), address);
    }
    assert!(phrase.split(' ').all(|atom| !atom.is_empty()));
    (phrase.to_owned(), address)
}

proptest! {
    #[test]
    fn rendered_headers_decode_to_the_name(input in "[ -~]{1,100}|\\PC{1,100}") {
        if let Ok(name) = DisplayName::parse(&input) {
            let address = EmailAddress::parse("Bob.Smith@example.com").unwrap();
            let header = name.render_mailbox(&address);
            prop_assert!(header.is_ascii(), "{}", header);
            prop_assert!(!header.contains(['\r', '\n']));
            prop_assert!(header.len() < 998);
            let (decoded, decoded_address) = decode_mailbox(&header);
            prop_assert_eq!(decoded, name.as_str());
            prop_assert_eq!(decoded_address, address.as_str());
        }
    }

    #[test]
    fn parsing_is_idempotent(input in any::<String>()) {
        if let Ok(name) = DisplayName::parse(&input) {
            prop_assert_eq!(DisplayName::parse(name.as_str()).unwrap(), name.clone());
            prop_assert!((1..=DisplayName::MAX_CHARS).contains(&name.as_str().chars().count()));
            prop_assert_eq!(name.as_str().trim(), name.as_str());
        }
    }
}
