//! `make feedback SAMPLE=...`: a sample SNS event of `events/feedback/`, made current.
//!
//! The samples are dated in the past and carry fixed ids, so fed as they are they count outside
//! today's reputation window, and a second feed is (rightly) ignored as a redelivery. A fresh
//! copy gets new ids everywhere the feedback function deduplicates on (the SNS `MessageId`, SES's
//! `feedbackId` and `messageId`, each old id mapped to one new one so the copy stays consistent)
//! and every timestamp moved by the same amount, so the latest is now and their order is kept.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

/// Keys whose string values are ids the feedback function deduplicates on.
const ID_KEYS: &[&str] = &["MessageId", "messageId", "feedbackId"];

/// The samples shipped in `events/feedback/`.
pub fn samples_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/feedback");
    dir.canonicalize().unwrap_or(dir)
}

/// The file of sample `name` (`bounce-permanent`, ...), or a sentence listing the choices.
pub fn sample_file(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
        .filter_map(|entry| {
            let file = entry.ok()?.file_name().into_string().ok()?;
            file.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    names.sort();
    if names.iter().any(|known| known == name) {
        return Ok(dir.join(format!("{name}.json")));
    }
    Err(format!(
        "there is no sample `{name}`; choose one of: {} (files in {})",
        names.join(", "),
        dir.display()
    ))
}

/// A copy of the Lambda SNS event `event` with fresh ids and timestamps ending at `now`.
/// `new_id` makes one new id per call.
pub fn freshen(
    event: &Value,
    now: DateTime<Utc>,
    mut new_id: impl FnMut() -> String,
) -> Result<Value, String> {
    let mut event = event.clone();
    let records = event
        .get_mut("Records")
        .and_then(Value::as_array_mut)
        .ok_or("the sample is not a Lambda SNS event: no `Records` list")?;
    for record in records {
        let sns = record
            .get_mut("Sns")
            .and_then(Value::as_object_mut)
            .ok_or("a record has no `Sns` object")?;
        let mut message: Value = sns
            .get("Message")
            .and_then(Value::as_str)
            .map(serde_json::from_str)
            .transpose()
            .map_err(|error| format!("the SNS `Message` is not JSON: {error}"))?
            .ok_or("a record has no SNS `Message` string")?;
        let mut envelope = Value::Object(sns.clone());
        if let Some(object) = envelope.as_object_mut() {
            object.remove("Message");
        }
        let latest = [&envelope, &message]
            .into_iter()
            .filter_map(latest_timestamp)
            .max()
            .unwrap_or(now);
        let shift = now - latest;
        let mut ids = HashMap::new();
        for value in [&mut envelope, &mut message] {
            rewrite(value, None, &mut |key, text| {
                if key.is_some_and(|key| ID_KEYS.contains(&key)) {
                    return Some(
                        ids.entry(text.to_owned())
                            .or_insert_with(&mut new_id)
                            .clone(),
                    );
                }
                let at = DateTime::parse_from_rfc3339(text).ok()?;
                let moved = at.with_timezone(&Utc) + shift;
                Some(moved.to_rfc3339_opts(SecondsFormat::Millis, true))
            });
        }
        if let Value::Object(mut fresh) = envelope {
            fresh.insert("Message".to_owned(), Value::from(message.to_string()));
            *sns = fresh;
        }
    }
    Ok(event)
}

/// The latest RFC 3339 timestamp among the strings in `value`.
fn latest_timestamp(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|at| at.with_timezone(&Utc)),
        Value::Array(items) => items.iter().filter_map(latest_timestamp).max(),
        Value::Object(map) => map.values().filter_map(latest_timestamp).max(),
        _ => None,
    }
}

/// Replaces every string `f` maps (given the key it sits under, if any) in place.
fn rewrite(
    value: &mut Value,
    key: Option<&str>,
    f: &mut impl FnMut(Option<&str>, &str) -> Option<String>,
) {
    match value {
        Value::String(text) => {
            if let Some(new) = f(key, text) {
                *text = new;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, key, f)),
        Value::Object(map) => {
            for (name, item) in map.iter_mut() {
                rewrite(item, Some(name), f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Value {
        let file = sample_file(&samples_dir(), name).unwrap();
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
    }

    fn counter() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("fresh-{n}")
        }
    }

    fn message(event: &Value) -> Value {
        serde_json::from_str(event["Records"][0]["Sns"]["Message"].as_str().unwrap()).unwrap()
    }

    #[test]
    fn ids_are_new_and_consistent_and_the_latest_timestamp_is_now() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let old = sample("bounce-permanent");
        let fresh = freshen(&old, now, counter()).unwrap();
        let sns = &fresh["Records"][0]["Sns"];
        assert_eq!(sns["MessageId"], "fresh-1");
        assert_eq!(sns["Timestamp"], "2026-11-29T08:00:00.000Z");
        let inner = message(&fresh);
        assert_eq!(inner["bounce"]["feedbackId"], "fresh-2");
        assert_eq!(inner["bounce"]["timestamp"], "2026-11-29T07:59:30.000Z");
        assert_eq!(inner["mail"]["timestamp"], "2026-11-29T07:58:30.000Z");
        // One SES message id, one new id, wherever it appears.
        assert_eq!(inner["mail"]["messageId"], "fresh-3");
        assert_eq!(inner["mail"]["commonHeaders"]["messageId"], "fresh-3");
        // Everything else is the sample's.
        let before = message(&old);
        assert_eq!(
            inner["bounce"]["bouncedRecipients"],
            before["bounce"]["bouncedRecipients"]
        );
        assert_eq!(inner["mail"]["source"], before["mail"]["source"]);
        assert_eq!(sns["TopicArn"], old["Records"][0]["Sns"]["TopicArn"]);
    }

    #[test]
    fn every_sample_freshens_to_an_event_with_different_ids() {
        let now = Utc::now();
        for name in [
            "bounce-permanent",
            "bounce-transient",
            "complaint",
            "delivery",
            "send",
        ] {
            let old = sample(name);
            let fresh = freshen(&old, now, counter()).unwrap();
            assert_ne!(
                fresh["Records"][0]["Sns"]["MessageId"], old["Records"][0]["Sns"]["MessageId"],
                "{name}"
            );
            assert_ne!(
                message(&fresh)["mail"]["messageId"],
                message(&old)["mail"]["messageId"],
                "{name}"
            );
        }
    }

    #[test]
    fn unknown_samples_and_non_events_are_refused_with_the_choices() {
        let error = sample_file(&samples_dir(), "bounce").unwrap_err();
        assert!(error.contains("no sample `bounce`"), "{error}");
        assert!(
            error.contains("bounce-permanent, bounce-transient, complaint"),
            "{error}"
        );
        assert!(freshen(&serde_json::json!({"x": 1}), Utc::now(), counter()).is_err());
    }
}
