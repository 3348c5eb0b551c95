//! Email-address identities: the mailed link, its 24 h expiry, and re-sending by re-creating.

use crate::common;

use aws_sdk_sesv2::types::{IdentityType, VerificationStatus};
use common::Harness;

/// Follows a link and returns the HTTP status.
async fn follow(harness: &Harness, link: &str) -> u16 {
    harness
        .http
        .get(link)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn following_the_mailed_link_verifies_the_address() {
    let harness = Harness::start().await;
    let output = harness
        .ses
        .create_email_identity()
        .email_identity("Alice@Example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(output.identity_type(), Some(&IdentityType::EmailAddress));
    assert!(!output.verified_for_sending_status());

    let outbox = harness.outbox().await;
    assert_eq!(outbox.len(), 1);
    let message = &outbox[0];
    assert_eq!(message["from"], "no-reply-aws@amazon.com");
    assert_eq!(message["to"], "Alice@Example.com");
    assert!(
        message["subject"]
            .as_str()
            .unwrap()
            .contains("Email Address Verification Request")
    );
    let link = message["link"].as_str().unwrap();
    let prefix = format!("{}/_local/verify/", harness.standin.endpoint_url());
    assert!(link.starts_with(&prefix), "{link}");
    assert!(message["body"].as_str().unwrap().contains(link));

    let pending = harness.read("Alice@Example.com").await;
    assert_eq!(
        pending.verification_status(),
        Some(&VerificationStatus::Pending)
    );

    assert_eq!(follow(&harness, link).await, 200);
    let verified = harness.read("Alice@Example.com").await;
    assert_eq!(
        verified.verification_status(),
        Some(&VerificationStatus::Success)
    );
    assert!(verified.verified_for_sending_status());

    // Addresses are case-sensitive: the lowercased address is another (unknown) identity.
    let error = harness
        .ses
        .get_email_identity()
        .email_identity("alice@example.com")
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_not_found_exception())
    );
}

#[tokio::test]
async fn an_expired_link_fails_the_identity_and_answers_410() {
    let harness = Harness::start().await;
    harness.create("bob@example.com").await;
    let link = harness.outbox().await[0]["link"]
        .as_str()
        .unwrap()
        .to_owned();
    harness.advance_hours(25).await;

    assert_eq!(
        harness.read("bob@example.com").await.verification_status(),
        Some(&VerificationStatus::Failed)
    );
    assert_eq!(follow(&harness, &link).await, 410);
    assert_eq!(
        harness.read("bob@example.com").await.verification_status(),
        Some(&VerificationStatus::Failed)
    );
    assert_eq!(follow(&harness, &format!("{link}x")).await, 404);
}

#[tokio::test]
async fn re_creating_after_delete_sends_a_new_working_link() {
    let harness = Harness::start().await;
    harness.create("carol@example.com").await;
    harness.advance_hours(25).await;
    harness
        .ses
        .delete_email_identity()
        .email_identity("carol@example.com")
        .send()
        .await
        .unwrap();
    harness.create("carol@example.com").await;

    let outbox = harness.outbox().await;
    assert_eq!(outbox.len(), 2);
    let (old, new) = (
        outbox[0]["link"].as_str().unwrap(),
        outbox[1]["link"].as_str().unwrap(),
    );
    assert_ne!(old, new);
    assert_eq!(
        follow(&harness, old).await,
        404,
        "the old link died with the identity"
    );
    assert_eq!(follow(&harness, new).await, 200);
    assert_eq!(
        harness
            .read("carol@example.com")
            .await
            .verification_status(),
        Some(&VerificationStatus::Success)
    );
}

#[tokio::test]
async fn an_address_under_a_verified_domain_inherits_sending() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.create("dave@example.com").await;
    assert!(
        !harness
            .read("dave@example.com")
            .await
            .verified_for_sending_status()
    );

    harness.publish_identity("example.com").await;
    let address = harness.read("dave@example.com").await;
    assert_eq!(
        address.verification_status(),
        Some(&VerificationStatus::Pending)
    );
    assert!(
        address.verified_for_sending_status(),
        "SES's inheritance trap"
    );
}

#[tokio::test]
async fn the_in_process_control_follows_links_too() {
    let harness = Harness::start().await;
    harness.create("erin@example.com").await;
    let control = harness.standin.control();
    let message = control.outbox().pop().unwrap();
    let token = message.link.rsplit('/').next().unwrap();
    let (identity, status) = control.follow_link(token).unwrap();
    assert_eq!(identity, "erin@example.com");
    assert_eq!(status, ses_standin::Status::Success);
}
