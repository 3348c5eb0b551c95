//! Typed SDK errors: AlreadyExists, NotFound, TooManyRequests, BadRequest.

use crate::common;

use common::Harness;
use serde_json::json;

#[tokio::test]
async fn duplicate_create_is_already_exists() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    for duplicate in ["example.com", "EXAMPLE.com"] {
        let error = harness
            .ses
            .create_email_identity()
            .email_identity(duplicate)
            .send()
            .await
            .unwrap_err();
        assert!(
            error
                .as_service_error()
                .map(|e| e.is_already_exists_exception())
                == Some(true),
            "{duplicate}: {error:?}"
        );
    }
}

#[tokio::test]
async fn unknown_identities_are_not_found() {
    let harness = Harness::start().await;
    let get = harness
        .ses
        .get_email_identity()
        .email_identity("nobody.example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        get.as_service_error().map(|e| e.is_not_found_exception()),
        Some(true)
    );
    let delete = harness
        .ses
        .delete_email_identity()
        .email_identity("nobody@example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        delete
            .as_service_error()
            .map(|e| e.is_not_found_exception()),
        Some(true)
    );
}

#[tokio::test]
async fn malformed_names_are_bad_requests() {
    let harness = Harness::start().await;
    for bad in [
        "not a domain",
        "example",
        "-bad.example.com",
        "@example.com",
        "a@b",
    ] {
        let error = harness
            .ses
            .create_email_identity()
            .email_identity(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            error
                .as_service_error()
                .map(|e| e.is_bad_request_exception()),
            Some(true),
            "{bad}: {error:?}"
        );
    }
}

#[tokio::test]
async fn malformed_json_is_a_bad_request_in_the_sdk_error_shape() {
    let harness = Harness::start().await;
    let response = harness
        .http
        .post(harness.url("/v2/email/identities"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "BadRequestException"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Invalid request body")
    );
}

#[tokio::test]
async fn full_throttling_is_too_many_requests_and_never_touches_local() {
    let harness = Harness::start().await;
    let (status, _) = harness
        .post("/_local/faults", json!({ "throttle_fraction": 1.0 }))
        .await;
    assert_eq!(status, 200);
    let ses = harness.ses_without_retries().await;
    let error = ses
        .create_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error
            .as_service_error()
            .map(|e| e.is_too_many_requests_exception()),
        Some(true)
    );

    // The control endpoints are never throttled, and the throttled call was counted.
    let (status, calls) = harness.get("/_local/calls").await;
    assert_eq!(status, 200);
    assert_eq!(calls["calls"]["CreateEmailIdentity"], 1);
    assert_eq!(calls["throttled"]["CreateEmailIdentity"], 1);

    harness
        .post("/_local/faults", json!({ "throttle_fraction": 0.0 }))
        .await;
    ses.create_email_identity()
        .email_identity("example.com")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn partial_throttling_is_deterministic_for_a_seed() {
    async fn pattern() -> Vec<bool> {
        let harness = Harness::start().await;
        harness
            .post("/_local/faults", json!({ "throttle_fraction": 0.5 }))
            .await;
        let ses = harness.ses_without_retries().await;
        let mut throttled = Vec::new();
        for _ in 0..20 {
            let result = ses.list_email_identities().send().await;
            throttled.push(result.is_err());
        }
        throttled
    }
    let first = pattern().await;
    assert_eq!(pattern().await, first);
    assert!(first.contains(&true) && first.contains(&false), "{first:?}");
}

#[tokio::test]
async fn bad_fault_settings_are_rejected() {
    let harness = Harness::start().await;
    let (status, reply) = harness
        .post("/_local/faults", json!({ "throttle_fraction": 2.0 }))
        .await;
    assert_eq!(status, 400, "{reply}");
}
