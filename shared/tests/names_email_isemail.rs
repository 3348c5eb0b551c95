//! `EmailAddress` against the isemail test set (tests/data/names/email-address/isemail-tests.xml).
//!
//! The source verdict is the one `is_email()` returns with its default arguments: valid when the
//! diagnosis is below `ISEMAIL_THRESHOLD` (16), that is for the categories `ISEMAIL_VALID_CATEGORY`,
//! `ISEMAIL_DNSWARN` (DNS was not consulted, the syntax is valid) and `ISEMAIL_RFC5321` (valid for
//! SMTP, with unusual elements). `ISEMAIL_CFWS`, `ISEMAIL_DEPREC`, `ISEMAIL_RFC5322` and
//! `ISEMAIL_ERR` are invalid. Every test must agree with that verdict or be listed in
//! `DIVERGENCES`, and every listed test must really diverge.

use std::collections::BTreeMap;
use std::fs;

use domain::names::EmailAddress;

const TESTS: &str = "tests/data/names/email-address/isemail-tests.xml";

/// Tests (by id, with their address as a check) where our verdict deliberately differs.
const DIVERGENCES: &[(&str, &str, &str)] = &[
    // Dotless domains: not deliverable on the public Internet (ICANN SAC053); SES needs a
    // domain it can verify.
    ("5", "test@io", "single-label domain"),
    ("166", "test@org", "single-label domain"),
    // Top-level domains are letters (or an xn-- label); these look like typos or IP addresses.
    ("23", "test@iana.123", "numeric top-level domain"),
    ("24", "test@255.255.255.255", "IP address as the domain"),
    ("33", "test@iana.co-uk", "top-level domain with a hyphen"),
    // Quoted local parts are not supported: rare, and badly handled by mail software.
    ("42", "\"test\"@iana.org", "quoted local part"),
    ("43", "\"\"@iana.org", "quoted local part"),
    ("45", "\"\\a\"@iana.org", "quoted local part"),
    ("46", "\"\\\"\"@iana.org", "quoted local part"),
    ("48", "\"\\\\\"@iana.org", "quoted local part"),
    ("55", "\"test\\ test\"@iana.org", "quoted local part"),
    // Address literals: a sender is verified by domain or address in SES, never by IP.
    ("61", "test@[255.255.255.255]", "IP address literal"),
    (
        "68",
        "test@[IPv6:1111:2222:3333:4444:5555:6666:7777:8888]",
        "IP address literal",
    ),
    (
        "72",
        "test@[IPv6:1111:2222:3333:4444:5555::8888]",
        "IP address literal",
    ),
    (
        "75",
        "test@[IPv6:::3333:4444:5555:6666:7777:8888]",
        "IP address literal",
    ),
    ("77", "test@[IPv6:::]", "IP address literal"),
    (
        "79",
        "test@[IPv6:1111:2222:3333:4444:5555:6666:255.255.255.255]",
        "IP address literal",
    ),
    (
        "81",
        "test@[IPv6:1111:2222:3333:4444::255.255.255.255]",
        "IP address literal",
    ),
];

struct Case {
    id: String,
    address: String,
    category: String,
}

#[test]
fn isemail_verdicts_match_or_are_listed() {
    let cases = parse_tests(
        &fs::read_to_string(format!("{}/{TESTS}", env!("CARGO_MANIFEST_DIR"))).unwrap(),
    );
    assert_eq!(cases.len(), 164, "the file has 164 tests");
    let listed: BTreeMap<&str, (&str, &str)> = DIVERGENCES
        .iter()
        .map(|(id, a, why)| (*id, (*a, *why)))
        .collect();
    let mut problems = Vec::new();
    let mut diverged = 0;
    for case in &cases {
        let source_valid = matches!(
            case.category.as_str(),
            "ISEMAIL_VALID_CATEGORY" | "ISEMAIL_DNSWARN" | "ISEMAIL_RFC5321"
        );
        let ours = EmailAddress::parse(&case.address);
        match (ours.is_ok() == source_valid, listed.get(case.id.as_str())) {
            (true, None) => {}
            (false, Some((address, _))) if *address == case.address => diverged += 1,
            (true, Some(_)) => problems.push(format!("test {} is listed but agrees", case.id)),
            (false, _) => problems.push(format!(
                "test {} {:?} ({}): we say {ours:?}",
                case.id, case.address, case.category
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        diverged,
        DIVERGENCES.len(),
        "every listed test must exist and diverge"
    );
}

/// The `<test>` elements: id, address (entities decoded, control pictures mapped back to the
/// control characters as the file's note 1 says) and category.
fn parse_tests(xml: &str) -> Vec<Case> {
    xml.split("<test id=\"")
        .skip(1)
        .map(|chunk| {
            let id = chunk.split('"').next().unwrap().to_owned();
            let address = if chunk.contains("<address/>") {
                String::new()
            } else {
                element(chunk, "address")
            };
            let address = address.chars().map(control_from_picture).collect();
            Case {
                id,
                address,
                category: element(chunk, "category"),
            }
        })
        .collect()
}

fn element(chunk: &str, name: &str) -> String {
    let start = chunk.find(&format!("<{name}>")).unwrap() + name.len() + 2;
    let end = start + chunk[start..].find(&format!("</{name}>")).unwrap();
    decode_entities(&chunk[start..end])
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find(';').unwrap();
        let entity = &rest[at + 1..end];
        let decoded = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let hex = entity.strip_prefix("#x").unwrap();
                char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap()
            }
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// U+2400 to U+241F ("SYMBOL FOR ...") stand for the control characters U+0000 to U+001F.
fn control_from_picture(c: char) -> char {
    match u32::from(c) {
        code @ 0x2400..=0x241F => char::from_u32(code - 0x2400).unwrap(),
        _ => c,
    }
}
