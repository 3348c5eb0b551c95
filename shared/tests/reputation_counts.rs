//! `counts_for` on real SES notifications, `Counts` arithmetic and `day_of`.

use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use domain::notifications::{Notification, parse_notification};
use domain::reputation::{Counts, counts_for, day_of, occurred_at};
use serde_json::Value;

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

fn counts(relative: &str) -> Counts {
    counts_for(&parse(&message_json(relative)))
}

#[test]
fn each_fixture_kind_adds_to_its_own_counter() {
    let cases: [(&str, Counts); 12] = [
        (
            "mozilla-fx-private-relay/bounce_notification_from_simulator_ses_body.json",
            Counts {
                hard_bounces: 1,
                ..Counts::ZERO
            },
        ),
        (
            "awsdocs-notification-02-no-dsn.json",
            Counts {
                hard_bounces: 2,
                ..Counts::ZERO
            },
        ),
        (
            "derived-line-numbers-stripped/awsdocs-eventpub-01-sns-bounce.json",
            Counts {
                hard_bounces: 1,
                ..Counts::ZERO
            },
        ),
        (
            "mozilla-fx-private-relay/ooto_bounce_notification_from_simulator_ses_body.json",
            Counts {
                soft_bounces: 1,
                ..Counts::ZERO
            },
        ),
        (
            "mozilla-fx-private-relay/soft_bounce_sns_body.json",
            Counts {
                soft_bounces: 1,
                ..Counts::ZERO
            },
        ),
        (
            "mozilla-fx-private-relay/complaint_notification_from_simulator_ses_body.json",
            Counts {
                complaints: 1,
                ..Counts::ZERO
            },
        ),
        (
            "awsdocs-notification-04-no-feedback.json",
            Counts {
                complaints: 1,
                ..Counts::ZERO
            },
        ),
        (
            "derived-line-numbers-stripped/awsdocs-eventpub-02-sns-complaint.json",
            Counts {
                complaints: 1,
                ..Counts::ZERO
            },
        ),
        (
            "mozilla-fx-private-relay/delivery_notification_success_from_simulator_ses_body.json",
            Counts {
                deliveries: 1,
                ..Counts::ZERO
            },
        ),
        (
            "derived-line-numbers-stripped/awsdocs-eventpub-03-sns-delivery.json",
            Counts {
                deliveries: 1,
                ..Counts::ZERO
            },
        ),
        (
            "derived-line-numbers-stripped/awsdocs-eventpub-04-sns-send.json",
            Counts {
                sends: 1,
                ..Counts::ZERO
            },
        ),
        (
            "derived-line-numbers-stripped/awsdocs-eventpub-09-sns-delayed-delivery.json",
            Counts::ZERO,
        ),
    ];
    for (relative, expected) in cases {
        assert_eq!(counts(relative), expected, "{relative}");
    }
}

#[test]
fn account_suppression_list_bounces_are_not_counted() {
    // Permanent/OnAccountSuppressionList: SES leaves these out of its bounce rate.
    assert_eq!(
        counts("mozilla-fx-private-relay/hard_bounce_sns_body.json"),
        Counts::ZERO
    );
}

#[test]
fn not_spam_and_suppressed_complaints_are_not_counted() {
    let simulator = "mozilla-fx-private-relay/complaint_notification_from_simulator_ses_body.json";
    let mut not_spam = message_json(simulator);
    not_spam["complaint"]["complaintFeedbackType"] = "not-spam".into();
    assert_eq!(counts_for(&parse(&not_spam)), Counts::ZERO);

    let mut suppressed = message_json(simulator);
    suppressed["complaint"]["complaintSubType"] = "OnAccountSuppressionList".into();
    assert_eq!(counts_for(&parse(&suppressed)), Counts::ZERO);
}

#[test]
fn undetermined_and_undocumented_bounces_are_soft() {
    let simulator = "mozilla-fx-private-relay/bounce_notification_from_simulator_ses_body.json";
    for kind in ["Undetermined", "Transient", "SomethingNew"] {
        let mut value = message_json(simulator);
        value["bounce"]["bounceType"] = kind.into();
        assert_eq!(
            counts_for(&parse(&value)),
            Counts {
                soft_bounces: 1,
                ..Counts::ZERO
            },
            "{kind}"
        );
    }
}

#[test]
fn sends_count_each_distinct_destination() {
    let mut value = message_json("derived-line-numbers-stripped/awsdocs-eventpub-04-sns-send.json");
    value["mail"]["destination"] = serde_json::json!([
        "a@example.com",
        "b@example.com",
        "A@EXAMPLE.COM",
        "a@Example.com"
    ]);
    let notification = parse(&value);
    assert_eq!(
        counts_for(&notification),
        Counts {
            sends: 3,
            ..Counts::ZERO
        }
    );
    assert_eq!(notification.dedup_keys().len(), 3);
}

#[test]
fn addition_is_per_field_and_saturates() {
    let a = Counts {
        sends: 1,
        deliveries: 2,
        hard_bounces: 3,
        soft_bounces: 4,
        complaints: 5,
    };
    let b = Counts {
        sends: 10,
        deliveries: 20,
        hard_bounces: 30,
        soft_bounces: 40,
        complaints: u64::MAX,
    };
    let sum = a + b;
    assert_eq!(
        sum,
        Counts {
            sends: 11,
            deliveries: 22,
            hard_bounces: 33,
            soft_bounces: 44,
            complaints: u64::MAX,
        }
    );
    let mut running = a;
    running += b;
    assert_eq!(running, sum);
    assert_eq!([a, b].into_iter().sum::<Counts>(), sum);
}

#[test]
fn volume_is_sends_when_known_else_deliveries_and_bounces() {
    let without_sends = Counts {
        sends: 0,
        deliveries: 80,
        hard_bounces: 15,
        soft_bounces: 5,
        complaints: 7,
    };
    assert_eq!(without_sends.volume(), 100);
    let with_sends = Counts {
        sends: 250,
        ..without_sends
    };
    assert_eq!(with_sends.volume(), 250);
}

#[test]
fn counts_serialise_with_snake_case_fields() {
    let json = serde_json::to_value(Counts {
        hard_bounces: 4,
        ..Counts::ZERO
    })
    .unwrap();
    assert_eq!(json["hard_bounces"], 4);
    assert_eq!(json["soft_bounces"], 0);
    let back: Counts = serde_json::from_value(json).unwrap();
    assert_eq!(
        back,
        Counts {
            hard_bounces: 4,
            ..Counts::ZERO
        }
    );
}

#[test]
fn an_event_counts_on_the_day_it_happened() {
    let relative = "mozilla-fx-private-relay/bounce_notification_from_simulator_ses_body.json";
    let received = Utc.with_ymd_and_hms(2030, 5, 6, 7, 8, 9).unwrap();
    let mut value = message_json(relative);
    // The bounce happened a day after the mail was accepted.
    value["mail"]["timestamp"] = "2022-08-02T23:59:59.000Z".into();
    let notification = parse(&value);
    assert_eq!(
        day_of(&notification, received),
        NaiveDate::from_ymd_opt(2022, 8, 3).unwrap()
    );

    value["bounce"].as_object_mut().unwrap().remove("timestamp");
    let notification = parse(&value);
    assert_eq!(
        day_of(&notification, received),
        NaiveDate::from_ymd_opt(2022, 8, 2).unwrap()
    );

    value["mail"].as_object_mut().unwrap().remove("timestamp");
    let notification = parse(&value);
    assert_eq!(occurred_at(&notification), None);
    assert_eq!(day_of(&notification, received), received.date_naive());
}
