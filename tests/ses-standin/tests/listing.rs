//! ListEmailIdentities paging and filters, the suppression list, and the call log.

use crate::common;

use aws_sdk_sesv2::types::{
    IdentityFilterKey, IdentityType, SuppressionListReason, VerificationStatus,
};
use common::Harness;

#[tokio::test]
async fn list_pages_through_every_identity_once() {
    let harness = Harness::start().await;
    let mut created: Vec<String> = (0..7).map(|i| format!("t{i}.example.com")).collect();
    created.push("someone@example.com".to_owned());
    for name in &created {
        harness.create(name).await;
    }

    let mut listed = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = harness
            .ses
            .list_email_identities()
            .page_size(3)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert!(page.email_identities().len() <= 3);
        listed.extend(page.email_identities().iter().map(|i| {
            assert_eq!(i.verification_status(), Some(&VerificationStatus::Pending));
            i.identity_name().unwrap_or_default().to_owned()
        }));
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    created.sort();
    listed.sort();
    assert_eq!(listed, created);

    let bad_token = harness
        .ses
        .list_email_identities()
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        bad_token
            .as_service_error()
            .map(|e| e.is_bad_request_exception()),
        Some(true)
    );
}

#[tokio::test]
async fn list_filters_and_reports_sending() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.create("a@example.com").await;
    harness.create("other.org").await;
    harness.publish_identity("example.com").await;

    let domains = harness
        .ses
        .list_email_identities()
        .filter(IdentityFilterKey::IdentityType, "DOMAIN")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = domains
        .email_identities()
        .iter()
        .filter_map(|i| i.identity_name())
        .collect();
    assert_eq!(names, ["example.com", "other.org"]);
    let verified = &domains.email_identities()[0];
    assert_eq!(verified.identity_type(), Some(&IdentityType::Domain));
    assert_eq!(
        verified.verification_status(),
        Some(&VerificationStatus::Success)
    );
    assert!(verified.sending_enabled());

    let pending = harness
        .ses
        .list_email_identities()
        .filter(IdentityFilterKey::VerificationStatus, "PENDING")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = pending
        .email_identities()
        .iter()
        .filter_map(|i| i.identity_name())
        .collect();
    assert_eq!(names, ["a@example.com", "other.org"]);
}

#[tokio::test]
async fn suppression_list_round_trip() {
    let harness = Harness::start().await;
    for (address, reason) in [
        ("bounced@example.com", SuppressionListReason::Bounce),
        ("angry@example.com", SuppressionListReason::Complaint),
    ] {
        harness
            .ses
            .put_suppressed_destination()
            .email_address(address)
            .reason(reason)
            .send()
            .await
            .unwrap();
    }
    let got = harness
        .ses
        .get_suppressed_destination()
        .email_address("bounced@example.com")
        .send()
        .await
        .unwrap();
    let entry = got.suppressed_destination().unwrap();
    assert_eq!(entry.reason(), &SuppressionListReason::Bounce);
    assert_eq!(
        entry.last_update_time().secs(),
        ses_standin::config::DEFAULT_START_SECONDS
    );

    let complaints = harness
        .ses
        .list_suppressed_destinations()
        .reasons(SuppressionListReason::Complaint)
        .send()
        .await
        .unwrap();
    let listed: Vec<_> = complaints
        .suppressed_destination_summaries()
        .iter()
        .map(|s| s.email_address())
        .collect();
    assert_eq!(listed, ["angry@example.com"]);

    harness
        .ses
        .delete_suppressed_destination()
        .email_address("bounced@example.com")
        .send()
        .await
        .unwrap();
    let gone = harness
        .ses
        .get_suppressed_destination()
        .email_address("bounced@example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        gone.as_service_error().map(|e| e.is_not_found_exception()),
        Some(true)
    );
}

#[tokio::test]
async fn the_call_log_counts_each_operation() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.read("example.com").await;
    harness.read("example.com").await;
    harness.ses.list_email_identities().send().await.unwrap();
    let (_, calls) = harness.get("/_local/calls").await;
    assert_eq!(calls["calls"]["CreateEmailIdentity"], 1);
    assert_eq!(calls["calls"]["GetEmailIdentity"], 2);
    assert_eq!(calls["calls"]["ListEmailIdentities"], 1);
    assert_eq!(calls["total"], 4);
    assert_eq!(
        harness.standin.control().calls().count("GetEmailIdentity"),
        2
    );
}
