//! One SES account, many tenants (issue 11): nobody can break, take or exhaust what is not
//! theirs. Each test is one attack, black box against moto and the SES stand-in.

use crate::support;

use domain::ownership::quota::{ResendLimits, SharedAccount};
use serde_json::json;
use support::{Harness, unique_subdomain};
use testkit::apigw::ApiRequest;

const OUTSIDE: &str = "https://email-senders.dev/problems/in-use-outside-service";
const QUOTA: &str = "https://email-senders.dev/problems/tenant-quota-exceeded";
const TOO_MANY: &str = "https://email-senders.dev/problems/too-many-requests";

/// Reads an identity straight from SES (the stand-in), as another application would.
async fn ses_identity(
    api: &Harness,
    name: &str,
) -> aws_sdk_sesv2::operation::get_email_identity::GetEmailIdentityOutput {
    api.ses
        .client
        .get_email_identity()
        .email_identity(name)
        .send()
        .await
        .expect("the identity still exists in SES")
}

#[tokio::test]
async fn an_address_verified_outside_the_service_survives_and_is_refused() {
    let api = Harness::start().await;
    let address = format!("ops@{}", unique_subdomain("outside"));
    // Another application verified this address in the same account.
    api.ses
        .client
        .create_email_identity()
        .email_identity(&address)
        .send()
        .await
        .expect("created outside the service");
    let link = api.latest_link(&address).await;
    assert_eq!(api.follow(&link).await, 200);
    let before = ses_identity(&api, &address).await;
    assert!(before.verified_for_sending_status());

    let reply = api
        .admin(
            "mallory",
            "POST",
            "/v1/senders",
            Some(json!({ "kind": "email", "from_email": address })),
        )
        .await;
    assert_eq!(reply.status, 409, "{:?}", reply.body);
    assert_eq!(reply.body["type"], OUTSIDE);

    let after = ses_identity(&api, &address).await;
    assert!(
        after.verified_for_sending_status(),
        "its verification is intact"
    );
    assert!(after.tags().is_empty(), "nobody tagged it");
    let calls = api.ses.read("calls").await;
    assert_eq!(
        calls["calls"]["DeleteEmailIdentity"].as_u64().unwrap_or(0),
        0,
        "{calls}"
    );
    assert_eq!(
        api.item_count().await,
        0,
        "nothing kept for the refused sender"
    );
}

#[tokio::test]
async fn a_domain_created_outside_the_service_is_not_adopted() {
    let api = Harness::start().await;
    let name = unique_subdomain("outside");
    let created = api
        .ses
        .client
        .create_email_identity()
        .email_identity(&name)
        .send()
        .await
        .expect("created outside the service");
    let tokens: Vec<String> = created
        .dkim_attributes()
        .map(|d| d.tokens().to_vec())
        .unwrap_or_default();
    api.publish_records(&name).await;

    let reply = api
        .admin(
            "mallory",
            "POST",
            "/v1/domains",
            Some(json!({ "name": name })),
        )
        .await;
    assert_eq!(reply.status, 409, "{:?}", reply.body);
    assert_eq!(reply.body["type"], OUTSIDE);
    let detail = reply.body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("outside this service"), "{detail}");

    let after = ses_identity(&api, &name).await;
    let kept: Vec<String> = after
        .dkim_attributes()
        .map(|d| d.tokens().to_vec())
        .unwrap_or_default();
    assert_eq!(
        kept, tokens,
        "the identity was neither deleted nor re-created"
    );
    let mail_from = after.mail_from_attributes().map(|m| m.mail_from_domain());
    assert!(
        mail_from.is_none_or(str::is_empty),
        "nor changed: {mail_from:?}"
    );
    assert_eq!(api.item_count().await, 0, "the claim was released");
}

#[tokio::test]
async fn the_services_own_identities_carry_service_and_tenant_tags() {
    let api = Harness::start().await;
    let name = unique_subdomain("tagged");
    api.add_domain("acme", &name).await;
    let identity = ses_identity(&api, &name).await;
    let tags: Vec<(String, String)> = identity
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect();
    assert!(
        tags.contains(&(
            "email-senders:service".to_owned(),
            "email-senders".to_owned()
        )),
        "{tags:?}"
    );
    assert!(
        tags.contains(&("email-senders:tenant".to_owned(), "acme".to_owned())),
        "{tags:?}"
    );
}

#[tokio::test]
async fn the_26th_subdomain_is_refused_with_the_limit_and_the_use() {
    let api = Harness::start().await;
    for i in 0..25 {
        api.add_domain("acme", &unique_subdomain(&format!("d{i}")))
            .await;
    }
    let reply = api
        .admin(
            "acme",
            "POST",
            "/v1/domains",
            Some(json!({ "name": unique_subdomain("d25") })),
        )
        .await;
    assert_eq!(reply.status, 409, "{:?}", reply.body);
    assert_eq!(reply.body["type"], QUOTA);
    assert_eq!(reply.body["limit"], 25);
    assert_eq!(reply.body["used"], 25);
    assert_eq!(reply.body["quota"], "subdomains");
    // Another tenant is not affected.
    api.add_domain("globex", &unique_subdomain("other")).await;
}

#[tokio::test]
async fn forty_concurrent_adds_never_overshoot_the_limit() {
    let api = Harness::with_account(SharedAccount {
        max_subdomains: 7,
        ..SharedAccount::default()
    })
    .await;
    let adds = (0..40).map(|i| {
        let api = &api;
        async move {
            api.admin(
                "acme",
                "POST",
                "/v1/domains",
                Some(json!({ "name": unique_subdomain(&format!("c{i}")) })),
            )
            .await
        }
    });
    let replies = futures::future::join_all(adds).await;
    let created = replies.iter().filter(|r| r.status == 201).count();
    let refused = replies
        .iter()
        .filter(|r| r.status == 409 && r.body["type"] == QUOTA)
        .count();
    assert_eq!(
        created,
        7,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(refused, 33);
    let listed = api
        .admin("acme", "GET", "/v1/domains?limit=100", None)
        .await;
    let first = listed.body["items"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(7));

    // Deleting one makes room for exactly one more.
    let deleted = api
        .admin("acme", "DELETE", &format!("/v1/domains/{first}"), None)
        .await;
    assert_eq!(deleted.status, 204, "{:?}", deleted.body);
    api.add_domain("acme", &unique_subdomain("again")).await;
    let full = api
        .admin(
            "acme",
            "POST",
            "/v1/domains",
            Some(json!({ "name": unique_subdomain("x") })),
        )
        .await;
    assert_eq!(full.body["type"], QUOTA, "{:?}", full.body);
}

#[tokio::test]
async fn senders_have_a_quota_too() {
    let api = Harness::with_account(SharedAccount {
        max_senders: 2,
        ..SharedAccount::default()
    })
    .await;
    for i in 0..2 {
        let address = format!("s{i}@{}", unique_subdomain("senders"));
        api.add_email_sender("acme", &address).await;
    }
    let address = format!("s2@{}", unique_subdomain("senders"));
    let third = api
        .admin(
            "acme",
            "POST",
            "/v1/senders",
            Some(json!({ "kind": "email", "from_email": address })),
        )
        .await;
    assert_eq!(third.status, 409, "{:?}", third.body);
    assert_eq!(third.body["type"], QUOTA);
    assert_eq!(third.body["limit"], 2);
    assert_eq!(third.body["quota"], "senders");
}

#[tokio::test]
async fn the_sixth_resend_in_a_cooldown_gets_429() {
    let api = Harness::with_account(SharedAccount {
        resend: ResendLimits::default(),
        ..SharedAccount::default()
    })
    .await;
    let address = format!("jane@{}", unique_subdomain("resend"));
    let id = api.add_email_sender("acme", &address).await;
    let path = format!("/v1/senders/{id}/resend-verification");
    for i in 0..5 {
        let reply = api.admin("acme", "POST", &path, None).await;
        assert_eq!(reply.status, 200, "resend {i}: {:?}", reply.body);
    }
    let mails_before = api.ses.read("outbox").await["messages"]
        .as_array()
        .map(Vec::len);
    let sixth = api.admin("acme", "POST", &path, None).await;
    assert_eq!(sixth.status, 429, "{:?}", sixth.body);
    assert_eq!(sixth.body["type"], TOO_MANY);
    let wait: u64 = sixth
        .retry_after
        .as_deref()
        .and_then(|s| s.parse().ok())
        .expect("Retry-After in seconds");
    assert!(wait > 0 && wait <= 3600, "{wait}");
    let mails_after = api.ses.read("outbox").await["messages"]
        .as_array()
        .map(Vec::len);
    assert_eq!(mails_before, mails_after, "no mail was sent");
}

#[tokio::test]
async fn an_ambiguous_roles_claim_cannot_write() {
    let api = Harness::start().await;
    let request = ApiRequest::new("POST", "/v1/domains")
        .claims("acme", &["billing", "admin"])
        .json(&json!({ "name": unique_subdomain("roles") }));
    let reply = api.send(request).await;
    assert_eq!(reply.status, 403, "{:?}", reply.body);
    assert_eq!(api.item_count().await, 0);
    // It may still read.
    let read = api
        .send(ApiRequest::new("GET", "/v1/domains").claims("acme", &["billing", "admin"]))
        .await;
    assert_eq!(read.status, 200);
}

#[tokio::test]
async fn a_flood_of_verify_calls_does_not_burn_the_shared_ses_budget() {
    let api = Harness::start().await;
    let name = unique_subdomain("flood");
    let id = api.add_domain("acme", &name).await;
    let gets = |calls: &serde_json::Value| calls["calls"]["GetEmailIdentity"].as_u64().unwrap_or(0);
    let before = gets(&api.ses.read("calls").await);
    let started = std::time::Instant::now();
    let path = format!("/v1/domains/{id}/verify");
    for _ in 0..10 {
        let burst = (0..100).map(|_| {
            let request = ApiRequest::new("POST", &path).claims("acme", &["viewer"]);
            api.send(request)
        });
        for reply in futures::future::join_all(burst).await {
            assert_eq!(reply.status, 200, "{:?}", reply.body);
        }
    }
    let seconds = started.elapsed().as_secs() + 1;
    let made = gets(&api.ses.read("calls").await) - before;
    assert!(
        made <= seconds,
        "1,000 verifies in {seconds} s made {made} GetEmailIdentity calls"
    );
    // The platform default sender, shared by every tenant, is read at most once too.
    let before = gets(&api.ses.read("calls").await);
    for tenant in ["acme", "globex", "initech"] {
        for _ in 0..20 {
            let reply = api
                .send(
                    ApiRequest::new("POST", "/v1/senders/default/verify")
                        .claims(tenant, &["viewer"]),
                )
                .await;
            assert_eq!(reply.status, 200, "{:?}", reply.body);
        }
    }
    assert!(gets(&api.ses.read("calls").await) - before <= 1);
}
