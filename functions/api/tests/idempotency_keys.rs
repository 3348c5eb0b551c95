//! `Idempotency-Key` on creates (issue 17): a retry with the same key and body gets the first
//! response again and creates nothing more; the key reused for another body is refused; two
//! requests with one key at once run once; keys belong to their tenant and last 24 hours.

use crate::support;

use serde_json::{Value, json};
use support::gate::Call;
use support::{Harness, Reply, unique_subdomain};
use testkit::apigw::ApiRequest;

const REUSED: &str = "https://email-senders.dev/problems/idempotency-key-reused";
const IN_PROGRESS: &str = "https://email-senders.dev/problems/idempotency-key-in-progress";

/// An admin of `tenant` posting `body` to `path` with `Idempotency-Key: key`.
async fn post(api: &Harness, tenant: &str, path: &str, key: &str, body: &Value) -> Reply {
    let request = ApiRequest::new("POST", path)
        .claims(tenant, &["admin"])
        .json(body)
        .header("Idempotency-Key", key);
    api.send(request).await
}

fn replayed(reply: &Reply) -> bool {
    reply
        .headers
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true")
}

fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn count(api: &Harness, tenant: &str, path: &str) -> usize {
    let listed = api.admin(tenant, "GET", path, None).await;
    listed.body["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_retried_create_with_its_key_gets_the_first_answer_and_creates_nothing_more() {
    let api = Harness::start().await;
    let key = new_key();
    let body = json!({ "name": unique_subdomain("once") });
    let first = post(&api, "tenant-a", "/v1/domains", &key, &body).await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    assert!(!replayed(&first));

    // The same body, spelled differently (key order, spacing), is the same request.
    let retry = api
        .send(
            ApiRequest::new("POST", "/v1/domains")
                .claims("tenant-a", &["admin"])
                .raw(
                    &format!("{{ \"name\" : {} }}", body["name"]),
                    Some("application/json"),
                )
                .header("Idempotency-Key", &format!("\"{key}\"")),
        )
        .await;
    assert_eq!(retry.status, 201, "{:?}", retry.body);
    assert!(replayed(&retry));
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.location, first.location);
    assert_eq!(retry.content_type, first.content_type);
    assert_eq!(count(&api, "tenant-a", "/v1/domains").await, 1);

    // Without the key, the same body is an ordinary second create: 409 naming the first.
    let plain = api
        .admin("tenant-a", "POST", "/v1/domains", Some(body))
        .await;
    assert_eq!(plain.status, 409);
    assert_eq!(plain.body["existing_id"], first.body["id"]);
}

#[tokio::test]
async fn a_retried_sender_create_mails_one_link() {
    let api = Harness::start().await;
    let key = new_key();
    let address = format!("me@{}", unique_subdomain("mail"));
    let body = json!({ "kind": "email", "from_email": address });
    let first = post(&api, "tenant-a", "/v1/senders", &key, &body).await;
    let retry = post(&api, "tenant-a", "/v1/senders", &key, &body).await;
    assert_eq!((first.status, retry.status), (201, 201), "{:?}", retry.body);
    assert!(replayed(&retry));
    assert_eq!(retry.body["id"], first.body["id"]);
    let outbox = api.ses.read("outbox").await;
    let mailed = outbox["messages"]
        .as_array()
        .map(|m| m.iter().filter(|m| m["to"] == address.as_str()).count());
    assert_eq!(mailed, Some(1), "{outbox}");
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_refused() {
    let api = Harness::start().await;
    let key = new_key();
    let first = post(
        &api,
        "tenant-a",
        "/v1/domains",
        &key,
        &json!({ "name": unique_subdomain("first") }),
    )
    .await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    for (path, body) in [
        ("/v1/domains", json!({ "name": unique_subdomain("other") })),
        (
            "/v1/suppressions",
            json!({ "email": "jane@example.net", "reason": "complaint" }),
        ),
    ] {
        let reused = post(&api, "tenant-a", path, &key, &body).await;
        assert_eq!(reused.status, 422, "{path}: {:?}", reused.body);
        assert_eq!(reused.body["type"], REUSED);
        assert_eq!(
            reused.content_type.as_deref(),
            Some("application/problem+json")
        );
    }
    assert_eq!(count(&api, "tenant-a", "/v1/domains").await, 1);
    assert_eq!(count(&api, "tenant-a", "/v1/suppressions").await, 0);
}

#[tokio::test]
async fn keys_belong_to_their_tenant() {
    let api = Harness::start().await;
    let key = new_key();
    let body = json!({ "email": "jane@example.net", "reason": "complaint" });
    let a = post(&api, "tenant-a", "/v1/suppressions", &key, &body).await;
    let b = post(&api, "tenant-b", "/v1/suppressions", &key, &body).await;
    assert_eq!((a.status, b.status), (201, 201), "{:?}", b.body);
    assert!(!replayed(&b), "tenant B's request ran on its own");
    assert_eq!(count(&api, "tenant-b", "/v1/suppressions").await, 1);
}

#[tokio::test]
async fn two_requests_with_one_key_at_once_run_once() {
    let (api, gate) = Harness::gated().await;
    let key = new_key();
    let body = json!({ "name": unique_subdomain("race") });
    gate.hold(Call::CreateDomain);
    let (first, second) = tokio::join!(post(&api, "tenant-a", "/v1/domains", &key, &body), async {
        gate.reached().await;
        let second = post(&api, "tenant-a", "/v1/domains", &key, &body).await;
        gate.release();
        second
    });
    assert_eq!(first.status, 201, "{:?}", first.body);
    assert_eq!(second.status, 409, "{:?}", second.body);
    assert_eq!(second.body["type"], IN_PROGRESS);
    assert!(second.retry_after.is_some());
    let later = post(&api, "tenant-a", "/v1/domains", &key, &body).await;
    assert_eq!((later.status, replayed(&later)), (201, true));
    assert_eq!(later.body["id"], first.body["id"]);
}

#[tokio::test]
async fn a_key_is_kept_a_day_and_a_malformed_one_is_refused() {
    let api = Harness::start().await;
    let key = new_key();
    let body = json!({ "name": unique_subdomain("ttl") });
    let before = chrono::Utc::now().timestamp();
    assert_eq!(
        post(&api, "tenant-a", "/v1/domains", &key, &body)
            .await
            .status,
        201
    );
    let stored = api
        .store
        .client()
        .get_item()
        .table_name(api.store.table())
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S("I#tenant-a".into()),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("K#{key}")),
        )
        .consistent_read(true)
        .send()
        .await
        .expect("get")
        .item
        .expect("the key is stored under the tenant");
    let expires: i64 = stored["expires_at"]
        .as_n()
        .expect("a number")
        .parse()
        .expect("seconds");
    let day = 24 * 3600;
    assert!(
        (before + day..=before + day + 60).contains(&expires),
        "{expires}"
    );

    for bad in ["", "has space", &"k".repeat(256)] {
        let reply = post(&api, "tenant-a", "/v1/domains", bad, &body).await;
        assert_eq!(reply.status, 400, "{bad:?}: {:?}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], "Idempotency-Key");
    }
}
