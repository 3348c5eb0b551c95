//! `EmailAddress` against python-email-validator's `tests/test_syntax.py`
//! (tests/data/names/email-address/python-email-validator-tests-test_syntax.py.txt).
//!
//! The cases are read from the Python source: the first string of every element of every
//! `@pytest.mark.parametrize` list (commented-out cases are comments, so they are not cases),
//! plus `validate_email("literal", ...)` calls outside those lists. Which of the source's
//! assertions gives the verdict, per test function (`VERDICTS`): where the source states the
//! verdict under options matching our policy (no SMTPUTF8, no quoted local parts, no domain
//! literals, no display names, strict lengths) we take that one; otherwise the one it asserts.
//! Every case must agree or be listed in `DIVERGENCES`; every listed case must really diverge.

use std::collections::BTreeSet;
use std::fs;

use domain::names::EmailAddress;

const SOURCE: &str =
    "tests/data/names/email-address/python-email-validator-tests-test_syntax.py.txt";

/// The verdict of each parametrized test function (see the module docs).
fn verdict(function: &str, case: &str) -> bool {
    match function {
        // Asserted valid with allow_quoted_local and allow_display_name, SMTPUTF8 on and off.
        "test_email_valid" => true,
        // Asserted invalid with allow_smtputf8=False (our policy).
        "test_email_valid_intl_local_part" => false,
        // Asserted invalid by default (quoting not allowed).
        "test_email_valid_only_if_quoted_local_part" => false,
        "test_email_invalid_syntax" => false,
        // Asserted invalid with strict=True (our policy: local part at most 64).
        "test_email_invalid_syntax_strict" => false,
        "test_email_invalid_reserved_domain" => false,
        "test_email_unsafe_character" => false,
        "test_email_invalid_character_smtputf8_off" => false,
        // By the pyIsEmail status, as that test decides: only ISEMAIL_VALID passes by default.
        "test_pyisemail_tests" => case == "ISEMAIL_VALID",
        other => panic!("no verdict defined for {other}"),
    }
}

/// Cases (test function, address) whose verdict we deliberately do not share.
const DIVERGENCES: &[(&str, &str, &str)] = &[
    // Quoted local parts are not supported.
    (
        "test_email_valid",
        "\"quoted local part\"@example.org",
        "quoted local part",
    ),
    (
        "test_email_valid",
        "\"de-quoted.local.part\"@example.org",
        "quoted local part",
    ),
    (
        "test_email_valid",
        "\"unnecessary.escaped.\\x.local.part\"@example.org",
        "quoted local part",
    ),
    (
        "test_email_valid",
        "\"escaped.quote.\\\".local.part\"@example.org",
        "quoted local part",
    ),
    // The display name is a separate field; an address must be bare.
    (
        "test_email_valid",
        "MyName <me@example.org>",
        "display name",
    ),
    (
        "test_email_valid",
        "My Name <me@example.org>",
        "display name",
    ),
    (
        "test_email_valid",
        r#""My.\"Na\\me\".Is" <"me \" \\ me"@example.org>"#,
        "display name",
    ),
    // Special-use and reserved names are syntactically fine; EmailAddress checks syntax only
    // (SES verification proves the address works).
    (
        "test_email_invalid_reserved_domain",
        "me@anything.arpa",
        "reserved name",
    ),
    (
        "test_email_invalid_reserved_domain",
        "me@valid.invalid",
        "reserved name",
    ),
    (
        "test_email_invalid_reserved_domain",
        "me@link.local",
        "reserved name",
    ),
    (
        "test_email_invalid_reserved_domain",
        "me@host.localhost",
        "reserved name",
    ),
    (
        "test_email_invalid_reserved_domain",
        "me@onion.onion.onion",
        "reserved name",
    ),
    (
        "test_email_invalid_reserved_domain",
        "me@test.test.test",
        "reserved name",
    ),
    // Valid there only with options we do not offer.
    (
        "test_domain_literal",
        "me@[127.0.0.1]",
        "IP address literal",
    ),
    ("test_domain_literal", "me@[IPv6:::1]", "IP address literal"),
    (
        "test_domain_literal",
        "me@[IPv6:0000:0000:0000:0000:0000:0000:0000:0001]",
        "IP address literal",
    ),
    ("test_email_empty_local", "@test", "empty local part"),
    (
        "test_email_empty_local",
        "\"\"@test",
        "empty quoted local part",
    ),
    // `test_environment=True` allows the dotless `test` domain.
    (
        "test_email_test_domain_name_in_test_environment",
        "anything@test",
        "single-label domain",
    ),
    (
        "test_case_insensitive_mailbox_name",
        "POSTMASTER@test",
        "single-label domain",
    ),
    (
        "test_case_insensitive_mailbox_name",
        "NOT-POSTMASTER@test",
        "single-label domain",
    ),
];

#[test]
fn email_validator_verdicts_match_or_are_listed() {
    let source = fs::read_to_string(format!("{}/{SOURCE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let tokens = tokenize(&source);
    let cases = extract_cases(&tokens);
    assert!(cases.len() >= 250, "only {} cases found", cases.len());
    let listed: BTreeSet<(&str, &str)> = DIVERGENCES.iter().map(|(f, a, _)| (*f, *a)).collect();
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    for case in &cases {
        let Some(address) = &case.address else {
            continue;
        };
        let ours = EmailAddress::parse(address);
        if ours.is_ok() == case.valid {
            continue;
        }
        let key = (case.function.as_str(), address.as_str());
        match listed.get(&key) {
            Some(entry) => _ = used.insert(*entry),
            None => problems.push(format!(
                "{}: {address:?} valid={}, we say {ours:?}",
                case.function, case.valid
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let unused: Vec<_> = listed.difference(&used).collect();
    assert!(unused.is_empty(), "listed but never diverging: {unused:?}");
    let unrepresentable = cases.iter().filter(|case| case.address.is_none()).count();
    assert_eq!(
        unrepresentable, 2,
        "only the lone surrogate U+D800 (twice) cannot be a Rust string"
    );
}

struct Case {
    function: String,
    /// `None` when the Python string holds a lone surrogate.
    address: Option<String>,
    valid: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Str(Option<String>),
    Name(String),
    Punct(char),
}

fn extract_cases(tokens: &[Token]) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if tokens[index] == Token::Name("parametrize".to_owned()) {
            let (list, next) = parametrize_list(tokens, index + 1);
            let function = function_after(tokens, next);
            for element in list {
                cases.extend(cases_of(&function, &element));
            }
            index = next;
        } else if tokens[index] == Token::Name("validate_email".to_owned()) {
            if let [
                Token::Punct('('),
                Token::Str(address),
                Token::Punct(',' | ')'),
                ..,
            ] = &tokens[index + 1..]
            {
                let function = function_before(tokens, index);
                cases.push(Case {
                    function,
                    address: address.clone(),
                    valid: true,
                });
            }
            index += 1;
        } else {
            index += 1;
        }
    }
    cases
}

/// The elements of the list argument of `parametrize(...)`, and the index after the call.
fn parametrize_list(tokens: &[Token], open: usize) -> (Vec<Vec<Token>>, usize) {
    let start = (open..tokens.len())
        .find(|&i| tokens[i] == Token::Punct('['))
        .unwrap();
    let (mut elements, mut current, mut depth) = (Vec::new(), Vec::new(), 0);
    for (offset, token) in tokens[start + 1..].iter().enumerate() {
        match token {
            Token::Punct('(' | '[' | '{') => depth += 1,
            Token::Punct(')' | ']' | '}') if depth == 0 => {
                elements.extend((!current.is_empty()).then_some(current));
                return (elements, start + 1 + offset);
            }
            Token::Punct(')' | ']' | '}') => depth -= 1,
            Token::Punct(',') if depth == 0 => {
                elements.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(token.clone());
    }
    panic!("unterminated parametrize list")
}

/// The cases of one list element: its first string, and for `test_pyisemail_tests` the status.
fn cases_of(function: &str, element: &[Token]) -> Vec<Case> {
    let mut strings = element.iter().filter_map(|token| match token {
        Token::Str(value) => Some(value.clone()),
        _ => None,
    });
    let first = strings.next().unwrap();
    let second = strings.next().flatten().unwrap_or_default();
    let valid = verdict(function, &second);
    let inputs = match function {
        // The test builds `s + "@test"` and `"test@" + s`.
        "test_email_unsafe_character" => vec![
            first.as_ref().map(|s| format!("{s}@test")),
            first.map(|s| format!("test@{s}")),
        ],
        _ => vec![first],
    };
    inputs
        .into_iter()
        .map(|address| Case {
            function: function.to_owned(),
            address,
            valid,
        })
        .collect()
}

fn function_after(tokens: &[Token], from: usize) -> String {
    let def = (from..tokens.len())
        .find(|&i| tokens[i] == Token::Name("def".to_owned()))
        .unwrap();
    match &tokens[def + 1] {
        Token::Name(name) => name.clone(),
        other => panic!("expected a function name, got {other:?}"),
    }
}

fn function_before(tokens: &[Token], from: usize) -> String {
    let def = (0..from)
        .rev()
        .find(|&i| tokens[i] == Token::Name("def".to_owned()))
        .unwrap();
    function_after(tokens, def)
}

/// Python tokens, enough for this file: names, punctuation and (raw) string literals; comments
/// are dropped. Triple-quoted strings are not supported and fail loudly.
fn tokenize(source: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if c == '#' {
            rest = rest.find('\n').map_or("", |end| &rest[end..]);
        } else if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if c == '\'' || c == '"' || (c == 'r' && rest[1..].starts_with(['\'', '"'])) {
            let (value, after) = python_string(rest);
            tokens.push(Token::Str(value));
            rest = after;
        } else if c.is_alphanumeric() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            tokens.push(Token::Name(rest[..end].to_owned()));
            rest = &rest[end..];
        } else {
            tokens.push(Token::Punct(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    tokens
}

/// A Python string literal (optionally raw) at the start of `text`: its value (`None` if it
/// holds a lone surrogate) and the text after it.
fn python_string(text: &str) -> (Option<String>, &str) {
    let raw = text.starts_with('r');
    let body = if raw { &text[1..] } else { text };
    let quote = body.chars().next().unwrap();
    assert!(
        !body.starts_with(&quote.to_string().repeat(3)),
        "triple-quoted strings are not supported"
    );
    let mut value = String::new();
    let mut representable = true;
    let mut chars = body.char_indices().skip(1).peekable();
    while let Some((index, c)) = chars.next() {
        if c == quote {
            let after = &body[index + 1..];
            return (representable.then_some(value), after);
        }
        if c != '\\' {
            value.push(c);
            continue;
        }
        let (_, escape) = chars.next().unwrap();
        if raw {
            value.push('\\');
            value.push(escape);
            continue;
        }
        let mut hex = |digits: usize| {
            let code: String = (0..digits).map(|_| chars.next().unwrap().1).collect();
            u32::from_str_radix(&code, 16).unwrap()
        };
        let decoded = match escape {
            '\\' | '\'' | '"' => Some(u32::from(escape)),
            'a' => Some(0x07),
            'b' => Some(0x08),
            'f' => Some(0x0C),
            'n' => Some(0x0A),
            'r' => Some(0x0D),
            't' => Some(0x09),
            'v' => Some(0x0B),
            'x' => Some(hex(2)),
            'u' => Some(hex(4)),
            'U' => Some(hex(8)),
            '0'..='7' => panic!("octal escapes are not supported"),
            'N' => panic!("named escapes are not supported"),
            _ => None,
        };
        match decoded.map(char::from_u32) {
            Some(Some(c)) => value.push(c),
            Some(None) => representable = false,
            None => {
                value.push('\\');
                value.push(escape);
            }
        }
    }
    panic!("unterminated string literal")
}
