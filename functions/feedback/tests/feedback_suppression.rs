//! The suppression list: hard bounces and complaints add, nothing else removes or weakens, and
//! the account-level mirror follows when turned on.

use crate::support;

use std::sync::Arc;

use adapters::ses_suppression::SesAccountSuppression;
use chrono::Duration;
use domain::ports::SuppressionList;
use domain::reputation::Thresholds;
use domain::suppressions::{AddedBy, SuppressionReason};
use feedback::handler::handle;
use support::{Harness, bounce, complaint, delivery, one};

const SOURCE: &str = "news@example.org";

#[tokio::test]
async fn later_deliveries_and_soft_bounces_never_lift_a_suppression() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", SOURCE).await;
    let now = harness.now();
    handle(
        &harness.ingest,
        one(&bounce(SOURCE, "Permanent", &["jane@example.net"], now)),
    )
    .await
    .unwrap();
    let before = harness
        .store
        .get_suppression(&sender.tenant, "jane@example.net")
        .await
        .unwrap();
    assert!(before.is_some());
    for later in [
        delivery(SOURCE, &["jane@example.net"], now + Duration::minutes(5)),
        bounce(
            SOURCE,
            "Transient",
            &["jane@example.net"],
            now + Duration::minutes(6),
        ),
        complaint(
            SOURCE,
            "not-spam",
            &["jane@example.net"],
            now + Duration::minutes(7),
        ),
    ] {
        handle(&harness.ingest, one(&later)).await.unwrap();
    }

    let after = harness
        .store
        .get_suppression(&sender.tenant, "jane@example.net")
        .await
        .unwrap();
    assert_eq!(
        after, before,
        "the entry is exactly as the hard bounce left it"
    );
    let counts = harness.sender_counts(&sender).await;
    assert_eq!(
        (counts.hard_bounces, counts.soft_bounces, counts.deliveries),
        (1, 1, 1)
    );
    assert_eq!(counts.complaints, 0, "not-spam is no complaint");
}

#[tokio::test]
async fn the_earliest_event_names_the_entry_whatever_order_they_arrive_in() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", SOURCE).await;
    let now = harness.now();
    let late_complaint = complaint(
        SOURCE,
        "abuse",
        &["jane@Example.NET"],
        now + Duration::minutes(30),
    );
    let early_bounce = bounce(SOURCE, "Permanent", &["jane@example.net"], now);
    handle(&harness.ingest, one(&late_complaint)).await.unwrap();
    handle(&harness.ingest, one(&early_bounce)).await.unwrap();

    let entry = harness
        .store
        .get_suppression(&sender.tenant, "jane@example.net")
        .await
        .unwrap()
        .expect("suppressed");
    assert_eq!(entry.reason, SuppressionReason::HardBounce);
    assert_eq!(entry.added_by, AddedBy::Feedback);
    assert_eq!(entry.events, 2);
    assert_eq!(
        entry.diagnostic.as_deref(),
        Some("smtp; 550 5.1.1 user unknown")
    );
    assert!(entry.last_at > entry.first_at);
    // The local part is case-sensitive (SES treats it so): another address, no entry.
    assert!(
        harness
            .store
            .get_suppression(&sender.tenant, "Jane@example.net")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn suppressions_are_mirrored_to_the_account_level_list_when_turned_on() {
    let ses = testkit::ses::LocalSes::start(11).await;
    let mirror = Arc::new(SesAccountSuppression::new(ses.client.clone()));
    let harness = Harness::with(Thresholds::default(), Some(mirror)).await;
    harness.email_sender("tenant-a", SOURCE).await;
    let now = harness.now();
    for message in [
        bounce(SOURCE, "Permanent", &["hard@example.net"], now),
        complaint(SOURCE, "abuse", &["angry@example.net"], now),
        bounce(SOURCE, "Transient", &["soft@example.net"], now),
    ] {
        handle(&harness.ingest, one(&message)).await.unwrap();
    }

    let listed = |address: &'static str| {
        let client = ses.client.clone();
        async move {
            client
                .get_suppressed_destination()
                .email_address(address)
                .send()
                .await
                .ok()
                .and_then(|o| o.suppressed_destination)
                .map(|d| d.reason.as_str().to_owned())
        }
    };
    assert_eq!(listed("hard@example.net").await.as_deref(), Some("BOUNCE"));
    assert_eq!(
        listed("angry@example.net").await.as_deref(),
        Some("COMPLAINT")
    );
    assert_eq!(listed("soft@example.net").await, None);
}
