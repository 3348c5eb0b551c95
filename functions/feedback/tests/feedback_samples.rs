//! The handler on real SNS-to-Lambda events: the samples of `events/feedback/` (for the local
//! demo tenant's sender) and the AWS documentation's SES notifications wrapped in a real SNS
//! envelope, each recorded as the pure rules say.

use crate::support;

use std::collections::BTreeMap;

use aws_lambda_events::event::sns::SnsEvent;
use domain::notifications::parse_notification;
use domain::ports::{Subject, SuppressionList};
use domain::reputation::{Counts, counts_for, day_of};
use domain::suppressions::SuppressionReason;
use feedback::handler::handle;
use support::{Harness, fixture, long_ago, new_id, sns_event, workspace};

fn sample(name: &str) -> SnsEvent {
    let path = workspace().join("events/feedback").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not a Lambda SNS event: {e}"))
}

#[tokio::test]
async fn the_local_samples_count_for_the_demo_sender() {
    let harness = Harness::start().await;
    // The demo sender holds its address since before the samples were sent.
    let news = harness
        .as_of(long_ago(), async || {
            let domain = harness.subdomain("demo", "marketing.example.com").await;
            harness.subdomain_sender(&domain, "news").await
        })
        .await;
    let files = [
        "bounce-permanent.json",
        "bounce-transient.json",
        "complaint.json",
        "delivery.json",
        "send.json",
    ];
    for file in files {
        let summary = handle(&harness.ingest, sample(file))
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            (summary.notifications, summary.unattributed),
            (1, 0),
            "{file}"
        );
        let again = handle(&harness.ingest, sample(file)).await.unwrap();
        assert_eq!(again.redelivered, 1, "{file}");
    }

    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let counts = harness
        .counts(&news.tenant, Subject::Sender(news.id), day, day)
        .await;
    let expected = Counts {
        sends: 2,
        deliveries: 1,
        hard_bounces: 1,
        soft_bounces: 1,
        complaints: 1,
    };
    assert_eq!(counts, expected);
    let listed = harness
        .store
        .list_suppressions(
            &news.tenant,
            &domain::ports::PageRequest {
                limit: 10,
                after: None,
            },
        )
        .await
        .unwrap();
    let reasons: BTreeMap<String, SuppressionReason> = listed
        .items
        .into_iter()
        .map(|e| (e.recipient, e.reason))
        .collect();
    assert_eq!(
        reasons,
        BTreeMap::from([
            (
                "grumpy@example.net".to_owned(),
                SuppressionReason::Complaint
            ),
            (
                "jane.doe@example.net".to_owned(),
                SuppressionReason::HardBounce
            ),
        ])
    );
}

#[tokio::test]
async fn the_aws_documentation_notifications_are_recorded_as_the_rules_say() {
    let harness = Harness::start().await;
    let (john, sender) = harness
        .as_of(long_ago(), async || {
            (
                harness.email_sender("tenant-a", "john@example.com").await,
                harness.email_sender("tenant-a", "sender@example.com").await,
            )
        })
        .await;
    let files = [
        "ses-notifications/awsdocs-notification-01-with-dsn.json",
        "ses-notifications/awsdocs-notification-02-no-dsn.json",
        "ses-notifications/awsdocs-notification-03-with-feedback.json",
        "ses-notifications/awsdocs-notification-04-no-feedback.json",
        "ses-notifications/awsdocs-notification-05-delivery.json",
        "ses-notifications/derived-line-numbers-stripped/awsdocs-eventpub-01-sns-bounce.json",
        "ses-notifications/derived-line-numbers-stripped/awsdocs-eventpub-02-sns-complaint.json",
        "ses-notifications/derived-line-numbers-stripped/awsdocs-eventpub-03-sns-delivery.json",
        "ses-notifications/derived-line-numbers-stripped/awsdocs-eventpub-04-sns-send.json",
    ];
    let records: Vec<(String, String)> = files.iter().map(|f| (new_id(), fixture(f))).collect();
    let event = sns_event(&records);
    let received = event.records[0].sns.timestamp;
    let summary = handle(&harness.ingest, event).await.unwrap();
    assert_eq!(
        (summary.notifications, summary.unattributed),
        (files.len(), 0)
    );

    let mut expected: BTreeMap<(bool, chrono::NaiveDate), Counts> = BTreeMap::new();
    for (_, message) in &records {
        let notification = parse_notification(message).unwrap();
        let is_john = notification.mail.source_address == "john@example.com";
        *expected
            .entry((is_john, day_of(&notification, received)))
            .or_default() += counts_for(&notification);
    }
    assert!(expected.len() >= 2 && expected.values().all(|c| *c != Counts::ZERO));
    for ((is_john, day), want) in expected {
        let owner = if is_john { &john } else { &sender };
        let stored = harness
            .counts(&owner.tenant, Subject::Sender(owner.id), day, day)
            .await;
        assert_eq!(stored, want, "{} on {day}", owner.from_email);
    }
}

#[tokio::test]
async fn a_real_send_event_from_sns_is_recorded_for_its_source() {
    let harness = Harness::start().await;
    let sender = harness
        .as_of(long_ago(), async || {
            harness.email_sender("tenant-a", "seshub@amazon.com").await
        })
        .await;
    let event: SnsEvent = serde_json::from_str(&fixture(
        "sns-lambda-envelopes/derived-powertools-pr4069-sns_ses_event.json",
    ))
    .unwrap();
    let summary = handle(&harness.ingest, event).await.unwrap();
    assert_eq!(summary.counted, 1);
    let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 25).unwrap();
    let counts = harness
        .counts(&sender.tenant, Subject::Sender(sender.id), day, day)
        .await;
    assert_eq!(counts.sends, 1);
}
