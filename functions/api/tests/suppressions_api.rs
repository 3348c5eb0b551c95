//! `/v1/suppressions`: entries SES feedback created and entries added by hand, read by every
//! member of the tenant, changed by admins, never seen by another tenant.

use crate::support;

use serde_json::json;
use support::{Harness, bounce_notification, complaint_notification, unique_subdomain};
use testkit::apigw::ApiRequest;

/// An email sender of `tenant`; returns its address.
async fn sender(api: &Harness, tenant: &str) -> String {
    let address = format!("news@{}", unique_subdomain("feedback"));
    let body = json!({ "kind": "email", "from_email": address });
    let reply = api.admin(tenant, "POST", "/v1/senders", Some(body)).await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    address
}

fn viewer(tenant: &str, method: &str, path: &str) -> ApiRequest {
    ApiRequest::new(method, path).claims(tenant, &["viewer"])
}

#[tokio::test]
async fn feedback_entries_are_listed_read_and_removed_by_an_admin() {
    let api = Harness::start().await;
    let from = sender(&api, "tenant-a").await;
    api.feed(&bounce_notification(
        &format!("News <{from}>"),
        "Permanent",
        &["jane@Example.NET"],
    ))
    .await;
    api.feed(&complaint_notification(&from, "john@example.net"))
        .await;
    api.feed(&bounce_notification(
        &from,
        "Transient",
        &["soft@example.net"],
    ))
    .await;

    let listed = api
        .send(viewer("tenant-a", "GET", "/v1/suppressions"))
        .await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let emails: Vec<&str> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        ["jane@example.net", "john@example.net"],
        "soft bounces are not suppressed"
    );

    let jane = api
        .send(viewer(
            "tenant-a",
            "GET",
            "/v1/suppressions/jane%40EXAMPLE.net",
        ))
        .await;
    assert_eq!(jane.status, 200, "{:?}", jane.body);
    assert_eq!(jane.body["reason"], "hard_bounce");
    assert_eq!(jane.body["added_by"], "feedback");
    assert_eq!(jane.body["sender"], from.as_str());
    assert_eq!(jane.body["detail"], "General");
    assert_eq!(jane.body["diagnostic"], "smtp; 550 5.1.1 user unknown");
    assert_eq!(jane.body["events"], 1);
    let john = api
        .send(viewer(
            "tenant-a",
            "GET",
            "/v1/suppressions/john@example.net",
        ))
        .await;
    assert_eq!(
        (john.body["reason"].as_str(), john.body["detail"].as_str()),
        (Some("complaint"), Some("abuse"))
    );

    let refused = api
        .send(viewer(
            "tenant-a",
            "DELETE",
            "/v1/suppressions/jane@example.net",
        ))
        .await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    let removed = api
        .admin(
            "tenant-a",
            "DELETE",
            "/v1/suppressions/jane@example.net",
            None,
        )
        .await;
    assert_eq!(removed.status, 204, "{:?}", removed.body);
    let gone = api
        .admin("tenant-a", "GET", "/v1/suppressions/jane@example.net", None)
        .await;
    assert_eq!(gone.status, 404);
    let again = api
        .admin(
            "tenant-a",
            "DELETE",
            "/v1/suppressions/jane@example.net",
            None,
        )
        .await;
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn an_admin_adds_an_address_by_hand() {
    let api = Harness::start().await;
    let body = json!({ "email": "Someone@Example.NET", "reason": "complaint" });
    let added = api
        .admin("tenant-a", "POST", "/v1/suppressions", Some(body.clone()))
        .await;
    assert_eq!(added.status, 201, "{:?}", added.body);
    assert_eq!(added.body["email"], "Someone@example.net");
    assert_eq!(added.body["added_by"], "admin");
    assert_eq!(added.body["sender"], serde_json::Value::Null);
    assert_eq!(added.body["events"], 0);
    let read = api
        .admin(
            "tenant-a",
            "GET",
            "/v1/suppressions/Someone@example.net",
            None,
        )
        .await;
    assert_eq!(read.body, added.body);

    let twice = api
        .admin("tenant-a", "POST", "/v1/suppressions", Some(body.clone()))
        .await;
    assert_eq!(twice.status, 409, "{:?}", twice.body);
    let by_viewer = api
        .send(viewer("tenant-a", "POST", "/v1/suppressions").json(&body))
        .await;
    assert_eq!(by_viewer.status, 403);

    let bad = api
        .admin(
            "tenant-a",
            "POST",
            "/v1/suppressions",
            Some(json!({ "email": "Bob <bob@x.org>", "reason": "spam" })),
        )
        .await;
    assert_eq!(bad.status, 422, "{:?}", bad.body);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/email", "/reason"]);
    let unknown = api
        .admin(
            "tenant-a",
            "POST",
            "/v1/suppressions",
            Some(json!({ "email": "a@x.org", "reason": "complaint", "note": 1 })),
        )
        .await;
    assert_eq!(unknown.status, 422);
}

#[tokio::test]
async fn the_list_pages_in_address_order_with_tenant_bound_cursors() {
    let api = Harness::start().await;
    for name in ["e", "c", "a", "d", "b"] {
        let body = json!({ "email": format!("{name}@example.net"), "reason": "hard_bounce" });
        assert_eq!(
            api.admin("tenant-a", "POST", "/v1/suppressions", Some(body))
                .await
                .status,
            201
        );
    }
    let mut seen = Vec::new();
    let mut path = "/v1/suppressions?limit=2".to_owned();
    let mut last_cursor = String::new();
    loop {
        let page = api.admin("tenant-a", "GET", &path, None).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        for item in page.body["items"].as_array().unwrap() {
            seen.push(item["email"].as_str().unwrap().chars().next().unwrap());
        }
        match page.body["next_cursor"].as_str() {
            Some(cursor) => {
                last_cursor = cursor.to_owned();
                path = format!("/v1/suppressions?limit=2&cursor={cursor}");
            }
            None => break,
        }
    }
    assert_eq!(seen, ['a', 'b', 'c', 'd', 'e']);
    let foreign = api
        .admin(
            "tenant-b",
            "GET",
            &format!("/v1/suppressions?cursor={last_cursor}"),
            None,
        )
        .await;
    assert_eq!(foreign.status, 400, "{:?}", foreign.body);
}

#[tokio::test]
async fn a_malformed_address_in_the_path_is_not_found() {
    let api = Harness::start().await;
    for path in [
        "/v1/suppressions/not-an-address",
        "/v1/suppressions/%40",
        "/v1/suppressions/a%0A%40b.org",
    ] {
        let reply = api.admin("tenant-a", "GET", path, None).await;
        assert_eq!(reply.status, 404, "{path}: {:?}", reply.body);
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json")
        );
        let delete = api.admin("tenant-a", "DELETE", path, None).await;
        assert_eq!(delete.status, 404, "{path}");
    }
}

#[tokio::test]
async fn another_tenant_can_neither_read_nor_remove_a_tenants_suppressions() {
    let api = Harness::start().await;
    let from = sender(&api, "tenant-a").await;
    api.feed(&bounce_notification(
        &from,
        "Permanent",
        &["jane@example.net"],
    ))
    .await;
    let path = "/v1/suppressions/jane@example.net";

    assert_eq!(api.admin("tenant-b", "GET", path, None).await.status, 404);
    assert_eq!(
        api.admin("tenant-b", "DELETE", path, None).await.status,
        404
    );
    let listed = api.admin("tenant-b", "GET", "/v1/suppressions", None).await;
    assert_eq!(listed.body["items"], json!([]));
    // B adding the same address makes B's own entry, and A's stays as it was.
    let body = json!({ "email": "jane@example.net", "reason": "complaint" });
    assert_eq!(
        api.admin("tenant-b", "POST", "/v1/suppressions", Some(body))
            .await
            .status,
        201
    );
    let kept = api.admin("tenant-a", "GET", path, None).await;
    assert_eq!(
        (kept.status, kept.body["reason"].as_str()),
        (200, Some("hard_bounce"))
    );
}

/// Suppressions added by hand are bounded per tenant, counted in the entry's own transaction:
/// twenty concurrent adds never pass the limit, a removal gives a place back, and feedback
/// entries neither count nor are refused.
#[tokio::test]
async fn hand_added_suppressions_are_bounded_per_tenant() {
    let api = Harness::with_account(domain::ownership::quota::SharedAccount {
        max_suppressions: 3,
        ..Default::default()
    })
    .await;
    let from = sender(&api, "tenant-a").await;
    api.feed(&bounce_notification(
        &from,
        "Permanent",
        &["bounced@example.net"],
    ))
    .await;
    let add = |i: usize| {
        let api = &api;
        async move {
            let body = json!({ "email": format!("r{i}@example.net"), "reason": "complaint" });
            api.admin("tenant-a", "POST", "/v1/suppressions", Some(body))
                .await
        }
    };
    let replies = futures::future::join_all((0..20).map(add)).await;
    assert_eq!(replies.iter().filter(|r| r.status == 201).count(), 3);
    let refused = replies.iter().find(|r| r.status != 201).expect("a refusal");
    assert_eq!(refused.status, 409, "{:?}", refused.body);
    assert_eq!(
        refused.body["type"],
        "https://email-senders.dev/problems/tenant-quota-exceeded"
    );
    assert_eq!(refused.body["quota"], "suppressions");
    assert_eq!(refused.body["limit"], 3);
    assert_eq!(refused.body["used"], 3);
    // Another tenant has its own count.
    let other = json!({ "email": "r0@example.net", "reason": "complaint" });
    let reply = api
        .admin("tenant-b", "POST", "/v1/suppressions", Some(other))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    // Removing a hand-added entry frees a place; removing a feedback one does not add one.
    let added = replies
        .iter()
        .find(|r| r.status == 201)
        .and_then(|r| r.body["email"].as_str())
        .expect("an added address")
        .to_owned();
    let removed = api
        .admin(
            "tenant-a",
            "DELETE",
            &format!("/v1/suppressions/{added}"),
            None,
        )
        .await;
    assert_eq!(removed.status, 204, "{:?}", removed.body);
    let removed = api
        .admin(
            "tenant-a",
            "DELETE",
            "/v1/suppressions/bounced@example.net",
            None,
        )
        .await;
    assert_eq!(removed.status, 204, "{:?}", removed.body);
    let next = |i: usize| json!({ "email": format!("n{i}@example.net"), "reason": "complaint" });
    let first = api
        .admin("tenant-a", "POST", "/v1/suppressions", Some(next(1)))
        .await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    let second = api
        .admin("tenant-a", "POST", "/v1/suppressions", Some(next(2)))
        .await;
    assert_eq!(second.status, 409, "{:?}", second.body);
}
