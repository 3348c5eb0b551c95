//! [`DisplayName`]: the human name shown in a From header, and the header value built from it.

mod mailbox;

use serde::{Deserialize, Serialize};

use super::macros::{describe_char, string_newtype};

/// The human-readable name of a sender, such as `Acme Support`.
///
/// Parsing trims surrounding whitespace; the result has 1 to [`MAX_CHARS`](Self::MAX_CHARS)
/// characters, any script, and nothing that could break or disguise a header: no control
/// characters (tab included), no line or paragraph separators, no bidirectional embedding,
/// override or isolate controls (the "Trojan Source" spoofing characters), no byte order mark
/// and no noncharacters. Right-to-left text and the zero-width (non-)joiners that some scripts
/// and emoji need are allowed.
///
/// Use [`render_mailbox`](Self::render_mailbox) to build a `From` header value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

string_newtype!(DisplayName, DisplayNameError);

/// Why a string is not a usable display name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("the display name is empty")]
    Empty,
    #[error("the display name is {length} characters long; the limit is 100")]
    TooLong { length: usize },
    #[error("the display name must be on one line")]
    LineBreak,
    #[error("the display name contains the control character {}", describe_char(.character))]
    ControlCharacter { character: char },
    #[error("the display name contains the text-direction control {}, which can disguise what a reader sees", describe_char(.character))]
    BidiControl { character: char },
    #[error("the display name contains the invisible or reserved character {}", describe_char(.character))]
    UnsafeCharacter { character: char },
}

impl DisplayNameError {
    /// A stable, machine-readable code for this error (snake_case).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong { .. } => "too_long",
            Self::LineBreak => "line_break",
            Self::ControlCharacter { .. } => "control_character",
            Self::BidiControl { .. } => "bidi_control",
            Self::UnsafeCharacter { .. } => "unsafe_character",
        }
    }
}

impl DisplayName {
    /// The longest display name, in characters (Unicode scalar values). Long enough for
    /// "Customer Success Team at Example Corporation International", short enough that the
    /// encoded header stays well within the 998-octet line limit of RFC 5322.
    pub const MAX_CHARS: usize = 100;

    /// Parses a display name.
    pub fn parse(input: &str) -> Result<Self, DisplayNameError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        let length = name.chars().count();
        if length > Self::MAX_CHARS {
            return Err(DisplayNameError::TooLong { length });
        }
        name.chars().try_for_each(check_char)?;
        Ok(Self(name.to_owned()))
    }

    /// The name as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_char(character: char) -> Result<(), DisplayNameError> {
    match character {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            Err(DisplayNameError::LineBreak)
        }
        c if c.is_control() => Err(DisplayNameError::ControlCharacter { character: c }),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Err(DisplayNameError::BidiControl { character })
        }
        '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{FDD0}'..='\u{FDEF}' => {
            Err(DisplayNameError::UnsafeCharacter { character })
        }
        c if u32::from(c) & 0xFFFE == 0xFFFE => {
            Err(DisplayNameError::UnsafeCharacter { character: c })
        }
        _ => Ok(()),
    }
}
