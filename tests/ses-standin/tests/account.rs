//! The account around identities: tags on ARNs, configuration sets that must exist, the
//! identity quota, the region's DKIM zone, request ids, and fault injection of any modeled error.

mod common;

use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::types::{Tag, VerificationStatus};
use common::Harness;
use serde_json::json;
use ses_standin::Config;

const ARN: &str = "arn:aws:ses:us-east-1:123456789012:identity/example.com";

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

async fn tags_of(harness: &Harness, arn: &str) -> Vec<(String, String)> {
    let listed = harness
        .ses
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap();
    listed
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect()
}

#[tokio::test]
async fn tags_are_added_replaced_listed_and_removed_on_identity_arns() {
    let harness = Harness::start().await;
    harness
        .ses
        .create_email_identity()
        .email_identity("example.com")
        .tags(tag("tenant", "t-1"))
        .send()
        .await
        .unwrap();
    harness
        .ses
        .tag_resource()
        .resource_arn(ARN)
        .tags(tag("tenant", "t-2"))
        .tags(tag("owner", "ops"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags_of(&harness, ARN).await,
        [
            ("tenant".into(), "t-2".into()),
            ("owner".into(), "ops".into())
        ]
    );
    let read = harness.read("example.com").await;
    assert_eq!(read.tags().len(), 2);
    harness
        .ses
        .untag_resource()
        .resource_arn(ARN)
        .tag_keys("tenant")
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags_of(&harness, ARN).await,
        [("owner".into(), "ops".into())]
    );
}

#[tokio::test]
async fn tags_follow_the_rules_on_every_path() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    let is_bad_request = |code: Option<&str>| code == Some("BadRequestException");

    let fifty_one: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
    let create = harness
        .ses
        .create_email_identity()
        .email_identity("other.example.org")
        .set_tags(Some(fifty_one))
        .send()
        .await
        .unwrap_err();
    assert!(is_bad_request(create.code()), "{create:?}");

    for bad in [
        vec![tag("aws:owner", "x")],
        vec![tag("k", "a"), tag("k", "b")],
        vec![tag(&"k".repeat(129), "x")],
        vec![tag("k", &"v".repeat(257))],
        vec![tag("semi;colon", "x")],
    ] {
        let error = harness
            .ses
            .tag_resource()
            .resource_arn(ARN)
            .set_tags(Some(bad.clone()))
            .send()
            .await
            .unwrap_err();
        assert!(is_bad_request(error.code()), "{bad:?}: {error:?}");
    }

    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "")).collect();
    harness
        .ses
        .tag_resource()
        .resource_arn(ARN)
        .set_tags(Some(fifty))
        .send()
        .await
        .unwrap();
    let one_more = harness
        .ses
        .tag_resource()
        .resource_arn(ARN)
        .tags(tag("k50", "v"))
        .send()
        .await
        .unwrap_err();
    assert!(is_bad_request(one_more.code()), "51 in all: {one_more:?}");

    let reserved = harness
        .ses
        .untag_resource()
        .resource_arn(ARN)
        .tag_keys("aws:owner")
        .send()
        .await
        .unwrap_err();
    assert!(is_bad_request(reserved.code()));
}

#[tokio::test]
async fn arns_of_other_accounts_or_unknown_identities_are_not_found() {
    let harness = Harness::start_with(Config::default().with_account_id("210987654321")).await;
    harness.create("example.com").await;
    for arn in [
        ARN,
        "arn:aws:ses:us-east-1:210987654321:identity/nobody.example.com",
    ] {
        let error = harness
            .ses
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("NotFoundException"), "{arn}");
    }
    let own = "arn:aws:ses:us-east-1:210987654321:identity/example.com";
    assert!(tags_of(&harness, own).await.is_empty());
}

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

#[tokio::test]
async fn a_counted_fault_answers_its_operation_that_often_then_stops() {
    let harness = Harness::start().await;
    let rule = json!({ "rules": [{
        "operation": "CreateEmailIdentity",
        "code": "ConcurrentModificationException",
        "count": 2
    }] });
    let (status, _) = harness.post("/_local/faults", rule).await;
    assert_eq!(status, 200);
    let ses = harness.ses_without_retries().await;
    for _ in 0..2 {
        let error = ses
            .create_email_identity()
            .email_identity("example.com")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("ConcurrentModificationException"));
    }
    // Other operations are untouched, and the third create goes through.
    ses.list_email_identities().send().await.unwrap();
    ses.create_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
    let (_, calls) = harness.get("/_local/calls").await;
    assert_eq!(
        calls["faults"]["CreateEmailIdentity"]["ConcurrentModificationException"],
        2
    );
    let (_, faults) = harness.get("/_local/faults").await;
    assert_eq!(faults["rules"][0]["count"], 0);
}

#[tokio::test]
async fn a_fraction_fault_without_an_operation_hits_every_operation_that_models_it() {
    let harness = Harness::start().await;
    let rule = json!({ "rules": [{ "code": "NotFoundException", "fraction": 1.0 }] });
    harness.post("/_local/faults", rule).await;
    let ses = harness.ses_without_retries().await;
    let error = ses
        .get_suppressed_destination()
        .email_address("a@example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotFoundException"));
    // ListEmailIdentities does not model NotFoundException, so it is never injected there.
    ses.list_email_identities().send().await.unwrap();
}

#[tokio::test]
async fn faults_the_model_does_not_list_are_refused() {
    let harness = Harness::start().await;
    for (rule, why) in [
        (
            json!({ "operation": "GetEmailIdentity", "code": "LimitExceededException", "count": 1 }),
            "GetEmailIdentity models no LimitExceededException",
        ),
        (
            json!({ "operation": "SendEmail", "code": "BadRequestException", "count": 1 }),
            "the stand-in does not serve SendEmail",
        ),
        (
            json!({ "operation": "GetEmailIdentity", "code": "NotFoundException" }),
            "neither count nor fraction",
        ),
        (
            json!({ "code": "NoSuchException", "fraction": 0.5 }),
            "no operation models it",
        ),
    ] {
        let (status, reply) = harness
            .post("/_local/faults", json!({ "rules": [rule] }))
            .await;
        assert_eq!(status, 400, "{why}: {reply}");
    }
}
