//! The three kinds of sender, end to end against moto and the SES stand-in.

use crate::support;

use serde_json::json;
use support::{DEFAULT_SENDER, Harness, PLATFORM_DOMAIN, unique_subdomain};

#[tokio::test]
async fn a_subdomain_sender_follows_its_subdomain_from_yellow_to_green() {
    let api = Harness::start().await;
    let name = unique_subdomain("news");
    let domain_id = api.add_domain("acme", &name).await;

    let created = api
        .admin("acme", "POST", "/v1/senders", Some(json!({
            "kind": "subdomain", "domain_id": domain_id, "from_email": format!("Hello@{}", name.to_uppercase()),
            "display_name": "Acme, Inc.", "reply_to": "support@acme.example"
        })))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["color"], "yellow");
    assert!(
        created.body["status_reason"]
            .as_str()
            .unwrap_or_default()
            .contains("once its subdomain")
    );
    assert_eq!(
        created.body["from_email"],
        format!("Hello@{name}"),
        "local part kept, domain normalised"
    );
    assert_eq!(
        created.body["from_header"],
        format!("\"Acme, Inc.\" <Hello@{name}>")
    );
    assert_eq!(created.body["domain_id"], domain_id);
    let id = created.body["id"].as_str().expect("id").to_owned();

    api.verify_domain("acme", &name, &domain_id).await;
    let shown = api
        .admin("acme", "GET", &format!("/v1/senders/{id}"), None)
        .await;
    assert_eq!(shown.body["color"], "green", "{:?}", shown.body);

    let edited = api
        .admin(
            "acme",
            "PATCH",
            &format!("/v1/senders/{id}"),
            Some(json!({ "reply_to": null, "display_name": "Acme News" })),
        )
        .await;
    assert_eq!(edited.status, 200, "{:?}", edited.body);
    assert_eq!(edited.body["reply_to"], serde_json::Value::Null);
    assert_eq!(
        edited.body["from_header"],
        format!("Acme News <Hello@{name}>")
    );

    let in_use = api
        .admin("acme", "DELETE", &format!("/v1/domains/{domain_id}"), None)
        .await;
    assert_eq!(in_use.status, 409, "{:?}", in_use.body);
    assert_eq!(
        in_use.body["type"],
        "https://email-senders.dev/problems/subdomain-in-use"
    );
    assert!(
        in_use.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(&id),
        "names the senders"
    );

    assert_eq!(
        api.admin("acme", "DELETE", &format!("/v1/senders/{id}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        api.admin("acme", "DELETE", &format!("/v1/domains/{domain_id}"), None)
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn an_email_sender_is_verified_by_its_link_and_can_be_resent_after_expiry() {
    let api = Harness::start().await;
    let address = format!("Jane.Doe@{}", unique_subdomain("mail"));
    let id = api.add_email_sender("acme", &address).await;
    api.confirm_email_sender("acme", &address, &id).await;
    let resend = api
        .admin(
            "acme",
            "POST",
            &format!("/v1/senders/{id}/resend-verification"),
            None,
        )
        .await;
    assert_eq!(resend.status, 409, "nothing to resend once verified");

    // A second address whose link is never followed: SES gives up after 24 hours.
    let late = format!("late@{}", unique_subdomain("mail"));
    let created = api
        .admin(
            "acme",
            "POST",
            "/v1/senders",
            Some(json!({ "kind": "email", "from_email": late })),
        )
        .await;
    let late_id = created.body["id"].as_str().expect("id").to_owned();
    let first_link = api.latest_link(&late).await;
    api.ses.advance(25 * 3600).await;
    let expired = api
        .admin(
            "acme",
            "POST",
            &format!("/v1/senders/{late_id}/verify"),
            None,
        )
        .await;
    assert_eq!(expired.body["color"], "red", "{:?}", expired.body);
    assert!(
        expired.body["status_reason"]
            .as_str()
            .unwrap_or_default()
            .contains("resend")
    );
    assert_eq!(api.follow(&first_link).await, 410);

    let resent = api
        .admin(
            "acme",
            "POST",
            &format!("/v1/senders/{late_id}/resend-verification"),
            None,
        )
        .await;
    assert_eq!(resent.status, 200, "{:?}", resent.body);
    assert_eq!(resent.body["color"], "yellow");
    let second_link = api.latest_link(&late).await;
    assert_ne!(first_link, second_link);
    assert_eq!(api.follow(&second_link).await, 200);
    let green = api
        .admin(
            "acme",
            "POST",
            &format!("/v1/senders/{late_id}/verify"),
            None,
        )
        .await;
    assert_eq!(green.body["color"], "green", "{:?}", green.body);

    assert_eq!(
        api.admin("acme", "DELETE", &format!("/v1/senders/{id}"), None)
            .await
            .status,
        204
    );
    let identity = api
        .ses
        .client
        .get_email_identity()
        .email_identity(&address)
        .send()
        .await;
    assert!(identity.is_err_and(|e| {
        e.as_service_error()
            .is_some_and(|e| e.is_not_found_exception())
    }));
}

#[tokio::test]
async fn the_default_sender_is_listed_first_green_and_read_only() {
    let api = Harness::start().await;
    api.ses
        .client
        .create_email_identity()
        .email_identity(PLATFORM_DOMAIN)
        .send()
        .await
        .expect("platform identity");
    api.publish_records(PLATFORM_DOMAIN).await;
    let address = format!("a@{}", unique_subdomain("x"));
    api.admin(
        "acme",
        "POST",
        "/v1/senders",
        Some(json!({ "kind": "email", "from_email": address })),
    )
    .await;

    let listed = api.admin("acme", "GET", "/v1/senders", None).await;
    let items = listed.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2, "{:?}", listed.body);
    assert_eq!(items[0]["id"], "default");
    assert_eq!(items[0]["kind"], "platform_default");
    assert_eq!(items[0]["from_email"], DEFAULT_SENDER);
    assert_eq!(items[0]["color"], "green", "{:?}", items[0]);
    assert_eq!(items[0]["read_only"], true);
    assert_eq!(items[1]["from_email"], address);
    let other_tenant = api.admin("globex", "GET", "/v1/senders", None).await;
    assert_eq!(
        other_tenant.body["items"].as_array().map(Vec::len),
        Some(1),
        "every tenant sees it, and only it"
    );

    let reply_to = api
        .admin(
            "acme",
            "PATCH",
            "/v1/senders/default",
            Some(json!({ "reply_to": "me@acme.example" })),
        )
        .await;
    assert_eq!(reply_to.status, 422);
    assert_eq!(reply_to.body["errors"][0]["field"], "/reply_to");
    assert!(
        reply_to.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("direct replies are not supported")
    );
    let rename = api
        .admin(
            "acme",
            "PATCH",
            "/v1/senders/default",
            Some(json!({ "display_name": "Me" })),
        )
        .await;
    assert_eq!(rename.status, 409);
    let delete = api
        .admin("acme", "DELETE", "/v1/senders/default", None)
        .await;
    assert_eq!(delete.status, 409);
    assert!(
        delete.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("direct replies are not supported")
    );
    let create = api
        .admin(
            "acme",
            "POST",
            "/v1/senders",
            Some(json!({ "kind": "platform_default", "from_email": DEFAULT_SENDER })),
        )
        .await;
    assert_eq!(create.status, 422);
}

#[tokio::test]
async fn sender_listing_pages_after_the_default() {
    let api = Harness::start().await;
    for i in 0..3 {
        let address = format!("p{i}@{}", unique_subdomain("page"));
        let reply = api
            .admin(
                "acme",
                "POST",
                "/v1/senders",
                Some(json!({ "kind": "email", "from_email": address })),
            )
            .await;
        assert_eq!(reply.status, 201);
    }
    let mut ids = Vec::new();
    let mut path = "/v1/senders?limit=1".to_owned();
    for _ in 0..6 {
        let page = api.admin("acme", "GET", &path, None).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        let items = page.body["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= 1, "{:?}", page.body);
        ids.extend(
            items
                .iter()
                .filter_map(|s| s["id"].as_str().map(str::to_owned)),
        );
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/senders?limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert_eq!(ids[0], "default");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4);
}
