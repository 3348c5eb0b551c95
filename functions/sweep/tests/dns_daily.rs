//! The daily check of verified subdomains, driven by DNS (the stand-in's zone, a manual clock):
//! no SES call while the records are as they were; a record that went or changed is reported
//! with what it was, without turning the subdomain red; SES is asked once to confirm.

use crate::support;

use chrono::Duration;
use domain::domains::{DNS_RECHECK, Domain, VERIFIED_RECHECK};
use domain::status::Status;
use support::{Harness, Unlimited};

/// A verified subdomain (DNS-driven), its records published as SES wants them.
async fn verified(world: &Harness, label: &str) -> Domain {
    let domain = world.add_domain(label).await;
    world.publish(&domain).await;
    world.advance(Duration::minutes(5)).await;
    world.sweep.run(&Unlimited).await.expect("swept");
    let stored = world.stored(&domain).await;
    assert_eq!(stored.status, Status::Verified, "{}", stored.status_reason);
    stored
}

/// Moves both clocks to the subdomain's next check and runs the sweep.
async fn at_next_check(world: &Harness, domain: &Domain) -> Domain {
    let due = world
        .stored(domain)
        .await
        .next_check_at
        .expect("a next check");
    world.advance(due - world.now()).await;
    world.sweep.run(&Unlimited).await.expect("swept");
    world.stored(domain).await
}

async fn remove_record(world: &Harness, name: &str, kind: &str) {
    let url = format!(
        "{}/_local/dns/records?name={name}&type={kind}",
        world.ses.standin.endpoint_url()
    );
    let reply = world.ses.http.delete(&url).send().await.expect("delete");
    assert!(reply.status().is_success(), "{}", reply.status());
}

async fn publish_record(world: &Harness, name: &str, kind: &str, value: &str) {
    world
        .ses
        .control(
            "dns/records",
            serde_json::json!({ "name": name, "type": kind, "value": value }),
        )
        .await;
}

#[tokio::test]
async fn the_daily_check_of_a_verified_subdomain_looks_at_dns_and_asks_ses_nothing() {
    let world = Harness::dns_driven().await;
    let domain = verified(&world, "daily").await;
    let reads = world.ses_reads().await;
    // The last good values are kept from the check that found the records right.
    let records = domain.records("us-east-1", None);
    for record in &records[..5] {
        let good = domain.last_good(record).expect("seen right");
        assert_eq!(good.found[0].value, record.value);
    }

    let mut previous = world.now();
    for day in 1..=3 {
        let after = at_next_check(&world, &domain).await;
        assert_eq!(after.status, Status::Verified);
        assert_eq!(after.dns_regressed_since, None);
        let checked = after.dns_check.as_ref().expect("checked").checked_at;
        assert!(checked > previous, "day {day}: DNS was looked at");
        previous = checked;
        if day > 1 {
            assert_eq!(
                after.next_check_at,
                Some(world.now() + VERIFIED_RECHECK),
                "day {day}: the same time of day, a day later"
            );
        }
    }
    assert_eq!(
        world.ses_reads().await,
        reads,
        "three daily checks, records unchanged: no SES call"
    );
}

#[tokio::test]
async fn a_changed_dkim_record_is_named_with_what_it_was_and_ses_confirms_without_red() {
    let world = Harness::dns_driven().await;
    let domain = verified(&world, "lost").await;
    let record = domain.records("us-east-1", None)[0].clone();
    let good_since = domain.last_good(&record).expect("seen right").seen_at;
    remove_record(&world, &record.name, "CNAME").await;
    publish_record(&world, &record.name, "CNAME", "elsewhere.example.net").await;
    let reads = world.ses_reads().await;

    let after = at_next_check(&world, &domain).await;
    assert_eq!(
        world.ses_reads().await,
        reads + 1,
        "a record SES checks changed: SES asked once to confirm"
    );
    // SES saw it too (TEMPORARY_FAILURE): yellow with a fresh 72-hour window, not red.
    assert_eq!(after.status, Status::Pending, "{}", after.status_reason);
    assert_eq!(
        after.verification_deadline,
        world.now() + Duration::hours(72)
    );
    assert!(after.dns_regressed_since.is_some());
    assert!(
        after.status_reason.contains(&format!(
            "the CNAME record at {} has another value (it was {} until",
            record.name, record.value
        )),
        "{}",
        after.status_reason
    );
    let checks = &after.dns_check.as_ref().expect("checked").checks;
    let fix = checks[0].fix.as_deref().unwrap_or_default();
    assert!(fix.contains("elsewhere.example.net"), "{fix}");
    assert!(fix.contains(&format!("as {}.", record.value)), "{fix}");
    assert_eq!(
        after.last_good(&record).expect("kept").seen_at,
        good_since,
        "the last good values stay those of the last right check"
    );

    // IT puts it back: the next run sees it (DNS), SES confirms, green again.
    remove_record(&world, &record.name, "CNAME").await;
    world.publish(&domain).await;
    let repaired = at_next_check(&world, &domain).await;
    assert_eq!(
        repaired.status,
        Status::Verified,
        "{}",
        repaired.status_reason
    );
    assert_eq!(repaired.dns_regressed_since, None);
}

#[tokio::test]
async fn a_lost_spf_record_is_reported_green_without_an_ses_call_and_watched_until_repaired() {
    let world = Harness::dns_driven().await;
    let domain = verified(&world, "spf").await;
    let spf = domain.records("us-east-1", None)[4].clone();
    remove_record(&world, &spf.name, "TXT").await;
    let reads = world.ses_reads().await;

    let after = at_next_check(&world, &domain).await;
    assert_eq!(after.status, Status::Verified, "SES is the authority");
    assert_eq!(world.ses_reads().await, reads, "SES does not check SPF");
    assert_eq!(after.dns_regressed_since, Some(world.now()));
    assert!(
        after.status_reason.contains(&format!(
            "DNS check: the TXT record at {} is missing (it was {} until",
            spf.name, spf.value
        )),
        "{}",
        after.status_reason
    );
    assert_eq!(
        after.next_check_at,
        Some(world.now() + DNS_RECHECK),
        "watched at every run until repaired"
    );

    publish_record(&world, &spf.name, "TXT", &spf.value).await;
    let repaired = at_next_check(&world, &domain).await;
    assert_eq!(repaired.dns_regressed_since, None);
    assert!(
        !repaired.status_reason.contains("DNS check"),
        "{}",
        repaired.status_reason
    );
    let wait = repaired.next_check_at.expect("due") - world.now();
    assert!(wait >= Duration::hours(12), "back to daily: {wait}");
    assert_eq!(world.ses_reads().await, reads, "still no SES call");
}
