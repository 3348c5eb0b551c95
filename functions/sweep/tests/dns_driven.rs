//! Verification driven by DNS: the sweep looks at DNS first and asks SES only once the records
//! SES looks for are right, or on the slow fallback.

use crate::support;

use std::sync::atomic::Ordering::SeqCst;

use chrono::Duration;
use domain::dns::Purpose;
use domain::domains::{DNS_RECHECK, Domain, FULL_LOOK_EVERY, SES_FALLBACK};
use domain::status::Status;
use domain::verification::CheckOutcome;
use ses_standin::{DnsRecord, RecordName};
use support::{Harness, domain_ref};

/// The name of the subdomain's first DKIM record, from its stored check.
async fn first_dkim_name(world: &Harness, domain: &Domain) -> String {
    let stored = world.stored(domain).await;
    let check = stored.dns_check.expect("adding looked at DNS");
    check
        .records
        .iter()
        .find(|record| record.purpose == Purpose::Dkim)
        .map(|record| record.name.clone())
        .expect("a DKIM record")
}

#[tokio::test]
async fn no_ses_call_until_dns_looks_right_then_green_at_the_next_look() {
    let world = Harness::dns_driven().await;
    let domain = world.add_domain("news").await;
    let identity = domain_ref(&domain);
    let reads = world.ses_reads().await;

    world.advance(Duration::minutes(5)).await;
    let outcome = world.sweep.check(&identity).await.expect("checked");
    assert_eq!(
        outcome,
        CheckOutcome::Checked {
            from: Status::Pending,
            to: Status::Pending
        }
    );
    assert_eq!(
        world.ses_reads().await,
        reads,
        "nothing published: SES is not asked"
    );
    let stored = world.stored(&domain).await;
    assert_eq!(
        stored.next_check_at,
        Some(world.now() + DNS_RECHECK),
        "due at the next run"
    );
    assert!(
        stored
            .status_reason
            .contains("DNS check: the CNAME record at"),
        "{}",
        stored.status_reason
    );

    world.publish(&domain).await;
    world.advance(DNS_RECHECK).await;
    let outcome = world.sweep.check(&identity).await.expect("checked");
    assert_eq!(
        outcome,
        CheckOutcome::Checked {
            from: Status::Pending,
            to: Status::Verified
        }
    );
    assert_eq!(
        world.ses_reads().await,
        reads + 1,
        "one SES read, once DNS looked right"
    );
    let stored = world.stored(&domain).await;
    assert!(
        !stored.status_reason.contains("DNS check"),
        "{}",
        stored.status_reason
    );
}

#[tokio::test]
async fn ses_is_still_asked_on_the_slow_fallback() {
    let world = Harness::dns_driven().await;
    let domain = world.add_domain("promo").await;
    let identity = domain_ref(&domain);
    let reads = world.ses_reads().await;
    let mut looks = 0;
    let mut elapsed = Duration::zero();
    while elapsed < SES_FALLBACK {
        world.advance(DNS_RECHECK).await;
        elapsed += DNS_RECHECK;
        world.sweep.check(&identity).await.expect("checked");
        looks += 1;
    }
    assert_eq!(looks, 36);
    assert_eq!(
        world.ses_reads().await,
        reads + 1,
        "36 DNS looks, one SES read at six hours"
    );
}

#[tokio::test]
async fn a_run_that_finds_nothing_new_costs_one_lookup_and_a_change_a_full_look() {
    let (world, lookups) = Harness::dns_driven_counted().await;
    let domain = world.add_domain("quiet").await;
    let identity = domain_ref(&domain);
    let mut before = lookups.load(SeqCst);
    assert!(
        before > 10,
        "adding looks at every record: {before} lookups"
    );
    let mut run = async || {
        world.advance(DNS_RECHECK).await;
        world.sweep.check(&identity).await.expect("checked");
        let now = lookups.load(SeqCst);
        let spent = now - before;
        before = now;
        spent
    };
    assert_eq!(
        run().await,
        1,
        "the first DKIM CNAME, still missing as stored"
    );
    assert_eq!(run().await, 1);

    // A wrong CNAME where the first DKIM record belongs: the probe sees something new.
    let name = first_dkim_name(&world, &domain).await;
    world
        .ses
        .standin
        .control()
        .publish_record(DnsRecord::cname(
            RecordName::parse(&name).expect("name"),
            RecordName::parse("wrong.dkim.example.net").expect("name"),
        ))
        .expect("published");
    assert!(run().await > 10, "a full look");
    let stored = world.stored(&domain).await;
    assert!(
        stored.status_reason.contains("has another value"),
        "{}",
        stored.status_reason
    );
    assert_eq!(run().await, 1, "the same wrong CNAME: nothing new");

    // Nothing changes, yet a full look comes at least every FULL_LOOK_EVERY.
    let runs = FULL_LOOK_EVERY.num_minutes() / DNS_RECHECK.num_minutes();
    let mut spent = Vec::new();
    for _ in 0..runs {
        spent.push(run().await);
    }
    assert_eq!(spent.iter().filter(|n| **n > 10).count(), 1, "{spent:?}");
    // The others: the probe's one lookup, or none at the run SES is asked on the fallback.
    assert_eq!(spent.iter().filter(|n| **n == 1).count(), spent.len() - 2);
    assert_eq!(spent.iter().filter(|n| **n == 0).count(), 1, "{spent:?}");
}

#[tokio::test]
async fn records_right_and_ses_slow_to_notice_are_asked_about_less_and_less_often() {
    let world = Harness::dns_driven().await;
    let delay = Duration::minutes(50);
    world
        .ses
        .standin
        .control()
        .set_detection_delay(delay, delay);
    let domain = world.add_domain("slow").await;
    let identity = domain_ref(&domain);
    world.publish(&domain).await;
    let reads = world.ses_reads().await;

    let mut asked_at = Vec::new();
    let mut green_at = None;
    for run in 1..=12 {
        world.advance(DNS_RECHECK).await;
        let before = world.ses_reads().await;
        let outcome = world.sweep.check(&identity).await.expect("checked");
        if world.ses_reads().await > before {
            asked_at.push(run * 10);
        }
        if outcome
            == (CheckOutcome::Checked {
                from: Status::Pending,
                to: Status::Verified,
            })
        {
            green_at = Some(run * 10);
            break;
        }
    }
    // Right from minute 10: asked then, 30 minutes later, then after half the time they
    // have looked right (30 minutes); SES notices at minute 50, so green at 70.
    assert_eq!(asked_at, [10, 40, 70]);
    assert_eq!(green_at, Some(70));
    assert_eq!(world.ses_reads().await, reads + 3, "not 7, one per run");
}
