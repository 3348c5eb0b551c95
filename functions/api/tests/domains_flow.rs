//! The subdomain flow end to end: add -> records -> publish in the local DNS -> verify -> green.

use crate::support;

use serde_json::json;
use support::{Harness, unique_subdomain};

#[tokio::test]
async fn add_publish_verify_turns_green() {
    // Verifies twice within a second on the system clock: no freshness window, so each
    // verify asks SES (the window itself is tested in shared_account.rs).
    let api = Harness::with_account(domain::ownership::quota::SharedAccount {
        fresh_for: chrono::Duration::zero(),
        ..Default::default()
    })
    .await;
    let name = unique_subdomain("marketing");

    let created = api
        .admin("acme", "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["status"], "pending");
    assert_eq!(created.body["color"], "yellow");
    let id = created.body["id"].as_str().expect("id").to_owned();

    let records = api
        .admin(
            "acme",
            "GET",
            &format!("/v1/domains/{id}/dns-records"),
            None,
        )
        .await;
    assert_eq!(records.status, 200);
    let items = records.body["items"].as_array().expect("records");
    let purposes: Vec<&str> = items.iter().filter_map(|r| r["purpose"].as_str()).collect();
    assert_eq!(
        purposes,
        [
            "dkim",
            "dkim",
            "dkim",
            "mail_from_mx",
            "mail_from_spf",
            "dmarc"
        ]
    );
    let dkim = &items[0];
    let token = dkim["name"]
        .as_str()
        .and_then(|n| n.split('.').next())
        .expect("token");
    assert_eq!(dkim["name"], format!("{token}._domainkey.{name}"));
    assert_eq!(dkim["value"], format!("{token}.dkim.amazonses.com"));
    assert_eq!(items[3]["name"], format!("bounce.{name}"));
    assert_eq!(items[3]["priority"], 10);
    assert_eq!(items[3]["value"], "feedback-smtp.us-east-1.amazonses.com");
    assert_eq!(items[5]["required"], false);

    let still_pending = api
        .admin("acme", "POST", &format!("/v1/domains/{id}/verify"), None)
        .await;
    assert_eq!(still_pending.status, 200);
    assert_eq!(still_pending.body["color"], "yellow");
    assert!(still_pending.body["last_checked_at"].is_string());

    api.publish_records(&name).await;
    let verified = api
        .admin("acme", "POST", &format!("/v1/domains/{id}/verify"), None)
        .await;
    assert_eq!(verified.status, 200, "{:?}", verified.body);
    assert_eq!(verified.body["status"], "verified");
    assert_eq!(verified.body["color"], "green");
    assert_eq!(verified.body["mail_from_status"], "SUCCESS");

    let shown = api
        .admin("acme", "GET", &format!("/v1/domains/{id}"), None)
        .await;
    assert_eq!(shown.body["color"], "green", "the fresh status was stored");

    let listed = api.admin("acme", "GET", "/v1/domains", None).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(1));

    let deleted = api
        .admin("acme", "DELETE", &format!("/v1/domains/{id}"), None)
        .await;
    assert_eq!(deleted.status, 204);
    let gone = api
        .admin("acme", "GET", &format!("/v1/domains/{id}"), None)
        .await;
    assert_eq!(gone.status, 404);
    let identity = api
        .ses
        .client
        .get_email_identity()
        .email_identity(&name)
        .send()
        .await;
    assert!(identity.is_err_and(|e| {
        e.as_service_error()
            .is_some_and(|e| e.is_not_found_exception())
    }));

    let again = api
        .admin(
            "other",
            "POST",
            "/v1/domains",
            Some(json!({ "name": name })),
        )
        .await;
    assert_eq!(
        again.status, 201,
        "a deleted name is free again: {:?}",
        again.body
    );
}

#[tokio::test]
async fn listing_pages_with_an_opaque_cursor() {
    let api = Harness::start().await;
    let mut created = Vec::new();
    for i in 0..5 {
        let reply = api
            .admin(
                "pager",
                "POST",
                "/v1/domains",
                Some(json!({ "name": unique_subdomain(&format!("n{i}")) })),
            )
            .await;
        assert_eq!(reply.status, 201);
        created.push(reply.body["id"].as_str().unwrap_or_default().to_owned());
    }
    let mut seen = Vec::new();
    let mut path = "/v1/domains?limit=2".to_owned();
    for _ in 0..5 {
        let page = api.admin("pager", "GET", &path, None).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        let items = page.body["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .filter_map(|d| d["id"].as_str().map(str::to_owned)),
        );
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/domains?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    seen.sort();
    created.sort();
    assert_eq!(seen, created);

    let foreign = api.admin("pager", "GET", "/v1/domains?limit=2", None).await;
    let cursor = foreign.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let stolen = api
        .admin(
            "thief",
            "GET",
            &format!("/v1/domains?cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(stolen.status, 400, "another tenant's cursor is refused");
    assert_eq!(
        stolen.content_type.as_deref(),
        Some("application/problem+json")
    );
}
