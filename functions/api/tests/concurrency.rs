//! Double clicks, retries and overlapping requests (issue 17). The black-box tests run the
//! racing requests at once, many times; the gated tests force one interleaving exactly, by
//! holding an SES call until the other request has run.

use crate::support;

use futures::future::join_all;
use serde_json::json;
use support::gate::Call;
use support::{Harness, unique_subdomain};

/// How many times each black-box race is run (today's main lost every one of ten).
const TRIALS: usize = 10;

fn parent_of(name: &str) -> String {
    name.split_once('.')
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn three_deletes_at_once_release_the_parent_name_once() {
    let api = Harness::start().await;
    for trial in 0..TRIALS {
        let x = unique_subdomain("x");
        let parent = parent_of(&x);
        let y = format!("y.{parent}");
        let x_id = api.add_domain("tenant-a", &x).await;
        api.add_domain("tenant-a", &y).await;

        let path = format!("/v1/domains/{x_id}");
        let replies = join_all((0..3).map(|_| api.admin("tenant-a", "DELETE", &path, None))).await;
        let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 204).count(),
            1,
            "trial {trial}: exactly one delete does it: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| [204, 404, 409].contains(s)),
            "trial {trial}: the others find it gone or being deleted: {statuses:?}"
        );
        // y.<parent> is still tenant A's, so nobody else may take the name above it.
        let above = api
            .admin(
                "tenant-b",
                "POST",
                "/v1/domains",
                Some(json!({ "name": parent })),
            )
            .await;
        assert_eq!(above.status, 409, "trial {trial}: {:?}", above.body);
        let gone = api.admin("tenant-a", "GET", &path, None).await;
        assert_eq!(gone.status, 404, "trial {trial}");
    }
}

/// What is left after a delete and a sender creation on the same subdomain raced: never a
/// sender whose subdomain is gone.
async fn assert_no_orphan(api: &Harness, domain_id: &str, context: &str) {
    let domain = api
        .admin("tenant-a", "GET", &format!("/v1/domains/{domain_id}"), None)
        .await;
    let senders = api.admin("tenant-a", "GET", "/v1/senders", None).await;
    let on_it = senders.body["items"]
        .as_array()
        .expect("a list of senders")
        .iter()
        .filter(|s| s["domain_id"] == domain_id)
        .count();
    assert!(
        domain.status == 200 || on_it == 0,
        "{context}: {on_it} sender(s) left on a deleted subdomain"
    );
}

#[tokio::test]
async fn a_subdomain_deleted_while_a_sender_is_added_never_leaves_the_sender_behind() {
    let api = Harness::start().await;
    for trial in 0..TRIALS {
        let name = unique_subdomain("busy");
        let id = api.add_domain("tenant-a", &name).await;
        let sender =
            json!({ "kind": "subdomain", "domain_id": id, "from_email": format!("news@{name}") });
        let path = format!("/v1/domains/{id}");
        let (deleted, created) = tokio::join!(
            api.admin("tenant-a", "DELETE", &path, None),
            api.admin("tenant-a", "POST", "/v1/senders", Some(sender)),
        );
        assert!(
            !(deleted.status == 204 && created.status == 201),
            "trial {trial}: both won: {:?} / {:?}",
            deleted.body,
            created.body
        );
        assert_no_orphan(&api, &id, &format!("trial {trial}")).await;
    }
}

#[tokio::test]
async fn a_sender_added_while_the_delete_talks_to_ses_is_refused() {
    let (api, gate) = Harness::gated().await;
    let name = unique_subdomain("held");
    let id = api.add_domain("tenant-a", &name).await;
    gate.hold(Call::Delete);
    let sender =
        json!({ "kind": "subdomain", "domain_id": id, "from_email": format!("news@{name}") });
    let path = format!("/v1/domains/{id}");
    let (deleted, created) = tokio::join!(api.admin("tenant-a", "DELETE", &path, None), async {
        gate.reached().await;
        let created = api
            .admin("tenant-a", "POST", "/v1/senders", Some(sender))
            .await;
        gate.release();
        created
    },);
    assert_eq!(deleted.status, 204, "{:?}", deleted.body);
    assert_eq!(created.status, 422, "{:?}", created.body);
    assert_eq!(created.body["errors"][0]["field"], "/domain_id");
    assert_no_orphan(&api, &id, "held delete").await;
}

#[tokio::test]
async fn a_second_delete_while_the_first_talks_to_ses_changes_nothing() {
    let (api, gate) = Harness::gated().await;
    let x = unique_subdomain("x");
    let parent = parent_of(&x);
    let x_id = api.add_domain("tenant-a", &x).await;
    api.add_domain("tenant-a", &format!("y.{parent}")).await;
    gate.hold(Call::Delete);
    let path = format!("/v1/domains/{x_id}");
    let (first, second) = tokio::join!(api.admin("tenant-a", "DELETE", &path, None), async {
        gate.reached().await;
        let second = api.admin("tenant-a", "DELETE", &path, None).await;
        gate.release();
        second
    });
    assert_eq!(first.status, 204, "{:?}", first.body);
    assert_eq!(second.status, 409, "{:?}", second.body);
    let again = api.admin("tenant-a", "DELETE", &path, None).await;
    assert_eq!(again.status, 404, "a retry after the delete finds nothing");
    let above = api
        .admin(
            "tenant-b",
            "POST",
            "/v1/domains",
            Some(json!({ "name": parent })),
        )
        .await;
    assert_eq!(above.status, 409, "{:?}", above.body);
}

#[tokio::test]
async fn a_restart_while_a_delete_talks_to_ses_is_refused() {
    let (api, gate) = Harness::gated().await;
    let name = unique_subdomain("gone");
    let id = api.add_domain("tenant-a", &name).await;
    gate.hold(Call::Delete);
    let path = format!("/v1/domains/{id}");
    let (deleted, restarted) = tokio::join!(api.admin("tenant-a", "DELETE", &path, None), async {
        gate.reached().await;
        let restarted = api
            .admin(
                "tenant-a",
                "POST",
                &format!("/v1/domains/{id}/restart"),
                None,
            )
            .await;
        gate.release();
        restarted
    },);
    assert_eq!(deleted.status, 204, "{:?}", deleted.body);
    assert_eq!(restarted.status, 409, "{:?}", restarted.body);
    // Nothing was recreated behind the delete's back: SES holds no identity for the name.
    let identities = api
        .ses
        .client
        .list_email_identities()
        .send()
        .await
        .expect("list identities");
    let names: Vec<&str> = identities
        .email_identities()
        .iter()
        .filter_map(|i| i.identity_name())
        .collect();
    assert!(
        !names.contains(&name.as_str()),
        "an identity without an item was left: {names:?}"
    );
}

#[tokio::test]
async fn an_answer_asked_before_a_restart_is_not_written_onto_the_new_identity() {
    let (api, gate) = Harness::gated().await;
    let name = unique_subdomain("stale");
    let id = api.add_domain("tenant-a", &name).await;
    let before = api
        .admin("tenant-a", "GET", &format!("/v1/domains/{id}"), None)
        .await;
    gate.hold_answer(Call::Get);
    let verify = format!("/v1/domains/{id}/verify");
    let (_verified, restarted) =
        tokio::join!(api.admin("tenant-a", "POST", &verify, None), async {
            gate.reached().await;
            let restarted = api
                .admin(
                    "tenant-a",
                    "POST",
                    &format!("/v1/domains/{id}/restart"),
                    None,
                )
                .await;
            gate.release();
            restarted
        },);
    assert_eq!(restarted.status, 200, "{:?}", restarted.body);
    let after = api
        .admin("tenant-a", "GET", &format!("/v1/domains/{id}"), None)
        .await;
    assert_eq!(
        after.body["records"], restarted.body["records"],
        "the new identity's records stand"
    );
    assert_ne!(
        after.body["records"], before.body["records"],
        "a restart gives new DKIM tokens"
    );
}

#[tokio::test]
async fn a_create_sent_twice_at_once_makes_one_subdomain_and_names_it_to_the_other() {
    let api = Harness::start().await;
    let body = json!({ "name": unique_subdomain("twice") });
    let (a, b) = tokio::join!(
        api.admin("tenant-a", "POST", "/v1/domains", Some(body.clone())),
        api.admin("tenant-a", "POST", "/v1/domains", Some(body.clone())),
    );
    let (created, retried) = if a.status == 201 { (a, b) } else { (b, a) };
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(retried.status, 409, "{:?}", retried.body);
    let id = created.body["id"].as_str().expect("id");
    assert_eq!(retried.body["existing_id"], id);
    assert_eq!(
        retried.location.as_deref(),
        Some(format!("/v1/domains/{id}").as_str())
    );
    let listed = api.admin("tenant-a", "GET", "/v1/domains", None).await;
    assert_eq!(
        listed.body["items"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        listed.body
    );
    // Another tenant is never told the id.
    let other = api
        .admin("tenant-b", "POST", "/v1/domains", Some(body))
        .await;
    assert_eq!(other.status, 409);
    assert!(other.body.get("existing_id").is_none() && other.location.is_none());
}

#[tokio::test]
async fn a_retried_sender_create_names_the_existing_sender() {
    let api = Harness::start().await;
    let address = format!("me@{}", unique_subdomain("mail"));
    let id = api.add_email_sender("tenant-a", &address).await;
    let body = json!({ "kind": "email", "from_email": address });
    let retried = api
        .admin("tenant-a", "POST", "/v1/senders", Some(body.clone()))
        .await;
    assert_eq!(retried.status, 409, "{:?}", retried.body);
    assert_eq!(retried.body["existing_id"], id);
    assert_eq!(
        retried.location.as_deref(),
        Some(format!("/v1/senders/{id}").as_str())
    );
    let other = api
        .admin("tenant-b", "POST", "/v1/senders", Some(body))
        .await;
    assert_eq!(other.status, 409);
    assert!(other.body.get("existing_id").is_none(), "{:?}", other.body);
}

#[tokio::test]
async fn a_second_sender_delete_while_the_first_talks_to_ses_leaves_ses_alone() {
    let (api, gate) = Harness::gated().await;
    let address = format!("me@{}", unique_subdomain("twice"));
    let path = format!(
        "/v1/senders/{}",
        api.add_email_sender("tenant-a", &address).await
    );
    gate.hold(Call::Delete);
    let (first, second) = tokio::join!(api.admin("tenant-a", "DELETE", &path, None), async {
        gate.reached().await;
        let second = api.admin("tenant-a", "DELETE", &path, None).await;
        gate.release();
        second
    });
    assert_eq!(first.status, 204, "{:?}", first.body);
    assert_eq!(second.status, 409, "{:?}", second.body);
    let again = api.admin("tenant-a", "DELETE", &path, None).await;
    assert_eq!(again.status, 404, "a retry after the delete finds nothing");
}
