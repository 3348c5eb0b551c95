//! Whose mail a notification is about: the exact sender first, else the subdomain holding the
//! address's domain; mail nobody holds is counted on the platform tally, never an error.

use crate::support;

use domain::ports::PageRequest;
use domain::ports::{Subject, SuppressionList};
use feedback::handler::handle;
use support::{Harness, bounce, delivery, one, tenant_id};

const ALL: PageRequest = PageRequest {
    limit: 100,
    after: None,
};

#[tokio::test]
async fn an_email_sender_is_found_by_its_exact_address_behind_a_display_name() {
    let harness = Harness::start().await;
    let sender = harness
        .email_sender("tenant-a", "News.Desk@example.org")
        .await;
    let other = harness.email_sender("tenant-a", "other@example.org").await;
    let source = "\"The News <desk>\" <News.Desk@EXAMPLE.org>";
    let summary = handle(
        &harness.ingest,
        one(&bounce(
            source,
            "Permanent",
            &["jane@example.net"],
            harness.now(),
        )),
    )
    .await
    .unwrap();

    assert_eq!((summary.notifications, summary.unattributed), (1, 0));
    assert_eq!(harness.sender_counts(&sender).await.hard_bounces, 1);
    assert_eq!(harness.sender_counts(&other).await.hard_bounces, 0);
    let entry = harness
        .store
        .get_suppression(&sender.tenant, "jane@example.net")
        .await
        .unwrap()
        .expect("suppressed for tenant-a");
    assert_eq!(entry.sender.as_deref(), Some("News.Desk@EXAMPLE.org"));
    let elsewhere = harness
        .store
        .list_suppressions(&tenant_id("tenant-b"), &ALL)
        .await
        .unwrap();
    assert!(elsewhere.items.is_empty());
}

#[tokio::test]
async fn a_subdomain_sender_gets_its_own_counts_not_its_neighbours() {
    let harness = Harness::start().await;
    let domain = harness.subdomain("tenant-a", "marketing.example.com").await;
    let news = harness.subdomain_sender(&domain, "news").await;
    let alerts = harness.subdomain_sender(&domain, "alerts").await;
    handle(
        &harness.ingest,
        one(&delivery(
            "news@marketing.example.com",
            &["a@example.net", "b@example.net"],
            harness.now(),
        )),
    )
    .await
    .unwrap();

    assert_eq!(harness.sender_counts(&news).await.deliveries, 2);
    assert_eq!(harness.sender_counts(&alerts).await.deliveries, 0);
    let today = harness.now().date_naive();
    let on_domain = harness
        .counts(&domain.tenant, Subject::Subdomain(domain.id), today, today)
        .await;
    assert_eq!(on_domain.deliveries, 0, "a sender's mail is the sender's");
}

#[tokio::test]
async fn an_address_without_a_sender_counts_on_the_subdomain_that_holds_it() {
    let harness = Harness::start().await;
    let domain = harness.subdomain("tenant-a", "marketing.example.com").await;
    let news = harness.subdomain_sender(&domain, "news").await;
    let now = harness.now();
    for source in [
        "promo@marketing.example.com",
        "Deep <x@deep.Marketing.example.com>",
    ] {
        let summary = handle(
            &harness.ingest,
            one(&bounce(source, "Permanent", &["gone@example.net"], now)),
        )
        .await
        .unwrap();
        assert_eq!(summary.unattributed, 0, "{source}");
    }

    let today = now.date_naive();
    let on_domain = harness
        .counts(&domain.tenant, Subject::Subdomain(domain.id), today, today)
        .await;
    assert_eq!(on_domain.hard_bounces, 2);
    assert_eq!(harness.sender_counts(&news).await.hard_bounces, 0);
    let entry = harness
        .store
        .get_suppression(&domain.tenant, "gone@example.net")
        .await
        .unwrap()
        .expect("suppressed on the holder's list");
    assert_eq!(entry.events, 2);
}

#[tokio::test]
async fn mail_nobody_holds_is_counted_on_the_platform_tally_and_suppresses_nothing() {
    let harness = Harness::start().await;
    let domain = harness.subdomain("tenant-a", "marketing.example.com").await;
    let now = harness.now();
    for source in [
        "stranger@example.org",
        "x@marketing.example.com.evil.test",
        "no address at all",
    ] {
        let summary = handle(
            &harness.ingest,
            one(&bounce(source, "Permanent", &["jane@example.net"], now)),
        )
        .await
        .unwrap_or_else(|e| panic!("{source}: {e}"));
        assert_eq!(
            (summary.notifications, summary.unattributed),
            (1, 1),
            "{source}"
        );
        assert_eq!(summary.suppressed, 0);
    }

    assert_eq!(harness.unattributed(now.date_naive()).await.hard_bounces, 3);
    let listed = harness
        .store
        .list_suppressions(&domain.tenant, &ALL)
        .await
        .unwrap();
    assert!(listed.items.is_empty(), "{:?}", listed.items);
}
