//! Auto-pause: a sender whose rate crosses a pause threshold is paused, alone; below the
//! minimum volume nothing pauses; an admin can resume it and counting starts afresh.

use crate::support;

use domain::error::{Conflict, UseCaseError};
use domain::reputation::Level;
use domain::senders::{Sender, sender_status};
use domain::status::Color;
use domain::tenant::Principal;
use feedback::handler::{Summary, handle};
use support::{Harness, bounce, complaint, delivery, one, send, tenant_id};

fn recipients(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}@example.net")).collect()
}

async fn deliver(harness: &Harness, sender: &Sender, prefix: &str, n: usize) {
    let to = recipients(prefix, n);
    let to: Vec<&str> = to.iter().map(String::as_str).collect();
    handle(
        &harness.ingest,
        one(&delivery(sender.from_email.as_str(), &to, harness.now())),
    )
    .await
    .unwrap();
}

/// One hard bounce per notification; the summaries, in order.
async fn hard_bounces(harness: &Harness, sender: &Sender, prefix: &str, n: usize) -> Vec<Summary> {
    let mut summaries = Vec::new();
    for address in recipients(prefix, n) {
        let message = bounce(
            sender.from_email.as_str(),
            "Permanent",
            &[&address],
            harness.now(),
        );
        summaries.push(handle(&harness.ingest, one(&message)).await.unwrap());
    }
    summaries
}

fn admin(tenant: &str) -> Principal {
    Principal::new(tenant_id(tenant), true)
}

#[tokio::test]
async fn crossing_a_pause_threshold_pauses_exactly_the_offending_sender() {
    let harness = Harness::start().await;
    let domain = harness.subdomain("tenant-a", "marketing.example.com").await;
    let news = harness.subdomain_sender(&domain, "news").await;
    let alerts = harness.subdomain_sender(&domain, "alerts").await;
    let other_domain = harness.subdomain("tenant-b", "mail.example.net").await;
    let neighbour = harness.subdomain_sender(&other_domain, "news").await;
    for sender in [&news, &alerts, &neighbour] {
        deliver(&harness, sender, &format!("ok-{}-", sender.id), 100).await;
    }
    hard_bounces(&harness, &alerts, "alerts-gone-", 5).await;
    hard_bounces(&harness, &neighbour, "b-gone-", 5).await;
    let summaries = hard_bounces(&harness, &news, "news-gone-", 15).await;

    // 11 of 111 is 9.9%, 12 of 112 is 10.7%: the twelfth bounce pauses, and only it.
    let pausing: Vec<usize> = summaries
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.paused.is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(pausing, vec![12]);
    assert_eq!(summaries[11].paused, vec![news.id.to_string()]);

    let news = harness.reload(&news).await;
    let pause = news.paused.clone().expect("news is paused");
    assert!(
        pause
            .reason
            .starts_with("Bounce rate 10.7% (12 of 112 messages) over the 7 days to"),
        "{}",
        pause.reason
    );
    assert!(
        pause
            .reason
            .ends_with("is at or above the 10% pause threshold."),
        "{}",
        pause.reason
    );
    let status = sender_status(&news, Some(&domain));
    assert_eq!(status.status.color(), Color::Red);
    assert!(
        status.reason.starts_with("Paused: Bounce rate"),
        "{}",
        status.reason
    );
    for other in [&alerts, &neighbour] {
        assert_eq!(
            harness.reload(other).await.paused,
            None,
            "{}",
            other.from_email
        );
    }
    // Counting goes on while paused.
    assert_eq!(harness.sender_counts(&news).await.hard_bounces, 15);
}

#[tokio::test]
async fn a_complaint_rate_over_sends_pauses_too() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", "solo@example.org").await;
    let to = recipients("reader-", 200);
    let to: Vec<&str> = to.iter().map(String::as_str).collect();
    handle(
        &harness.ingest,
        one(&send("solo@example.org", &to, harness.now())),
    )
    .await
    .unwrap();
    let first = complaint(
        "solo@example.org",
        "abuse",
        &["reader-1@example.net"],
        harness.now(),
    );
    handle(&harness.ingest, one(&first)).await.unwrap();

    let paused = harness
        .reload(&sender)
        .await
        .paused
        .expect("0.5% of 200 sends pauses");
    assert!(
        paused
            .reason
            .starts_with("Complaint rate 0.50% (1 of 200 messages)"),
        "{}",
        paused.reason
    );
}

#[tokio::test]
async fn below_the_minimum_volume_nothing_pauses() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", "small@example.org").await;
    deliver(&harness, &sender, "ok-", 50).await;
    let summaries = hard_bounces(&harness, &sender, "gone-", 49).await;

    assert!(summaries.iter().all(|s| s.paused.is_empty()));
    assert_eq!(harness.reload(&sender).await.paused, None);
    let standing = harness
        .reputations()
        .get(&admin("tenant-a"), &sender.id.to_string())
        .await
        .unwrap();
    assert_eq!(standing.reputation.volume, 99);
    assert_eq!(standing.reputation.level, Level::Warning);
    let reason = standing.reputation.reason.unwrap_or_default();
    assert!(
        reason.contains("pausing needs at least 100 messages"),
        "{reason}"
    );
}

#[tokio::test]
async fn an_admin_resumes_a_paused_sender_and_counting_starts_afresh() {
    let harness = Harness::start().await;
    let sender = harness.email_sender("tenant-a", "news@example.org").await;
    deliver(&harness, &sender, "ok-", 100).await;
    hard_bounces(&harness, &sender, "gone-", 20).await;
    assert!(harness.reload(&sender).await.paused.is_some());
    let reputations = harness.reputations();
    let id = sender.id.to_string();

    let reader = Principal::new(tenant_id("tenant-a"), false);
    assert!(matches!(
        reputations.resume(&reader, &id).await,
        Err(UseCaseError::Forbidden)
    ));
    assert!(matches!(
        reputations.resume(&admin("tenant-b"), &id).await,
        Err(UseCaseError::NotFound)
    ));
    let resumed = reputations.resume(&admin("tenant-a"), &id).await.unwrap();
    assert_eq!(resumed.paused, None);
    assert!(matches!(
        reputations.resume(&admin("tenant-a"), &id).await,
        Err(UseCaseError::Conflict(Conflict::SenderNotPaused, _))
    ));

    // The counts that paused it no longer count: more bounces today stay below the minimum.
    hard_bounces(&harness, &sender, "again-", 10).await;
    let standing = reputations.get(&admin("tenant-a"), &id).await.unwrap();
    assert_eq!(standing.paused, None);
    assert_eq!(
        standing.counted_since,
        resumed.resumed.as_ref().map(|r| r.at)
    );
    assert_eq!(standing.reputation.counts.hard_bounces, 10);
    assert_eq!(
        harness.sender_counts(&sender).await.hard_bounces,
        30,
        "all still counted"
    );

    // New bad mail after the resume pauses it again.
    deliver(&harness, &sender, "fresh-", 90).await;
    hard_bounces(&harness, &sender, "fresh-gone-", 1).await;
    assert!(harness.reload(&sender).await.paused.is_some());
}
