//! Exactly once: 1,000 notifications delivered with 30% duplicates (SNS redeliveries,
//! re-publishes under a new MessageId, the same event in the other SES format), shuffled and
//! handled concurrently, leave exactly the counts and suppressions of the 1,000.

use crate::support;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::notifications::parse_notification;
use domain::ports::PageRequest;
use domain::ports::{Subject, SuppressionList};
use domain::reputation::{Counts, Thresholds, counts_for, day_of};
use domain::suppressions::{SuppressionEntry, suppressions};
use domain::tenant::TenantId;
use feedback::handler::handle;
use futures::future::join_all;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use support::{Harness, bounce, complaint, delivery, new_id, send, sns_event, tenant_id};

const UNIQUE: usize = 1_000;
const DUPLICATES: usize = 300;
const WORKERS: usize = 8;

type Owner = Option<(TenantId, Subject)>;

/// Where each source's mail belongs, as the test set it up.
struct Sources(Vec<(&'static str, Owner)>);

fn message(rng: &mut StdRng, source: &str, at: DateTime<Utc>) -> String {
    let pool: Vec<String> = (0..40)
        .map(|i| {
            if i % 7 == 0 {
                format!("r{i}@Example.NET")
            } else {
                format!("r{i}@example.net")
            }
        })
        .collect();
    let count = rng.random_range(1..=3);
    let to: Vec<&str> = (0..count)
        .map(|_| pool[rng.random_range(0..pool.len())].as_str())
        .collect();
    match rng.random_range(0..6) {
        0 => send(source, &to, at),
        1 => delivery(source, &to, at),
        2 => bounce(source, "Permanent", &to, at),
        3 => bounce(source, "Transient", &to, at),
        4 => complaint(source, "abuse", &to[..1], at),
        _ => complaint(source, "not-spam", &to[..1], at),
    }
}

/// The same event in the other SES format (`notificationType` <-> `eventType`).
fn other_format(message: &str) -> String {
    let mut value: Value = serde_json::from_str(message).unwrap();
    let object = value.as_object_mut().unwrap();
    if let Some(kind) = object.remove("notificationType") {
        object.insert("eventType".into(), kind);
    } else if let Some(kind) = object.remove("eventType") {
        object.insert("notificationType".into(), kind);
    }
    value.to_string()
}

#[derive(Default, PartialEq, Debug)]
struct Expected {
    counts: BTreeMap<(Owner, NaiveDate), Counts>,
    lists: BTreeMap<TenantId, BTreeMap<String, SuppressionEntry>>,
}

fn expected(unique: &[(String, String)], sources: &Sources, received: DateTime<Utc>) -> Expected {
    let mut out = Expected::default();
    for (_, raw) in unique {
        let notification = parse_notification(raw).unwrap();
        let owner = sources
            .0
            .iter()
            .find(|(source, _)| notification.mail.source.contains(source))
            .and_then(|(_, owner)| owner.clone());
        let day = day_of(&notification, received);
        *out.counts.entry((owner.clone(), day)).or_default() += counts_for(&notification);
        if let Some((tenant, _)) = owner {
            let list = out.lists.entry(tenant).or_default();
            for event in suppressions(&notification, received) {
                let next = SuppressionEntry::recorded(list.get(&event.recipient), event).unwrap();
                list.insert(next.recipient.clone(), next);
            }
        }
    }
    out.counts.retain(|_, counts| *counts != Counts::ZERO);
    out
}

async fn stored(harness: &Harness, expected: &Expected, days: &[NaiveDate]) -> Expected {
    let mut out = Expected::default();
    let owners: Vec<Owner> = expected
        .counts
        .keys()
        .map(|(owner, _)| owner.clone())
        .collect();
    for owner in owners {
        for day in days {
            let counts = match &owner {
                Some((tenant, subject)) => harness.counts(tenant, *subject, *day, *day).await,
                None => harness.unattributed(*day).await,
            };
            if counts != Counts::ZERO {
                out.counts.insert((owner.clone(), *day), counts);
            }
        }
    }
    for tenant in ["tenant-a", "tenant-b"].map(tenant_id) {
        let mut after = None;
        loop {
            let page = harness
                .store
                .list_suppressions(&tenant, &PageRequest { limit: 7, after })
                .await
                .unwrap();
            for entry in page.items {
                out.lists
                    .entry(tenant.clone())
                    .or_default()
                    .insert(entry.recipient.clone(), entry);
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
    }
    out
}

async fn deliver_concurrently(
    harness: &Harness,
    deliveries: Vec<(String, String)>,
    rng: &mut StdRng,
) {
    let mut batches: Vec<Vec<(String, String)>> = Vec::new();
    let mut rest = deliveries.as_slice();
    while !rest.is_empty() {
        let size = rng.random_range(1..=10).min(rest.len());
        batches.push(rest[..size].to_vec());
        rest = &rest[size..];
    }
    let mut lanes: Vec<Vec<Vec<(String, String)>>> = vec![Vec::new(); WORKERS];
    for (i, batch) in batches.into_iter().enumerate() {
        lanes[i % WORKERS].push(batch);
    }
    join_all(lanes.into_iter().map(|lane| async move {
        for batch in lane {
            handle(&harness.ingest, sns_event(&batch))
                .await
                .expect("every record is good");
        }
    }))
    .await;
}

/// Refuses to run on a moto that deep-copies every table a transaction names and keeps each
/// copy for its dashboard (seen after this test created its table and ran transactions):
/// this test's ~2,000 transactions on a table of thousands of items
/// would take minutes and tens of gigabytes. `tests/scripts/moto_server.py` snapshots only
/// the touched items and clears the dashboard's instance lists; moto then lists no tables.
async fn require_lean_moto() {
    let url = format!("{}/moto-api/data.json", testkit::moto_endpoint());
    let data: Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
    let tracked = data
        .pointer("/dynamodb/Table")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    assert_eq!(
        tracked, 0,
        "moto keeps a copy of a table per transaction; run this test with the moto launcher \
         of tests/scripts/moto_server.py that snapshots only the items a transaction touches"
    );
}

#[tokio::test]
async fn duplicated_shuffled_concurrent_deliveries_count_each_event_once() {
    let thresholds = Thresholds {
        min_volume: u64::MAX,
        ..Thresholds::default()
    };
    let harness = Harness::with(thresholds, None).await;
    let a = tenant_id("tenant-a");
    // The holders claimed their addresses before the mail below (the last two days) was sent.
    let (news, domain, letters, alerts) = harness
        .as_of(harness.now() - Duration::days(3), async || {
            let news = harness.email_sender("tenant-a", "news@example.org").await;
            let domain = harness.subdomain("tenant-a", "marketing.example.com").await;
            let letters = harness.subdomain_sender(&domain, "letters").await;
            let alerts = harness.email_sender("tenant-b", "alerts@example.com").await;
            (news, domain, letters, alerts)
        })
        .await;
    require_lean_moto().await;
    let sources = Sources(vec![
        (
            "news@example.org",
            Some((a.clone(), Subject::Sender(news.id))),
        ),
        (
            "<letters@marketing.example.com>",
            Some((a.clone(), Subject::Sender(letters.id))),
        ),
        (
            "promo@marketing.example.com",
            Some((a.clone(), Subject::Subdomain(domain.id))),
        ),
        (
            "alerts@example.com",
            Some((alerts.tenant.clone(), Subject::Sender(alerts.id))),
        ),
        ("stranger@example.org", None),
    ]);
    let spelled = [
        "news@example.org",
        "Letters <letters@marketing.example.com>",
        "promo@marketing.example.com",
        "alerts@example.com",
        "stranger@example.org",
    ];

    let mut rng = StdRng::seed_from_u64(20_261_128);
    let start = harness.now() - Duration::days(2);
    let unique: Vec<(String, String)> = (0..UNIQUE)
        .map(|i| {
            let at = start + Duration::seconds(150 * i as i64);
            let source = spelled[rng.random_range(0..spelled.len())];
            (new_id(), message(&mut rng, source, at))
        })
        .collect();
    let mut deliveries = unique.clone();
    for n in 0..DUPLICATES {
        let (id, raw) = unique[rng.random_range(0..UNIQUE)].clone();
        deliveries.push(match n % 3 {
            0 => (id, raw),
            1 => (new_id(), raw),
            _ => (new_id(), other_format(&raw)),
        });
    }
    deliveries.shuffle(&mut rng);
    deliver_concurrently(&harness, deliveries.clone(), &mut rng).await;

    let received = sns_event(&unique[..1]).records[0].sns.timestamp;
    let want = expected(&unique, &sources, received);
    let days: Vec<NaiveDate> = (0..=3)
        .map(|d| (start + Duration::days(d)).date_naive())
        .collect();
    assert!(
        want.counts.len() >= 10 && want.lists.len() == 2,
        "the scenario covers owners and lists"
    );
    assert_eq!(stored(&harness, &want, &days).await, want);

    // Lambda retrying every batch, and 300 deliveries re-published under fresh MessageIds (past
    // the SNS shortcut, down to the per-recipient keys): nothing changes.
    let mut replay = deliveries.clone();
    for _ in 0..DUPLICATES {
        let (_, raw) = deliveries[rng.random_range(0..deliveries.len())].clone();
        replay.push((new_id(), raw));
    }
    replay.shuffle(&mut rng);
    deliver_concurrently(&harness, replay, &mut rng).await;
    assert_eq!(stored(&harness, &want, &days).await, want);
}
