//! `/v1/senders/{id}/reputation` and `/resume`: rates the feedback function counted, the
//! automatic pause shown red on the sender, an admin resuming it; tenants see only their own.

use crate::support;

use serde_json::json;
use support::{Harness, bounce_notification, delivery_notification, unique_subdomain};
use testkit::apigw::ApiRequest;

async fn sender(api: &Harness, tenant: &str) -> (String, String) {
    let address = format!("news@{}", unique_subdomain("rates"));
    let body = json!({ "kind": "email", "from_email": address });
    let reply = api.admin(tenant, "POST", "/v1/senders", Some(body)).await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    (reply.body["id"].as_str().unwrap().to_owned(), address)
}

/// 100 deliveries and `bounces` hard bounces from `from`.
async fn mail(api: &Harness, from: &str, bounces: usize) {
    let delivered: Vec<String> = (0..100).map(|i| format!("ok{i}@example.net")).collect();
    api.feed(&delivery_notification(from, &delivered)).await;
    for i in 0..bounces {
        api.feed(&bounce_notification(
            from,
            "Permanent",
            &[&format!("gone{i}@example.net")],
        ))
        .await;
    }
}

#[tokio::test]
async fn a_fresh_sender_is_healthy_over_a_seven_day_window() {
    let api = Harness::start().await;
    let (id, _) = sender(&api, "tenant-a").await;
    let day_before = chrono::Utc::now().date_naive().to_string();
    let reply = api
        .send(
            ApiRequest::new("GET", &format!("/v1/senders/{id}/reputation"))
                .claims("tenant-a", &["viewer"]),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let body = &reply.body;
    assert_eq!(
        (body["level"].as_str(), body["color"].as_str()),
        (Some("healthy"), Some("green"))
    );
    assert_eq!(body["window"]["days"], 7);
    // Today as the service saw it: the request may straddle UTC midnight.
    let day_after = chrono::Utc::now().date_naive().to_string();
    let end = body["window"]["end"].as_str().unwrap_or_default();
    assert!(end == day_before || end == day_after, "{end}");
    assert_eq!(body["volume"], 0);
    assert_eq!(body["thresholds"]["bounce_pause"], 0.1);
    assert_eq!(body["paused"], serde_json::Value::Null);
    let default = api
        .admin("tenant-a", "GET", "/v1/senders/default/reputation", None)
        .await;
    assert_eq!(default.status, 404);
}

#[tokio::test]
async fn a_paused_sender_is_red_with_its_reason_until_an_admin_resumes_it() {
    let api = Harness::start().await;
    let (id, from) = sender(&api, "tenant-a").await;
    let (neighbour, neighbour_from) = sender(&api, "tenant-a").await;
    mail(&api, &from, 12).await;
    mail(&api, &neighbour_from, 3).await;

    let shown = api
        .admin("tenant-a", "GET", &format!("/v1/senders/{id}"), None)
        .await;
    assert_eq!(shown.body["color"], "red", "{:?}", shown.body);
    let reason = shown.body["status_reason"].as_str().unwrap();
    assert!(
        reason.starts_with("Paused: Bounce rate 10.7% (12 of 112 messages) over the 7 days"),
        "{reason}"
    );
    assert!(reason.ends_with("An admin can resume it."), "{reason}");
    let other = api
        .admin("tenant-a", "GET", &format!("/v1/senders/{neighbour}"), None)
        .await;
    assert_ne!(
        other.body["color"], "red",
        "only the offending sender is paused"
    );

    let rates = api
        .admin(
            "tenant-a",
            "GET",
            &format!("/v1/senders/{id}/reputation"),
            None,
        )
        .await;
    assert_eq!(rates.body["level"], "paused");
    assert_eq!(rates.body["color"], "red");
    assert_eq!(rates.body["counts"]["hard_bounces"], 12);
    assert_eq!(rates.body["counts"]["deliveries"], 100);
    assert!(
        rates.body["paused"]["reason"]
            .as_str()
            .unwrap()
            .contains("10% pause threshold")
    );

    let resume = format!("/v1/senders/{id}/resume");
    let by_viewer = api
        .send(ApiRequest::new("POST", &resume).claims("tenant-a", &["viewer"]))
        .await;
    assert_eq!(by_viewer.status, 403);
    let resumed = api.admin("tenant-a", "POST", &resume, None).await;
    assert_eq!(resumed.status, 200, "{:?}", resumed.body);
    assert_ne!(resumed.body["color"], "red");
    assert_eq!(resumed.body["id"], id.as_str());
    let twice = api.admin("tenant-a", "POST", &resume, None).await;
    assert_eq!(twice.status, 409, "{:?}", twice.body);

    let fresh = api
        .admin(
            "tenant-a",
            "GET",
            &format!("/v1/senders/{id}/reputation"),
            None,
        )
        .await;
    assert_eq!(fresh.body["paused"], serde_json::Value::Null);
    assert!(fresh.body["counted_since"].is_string());
    assert_eq!(
        fresh.body["volume"], 0,
        "the counts that paused it no longer count"
    );
    assert_eq!(fresh.body["level"], "healthy");
}

#[tokio::test]
async fn another_tenant_can_neither_read_nor_resume_a_tenants_sender() {
    let api = Harness::start().await;
    let (id, from) = sender(&api, "tenant-a").await;
    mail(&api, &from, 12).await;

    let read = api
        .admin(
            "tenant-b",
            "GET",
            &format!("/v1/senders/{id}/reputation"),
            None,
        )
        .await;
    assert_eq!(read.status, 404, "{:?}", read.body);
    let resume = api
        .admin(
            "tenant-b",
            "POST",
            &format!("/v1/senders/{id}/resume"),
            None,
        )
        .await;
    assert_eq!(resume.status, 404, "{:?}", resume.body);
    let still = api
        .admin("tenant-a", "GET", &format!("/v1/senders/{id}"), None)
        .await;
    assert_eq!(still.body["color"], "red");
}
