//! SES checks identities in the background on its own clock, not when someone reads: deadlines
//! pass without reads, the detection delay holds records back, and `VerificationInfo` keeps
//! the last `ErrorType` and reports the zone's SOA.

use crate::common;

use aws_sdk_sesv2::types::{VerificationError, VerificationStatus};
use common::Harness;
use serde_json::json;

fn status(
    output: &aws_sdk_sesv2::operation::get_email_identity::GetEmailIdentityOutput,
) -> &VerificationStatus {
    output.verification_status().unwrap()
}

#[tokio::test]
async fn records_published_after_80_unread_hours_find_a_failed_identity() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.advance_hours(80).await;
    harness.publish_identity("example.com").await;
    let read = harness.read("example.com").await;
    assert_eq!(status(&read), &VerificationStatus::Failed);
    let calls = harness.standin.control().calls();
    assert_eq!(
        calls.count("GetEmailIdentity"),
        1,
        "no read before the deadline"
    );
}

#[tokio::test]
async fn the_temporary_failure_window_starts_when_the_records_went() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.publish_identity("example.com").await;
    harness.advance_hours(1).await;
    harness.unpublish_identity("example.com").await;
    // Nobody reads for 73 hours: SES noticed the loss when it happened.
    harness.advance_hours(73).await;
    let read = harness.read("example.com").await;
    assert_eq!(status(&read), &VerificationStatus::Failed);
    assert_eq!(
        harness.standin.control().calls().count("GetEmailIdentity"),
        1
    );
}

#[tokio::test]
async fn advancing_in_small_steps_and_in_one_jump_agree() {
    let stepped = Harness::start().await;
    let jumped = Harness::start().await;
    for harness in [&stepped, &jumped] {
        harness.create("example.com").await;
    }
    for _ in 0..10 {
        stepped.advance_hours(7).await;
    }
    jumped.advance_hours(70).await;
    for harness in [&stepped, &jumped] {
        harness.advance_hours(3).await;
        assert_eq!(
            status(&harness.read("example.com").await),
            &VerificationStatus::Failed
        );
    }
}

#[tokio::test]
async fn error_type_stays_after_success_and_the_soa_comes_from_the_zone() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    let pending = harness.read("example.com").await;
    assert_eq!(
        pending.verification_info().unwrap().error_type(),
        Some(&VerificationError::HostNotFound)
    );
    harness.publish_identity("example.com").await;
    let verified = harness.read("example.com").await;
    assert_eq!(status(&verified), &VerificationStatus::Success);
    let info = verified.verification_info().unwrap();
    assert_eq!(
        info.error_type(),
        Some(&VerificationError::HostNotFound),
        "SES keeps the last error after success (a real GetEmailIdentity capture shows SUCCESS with HOST_NOT_FOUND)"
    );
    let soa = info.soa_record().expect("an SOARecord");
    assert_eq!(soa.primary_name_server(), Some("ns1.ses-standin.test"));
    assert_eq!(soa.admin_email(), Some("hostmaster.ses-standin.test"));
    // One change per published record (3 CNAMEs): the serial counts them.
    assert_eq!(soa.serial_number(), 4);
}

#[tokio::test]
async fn detection_waits_for_the_delay_on_the_stand_in_clock() {
    let harness = Harness::start().await;
    let (status_code, reply) = harness
        .post(
            "/_local/detection-delay",
            json!({ "min_seconds": 600, "max_seconds": 600 }),
        )
        .await;
    assert_eq!(status_code, 200, "{reply}");
    assert_eq!(reply, json!({ "min_seconds": 600, "max_seconds": 600 }));
    harness.create("example.com").await;
    harness.publish_identity("example.com").await;
    assert_eq!(
        status(&harness.read("example.com").await),
        &VerificationStatus::Pending
    );
    harness
        .post("/_local/clock/advance", json!({ "seconds": 599 }))
        .await;
    assert_eq!(
        status(&harness.read("example.com").await),
        &VerificationStatus::Pending
    );
    harness
        .post("/_local/clock/advance", json!({ "seconds": 1 }))
        .await;
    assert_eq!(
        status(&harness.read("example.com").await),
        &VerificationStatus::Success
    );
}

#[tokio::test]
async fn a_detection_completes_during_a_clock_jump_without_reads() {
    let harness = Harness::start_with(
        ses_standin::Config::default()
            .with_detection_delay(chrono::Duration::minutes(30), chrono::Duration::minutes(30)),
    )
    .await;
    harness.create("example.com").await;
    harness.publish_identity("example.com").await;
    harness.advance_hours(5).await;
    let read = harness.read("example.com").await;
    assert_eq!(status(&read), &VerificationStatus::Success);
    assert_eq!(
        harness.standin.control().calls().count("GetEmailIdentity"),
        1
    );
}

#[tokio::test]
async fn delays_are_random_within_bounds_and_repeatable() {
    /// The minute (in 5-minute steps) at which each of 8 identities turned SUCCESS.
    async fn detected_at(seed: u64) -> Vec<i64> {
        let config = ses_standin::Config::default()
            .with_seed(seed)
            .with_detection_delay(chrono::Duration::minutes(10), chrono::Duration::hours(1));
        let harness = Harness::start_with(config).await;
        for i in 0..8 {
            let name = format!("d{i}.example.com");
            harness.create(&name).await;
            harness.publish_identity(&name).await;
        }
        let mut detected = vec![None; 8];
        for step in 0..=13 {
            let listed = harness.ses.list_email_identities().send().await.unwrap();
            for (i, item) in listed.email_identities().iter().enumerate() {
                let done = item.verification_status() == Some(&VerificationStatus::Success);
                if done && detected[i].is_none() {
                    detected[i] = Some(step * 5);
                }
            }
            harness
                .post("/_local/clock/advance", json!({ "seconds": 300 }))
                .await;
        }
        detected
            .into_iter()
            .map(|d| d.expect("detected within 65 min"))
            .collect()
    }
    let first = detected_at(5).await;
    assert!(first.iter().all(|m| (10..=60).contains(m)), "{first:?}");
    assert!(first.iter().any(|m| *m != first[0]), "random: {first:?}");
    assert_eq!(detected_at(5).await, first, "deterministic for a seed");
}

#[tokio::test]
async fn bad_delay_bounds_are_refused() {
    let harness = Harness::start().await;
    let (status_code, _) = harness
        .post(
            "/_local/detection-delay",
            json!({ "min_seconds": 60, "max_seconds": 30 }),
        )
        .await;
    assert_eq!(status_code, 400);
}
