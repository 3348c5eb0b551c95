//! Verification driven by DNS: the sweep looks at DNS first and asks SES only once the records
//! SES looks for are right, or on the slow fallback.

mod support;

use chrono::Duration;
use domain::domains::{DNS_RECHECK, SES_FALLBACK};
use domain::status::Status;
use domain::verification::CheckOutcome;
use support::{Harness, domain_ref};

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
