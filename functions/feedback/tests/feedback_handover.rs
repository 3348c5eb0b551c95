//! Feedback belongs to the claim that held the From address when the mail was sent: after an
//! address (or a subdomain) changes hands, the earlier holder's bounces and complaints neither
//! pause the new holder's sender nor fill its suppression list; mail sent after the hand-over
//! counts for the new holder as usual.
//!
//! The notifications are the SES documentation's examples (`shared/tests/data/ses`), with the
//! source, recipients and `mail.timestamp` set for the scenario.

use crate::support;

use chrono::{DateTime, Duration, Utc};
use domain::ownership::SubdomainClaim;
use domain::ports::{DomainStore, PageRequest, SenderStore, Subject, SuppressionList};
use domain::senders::Sender;
use domain::tenant::TenantId;
use feedback::handler::{Summary, handle};
use serde_json::{Value, json};
use support::{Harness, delivery, fixture, new_id, one};

const ALL: PageRequest = PageRequest {
    limit: 100,
    after: None,
};

const ADDRESS: &str = "news@example.org";

/// An SES documentation example with `source`, `recipients` and the send time `sent_at`.
fn from_fixture(name: &str, source: &str, recipients: &[&str], sent_at: DateTime<Utc>) -> String {
    let mut message: Value = serde_json::from_str(&fixture(&format!("ses-notifications/{name}")))
        .expect("fixture parses");
    message["mail"]["source"] = json!(source);
    message["mail"]["timestamp"] = json!(sent_at.to_rfc3339());
    message["mail"]["messageId"] = json!(format!("m-{}", new_id()));
    message["mail"]["destination"] = json!(recipients);
    let event_time = json!((sent_at + Duration::seconds(30)).to_rfc3339());
    if message["notificationType"] == "Bounce" {
        message["bounce"]["feedbackId"] = json!(format!("f-{}", new_id()));
        message["bounce"]["timestamp"] = event_time;
        message["bounce"]["bouncedRecipients"] = recipients
            .iter()
            .map(|r| json!({ "emailAddress": r, "status": "5.1.1", "action": "failed", "diagnosticCode": "smtp; 550 5.1.1 user unknown" }))
            .collect();
    } else {
        message["complaint"]["feedbackId"] = json!(format!("f-{}", new_id()));
        message["complaint"]["timestamp"] = event_time;
        message["complaint"]["complainedRecipients"] = recipients
            .iter()
            .map(|r| json!({ "emailAddress": r }))
            .collect();
    }
    message.to_string()
}

fn bounce(source: &str, recipients: &[&str], sent_at: DateTime<Utc>) -> String {
    from_fixture(
        "awsdocs-notification-01-with-dsn.json",
        source,
        recipients,
        sent_at,
    )
}

fn complaint(source: &str, recipient: &str, sent_at: DateTime<Utc>) -> String {
    from_fixture(
        "awsdocs-notification-03-with-feedback.json",
        source,
        &[recipient],
        sent_at,
    )
}

fn gone(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("gone{i}@example.net")).collect()
}

/// Tenant A's sender held [`ADDRESS`] and sent mail at the returned time; an hour later A
/// deleted it and tenant B took the address, and B's sender delivered 100 messages since.
async fn handed_over(harness: &Harness) -> (DateTime<Utc>, Sender) {
    let earlier = harness.email_sender("tenant-a", ADDRESS).await;
    let sent_by_a = harness.now() + Duration::minutes(1);
    harness.clock.advance(Duration::hours(1));
    harness
        .store
        .remove_sender(&earlier)
        .await
        .expect("A lets the address go");
    harness.clock.advance(Duration::minutes(5));
    let holder = harness.email_sender("tenant-b", ADDRESS).await;
    harness.clock.advance(Duration::minutes(5));
    let delivered: Vec<String> = (0..100).map(|i| format!("ok{i}@example.net")).collect();
    let delivered: Vec<&str> = delivered.iter().map(String::as_str).collect();
    handle(
        &harness.ingest,
        one(&delivery(ADDRESS, &delivered, harness.now())),
    )
    .await
    .expect("deliveries recorded");
    (sent_by_a, holder)
}

async fn feed(harness: &Harness, message: &str) -> Summary {
    handle(&harness.ingest, one(message))
        .await
        .expect("handled")
}

async fn suppressed(harness: &Harness, tenant: &TenantId) -> usize {
    harness
        .store
        .list_suppressions(tenant, &ALL)
        .await
        .expect("listed")
        .items
        .len()
}

#[tokio::test]
async fn an_earlier_holders_bounces_and_complaints_do_not_touch_the_new_holder() {
    let harness = Harness::start().await;
    let (sent_by_a, holder) = handed_over(&harness).await;
    let recipients = gone(30);
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();

    let bounced = feed(&harness, &bounce(ADDRESS, &recipients, sent_by_a)).await;
    let complained = feed(
        &harness,
        &complaint(ADDRESS, "angry@example.net", sent_by_a),
    )
    .await;

    for summary in [&bounced, &complained] {
        assert_eq!(
            (
                summary.unattributed,
                summary.before_claim,
                summary.suppressed
            ),
            (1, 1, 0),
            "{summary:?}"
        );
        assert!(summary.paused.is_empty(), "{summary:?}");
    }
    let holder_now = harness.reload(&holder).await;
    assert_eq!(holder_now.paused, None, "the new holder's sender runs on");
    let counts = harness.sender_counts(&holder).await;
    assert_eq!((counts.hard_bounces, counts.complaints), (0, 0));
    assert_eq!(counts.deliveries, 100);
    assert_eq!(suppressed(&harness, &holder.tenant).await, 0);
    let tally = harness.unattributed(harness.now().date_naive()).await;
    assert_eq!((tally.hard_bounces, tally.complaints), (30, 1));
}

#[tokio::test]
async fn mail_sent_after_the_hand_over_counts_for_the_new_holder() {
    let harness = Harness::start().await;
    let (_, holder) = handed_over(&harness).await;
    let recipients = gone(30);
    let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();

    let bounced = feed(&harness, &bounce(ADDRESS, &recipients, harness.now())).await;

    assert_eq!(
        (
            bounced.unattributed,
            bounced.before_claim,
            bounced.suppressed
        ),
        (0, 0, 30)
    );
    assert_eq!(bounced.paused, vec![holder.id.to_string()]);
    assert!(harness.reload(&holder).await.paused.is_some());
    assert_eq!(harness.sender_counts(&holder).await.hard_bounces, 30);
    assert_eq!(suppressed(&harness, &holder.tenant).await, 30);
}

#[tokio::test]
async fn a_subdomains_earlier_holder_is_not_the_new_holders_either() {
    let harness = Harness::start().await;
    let earlier = harness.subdomain("tenant-a", "m.example.com").await;
    let sent_by_a = harness.now() + Duration::minutes(1);
    harness.clock.advance(Duration::hours(1));
    harness
        .store
        .remove_domain(&earlier, &SubdomainClaim::on(&earlier.name))
        .await
        .expect("A lets the subdomain go");
    let holder = harness.subdomain("tenant-b", "m.example.com").await;
    let subject = Subject::Subdomain(holder.id);
    let today = harness.now().date_naive();

    let old = feed(
        &harness,
        &bounce("promo@m.example.com", &["x@example.net"], sent_by_a),
    )
    .await;
    assert_eq!((old.before_claim, old.suppressed), (1, 0));
    let counted = harness.counts(&holder.tenant, subject, today, today).await;
    assert_eq!(counted.hard_bounces, 0);
    assert_eq!(suppressed(&harness, &holder.tenant).await, 0);

    harness.clock.advance(Duration::minutes(1));
    let new = feed(
        &harness,
        &bounce("promo@m.example.com", &["y@example.net"], harness.now()),
    )
    .await;
    assert_eq!((new.before_claim, new.suppressed), (0, 1));
    let counted = harness.counts(&holder.tenant, subject, today, today).await;
    assert_eq!(counted.hard_bounces, 1);
}

#[tokio::test]
async fn a_subdomains_mail_from_an_address_it_later_gave_a_sender_stays_the_subdomains() {
    let harness = Harness::start().await;
    let domain = harness.subdomain("tenant-a", "m.example.com").await;
    let sent = harness.now() + Duration::minutes(1);
    harness.clock.advance(Duration::hours(1));
    let sender = harness.subdomain_sender(&domain, "news").await;
    let today = harness.now().date_naive();

    let summary = feed(
        &harness,
        &bounce("news@m.example.com", &["x@example.net"], sent),
    )
    .await;

    assert_eq!((summary.unattributed, summary.before_claim), (0, 0));
    let on_domain = harness
        .counts(&domain.tenant, Subject::Subdomain(domain.id), today, today)
        .await;
    assert_eq!(on_domain.hard_bounces, 1);
    assert_eq!(harness.sender_counts(&sender).await.hard_bounces, 0);
}
