//! Bare addresses out of mailbox strings as SES writes them (`mail.source`, recipients).
//!
//! No validation happens here: the result is a string for the `names` module to parse.

/// Extracts the bare address from a mailbox such as `"Jane" <jane@example.com>`.
///
/// Handles `Name <a@b>`, quoted display names that themselves contain `<`, `>` or escaped
/// quotes, RFC 2047 encoded words before the angle brackets, `(comments)`, and plain addresses.
/// When several angle-bracketed parts appear outside quotes and comments, the last one wins
/// (the display name comes first in a mailbox). Without angle brackets the whole string minus
/// comments is the address. Returns `None` when nothing but whitespace is left.
pub fn bare_address(mailbox: &str) -> Option<String> {
    let scan = Scan::of(mailbox);
    let candidate = match scan.angle_addr {
        Some((start, end)) => mailbox[start..end].to_owned(),
        None => scan.outside_comments,
    };
    let trimmed = candidate.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The form of an address used in deduplication keys: surrounding whitespace removed and the
/// domain lower-cased. The local part is kept as is, since SES treats it as case-sensitive.
pub fn dedup_form(address: &str) -> String {
    dedup(address)
}

/// A recipient as logs may show it: the first 16 hex digits of the SHA-256 of its
/// [`dedup_form`], so one recipient's lines can be followed without its address in the logs.
pub fn logged_recipient(address: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(dedup_form(address).as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn dedup(address: &str) -> String {
    let address = address.trim();
    match address.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => address.to_owned(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Plain,
    Quoted,
    Comment(usize),
}

/// One pass over a mailbox, tracking quoted strings and (nested) comments.
struct Scan {
    /// Byte range of the last `<...>` found outside quotes and comments.
    angle_addr: Option<(usize, usize)>,
    /// The input with comments removed, for mailboxes without angle brackets.
    outside_comments: String,
}

impl Scan {
    fn of(mailbox: &str) -> Self {
        let mut state = State::Plain;
        let mut escaped = false;
        let mut open: Option<usize> = None;
        let mut angle_addr = None;
        let mut outside_comments = String::with_capacity(mailbox.len());
        for (index, ch) in mailbox.char_indices() {
            let was_comment = matches!(state, State::Comment(_));
            if escaped {
                escaped = false;
            } else {
                state = match (state, ch) {
                    (State::Quoted | State::Comment(_), '\\') => {
                        escaped = true;
                        state
                    }
                    (State::Plain, '"') => State::Quoted,
                    (State::Quoted, '"') => State::Plain,
                    (State::Plain, '(') => State::Comment(1),
                    (State::Comment(depth), '(') => State::Comment(depth + 1),
                    (State::Comment(1), ')') => State::Plain,
                    (State::Comment(depth), ')') => State::Comment(depth - 1),
                    (State::Plain, '<') => {
                        open = Some(index + ch.len_utf8());
                        state
                    }
                    (State::Plain, '>') => {
                        if let Some(start) = open.take() {
                            angle_addr = Some((start, index));
                        }
                        state
                    }
                    _ => state,
                };
            }
            let is_comment = matches!(state, State::Comment(_));
            if !was_comment && !is_comment {
                outside_comments.push(ch);
            }
        }
        Self {
            angle_addr,
            outside_comments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(mailbox: &str) -> Option<String> {
        bare_address(mailbox)
    }

    #[test]
    fn plain_address_is_trimmed() {
        assert_eq!(
            bare("  jane@example.com \n").as_deref(),
            Some("jane@example.com")
        );
    }

    #[test]
    fn display_name_forms() {
        assert_eq!(
            bare("Jane <jane@example.com>").as_deref(),
            Some("jane@example.com")
        );
        assert_eq!(
            bare("\"Jane Doe\" < jane@example.com >").as_deref(),
            Some("jane@example.com")
        );
        assert_eq!(
            bare("<jane@example.com>").as_deref(),
            Some("jane@example.com")
        );
    }

    #[test]
    fn angle_brackets_inside_quotes_are_part_of_the_name() {
        let mailbox = "\"Jane <boss@evil.example>\" <jane@example.com>";
        assert_eq!(bare(mailbox).as_deref(), Some("jane@example.com"));
    }

    #[test]
    fn escaped_quotes_inside_the_name() {
        // The shape of Mozilla Relay's commonHeaders.from, unescaped once.
        let mailbox = r#""\"sender@test.com [via Relay]\"" <relay@unfck.email>"#;
        assert_eq!(bare(mailbox).as_deref(), Some("relay@unfck.email"));
    }

    #[test]
    fn encoded_word_display_name() {
        let mailbox =
            "=?utf-8?b?Imxjcm91Y2hAbW96aWxsYS5jb20gW3ZpYSBSZWxheV0i?= <relay@unfck.email>";
        assert_eq!(bare(mailbox).as_deref(), Some("relay@unfck.email"));
    }

    #[test]
    fn comments_are_dropped() {
        assert_eq!(
            bare("jane@example.com (Jane <x@y>)").as_deref(),
            Some("jane@example.com")
        );
        assert_eq!(
            bare("(a (nested) one) jane@example.com").as_deref(),
            Some("jane@example.com")
        );
    }

    #[test]
    fn nothing_left_is_none() {
        assert_eq!(bare("   "), None);
        assert_eq!(bare("Jane <>"), None);
        assert_eq!(bare(""), None);
    }

    #[test]
    fn unclosed_angle_bracket_falls_back_to_the_whole_string() {
        assert_eq!(
            bare("Jane <jane@example.com").as_deref(),
            Some("Jane <jane@example.com")
        );
    }

    #[test]
    fn dedup_form_lowercases_only_the_domain() {
        assert_eq!(dedup_form(" Jane.Doe@EXAMPLE.Com "), "Jane.Doe@example.com");
        assert_eq!(
            dedup_form("odd\"@\"local@Example.COM"),
            "odd\"@\"local@example.com"
        );
        assert_eq!(dedup_form("no-at-sign"), "no-at-sign");
    }
}
