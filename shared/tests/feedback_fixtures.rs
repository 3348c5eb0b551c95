//! Every copied SES fixture that holds an SES feedback message parses; every file that does not
//! is listed below with the reason, and the reason is checked.

use crate::feedback_common;

use std::path::Path;

use domain::notifications::parse_notification;
use feedback_common::{data_dir, messages_in, read};

/// What a file that is not (directly) an SES feedback message is, and how that is checked.
enum NotFeedback {
    /// Not valid JSON as published; a `derived-*` copy next to it is parsed instead.
    NotJson,
    /// A single object from the AWS docs (mail, bounce, ...), not a whole notification; these
    /// are put together into notifications in `feedback_fixture_values::documented_fragments_*`.
    Fragment,
    /// Valid JSON, but the message it holds is not SES feedback: it must be rejected.
    Rejected(&'static str),
}

use NotFeedback::{Fragment, NotJson, Rejected};

/// The explicit skip list, relative to `tests/data/ses`. Each entry is checked below.
const NOT_FEEDBACK: &[(&str, NotFeedback)] = &[
    // The AWS event-publishing examples carry " 1. " line-number prefixes as published; the
    // copies in derived-line-numbers-stripped/ are the parsed ones.
    (
        "ses-notifications/awsdocs-eventpub-01-sns-bounce.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-02-sns-complaint.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-03-sns-delivery.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-04-sns-send.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-05-sns-reject.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-06-sns-open.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-07-sns-click.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-08-sns-failure.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-09-sns-delayed-delivery.json",
        NotJson,
    ),
    (
        "ses-notifications/awsdocs-eventpub-10-sns-subscription.json",
        NotJson,
    ),
    // "Notification contents" doc sections: one object each, not a notification.
    (
        "ses-notifications/awsdocs-notification-contents-01-object.json",
        Fragment,
    ),
    (
        "ses-notifications/awsdocs-notification-contents-02-object.json",
        Fragment,
    ),
    (
        "ses-notifications/awsdocs-notification-contents-03-recipients.json",
        Fragment,
    ),
    (
        "ses-notifications/awsdocs-notification-contents-04-object.json",
        Fragment,
    ),
    (
        "ses-notifications/awsdocs-notification-contents-05-recipients.json",
        Fragment,
    ),
    (
        "ses-notifications/awsdocs-notification-contents-06-object.json",
        Fragment,
    ),
    // An SNS SubscriptionConfirmation: its Message is English text, not an SES notification.
    (
        "ses-notifications/mozilla-fx-private-relay/subscription_confirmation_invalid_sns_body.json",
        Rejected("invalid_json"),
    ),
    // SES *receiving* events (inbound mail via a Lambda receipt action): no SNS envelope and
    // not feedback about mail we sent; the whole file has no notificationType/eventType.
    (
        "sns-lambda-envelopes/aws-lambda-go-ses-sns-event.json",
        Rejected("missing_type"),
    ),
    (
        "sns-lambda-envelopes/aws-lambda-rust-runtime-example-ses-sns-event.json",
        Rejected("missing_type"),
    ),
    // Generic SNS envelopes whose Message is "Hello from SNS!", "Hello\r\nworld!" or a JSON
    // object that is not an SES notification.
    (
        "sns-lambda-envelopes/aws-lambda-go-sns-event.json",
        Rejected("invalid_json"),
    ),
    (
        "sns-lambda-envelopes/aws-lambda-rust-runtime-example-sns-event.json",
        Rejected("invalid_json"),
    ),
    (
        "sns-lambda-envelopes/aws-lambda-rust-runtime-example-sns-event-pascal-case.json",
        Rejected("invalid_json"),
    ),
    (
        "sns-lambda-envelopes/aws-lambda-rust-runtime-example-sns-event-obj.json",
        Rejected("missing_type"),
    ),
    (
        "sns-lambda-envelopes/powertools-python-snsEvent.json",
        Rejected("invalid_json"),
    ),
    (
        "sns-lambda-envelopes/powertools-typescript-parser-sns-base.json",
        Rejected("invalid_json"),
    ),
    // Python source (a dict literal); derived-powertools-pr4069-sns_ses_event.json is its JSON.
    (
        "sns-lambda-envelopes/powertools-pr4069-sns_ses_event.pydict.txt",
        NotJson,
    ),
];

/// How many SES messages the fixtures hold; a drop means a file silently stopped counting.
const EXPECTED_FEEDBACK_MESSAGES: usize = 30;

fn fixture_files(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_files(&path, found);
        } else if path.file_name().is_some_and(|name| name != "README.md") {
            let relative = path.strip_prefix(data_dir()).unwrap();
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn all_fixture_files() -> Vec<String> {
    let mut found = Vec::new();
    fixture_files(&data_dir(), &mut found);
    found.sort();
    found
}

#[test]
fn every_feedback_fixture_parses() {
    let mut parsed = 0;
    let mut failures = Vec::new();
    for file in all_fixture_files() {
        if NOT_FEEDBACK.iter().any(|(listed, _)| *listed == file) {
            continue;
        }
        for message in messages_in(&read(&file)) {
            match parse_notification(&message) {
                Ok(_) => parsed += 1,
                Err(err) => failures.push(format!("{file}: {} ({err})", err.code())),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures that did not parse:\n{}",
        failures.join("\n")
    );
    assert_eq!(parsed, EXPECTED_FEEDBACK_MESSAGES);
}

#[test]
fn every_skipped_fixture_is_what_the_list_says() {
    let files = all_fixture_files();
    for (file, what) in NOT_FEEDBACK {
        assert!(
            files.contains(&file.to_string()),
            "stale skip-list entry {file}"
        );
        let text = read(file);
        match what {
            NotJson => assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_err(),
                "{file} is valid JSON: parse it instead of skipping it"
            ),
            Fragment => {
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert!(value.is_object(), "{file}");
                for key in ["mail", "notificationType", "eventType"] {
                    assert!(value.get(key).is_none(), "{file} has {key}: not a fragment");
                }
            }
            Rejected(code) => {
                for message in messages_in(&text) {
                    let err = parse_notification(&message).expect_err(file);
                    assert_eq!(err.code(), *code, "{file}: {err}");
                }
            }
        }
    }
}
