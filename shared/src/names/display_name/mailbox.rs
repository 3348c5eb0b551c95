//! Rendering a [`DisplayName`] and an address as an RFC 5322 `name-addr`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::DisplayName;
use crate::names::EmailAddress;

/// The longest encoded-word (RFC 2047, section 2).
const MAX_ENCODED_WORD: usize = 75;
/// `=?UTF-8?B?` and `?=`.
const ENCODED_WORD_OVERHEAD: usize = "=?UTF-8?B??=".len();
/// The most UTF-8 octets one encoded-word carries: base64 turns 3 octets into 4 characters.
const MAX_OCTETS_PER_WORD: usize = (MAX_ENCODED_WORD - ENCODED_WORD_OVERHEAD) / 4 * 3;

impl DisplayName {
    /// The `From` header value for this name and `address`: `name-addr` of RFC 5322,
    /// in ASCII only, as SES requires.
    ///
    /// - A name of atoms separated by single spaces is written as is: `Acme Support <a@x.com>`.
    /// - Other ASCII names become a quoted-string with `"` and `\` escaped:
    ///   `"Acme, Inc." <a@x.com>`.
    /// - Non-ASCII names, and ASCII names containing `=?` (which a mail reader could decode as an
    ///   encoded-word), become RFC 2047 encoded-words, `=?UTF-8?B?...?=`, each at most 75
    ///   characters, split between characters and separated by spaces.
    pub fn render_mailbox(&self, address: &EmailAddress) -> String {
        let name = self.as_str();
        let phrase = if !name.is_ascii() || name.contains("=?") {
            encoded_words(name)
        } else if is_atom_phrase(name) {
            name.to_owned()
        } else {
            quoted_string(name)
        };
        format!("{phrase} <{address}>")
    }
}

/// Whether `name` is atoms separated by single spaces.
fn is_atom_phrase(name: &str) -> bool {
    name.split(' ')
        .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

/// RFC 5322 `atext`.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// An RFC 5322 quoted-string; `name` is printable ASCII and spaces.
fn quoted_string(name: &str) -> String {
    let mut quoted = String::with_capacity(name.len() + 2);
    quoted.push('"');
    for c in name.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// RFC 2047 `B` encoded-words, each carrying whole characters.
fn encoded_words(name: &str) -> String {
    let mut words = Vec::new();
    let mut chunk_start = 0;
    let mut chunk_end = 0;
    for (index, c) in name.char_indices() {
        let end = index + c.len_utf8();
        if end - chunk_start > MAX_OCTETS_PER_WORD {
            words.push(encoded_word(&name[chunk_start..chunk_end]));
            chunk_start = chunk_end;
        }
        chunk_end = end;
    }
    words.push(encoded_word(&name[chunk_start..chunk_end]));
    words.join(" ")
}

fn encoded_word(text: &str) -> String {
    format!("=?UTF-8?B?{}?=", STANDARD.encode(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_hold_at_most_45_octets_and_whole_characters() {
        assert_eq!(MAX_OCTETS_PER_WORD, 45);
        // 15 three-octet characters fill one word exactly; the 16th starts a second one.
        let words = encoded_words(&"日".repeat(16));
        let (first, second) = words.split_once(' ').unwrap();
        assert_eq!(first, encoded_word(&"日".repeat(15)));
        assert_eq!(second, encoded_word("日"));
        assert_eq!(first.len(), MAX_ENCODED_WORD - 3);
        // A four-octet character never straddles two words.
        let words = encoded_words(&format!("{}😀", "a".repeat(43)));
        assert_eq!(
            words,
            format!("{} {}", encoded_word(&"a".repeat(43)), encoded_word("😀"))
        );
    }

    #[test]
    fn atom_phrases_need_single_spaces_and_atext() {
        assert!(is_atom_phrase("Acme Support"));
        assert!(is_atom_phrase("O'Brien+Co"));
        assert!(!is_atom_phrase("Acme  Support"));
        assert!(!is_atom_phrase("Acme, Inc."));
        assert!(!is_atom_phrase("a\"b"));
    }
}
