//! What tenants and operators see when the SES account itself is the problem, produced by the
//! SES stand-in's fault injection (not mocks): a full identity quota, and a deployment naming
//! a configuration set SES does not have.

use crate::support;

use serde_json::json;
use support::{Harness, unique_subdomain};
use testkit::ses::LocalSes;

const QUOTA_PROBLEM: &str = "https://email-senders.dev/problems/identity-quota-exhausted";
const SET_PROBLEM: &str = "https://email-senders.dev/problems/ses-configuration-set-missing";

async fn quota_full_for(api: &Harness, count: u32) {
    api.ses
        .control(
            "faults",
            json!({ "rules": [{
                "operation": "CreateEmailIdentity",
                "code": "LimitExceededException",
                "count": count,
                "message": "Maximum number of identities (10000) reached for this account in this region."
            }] }),
        )
        .await;
}

fn creates(api_calls: &serde_json::Value) -> u64 {
    api_calls["calls"]["CreateEmailIdentity"]
        .as_u64()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_full_identity_quota_is_a_clear_answer_that_never_says_retry() {
    let api = Harness::start().await;
    quota_full_for(&api, 5).await;
    let name = unique_subdomain("quota");
    let reply = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(reply.status, 507, "{:?}", reply.body);
    assert_eq!(
        reply.content_type.as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(reply.body["type"], QUOTA_PROBLEM);
    assert_eq!(reply.body["status"], 507);
    assert_eq!(
        reply.retry_after, None,
        "no Retry-After: waiting cannot help"
    );
    let detail = reply.body["detail"].as_str().unwrap_or_default();
    assert!(!detail.to_lowercase().contains("retry"), "{detail}");
    assert!(
        !detail.contains("10000"),
        "SES's own message stays internal: {detail}"
    );

    // The SDK did not retry it as throttling: one call reached SES.
    let calls = api.ses.read("calls").await;
    assert_eq!(creates(&calls), 1, "{calls}");
    assert_eq!(api.item_count().await, 0, "the claim was released");
}

#[tokio::test]
async fn a_full_quota_also_stops_email_senders_the_same_way() {
    let api = Harness::start().await;
    quota_full_for(&api, 5).await;
    let address = format!("jane@{}", unique_subdomain("quota"));
    let reply = api
        .admin(
            "acme",
            "POST",
            "/v1/senders",
            Some(json!({ "kind": "email", "from_email": address })),
        )
        .await;
    assert_eq!(reply.status, 507, "{:?}", reply.body);
    assert_eq!(reply.body["type"], QUOTA_PROBLEM);
    assert_eq!(creates(&api.ses.read("calls").await), 1);
}

#[tokio::test]
async fn room_in_the_quota_lets_the_same_request_through() {
    let api = Harness::start().await;
    quota_full_for(&api, 1).await;
    let name = unique_subdomain("later");
    let full = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(full.status, 507);
    let again = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(again.status, 201, "{:?}", again.body);
}

#[tokio::test]
async fn a_missing_configuration_set_is_a_named_deployment_error() {
    let ses = LocalSes::start(11).await;
    let api = Harness::with_configuration_set(ses, Some("email-senders-events")).await;
    let name = unique_subdomain("deploy");
    let reply = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(reply.status, 500, "{:?}", reply.body);
    assert_eq!(reply.body["type"], SET_PROBLEM);
    assert_eq!(api.item_count().await, 0);

    // Once the deployment's configuration set exists, the same request works and names it.
    api.ses
        .control(
            "configuration-sets",
            json!({ "name": "email-senders-events" }),
        )
        .await;
    let reply = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    let identity = api
        .ses
        .client
        .get_email_identity()
        .email_identity(&name)
        .send()
        .await
        .expect("the identity exists");
    assert_eq!(
        identity.configuration_set_name(),
        Some("email-senders-events")
    );
}
