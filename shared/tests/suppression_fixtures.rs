//! `suppressions` on real SES notifications (shared/tests/data/ses) and edited copies of them.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use domain::notifications::{Notification, parse_notification};
use domain::suppressions::{Suppression, SuppressionReason, suppressions};
use serde_json::Value;

const SIMULATOR_BOUNCE: &str =
    "mozilla-fx-private-relay/bounce_notification_from_simulator_ses_body.json";
const SIMULATOR_OOTO: &str =
    "mozilla-fx-private-relay/ooto_bounce_notification_from_simulator_ses_body.json";
const SIMULATOR_COMPLAINT: &str =
    "mozilla-fx-private-relay/complaint_notification_from_simulator_ses_body.json";

/// The SES message of a fixture: an SNS HTTP envelope's `Message`, or the file itself.
fn message_json(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ses/ses-notifications")
        .join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    match value.get("Message").and_then(Value::as_str) {
        Some(message) if value.get("Type").is_some() => serde_json::from_str(message).unwrap(),
        _ => value,
    }
}

fn parse(value: &Value) -> Notification {
    parse_notification(&value.to_string()).unwrap()
}

fn fixture(relative: &str) -> Notification {
    parse(&message_json(relative))
}

/// A time no fixture contains, to tell the fallback apart.
fn received_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap()
}

fn suppressed(relative: &str) -> Vec<Suppression> {
    suppressions(&fixture(relative), received_at())
}

fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn simulator_hard_bounce_suppresses_the_bounced_address() {
    let found = suppressed(SIMULATOR_BOUNCE);
    assert_eq!(
        found,
        vec![Suppression {
            recipient: "bounce@simulator.amazonses.com".into(),
            reason: SuppressionReason::HardBounce,
            sender: "test@relay.example.com".into(),
            detail: Some("General".into()),
            diagnostic: Some("smtp; 550 5.1.1 user unknown".into()),
            at: at("2022-08-03T17:34:55.000Z"),
        }]
    );
}

#[test]
fn simulator_out_of_office_bounce_is_transient_and_suppresses_nothing() {
    assert_eq!(suppressed(SIMULATOR_OOTO), vec![]);
}

#[test]
fn simulator_complaint_suppresses_the_complainant() {
    let found = suppressed(SIMULATOR_COMPLAINT);
    assert_eq!(
        found,
        vec![Suppression {
            recipient: "complaint@simulator.amazonses.com".into(),
            reason: SuppressionReason::Complaint,
            sender: "test@relay.example.com".into(),
            detail: Some("abuse".into()),
            diagnostic: None,
            at: at("2022-08-03T17:38:31.000Z"),
        }]
    );
}

#[test]
fn not_spam_feedback_suppresses_nothing() {
    let mut value = message_json(SIMULATOR_COMPLAINT);
    value["complaint"]["complaintFeedbackType"] = "not-spam".into();
    assert_eq!(suppressions(&parse(&value), received_at()), vec![]);
}

#[test]
fn complaint_without_feedback_report_suppresses() {
    let found = suppressed("awsdocs-notification-04-no-feedback.json");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, SuppressionReason::Complaint);
    assert_eq!(found[0].detail, None);
}

#[test]
fn every_recipient_of_a_hard_bounce_is_suppressed_once() {
    let found = suppressed("awsdocs-notification-02-no-dsn.json");
    let recipients: Vec<&str> = found.iter().map(|s| s.recipient.as_str()).collect();
    assert_eq!(recipients, ["jane@example.com", "richard@example.com"]);
    assert!(found.iter().all(|s| s.diagnostic.is_none()));

    let mut value = message_json("awsdocs-notification-02-no-dsn.json");
    value["bounce"]["bouncedRecipients"][1]["emailAddress"] = "jane@EXAMPLE.com".into();
    let found = suppressions(&parse(&value), received_at());
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn recipients_are_in_dedup_form() {
    let mut value = message_json(SIMULATOR_BOUNCE);
    value["bounce"]["bouncedRecipients"][0]["emailAddress"] =
        "\"Bounce\" <Bounce@Simulator.AmazonSES.com>".into();
    let found = suppressions(&parse(&value), received_at());
    assert_eq!(found[0].recipient, "Bounce@simulator.amazonses.com");
}

#[test]
fn account_suppression_list_bounce_still_suppresses() {
    let found = suppressed("mozilla-fx-private-relay/hard_bounce_sns_body.json");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, SuppressionReason::HardBounce);
    assert_eq!(found[0].detail.as_deref(), Some("OnAccountSuppressionList"));
}

#[test]
fn soft_bounces_deliveries_and_other_events_suppress_nothing() {
    for relative in [
        "mozilla-fx-private-relay/soft_bounce_sns_body.json",
        "mozilla-fx-private-relay/e5b440f-soft_bounce_sns_body.json",
        "mozilla-fx-private-relay/e5b440f-spam_bounce_sns_body.json",
        "mozilla-fx-private-relay/delivery_notification_success_from_simulator_ses_body.json",
        "awsdocs-notification-05-delivery.json",
        "derived-line-numbers-stripped/awsdocs-eventpub-03-sns-delivery.json",
        "derived-line-numbers-stripped/awsdocs-eventpub-04-sns-send.json",
        "derived-line-numbers-stripped/awsdocs-eventpub-05-sns-reject.json",
        "derived-line-numbers-stripped/awsdocs-eventpub-09-sns-delayed-delivery.json",
    ] {
        assert_eq!(suppressed(relative), vec![], "{relative}");
    }
}

#[test]
fn undetermined_bounce_suppresses_nothing() {
    let mut value = message_json(SIMULATOR_BOUNCE);
    value["bounce"]["bounceType"] = "Undetermined".into();
    value["bounce"]["bounceSubType"] = "Undetermined".into();
    assert_eq!(suppressions(&parse(&value), received_at()), vec![]);
}

#[test]
fn event_publishing_bounce_and_complaint_suppress() {
    let bounce = suppressed("derived-line-numbers-stripped/awsdocs-eventpub-01-sns-bounce.json");
    assert_eq!(bounce.len(), 1);
    assert_eq!(bounce[0].reason, SuppressionReason::HardBounce);
    let complaint =
        suppressed("derived-line-numbers-stripped/awsdocs-eventpub-02-sns-complaint.json");
    assert_eq!(complaint.len(), 1);
    assert_eq!(complaint[0].reason, SuppressionReason::Complaint);
}

#[test]
fn time_falls_back_to_the_mail_then_to_the_receipt() {
    let mut value = message_json(SIMULATOR_BOUNCE);
    value["bounce"].as_object_mut().unwrap().remove("timestamp");
    let found = suppressions(&parse(&value), received_at());
    assert_eq!(found[0].at, at("2022-08-03T17:34:54.558Z"));

    value["mail"]["timestamp"] = "not a time".into();
    let found = suppressions(&parse(&value), received_at());
    assert_eq!(found[0].at, received_at());
}

#[test]
fn reasons_serialise_in_snake_case() {
    assert_eq!(
        serde_json::to_value(SuppressionReason::HardBounce).unwrap(),
        "hard_bounce"
    );
    assert_eq!(
        serde_json::to_value(SuppressionReason::Complaint).unwrap(),
        "complaint"
    );
    let found = suppressed(SIMULATOR_BOUNCE);
    let json = serde_json::to_value(&found[0]).unwrap();
    assert_eq!(json["reason"], "hard_bounce");
    let back: Suppression = serde_json::from_value(json).unwrap();
    assert_eq!(back, found[0]);
}
