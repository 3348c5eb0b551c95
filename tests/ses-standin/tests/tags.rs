//! Tags on identity ARNs with SES's rules, on every path that takes tags.

use crate::common;

use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::types::Tag;
use common::Harness;
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
