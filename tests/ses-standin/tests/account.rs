//! The account around identities: configuration sets that must exist, the identity quota, the
//! region's DKIM zone, request ids.

use crate::common;

use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::types::VerificationStatus;
use common::Harness;
use serde_json::json;
use ses_standin::Config;

#[tokio::test]
async fn configuration_sets_must_exist() {
    let harness = Harness::start().await;
    let create = |set: &'static str| {
        harness
            .ses
            .create_email_identity()
            .email_identity("example.com")
            .configuration_set_name(set)
            .send()
    };
    let error = create("events").await.unwrap_err();
    assert_eq!(error.code(), Some("NotFoundException"));

    let (status, reply) = harness
        .post("/_local/configuration-sets", json!({ "name": "events" }))
        .await;
    assert_eq!(status, 201, "{reply}");
    create("events").await.unwrap();
    assert_eq!(
        harness.read("example.com").await.configuration_set_name(),
        Some("events")
    );

    harness
        .ses
        .create_configuration_set()
        .configuration_set_name("other")
        .send()
        .await
        .unwrap();
    let again = harness
        .ses
        .create_configuration_set()
        .configuration_set_name("other")
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("AlreadyExistsException"));
    let (_, listed) = harness.get("/_local/configuration-sets").await;
    assert_eq!(listed["configuration_sets"], json!(["events", "other"]));

    // Sets given in the config exist from the start and survive a reset.
    let configured = Harness::start_with(Config::default().with_configuration_set("events")).await;
    configured.post("/_local/reset", json!({})).await;
    configured
        .ses
        .create_email_identity()
        .email_identity("example.com")
        .configuration_set_name("events")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_full_identity_quota_is_limit_exceeded() {
    let harness = Harness::start_with(Config::default().with_identity_quota(2)).await;
    harness.create("a.example.com").await;
    harness.create("b.example.com").await;
    let ses = harness.ses_without_retries().await;
    let error = ses
        .create_email_identity()
        .email_identity("c.example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("LimitExceededException"));
    ses.delete_email_identity()
        .email_identity("a.example.com")
        .send()
        .await
        .unwrap();
    harness.create("c.example.com").await;
}

#[tokio::test]
async fn the_dkim_zone_follows_the_region() {
    let harness = Harness::start_with(Config::default().with_region("af-south-1")).await;
    let output = harness
        .ses
        .create_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
    let dkim = output.dkim_attributes().unwrap();
    assert_eq!(
        dkim.signing_hosted_zone(),
        Some("dkim.af-south-1.amazonses.com")
    );
    let published = harness.publish_identity("example.com").await;
    let target = published["records"][0]["value"].as_str().unwrap();
    assert!(
        target.ends_with(".dkim.af-south-1.amazonses.com"),
        "{target}"
    );
    assert_eq!(
        harness.read("example.com").await.verification_status(),
        Some(&VerificationStatus::Success)
    );
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let harness = Harness::start().await;
    let created = harness
        .ses
        .create_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
    use aws_sdk_sesv2::operation::RequestId;
    let first = created.request_id().expect("a request id").to_owned();
    let missing = harness
        .ses
        .get_email_identity()
        .email_identity("nobody.example.com")
        .send()
        .await
        .unwrap_err();
    let second = missing
        .request_id()
        .expect("errors carry one too")
        .to_owned();
    assert_ne!(first, second);
    let unknown = harness
        .http
        .post(harness.url("/v2/email/outbound-emails"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
    assert!(unknown.headers().contains_key("x-amzn-requestid"));
}
