//! Domain identities: Easy DKIM tokens and the DNS-driven lifecycle, through the real SDK.

use crate::common;

use aws_sdk_sesv2::types::{DkimStatus, IdentityType, VerificationError, VerificationStatus};
use common::Harness;
use serde_json::json;

#[tokio::test]
async fn create_returns_three_easy_dkim_tokens_and_pending() {
    let harness = Harness::start().await;
    let output = harness
        .ses
        .create_email_identity()
        .email_identity("Mail.Example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(output.identity_type(), Some(&IdentityType::Domain));
    assert!(!output.verified_for_sending_status());
    let dkim = output.dkim_attributes().unwrap();
    assert_eq!(dkim.status(), Some(&DkimStatus::Pending));
    assert!(dkim.signing_enabled());
    assert_eq!(dkim.signing_hosted_zone(), Some("dkim.amazonses.com"));
    let tokens = dkim.tokens();
    assert_eq!(tokens.len(), 3);
    for token in tokens {
        assert_eq!(token.len(), 32);
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
    }

    // Domains are case-insensitive: the lowercased name reads the same identity.
    let read = harness.read("mail.example.com").await;
    assert_eq!(
        read.verification_status(),
        Some(&VerificationStatus::Pending)
    );
    assert_eq!(read.dkim_attributes().unwrap().tokens(), tokens);
    let info = read.verification_info().unwrap();
    assert_eq!(info.error_type(), Some(&VerificationError::HostNotFound));
    assert!(info.last_checked_timestamp().is_some());
    assert!(info.last_success_timestamp().is_none());
}

#[tokio::test]
async fn tokens_are_deterministic_per_seed_and_new_after_recreate() {
    let first = Harness::start().await;
    let second = Harness::start().await;
    let tokens = first.create("example.com").await;
    assert_eq!(second.create("example.com").await, tokens);

    first
        .ses
        .delete_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
    let recreated = first.create("example.com").await;
    assert_ne!(recreated, tokens);

    let other_seed = Harness::start_with(ses_standin::Config::default().with_seed(99)).await;
    assert_ne!(other_seed.create("example.com").await, tokens);
}

#[tokio::test]
async fn published_cnames_verify_and_removed_ones_leave_success() {
    let harness = Harness::start().await;
    let tokens = harness.create("example.com").await;
    for token in &tokens {
        harness
            .publish(
                &format!("{token}._domainkey.example.com"),
                "CNAME",
                &format!("{token}.dkim.amazonses.com"),
                None,
            )
            .await;
    }
    let verified = harness.read("example.com").await;
    assert_eq!(
        verified.verification_status(),
        Some(&VerificationStatus::Success)
    );
    assert_eq!(
        verified.dkim_attributes().unwrap().status(),
        Some(&DkimStatus::Success)
    );
    assert!(verified.verified_for_sending_status());
    let info = verified.verification_info().unwrap();
    assert!(info.last_success_timestamp().is_some());
    assert_eq!(info.error_type(), None);

    let (status, _) = harness
        .delete(
            "/_local/dns/records",
            json!({ "name": format!("{}._domainkey.example.com", tokens[1]) }),
        )
        .await;
    assert_eq!(status, 200);
    let lost = harness.read("example.com").await;
    assert_eq!(
        lost.verification_status(),
        Some(&VerificationStatus::TemporaryFailure)
    );
    assert!(!lost.verified_for_sending_status());

    harness.publish_identity("example.com").await;
    let back = harness.read("example.com").await;
    assert_eq!(
        back.verification_status(),
        Some(&VerificationStatus::Success)
    );

    harness.unpublish_identity("example.com").await;
    assert_eq!(
        harness.read("example.com").await.verification_status(),
        Some(&VerificationStatus::TemporaryFailure)
    );
    harness.advance_hours(73).await;
    assert_eq!(
        harness.read("example.com").await.verification_status(),
        Some(&VerificationStatus::Failed)
    );
}

#[tokio::test]
async fn a_wrong_cname_target_is_not_success() {
    let harness = Harness::start().await;
    let tokens = harness.create("example.com").await;
    for token in &tokens {
        let name = format!("{token}._domainkey.example.com");
        harness
            .publish(&name, "CNAME", "elsewhere.example.net", None)
            .await;
    }
    let read = harness.read("example.com").await;
    assert_eq!(
        read.verification_status(),
        Some(&VerificationStatus::Pending)
    );
    assert_eq!(
        read.verification_info().unwrap().error_type(),
        Some(&VerificationError::InvalidValue)
    );
}

#[tokio::test]
async fn missing_records_fail_after_72_hours_for_good() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.advance_hours(71).await;
    assert_eq!(
        harness.read("example.com").await.verification_status(),
        Some(&VerificationStatus::Pending)
    );
    harness.advance_hours(2).await;
    let failed = harness.read("example.com").await;
    assert_eq!(
        failed.verification_status(),
        Some(&VerificationStatus::Failed)
    );
    assert_eq!(
        failed.dkim_attributes().unwrap().status(),
        Some(&DkimStatus::Failed)
    );

    // FAILED is terminal until delete + create, even once the records appear.
    harness.publish_identity("example.com").await;
    assert_eq!(
        harness.read("example.com").await.verification_status(),
        Some(&VerificationStatus::Failed)
    );
    harness
        .ses
        .delete_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
    harness.create("example.com").await;
    harness.publish_identity("example.com").await;
    assert_eq!(
        harness.read("example.com").await.verification_status(),
        Some(&VerificationStatus::Success)
    );
}

#[tokio::test]
async fn a_subdomain_under_a_verified_domain_can_send_while_pending() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.create("tenant.example.com").await;
    harness.create("user@tenant.example.com").await;
    harness.create("other.org").await;
    harness.publish_identity("example.com").await;

    let sub = harness.read("tenant.example.com").await;
    assert_eq!(
        sub.verification_status(),
        Some(&VerificationStatus::Pending)
    );
    assert!(
        sub.verified_for_sending_status(),
        "inherited from example.com"
    );
    let address = harness.read("user@tenant.example.com").await;
    assert_eq!(
        address.verification_status(),
        Some(&VerificationStatus::Pending)
    );
    assert!(address.verified_for_sending_status());
    assert!(
        !harness
            .read("other.org")
            .await
            .verified_for_sending_status()
    );
}
