//! SES identities are account-wide and a verified domain covers everything under it, so the
//! service enforces who may send as what.

use crate::support;

use domain::ownership::tags;
use serde_json::json;
use support::{Harness, unique_subdomain};
use testkit::apigw::ApiRequest;

fn email(address: &str) -> serde_json::Value {
    json!({ "kind": "email", "from_email": address })
}

#[tokio::test]
async fn addresses_on_or_under_another_tenants_subdomain_are_refused() {
    let api = Harness::start().await;
    let pending = unique_subdomain("pending");
    api.add_domain("tenant-a", &pending).await;
    let verified = unique_subdomain("verified");
    let verified_id = api.add_domain("tenant-a", &verified).await;
    api.verify_domain("tenant-a", &verified, &verified_id).await;

    for address in [
        format!("x@{pending}"),
        format!("x@{verified}"),
        format!("x@deep.under.{verified}"),
        format!("X@{}", verified.to_uppercase()),
    ] {
        let reply = api
            .admin("tenant-b", "POST", "/v1/senders", Some(email(&address)))
            .await;
        assert_eq!(reply.status, 409, "{address}: {:?}", reply.body);
        assert_eq!(
            reply.body["type"], "https://email-senders.dev/problems/address-held-elsewhere",
            "{address}"
        );
        assert!(
            !reply.body.to_string().contains("tenant-a"),
            "the holder stays secret"
        );
    }
    // Tenant B cannot borrow A's subdomain through its id either.
    let borrowed = api
        .admin(
            "tenant-b",
            "POST",
            "/v1/senders",
            Some(json!({
                "kind": "subdomain", "domain_id": verified_id, "from_email": format!("x@{verified}")
            })),
        )
        .await;
    assert_eq!(borrowed.status, 422, "{:?}", borrowed.body);
    assert_eq!(borrowed.body["errors"][0]["field"], "/domain_id");
    // The registrable domain above it is not covered by A's subdomain.
    let parent = verified
        .split_once('.')
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or_default();
    let beside = api
        .admin(
            "tenant-b",
            "POST",
            "/v1/senders",
            Some(email(&format!("x@{parent}"))),
        )
        .await;
    assert_eq!(beside.status, 201, "{:?}", beside.body);
}

#[tokio::test]
async fn an_address_another_tenant_holds_or_verified_is_refused_and_never_shows_verified() {
    let api = Harness::start().await;
    let address = format!("owner@{}", unique_subdomain("shared"));
    let id = api.add_email_sender("tenant-a", &address).await;
    api.confirm_email_sender("tenant-a", &address, &id).await;

    let second = api
        .admin("tenant-b", "POST", "/v1/senders", Some(email(&address)))
        .await;
    assert_eq!(second.status, 409, "{:?}", second.body);
    assert!(!second.body.to_string().contains("tenant-a"));
    let listed = api.admin("tenant-b", "GET", "/v1/senders", None).await;
    assert!(
        !listed.body.to_string().contains(&address),
        "tenant B sees nothing of it"
    );

    let twice = api
        .admin("tenant-a", "POST", "/v1/senders", Some(email(&address)))
        .await;
    assert_eq!(
        twice.status, 409,
        "the same From address twice in one tenant"
    );
}

#[tokio::test]
async fn an_identity_verified_earlier_in_ses_must_be_proven_again_by_a_new_holder() {
    let api = Harness::start().await;
    let address = format!("left@{}", unique_subdomain("old"));
    // A tenant of this service verified this address before and left (an identity made
    // outside the service is refused instead: see shared_account.rs).
    let tag = |k: &str, v: &str| {
        aws_sdk_sesv2::types::Tag::builder()
            .key(k)
            .value(v)
            .build()
            .expect("tag")
    };
    api.ses
        .client
        .create_email_identity()
        .email_identity(&address)
        .tags(tag(tags::SERVICE_KEY, tags::DEFAULT_SERVICE))
        .tags(tag(tags::TENANT_KEY, "tenant-a"))
        .send()
        .await
        .expect("created");
    assert_eq!(api.follow(&api.latest_link(&address).await).await, 200);

    let created = api
        .admin("tenant-b", "POST", "/v1/senders", Some(email(&address)))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let checked = api
        .admin(
            "tenant-b",
            "POST",
            &format!("/v1/senders/{id}/verify"),
            None,
        )
        .await;
    assert_eq!(
        checked.body["color"], "yellow",
        "not verified until the new holder follows a new link: {:?}",
        checked.body
    );
}

#[tokio::test]
async fn an_address_under_a_verified_domain_is_not_verified_by_inheritance() {
    let api = Harness::start().await;
    // A domain verified in SES outside this service (say, by the platform team by hand).
    let outside = unique_subdomain("outside");
    api.ses
        .client
        .create_email_identity()
        .email_identity(&outside)
        .send()
        .await
        .expect("created");
    api.publish_records(&outside).await;
    let address = format!("someone@{outside}");
    let created = api
        .admin("tenant-b", "POST", "/v1/senders", Some(email(&address)))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let checked = api
        .admin(
            "tenant-b",
            "POST",
            &format!("/v1/senders/{id}/verify"),
            None,
        )
        .await;
    assert_eq!(
        checked.body["color"], "yellow",
        "SES's VerifiedForSendingStatus is not trusted: {:?}",
        checked.body
    );
}

#[tokio::test]
async fn an_address_on_the_tenants_own_subdomain_hints_at_a_subdomain_sender() {
    let api = Harness::start().await;
    let name = unique_subdomain("own");
    api.add_domain("acme", &name).await;
    let reply = api
        .admin(
            "acme",
            "POST",
            "/v1/senders",
            Some(email(&format!("me@{name}"))),
        )
        .await;
    assert_eq!(reply.status, 409, "{:?}", reply.body);
    assert!(
        reply.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("\"subdomain\""),
        "{:?}",
        reply.body
    );
}

#[tokio::test]
async fn another_tenants_sender_answers_404_everywhere() {
    let api = Harness::start().await;
    let created = api
        .admin(
            "tenant-a",
            "POST",
            "/v1/senders",
            Some(email(&format!("a@{}", unique_subdomain("iso")))),
        )
        .await;
    let id = created.body["id"].as_str().expect("id").to_owned();
    let missing = api
        .admin(
            "tenant-b",
            "GET",
            "/v1/senders/0190a4c2-0000-7000-8000-000000000000",
            None,
        )
        .await;
    for (method, path, body) in [
        ("GET", format!("/v1/senders/{id}"), None),
        (
            "PATCH",
            format!("/v1/senders/{id}"),
            Some(json!({ "display_name": "Mine" })),
        ),
        ("DELETE", format!("/v1/senders/{id}"), None),
        ("POST", format!("/v1/senders/{id}/verify"), None),
        (
            "POST",
            format!("/v1/senders/{id}/resend-verification"),
            None,
        ),
    ] {
        let reply = api.admin("tenant-b", method, &path, body).await;
        assert_eq!(reply.status, 404, "{method} {path}");
        assert_eq!(reply.body, missing.body, "{method} {path}");
    }
    assert_eq!(
        api.admin("tenant-a", "GET", &format!("/v1/senders/{id}"), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn bad_addresses_are_field_errors_and_write_nothing() {
    let api = Harness::start().await;
    let before = api.item_count().await;
    let cases = [
        (
            json!({ "kind": "email", "from_email": "no-at-sign" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "two@@example.com" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "Bob <bob@example.com>" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "bob @example.com" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "bob@exa mple.com" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "bob\r\n@example.com" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": format!("{}@example.com", "a".repeat(65)) }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "bob@192.168.0.1" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "bob@mail.platform.test" }),
            "/from_email",
        ),
        (
            json!({ "kind": "email", "from_email": "ok@example.com", "reply_to": "not an address" }),
            "/reply_to",
        ),
        (
            json!({ "kind": "email", "from_email": "ok@example.com", "display_name": "Evil\r\nBcc: x@y.z" }),
            "/display_name",
        ),
        (
            json!({ "kind": "email", "from_email": "ok@example.com", "domain_id": "x" }),
            "/domain_id",
        ),
        (
            json!({ "kind": "subdomain", "from_email": "ok@example.com" }),
            "/domain_id",
        ),
        (
            json!({ "kind": "carrier-pigeon", "from_email": "ok@example.com" }),
            "/kind",
        ),
    ];
    for (body, field) in cases {
        let reply = api
            .admin("acme", "POST", "/v1/senders", Some(body.clone()))
            .await;
        assert_eq!(reply.status, 422, "{body}: {:?}", reply.body);
        let fields: Vec<&str> = reply.body["errors"]
            .as_array()
            .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
            .unwrap_or_default();
        assert!(fields.contains(&field), "{body}: {fields:?}");
    }
    let unknown_field = api
        .send(
            ApiRequest::new("POST", "/v1/senders")
                .claims("acme", &["admin"])
                .json(&json!({
                    "kind": "email", "from_email": "ok@example.com", "tenant_id": "someone-else"
                })),
        )
        .await;
    assert_eq!(
        unknown_field.status, 422,
        "a tenant in the body is refused, never used"
    );
    assert_eq!(api.item_count().await, before, "nothing written");
}
