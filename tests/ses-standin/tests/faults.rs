//! Fault injection of any error the model lists for an operation: counted, fractional,
//! across operations, and refused when the model does not allow it.

use crate::common;

use aws_sdk_sesv2::error::ProvideErrorMetadata;
use common::Harness;
use serde_json::json;

#[tokio::test]
async fn a_counted_fault_answers_its_operation_that_often_then_stops() {
    let harness = Harness::start().await;
    let rule = json!({ "rules": [{
        "operation": "CreateEmailIdentity",
        "code": "ConcurrentModificationException",
        "count": 2
    }] });
    let (status, _) = harness.post("/_local/faults", rule).await;
    assert_eq!(status, 200);
    let ses = harness.ses_without_retries().await;
    for _ in 0..2 {
        let error = ses
            .create_email_identity()
            .email_identity("example.com")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("ConcurrentModificationException"));
    }
    // Other operations are untouched, and the third create goes through.
    ses.list_email_identities().send().await.unwrap();
    ses.create_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
    let (_, calls) = harness.get("/_local/calls").await;
    assert_eq!(
        calls["faults"]["CreateEmailIdentity"]["ConcurrentModificationException"],
        2
    );
    let (_, faults) = harness.get("/_local/faults").await;
    assert_eq!(faults["rules"][0]["count"], 0);
}

#[tokio::test]
async fn a_fraction_fault_without_an_operation_hits_every_operation_that_models_it() {
    let harness = Harness::start().await;
    let rule = json!({ "rules": [{ "code": "NotFoundException", "fraction": 1.0 }] });
    harness.post("/_local/faults", rule).await;
    let ses = harness.ses_without_retries().await;
    let error = ses
        .get_suppressed_destination()
        .email_address("a@example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotFoundException"));
    // ListEmailIdentities does not model NotFoundException, so it is never injected there.
    ses.list_email_identities().send().await.unwrap();
}

#[tokio::test]
async fn faults_the_model_does_not_list_are_refused() {
    let harness = Harness::start().await;
    for (rule, why) in [
        (
            json!({ "operation": "GetEmailIdentity", "code": "LimitExceededException", "count": 1 }),
            "GetEmailIdentity models no LimitExceededException",
        ),
        (
            json!({ "operation": "SendEmail", "code": "BadRequestException", "count": 1 }),
            "the stand-in does not serve SendEmail",
        ),
        (
            json!({ "operation": "GetEmailIdentity", "code": "NotFoundException" }),
            "neither count nor fraction",
        ),
        (
            json!({ "code": "NoSuchException", "fraction": 0.5 }),
            "no operation models it",
        ),
    ] {
        let (status, reply) = harness
            .post("/_local/faults", json!({ "rules": [rule] }))
            .await;
        assert_eq!(status, 400, "{why}: {reply}");
    }
}
