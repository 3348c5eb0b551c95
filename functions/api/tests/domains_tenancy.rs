//! Tenants never see or touch each other's subdomains, and a name has at most one holder.

use crate::support;

use serde_json::json;
use support::{Harness, unique_subdomain};

#[tokio::test]
async fn another_tenant_gets_404_for_every_operation() {
    let api = Harness::start().await;
    let name = unique_subdomain("news");
    let created = api
        .admin(
            "tenant-a",
            "POST",
            "/v1/domains",
            Some(json!({ "name": name })),
        )
        .await;
    let id = created.body["id"].as_str().expect("id").to_owned();
    let missing = api
        .admin(
            "tenant-b",
            "GET",
            "/v1/domains/0190a4c2-0000-7000-8000-000000000000",
            None,
        )
        .await;

    for (method, path) in [
        ("GET", format!("/v1/domains/{id}")),
        ("GET", format!("/v1/domains/{id}/dns-records")),
        ("POST", format!("/v1/domains/{id}/verify")),
        ("DELETE", format!("/v1/domains/{id}")),
    ] {
        let reply = api.admin("tenant-b", method, &path, None).await;
        assert_eq!(reply.status, 404, "{method} {path}");
        assert_eq!(
            reply.body, missing.body,
            "same body as a missing id: {method} {path}"
        );
    }
    let listed = api.admin("tenant-b", "GET", "/v1/domains", None).await;
    assert_eq!(listed.body["items"], json!([]));
    let still_there = api
        .admin("tenant-a", "GET", &format!("/v1/domains/{id}"), None)
        .await;
    assert_eq!(still_there.status, 200);
}

#[tokio::test]
async fn a_name_above_at_or_below_another_tenants_is_refused() {
    let api = Harness::start().await;
    // mk.t<random>.example.com: its parent t<random>.example.com is itself a subdomain.
    let held = unique_subdomain("mk");
    let parent = held.trim_start_matches("mk.").to_owned();
    assert_eq!(
        api.admin(
            "tenant-a",
            "POST",
            "/v1/domains",
            Some(json!({ "name": held }))
        )
        .await
        .status,
        201
    );

    for name in [
        held.clone(),
        held.to_uppercase(),
        format!("news.{held}"),
        format!("a.b.{held}"),
        parent.clone(),
    ] {
        let reply = api
            .admin(
                "tenant-b",
                "POST",
                "/v1/domains",
                Some(json!({ "name": name })),
            )
            .await;
        assert_eq!(reply.status, 409, "{name}: {:?}", reply.body);
        // Tenant A has not verified it yet: held pending verification (it lapses unless
        // verified); a verified holder answers subdomain-held-elsewhere (sweep tests/expiry.rs).
        assert_eq!(
            reply.body["type"],
            "https://email-senders.dev/problems/subdomain-held-pending-verification",
            "{name}"
        );
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json")
        );
        assert!(
            !reply.body.to_string().contains("tenant-a"),
            "the holder stays secret"
        );
    }

    // Siblings do not cover each other in SES, so they may belong to different tenants.
    let sibling = format!("other.{parent}");
    assert_eq!(
        api.admin(
            "tenant-c",
            "POST",
            "/v1/domains",
            Some(json!({ "name": sibling }))
        )
        .await
        .status,
        201
    );

    // The holder may add names under its own; adding its own name again says it has it.
    assert_eq!(
        api.admin(
            "tenant-a",
            "POST",
            "/v1/domains",
            Some(json!({ "name": format!("eu.{held}") }))
        )
        .await
        .status,
        201
    );
    let twice = api
        .admin(
            "tenant-a",
            "POST",
            "/v1/domains",
            Some(json!({ "name": held })),
        )
        .await;
    assert_eq!(twice.status, 409);
    assert_eq!(
        twice.body["type"],
        "https://email-senders.dev/problems/subdomain-already-added"
    );
    assert!(
        twice.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("already added")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_of_one_name_have_exactly_one_winner() {
    let api = Harness::start().await;
    for round in 0..3 {
        let name = unique_subdomain(&format!("race{round}"));
        let tenants = ["t1", "t2", "t3", "t4"];
        let calls = tenants
            .iter()
            .map(|tenant| api.admin(tenant, "POST", "/v1/domains", Some(json!({ "name": name }))));
        let statuses: Vec<u16> = futures::future::join_all(calls)
            .await
            .iter()
            .map(|r| r.status)
            .collect();
        let winners = statuses.iter().filter(|s| **s == 201).count();
        let losers = statuses.iter().filter(|s| **s == 409).count();
        assert_eq!(
            (winners, losers),
            (1, tenants.len() - 1),
            "round {round}: {statuses:?}"
        );
    }
}
