//! Bad input: a clear problem+json 4xx, with a field error where a field is wrong, and nothing
//! written. A failure between the claim and SES leaves no claim behind.

use crate::support;

use domain::ownership::tags;
use serde_json::json;
use support::{Harness, PLATFORM_DOMAIN, unique_subdomain};
use testkit::apigw::ApiRequest;

#[tokio::test]
async fn each_name_rule_is_a_field_error_and_writes_nothing() {
    let api = Harness::start().await;
    let cases = [
        ("", "empty"),
        ("example.com", "registrable domain"),
        ("co.uk", "public suffix"),
        ("com", "suffix"),
        ("*.example.com", "wildcard"),
        ("192.168.0.1", "ip address"),
        ("-bad.example.com", "leading hyphen"),
        ("bad-.example.com", "trailing hyphen"),
        ("a..example.com", "empty label"),
        ("under_score.example.com", "underscore"),
        (&format!("{}.example.com", "a".repeat(64)), "label too long"),
        (
            &format!("{}example.com", "abcdefghi.".repeat(26)),
            "name too long",
        ),
        (PLATFORM_DOMAIN, "the platform's own domain"),
        (
            &format!("x.{PLATFORM_DOMAIN}"),
            "under the platform's domain",
        ),
    ];
    for (name, why) in cases {
        let reply = api
            .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
            .await;
        assert_eq!(reply.status, 422, "{why}: {:?}", reply.body);
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json"),
            "{why}"
        );
        assert_eq!(
            reply.body["errors"][0]["field"], "/name",
            "{why}: {:?}",
            reply.body
        );
        assert!(
            reply.body["type"]
                .as_str()
                .is_some_and(|t| t.ends_with("validation-error")),
            "{why}"
        );
    }
    let registrable = api
        .admin(
            "acme",
            "POST",
            "/v1/domains",
            Some(json!({ "name": "example.com" })),
        )
        .await;
    assert!(
        registrable.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("marketing.example.com"),
        "suggests a subdomain: {:?}",
        registrable.body
    );
    assert_eq!(api.item_count().await, 0, "nothing written");
}

#[tokio::test]
async fn malformed_requests_get_clear_4xx() {
    let api = Harness::start().await;
    let post = |body: &str, content_type: Option<&str>| {
        ApiRequest::new("POST", "/v1/domains")
            .claims("acme", &["admin"])
            .raw(body, content_type)
    };
    let cases = [
        (post("{\"name\":", Some("application/json")), 400),
        (
            post("{\"name\":\"a.example.com\"}", Some("text/plain")),
            415,
        ),
        (post("{\"name\":\"a.example.com\"}", None), 415),
        (
            post(
                "{\"name\":\"a.example.com\",\"tenant\":\"x\"}",
                Some("application/json"),
            ),
            422,
        ),
        (post("{\"name\":42}", Some("application/json")), 422),
        (post("", Some("application/json")), 400),
        (
            post(
                &format!("{{\"name\":\"{}\"}}", "a".repeat(70_000)),
                Some("application/json"),
            ),
            413,
        ),
        (
            ApiRequest::new("GET", "/v1/domains?limit=0").claims("acme", &["admin"]),
            400,
        ),
        (
            ApiRequest::new("GET", "/v1/domains?limit=101").claims("acme", &["admin"]),
            400,
        ),
        (
            ApiRequest::new("GET", "/v1/domains?cursor=garbage").claims("acme", &["admin"]),
            400,
        ),
        (
            ApiRequest::new("GET", "/v1/domains/not-a-uuid").claims("acme", &["admin"]),
            404,
        ),
        (
            ApiRequest::new("GET", "/v1/nothing-here").claims("acme", &["admin"]),
            404,
        ),
        (
            ApiRequest::new("PUT", "/v1/domains").claims("acme", &["admin"]),
            405,
        ),
        (ApiRequest::new("GET", "/v1/domains"), 401),
        (
            post("{\"name\":\"a.example.com\"}", Some("application/json"))
                .claims("acme", &["viewer"]),
            403,
        ),
    ];
    for (request, want) in cases {
        let label = format!("{} {}", request.method, request.path);
        let reply = api.send(request).await;
        assert_eq!(reply.status, want, "{label}: {:?}", reply.body);
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json"),
            "{label}"
        );
        assert!(
            reply.body["type"].is_string() && reply.body["title"].is_string(),
            "{label}"
        );
        assert_eq!(reply.body["status"], want, "{label}");
    }
    assert_eq!(api.item_count().await, 0, "nothing written");
}

#[tokio::test]
async fn a_viewer_can_read_but_not_write() {
    let api = Harness::start().await;
    let name = unique_subdomain("ro");
    let created = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    let id = created.body["id"].as_str().expect("id").to_owned();
    let viewer =
        |method: &str, path: String| ApiRequest::new(method, &path).claims("acme", &["viewer"]);
    assert_eq!(
        api.send(viewer("GET", format!("/v1/domains/{id}")))
            .await
            .status,
        200
    );
    assert_eq!(
        api.send(viewer("DELETE", format!("/v1/domains/{id}")))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn ses_failing_after_the_claim_leaves_no_claim_behind() {
    let api = Harness::start().await;
    let name = unique_subdomain("flaky");
    api.ses
        .control("faults", json!({ "throttle_fraction": 1.0 }))
        .await;
    let failed = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(failed.status, 503, "{:?}", failed.body);
    assert_eq!(
        failed.content_type.as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(
        api.item_count().await,
        0,
        "the claim was released and nothing else written"
    );

    api.ses
        .control("faults", json!({ "throttle_fraction": 0.0 }))
        .await;
    let other = api
        .admin(
            "someone-else",
            "POST",
            "/v1/domains",
            Some(json!({ "name": name })),
        )
        .await;
    assert_eq!(other.status, 201, "the name is free: {:?}", other.body);
}

#[tokio::test]
async fn an_identity_left_in_ses_by_an_earlier_attempt_is_adopted() {
    let api = Harness::start().await;
    let name = unique_subdomain("leftover");
    // The earlier attempt tagged it for this tenant, as the service tags every identity.
    let tag = |k: &str, v: &str| {
        aws_sdk_sesv2::types::Tag::builder()
            .key(k)
            .value(v)
            .build()
            .expect("tag")
    };
    let existing = api
        .ses
        .client
        .create_email_identity()
        .email_identity(&name)
        .tags(tag(tags::SERVICE_KEY, tags::DEFAULT_SERVICE))
        .tags(tag(tags::TENANT_KEY, "acme"))
        .send()
        .await
        .expect("created");
    let tokens: Vec<String> = existing
        .dkim_attributes()
        .map(|d| d.tokens().to_vec())
        .unwrap_or_default();
    let created = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let shown: Vec<String> = created.body["records"]
        .as_array()
        .map(|r| {
            r.iter()
                .take(3)
                .filter_map(|r| r["name"].as_str())
                .map(|n| n.split('.').next().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        shown, tokens,
        "the existing identity's tokens are shown, not new ones"
    );
}
