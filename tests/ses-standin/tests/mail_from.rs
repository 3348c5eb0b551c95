//! Custom MAIL FROM: the MX check, its 72 h deadline, and the subdomain rule.

use crate::common;

use aws_sdk_sesv2::types::{BehaviorOnMxFailure, MailFromDomainStatus};
use common::Harness;

const MX_TARGET: &str = "feedback-smtp.us-east-1.amazonses.com";

async fn set_mail_from(harness: &Harness, identity: &str, domain: &str) {
    harness
        .ses
        .put_email_identity_mail_from_attributes()
        .email_identity(identity)
        .mail_from_domain(domain)
        .behavior_on_mx_failure(BehaviorOnMxFailure::RejectMessage)
        .send()
        .await
        .unwrap();
}

async fn mail_from_status(harness: &Harness, identity: &str) -> MailFromDomainStatus {
    let read = harness.read(identity).await;
    let attributes = read.mail_from_attributes().unwrap();
    assert_eq!(attributes.mail_from_domain(), "bounce.example.com");
    assert_eq!(
        attributes.behavior_on_mx_failure(),
        &BehaviorOnMxFailure::RejectMessage
    );
    attributes.mail_from_domain_status().clone()
}

#[tokio::test]
async fn one_mx_record_verifies_and_two_do_not() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    set_mail_from(&harness, "example.com", "bounce.example.com").await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::Pending
    );

    harness
        .publish("bounce.example.com", "MX", MX_TARGET, Some(10))
        .await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::Success
    );

    harness
        .publish("bounce.example.com", "MX", "mx.other.net", Some(20))
        .await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::TemporaryFailure
    );
}

#[tokio::test]
async fn exactly_one_mx_of_any_preference_is_what_ses_asks_for() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    set_mail_from(&harness, "example.com", "bounce.example.com").await;
    harness
        .publish("bounce.example.com", "MX", "mx.other.net", Some(10))
        .await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::Pending,
        "one MX, but to another host"
    );
    harness
        .delete(
            "/_local/dns/records",
            serde_json::json!({ "name": "bounce.example.com" }),
        )
        .await;
    harness
        .publish("bounce.example.com", "MX", MX_TARGET, Some(20))
        .await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::Success,
        "SES does not ask for preference 10, only for exactly one MX"
    );
    harness
        .publish("bounce.example.com", "MX", MX_TARGET, Some(10))
        .await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::TemporaryFailure,
        "two MX records to the right host are still not one"
    );
}

#[tokio::test]
async fn publish_records_covers_dkim_and_mail_from_and_verifies_both() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    set_mail_from(&harness, "example.com", "bounce.example.com").await;
    let published = harness.publish_identity("example.com").await;
    let records = published["records"].as_array().unwrap();
    let kinds: Vec<&str> = records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["CNAME", "CNAME", "CNAME", "MX", "TXT"]);
    assert_eq!(records[3]["value"], MX_TARGET);
    assert_eq!(records[3]["priority"], 10);
    assert_eq!(records[4]["value"], "v=spf1 include:amazonses.com ~all");
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::Success
    );
    assert!(
        harness
            .read("example.com")
            .await
            .verified_for_sending_status()
    );
}

#[tokio::test]
async fn a_missing_mx_fails_after_72_hours() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    set_mail_from(&harness, "example.com", "bounce.example.com").await;
    harness.advance_hours(73).await;
    assert_eq!(
        mail_from_status(&harness, "example.com").await,
        MailFromDomainStatus::Failed
    );
}

#[tokio::test]
async fn the_mail_from_domain_must_be_a_subdomain_of_the_identity() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    for domain in [
        "example.com",
        "bounce.example.org",
        "badexample.com",
        "not a domain",
    ] {
        let error = harness
            .ses
            .put_email_identity_mail_from_attributes()
            .email_identity("example.com")
            .mail_from_domain(domain)
            .send()
            .await
            .unwrap_err();
        assert!(
            error
                .as_service_error()
                .is_some_and(|e| e.is_bad_request_exception()),
            "{domain}: {error:?}"
        );
    }
    let error = harness
        .ses
        .put_email_identity_mail_from_attributes()
        .email_identity("unknown.example.com")
        .mail_from_domain("bounce.unknown.example.com")
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_not_found_exception())
    );
}
