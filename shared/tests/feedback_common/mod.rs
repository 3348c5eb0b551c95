//! Shared helpers for the feedback fixture tests: locate, read and unwrap the copied fixtures.

use std::path::{Path, PathBuf};

use domain::notifications::{Notification, parse_notification};
use serde_json::Value;

/// `shared/tests/data/ses`.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ses")
}

/// A fixture's text, by path relative to [`data_dir`].
pub fn read(relative: &str) -> String {
    let path = data_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The SES messages a fixture holds: the `Message` of each record of a Lambda SNS event
/// (`Records[].Sns.Message`), the `Message` of an SNS HTTP delivery (`Type` + `Message`), or
/// else the file itself, byte for byte.
pub fn messages_in(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return vec![text.to_owned()];
    };
    if let Some(records) = value.get("Records").and_then(Value::as_array) {
        let messages: Option<Vec<String>> = records
            .iter()
            .map(|record| record.pointer("/Sns/Message")?.as_str().map(str::to_owned))
            .collect();
        if let Some(messages) = messages.filter(|list| !list.is_empty()) {
            return messages;
        }
    }
    if value.get("Type").is_some()
        && let Some(message) = value.get("Message").and_then(Value::as_str)
    {
        return vec![message.to_owned()];
    }
    vec![text.to_owned()]
}

/// Parses a fixture that holds exactly one SES message.
pub fn parse_fixture(relative: &str) -> Notification {
    let messages = messages_in(&read(relative));
    assert_eq!(messages.len(), 1, "{relative} should hold one message");
    parse_notification(&messages[0]).unwrap_or_else(|err| panic!("{relative}: {err}"))
}
