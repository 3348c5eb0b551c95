//! Automatic verification over moto (DynamoDB, Scheduler) and the SES stand-in, with a manual
//! clock: follow-ups, the 72-hour deadline, restarts and regressions.

use crate::support;

use chrono::Duration;
use domain::status::{Status, dns_deadline_reason};
use domain::verification::CheckOutcome;
use support::{Harness, Unlimited, domain_ref};
use sweep::handler::{SweepInput, SweepOutput, run};

#[tokio::test]
async fn a_targeted_check_after_publishing_turns_green_and_deletes_the_follow_up() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("news").await;
    let identity = domain_ref(&domain);

    let (expression, input) = harness
        .schedule(&identity)
        .await
        .expect("a follow-up is scheduled");
    let first = harness.now() + Duration::minutes(5);
    assert_eq!(
        expression,
        format!("at({})", first.format("%Y-%m-%dT%H:%M:%S"))
    );
    let scheduled: SweepInput =
        serde_json::from_str(&input).expect("the schedule's input is the sweep's input");
    assert_eq!(
        scheduled,
        SweepInput::Check {
            identity: identity.clone()
        }
    );

    // Not yet published: the follow-up moves to the next step of the cadence.
    harness.advance(Duration::minutes(5)).await;
    let output = run(&harness.sweep, scheduled.clone(), &Unlimited)
        .await
        .expect("checked");
    assert!(matches!(
        output,
        SweepOutput::Check(CheckOutcome::Checked {
            from: Status::Pending,
            to: Status::Pending
        })
    ));
    let (moved, _) = harness.schedule(&identity).await.expect("still scheduled");
    assert_eq!(
        moved,
        format!(
            "at({})",
            (domain.created_at + Duration::minutes(15)).format("%Y-%m-%dT%H:%M:%S")
        )
    );

    harness.publish(&domain).await;
    harness.advance(Duration::minutes(10)).await;
    let output = run(&harness.sweep, scheduled, &Unlimited)
        .await
        .expect("checked");
    assert!(matches!(
        output,
        SweepOutput::Check(CheckOutcome::Checked {
            from: Status::Pending,
            to: Status::Verified
        })
    ));
    assert_eq!(harness.stored(&domain).await.status, Status::Verified);
    assert_eq!(
        harness.schedule(&identity).await,
        None,
        "success removes the pending schedule"
    );
}

#[tokio::test]
async fn no_records_is_red_at_72_hours_and_a_restart_issues_new_tokens_that_verify() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("late").await;
    harness.advance(Duration::hours(73)).await;

    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!((report.checked, report.changed), (1, 1), "{report:?}");
    let failed = harness.stored(&domain).await;
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.status_reason, dns_deadline_reason());
    assert_eq!(
        failed.next_check_at,
        Some(harness.now() + Duration::days(7)),
        "no more follow-ups: due again only when its grace ends (see expiry.rs)"
    );
    assert_eq!(harness.schedule(&domain_ref(&domain)).await, None);
    let again = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(again.checked, 0, "a failed identity is not due any more");

    let restarted = harness
        .domains
        .restart(&harness.admin, &domain.id.to_string())
        .await
        .expect("restarted");
    assert_eq!(restarted.status, Status::Pending);
    assert_ne!(restarted.dkim_tokens, domain.dkim_tokens, "new DKIM tokens");
    assert_eq!(
        restarted.verification_deadline,
        harness.now() + Duration::hours(72)
    );
    assert!(
        harness.schedule(&domain_ref(&domain)).await.is_some(),
        "new follow-ups"
    );
    let records = restarted.records("us-east-1", None);
    assert!(
        records[0]
            .name
            .starts_with(restarted.dkim_tokens[0].as_str()),
        "the records shown change"
    );

    harness.publish(&restarted).await;
    harness.advance(Duration::minutes(5)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.changed, 1, "{report:?}");
    assert_eq!(harness.stored(&domain).await.status, Status::Verified);
}

#[tokio::test]
async fn a_verified_subdomain_whose_records_vanish_leaves_green_at_its_daily_check() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("gone").await;
    harness.publish(&domain).await;
    harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verified");
    harness.unpublish(&domain).await;

    // Its daily check falls at its own time of day, 12 to 36 hours on.
    let daily = harness.stored(&domain).await.next_check_at.expect("due");
    let wait = daily - harness.now();
    assert!(
        wait >= Duration::hours(12) && wait < Duration::hours(36),
        "{wait}"
    );
    harness.advance(wait - Duration::minutes(1)).await;
    assert_eq!(
        harness.sweep.run(&Unlimited).await.expect("swept").checked,
        0,
        "not due before its daily check"
    );
    harness.advance(Duration::minutes(1)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!((report.checked, report.changed), (1, 1), "{report:?}");
    let stored = harness.stored(&domain).await;
    assert_eq!(stored.status, Status::Pending);
    assert!(
        stored.status_reason.contains("no longer be found"),
        "{}",
        stored.status_reason
    );
}

#[tokio::test]
async fn the_sweep_stops_before_the_deadline_and_the_next_run_finishes_without_repeats() {
    let harness = Harness::start().await;
    let mut domains = Vec::new();
    for i in 0..5 {
        let domain = harness.add_domain(&format!("b{i}")).await;
        harness.publish(&domain).await;
        domains.push(domain);
    }
    harness.advance(Duration::minutes(5)).await;
    let before = harness.ses_reads().await;
    let first = harness
        .sweep
        .run(&support::Checks(3.into()))
        .await
        .expect("swept");
    assert_eq!(first.checked, 3);
    assert!(first.stopped_early);
    let second = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(second.checked, 2, "the rest stayed due");
    assert!(!second.stopped_early);
    assert_eq!(
        harness.ses_reads().await - before,
        5,
        "each identity asked once"
    );
    for domain in &domains {
        assert_eq!(harness.stored(domain).await.status, Status::Verified);
    }
}

#[tokio::test]
async fn an_email_sender_is_followed_up_until_its_link_is_followed() {
    use domain::senders::NewSender;
    use domain::verification::IdentityRef;

    let harness = Harness::start().await;
    let address = format!("ops@{}.example.net", uuid::Uuid::new_v4().simple());
    let created = harness
        .senders
        .create(
            &harness.admin,
            NewSender {
                kind: "email".to_owned(),
                from_email: address.clone(),
                ..NewSender::default()
            },
        )
        .await
        .expect("created");
    let domain::senders::Listed::Tenant { sender, .. } = created else {
        panic!("a tenant sender")
    };
    let identity = IdentityRef::Sender {
        tenant: sender.tenant.clone(),
        id: sender.id,
    };
    assert!(
        harness.schedule(&identity).await.is_some(),
        "a follow-up is scheduled"
    );

    let outbox = harness.ses.read("outbox").await;
    let link = outbox["messages"][0]["link"]
        .as_str()
        .expect("a verification mail")
        .to_owned();
    assert_eq!(
        harness
            .ses
            .http
            .get(&link)
            .send()
            .await
            .expect("followed")
            .status()
            .as_u16(),
        200
    );
    harness.advance(Duration::minutes(5)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!((report.checked, report.changed), (1, 1), "{report:?}");
    assert_eq!(
        harness.schedule(&identity).await,
        None,
        "verified: no more follow-ups"
    );
}

#[tokio::test]
async fn a_follow_up_is_retried_and_ends_in_the_dead_letter_queue_like_the_recurring_sweep() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("retries").await;
    let target = harness.schedule_target(&domain_ref(&domain)).await;
    let retry = target.retry_policy().expect("a retry policy");
    assert_eq!(
        (
            retry.maximum_retry_attempts(),
            retry.maximum_event_age_in_seconds()
        ),
        (Some(3), Some(3600))
    );
    assert_eq!(
        target.dead_letter_config().and_then(|d| d.arn()),
        Some(support::DLQ_ARN)
    );
}
