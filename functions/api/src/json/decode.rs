//! Turning `serde_json` errors into problems that point at the offending field.

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::{Path, Segment};

use crate::problem::{FieldError, Problem};

/// Parses `bytes` as one JSON value of type `T`.
///
/// Syntax errors (including trailing data) give 400 `malformed-body` with the line and column;
/// data errors give 422 `validation-error` with one [`FieldError`] whose `field` is a JSON
/// Pointer (`/records/1/value`; `""` is the whole body).
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    // Every body of this API is a JSON object, but serde lets a struct be read from an array
    // of its fields in order (`[null, null]` would pass as an empty PATCH): refuse lists.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
            .map_err(|error| problem_for(error, String::new()))?;
        return Err(Problem::validation([field_error(
            String::new(),
            "invalid type: array, expected a JSON object".to_owned(),
        )]));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer = json_pointer(error.path());
        problem_for(error.into_inner(), pointer)
    })?;
    deserializer
        .end()
        .map_err(|error| problem_for(error, String::new()))?;
    Ok(value)
}

/// serde's message prefix → (field error code, whether the message names a child field).
/// Anything else, including a newtype's `TryFrom` error, is `invalid_value`.
const FIELD_ERROR_CODES: [(&str, &str, bool); 6] = [
    ("missing field", "required", true),
    ("duplicate field", "duplicate_field", true),
    ("unknown field", "unknown_field", false),
    ("invalid type", "invalid_type", false),
    ("invalid length", "invalid_length", false),
    ("unknown variant", "unknown_variant", false),
];

fn problem_for(error: serde_json::Error, pointer: String) -> Problem {
    let message = message_without_location(&error);
    match error.classify() {
        Category::Data => Problem::validation([field_error(pointer, message)]),
        Category::Eof => Problem::malformed_body(format!(
            "The body is not valid JSON: it ends early (line {}, column {}).",
            error.line(),
            error.column()
        )),
        Category::Syntax | Category::Io => Problem::malformed_body(format!(
            "The body is not valid JSON: {message} (line {}, column {}).",
            error.line(),
            error.column()
        )),
    }
}

/// Builds the field error for a data error found at `pointer`.
///
/// For a missing or duplicate field serde reports the enclosing object, so the field's own
/// name (from the message) is appended to the pointer.
fn field_error(pointer: String, message: String) -> FieldError {
    let (code, names_child) = FIELD_ERROR_CODES
        .iter()
        .find(|(prefix, _, _)| message.starts_with(prefix))
        .map_or(("invalid_value", false), |&(_, code, names_child)| {
            (code, names_child)
        });
    let field = match first_backticked(&message) {
        Some(name) if names_child => format!("{pointer}/{}", escape_token(name)),
        _ => pointer,
    };
    FieldError::new(field, code, message)
}

/// The error's message without serde_json's " at line L column C" suffix.
fn message_without_location(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match full.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => full,
    }
}

/// The text between the first pair of backticks, e.g. `name` in "missing field `name`".
fn first_backticked(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

/// Renders a serde path as an RFC 6901 JSON Pointer.
fn json_pointer(path: &Path) -> String {
    let mut pointer = String::new();
    for segment in path {
        match segment {
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_token(key));
            }
            Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(&escape_token(variant));
            }
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Escapes one reference token: `~` as `~0`, `/` as `~1` (RFC 6901 §3).
fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        assert_eq!(escape_token("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn backticked_name_is_the_first_quoted_word() {
        assert_eq!(
            first_backticked("unknown field `x`, expected `y`"),
            Some("x")
        );
        assert_eq!(first_backticked("no quotes"), None);
    }
}
