//! Overlapping operations on one email sender's SES identity (issue 17): a resend (or its
//! alias, restart) and a delete never overlap, and an SES answer asked before a resend is
//! never written onto the identity the resend created. Each test forces its interleaving by
//! holding an SES call until the other request has run.

use crate::support;

use serde_json::Value;
use support::gate::Call;
use support::{Harness, unique_subdomain};

/// The SES identities the stand-in holds.
async fn identities(api: &Harness) -> Vec<String> {
    let listed = api
        .ses
        .client
        .list_email_identities()
        .send()
        .await
        .expect("list identities");
    listed
        .email_identities()
        .iter()
        .filter_map(|i| i.identity_name())
        .map(str::to_owned)
        .collect()
}

fn address(label: &str) -> String {
    format!("me@{}", unique_subdomain(label))
}

#[tokio::test]
async fn a_resend_while_a_delete_talks_to_ses_is_refused_and_recreates_nothing() {
    let (api, gate) = Harness::gated().await;
    let address = address("gone");
    let id = api.add_email_sender("tenant-a", &address).await;
    let path = format!("/v1/senders/{id}");
    gate.hold(Call::Delete);
    let (deleted, resent) = tokio::join!(api.admin("tenant-a", "DELETE", &path, None), async {
        gate.reached().await;
        let resent = api
            .admin(
                "tenant-a",
                "POST",
                &format!("{path}/resend-verification"),
                None,
            )
            .await;
        gate.release();
        resent
    });
    assert_eq!(deleted.status, 204, "{:?}", deleted.body);
    assert_eq!(resent.status, 409, "{:?}", resent.body);
    assert_eq!(api.admin("tenant-a", "GET", &path, None).await.status, 404);
    assert!(
        !identities(&api).await.contains(&address),
        "an identity without a sender was left behind"
    );
}

#[tokio::test]
async fn a_delete_while_a_restart_talks_to_ses_is_refused_and_the_sender_keeps_its_identity() {
    let (api, gate) = Harness::gated().await;
    let address = address("busy");
    let id = api.add_email_sender("tenant-a", &address).await;
    let path = format!("/v1/senders/{id}");
    let restart = format!("{path}/restart");
    gate.hold(Call::CreateAddress);
    let (restarted, deleted) = tokio::join!(api.admin("tenant-a", "POST", &restart, None), async {
        gate.reached().await;
        let deleted = api.admin("tenant-a", "DELETE", &path, None).await;
        gate.release();
        deleted
    });
    assert_eq!(deleted.status, 409, "{:?}", deleted.body);
    assert_eq!(restarted.status, 200, "{:?}", restarted.body);
    let stored = api.admin("tenant-a", "GET", &path, None).await;
    assert_eq!(stored.status, 200, "{:?}", stored.body);
    assert!(
        identities(&api).await.contains(&address),
        "the sender's identity exists"
    );
    // Once the restart is done, the delete goes through.
    let again = api.admin("tenant-a", "DELETE", &path, None).await;
    assert_eq!(again.status, 204, "{:?}", again.body);
    assert!(!identities(&api).await.contains(&address));
}

#[tokio::test]
async fn a_second_resend_while_the_first_talks_to_ses_is_refused() {
    let (api, gate) = Harness::gated().await;
    let address = address("twice");
    let id = api.add_email_sender("tenant-a", &address).await;
    let resend = format!("/v1/senders/{id}/resend-verification");
    gate.hold(Call::CreateAddress);
    let (first, second) = tokio::join!(api.admin("tenant-a", "POST", &resend, None), async {
        gate.reached().await;
        let second = api.admin("tenant-a", "POST", &resend, None).await;
        gate.release();
        second
    });
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(second.status, 409, "{:?}", second.body);
    let outbox = api.ses.read("outbox").await;
    let mailed = outbox["messages"]
        .as_array()
        .map(|m| m.iter().filter(|m| m["to"] == address.as_str()).count());
    assert_eq!(
        mailed,
        Some(2),
        "the create's link and one resend: {outbox}"
    );
}

#[tokio::test]
async fn an_answer_asked_before_a_resend_is_not_written_onto_the_new_identity() {
    let (api, gate) = Harness::gated().await;
    let address = address("stale");
    let id = api.add_email_sender("tenant-a", &address).await;
    let path = format!("/v1/senders/{id}");
    // The mailbox owner follows the first link: SES now says the old identity is verified,
    // but the sender has not been checked yet, so it is still yellow and may be re-sent.
    assert_eq!(api.follow(&api.latest_link(&address).await).await, 200);
    let verify = format!("{path}/verify");
    gate.hold_answer(Call::Get);
    let (verified, resent) = tokio::join!(api.admin("tenant-a", "POST", &verify, None), async {
        gate.reached().await;
        let resent = api
            .admin(
                "tenant-a",
                "POST",
                &format!("{path}/resend-verification"),
                None,
            )
            .await;
        gate.release();
        resent
    });
    assert_eq!(resent.status, 200, "{:?}", resent.body);
    assert_eq!(resent.body["color"], "yellow", "{:?}", resent.body);
    assert_eq!(verified.status, 200, "{:?}", verified.body);
    let stored = api.admin("tenant-a", "GET", &path, None).await;
    assert_eq!(
        stored.body["color"], "yellow",
        "the new identity's link was not followed yet: {:?}",
        stored.body
    );
    let identity: Value = api
        .ses
        .client
        .get_email_identity()
        .email_identity(&address)
        .send()
        .await
        .map(|out| Value::Bool(out.verified_for_sending_status()))
        .expect("the new identity exists");
    assert_eq!(identity, Value::Bool(false), "SES agrees: not verified yet");
}
