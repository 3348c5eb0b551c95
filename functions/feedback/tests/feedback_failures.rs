//! Failures: a record that cannot be read or stored fails the invocation with a readable error
//! type, after the good records were recorded; the retry counts nothing twice.

use crate::support;

use std::sync::Arc;

use adapters::wiring::{Deployment, ports};
use domain::ports::SuppressionList;
use domain::ports::clock::SystemClock;
use domain::reputation::Thresholds;
use feedback::handler::{FeedbackError, handle};
use lambda_runtime::Diagnostic;
use serde_json::json;
use support::{Harness, bounce, delivery, fixture, new_id, one, sns_event};

const SOURCE: &str = "news@example.org";

#[tokio::test]
async fn a_malformed_record_fails_the_invocation_and_the_retry_counts_nothing_twice() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", SOURCE).await;
    let now = harness.now();
    let bad_id = new_id();
    let event = sns_event(&[
        (
            new_id(),
            bounce(SOURCE, "Permanent", &["jane@example.net"], now),
        ),
        (bad_id.clone(), "Hello\r\nworld!".to_owned()),
        (new_id(), delivery(SOURCE, &["john@example.net"], now)),
    ]);

    for attempt in 1..=3 {
        let error = handle(&harness.ingest, event.clone())
            .await
            .expect_err("the bad record fails it");
        let FeedbackError::RecordsFailed {
            total,
            failures,
            summary,
        } = &error;
        assert_eq!((*total, failures.len()), (3, 1), "attempt {attempt}");
        assert_eq!(failures[0].sns_message_id, bad_id);
        if attempt == 1 {
            assert_eq!(summary.counted, 2);
        } else {
            assert_eq!(
                (summary.counted, summary.redelivered),
                (0, 2),
                "attempt {attempt}"
            );
        }
        let diagnostic = Diagnostic::from(error);
        assert_eq!(diagnostic.error_type, "MalformedNotification");
        assert!(
            diagnostic.error_message.contains(&bad_id),
            "{}",
            diagnostic.error_message
        );
        assert!(
            diagnostic.error_message.contains("invalid_json"),
            "{}",
            diagnostic.error_message
        );

        let counts = harness.sender_counts(&sender).await;
        assert_eq!(
            (counts.hard_bounces, counts.deliveries),
            (1, 1),
            "attempt {attempt}"
        );
        let entry = harness
            .store
            .get_suppression(&sender.tenant, "jane@example.net")
            .await
            .unwrap();
        assert_eq!(entry.map(|e| e.events), Some(1), "attempt {attempt}");
    }
}

#[tokio::test]
async fn recipients_already_recorded_are_skipped_when_a_notification_comes_again_whole() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", SOURCE).await;
    let whole = bounce(
        SOURCE,
        "Permanent",
        &["a@example.net", "b@example.net", "c@example.net"],
        harness.now(),
    );
    // The first recipient alone, as SES may split a bounce (same feedbackId), or as a crash
    // after the first recipient's transaction would leave it.
    let mut first: serde_json::Value = serde_json::from_str(&whole).unwrap();
    first["bounce"]["bouncedRecipients"] = json!([first["bounce"]["bouncedRecipients"][0]]);
    let partial = handle(&harness.ingest, one(&first.to_string()))
        .await
        .unwrap();
    assert_eq!(partial.counted, 1);

    let summary = handle(&harness.ingest, one(&whole)).await.unwrap();
    assert_eq!((summary.counted, summary.duplicates), (2, 1));
    assert_eq!(harness.sender_counts(&sender).await.hard_bounces, 3);
}

#[tokio::test]
async fn a_storage_failure_has_its_own_error_type() {
    let ingest = ports(
        &testkit::moto_config().await,
        &Deployment::table(testkit::unique_name("missing-table")),
        Arc::new(SystemClock),
    )
    .ingest(Thresholds::default());
    let message = bounce(
        SOURCE,
        "Permanent",
        &["jane@example.net"],
        chrono::Utc::now(),
    );
    let error = handle(&ingest, one(&message)).await.expect_err("no table");
    assert_eq!(Diagnostic::from(error).error_type, "StorageFailed");
}

#[tokio::test]
async fn control_ignored_unknown_and_redelivered_messages_succeed_without_counting() {
    let harness = Harness::start().await;
    harness.email_sender("tenant-a", "sender@example.com").await;
    let control = json!({
        "notificationType": "AmazonSnsSubscriptionSucceeded",
        "message": "You have successfully subscribed your Amazon SNS topic to receive 'Bounce' notifications."
    });
    let open = fixture(
        "ses-notifications/derived-line-numbers-stripped/awsdocs-eventpub-06-sns-open.json",
    );
    let mut invented: serde_json::Value = serde_json::from_str(&delivery(
        "sender@example.com",
        &["x@example.net"],
        harness.now(),
    ))
    .unwrap();
    invented["eventType"] = json!("Teleport");
    let good_id = new_id();
    let good = delivery("sender@example.com", &["y@example.net"], harness.now());
    let event = sns_event(&[
        (new_id(), control.to_string()),
        (new_id(), open),
        (new_id(), invented.to_string()),
        (good_id.clone(), good.clone()),
    ]);
    let summary = handle(&harness.ingest, event).await.unwrap();
    assert_eq!(summary.control_messages, 1);
    assert_eq!(
        summary.ignored,
        vec!["Open".to_owned(), "Teleport".to_owned()]
    );
    assert_eq!(summary.counted, 1);

    let again = handle(&harness.ingest, sns_event(&[(good_id, good)]))
        .await
        .unwrap();
    assert_eq!((again.redelivered, again.counted), (1, 0));
}
