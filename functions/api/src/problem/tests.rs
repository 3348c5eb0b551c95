use std::{collections::HashSet, time::Duration};

use axum::{
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt;
use serde_json::{Value, json};

use super::*;

/// Splits a response into status, headers and its JSON body, asserting it is problem+json.
pub(crate) async fn read_problem(response: Response) -> (StatusCode, HeaderMap, Value) {
    let (parts, body) = response.into_parts();
    assert_eq!(
        parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some(PROBLEM_CONTENT_TYPE),
        "not a problem response: {parts:?}"
    );
    let bytes = body.collect().await.unwrap().to_bytes();
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        json["status"],
        parts.status.as_u16(),
        "status member differs: {json}"
    );
    (parts.status, parts.headers, json)
}

/// The stable type URI of `kind`, spelled out so a change to the base breaks this test.
fn uri(slug: &str) -> String {
    format!("https://email-senders.dev/problems/{slug}")
}

#[test]
fn every_type_has_a_distinct_uri_and_an_error_status() {
    let uris: HashSet<String> = ProblemType::all().map(|kind| kind.uri()).collect();
    assert_eq!(uris.len(), ProblemType::all().count());
    for kind in ProblemType::all() {
        assert!(kind.uri().starts_with(PROBLEM_TYPE_BASE));
        assert!(kind.status().is_client_error() || kind.status().is_server_error());
        assert!(!kind.title().is_empty());
    }
}

#[test]
fn maps_foreign_statuses_to_their_type() {
    assert_eq!(
        ProblemType::for_status(StatusCode::BAD_REQUEST),
        Some(ProblemType::BadRequest)
    );
    assert_eq!(
        ProblemType::for_status(StatusCode::METHOD_NOT_ALLOWED),
        Some(ProblemType::MethodNotAllowed)
    );
    assert_eq!(
        ProblemType::for_status(StatusCode::PAYLOAD_TOO_LARGE),
        Some(ProblemType::PayloadTooLarge)
    );
    assert_eq!(
        ProblemType::for_status(StatusCode::BAD_GATEWAY),
        Some(ProblemType::Internal)
    );
    assert_eq!(ProblemType::for_status(StatusCode::REQUEST_TIMEOUT), None);
    assert_eq!(ProblemType::for_status(StatusCode::OK), None);
}

#[tokio::test]
async fn validation_problem_renders_every_member() {
    let problem = Problem::validation([FieldError::new("/name", "required", "name is required")])
        .with_instance("/v1/senders");
    let (status, _, body) = read_problem(problem.into_response()).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["type"], uri("validation-error"));
    assert_eq!(body["title"], ProblemType::Validation.title());
    assert_eq!(body["instance"], "/v1/senders");
    assert_eq!(
        body["errors"],
        json!([{ "field": "/name", "code": "required", "message": "name is required" }])
    );
}

#[tokio::test]
async fn optional_members_are_omitted() {
    let (status, _, body) = read_problem(Problem::not_found().into_response()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["type"], uri("not-found"));
    assert!(body.get("errors").is_none());
    assert!(body.get("instance").is_none());
}

#[tokio::test]
async fn unauthenticated_asks_for_a_bearer_token() {
    let (status, headers, body) =
        read_problem(Problem::unauthenticated("no token").into_response()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
    assert_eq!(body["detail"], "no token");
}

#[tokio::test]
async fn service_unavailable_sets_retry_after_in_whole_seconds() {
    let problem = Problem::service_unavailable(Duration::from_millis(2_500));
    let (status, headers, body) = read_problem(problem.into_response()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers[header::RETRY_AFTER], "2");
    assert_eq!(body["type"], uri("service-unavailable"));

    let sub_second = Problem::service_unavailable(Duration::from_millis(10)).into_response();
    assert_eq!(sub_second.headers()[header::RETRY_AFTER], "1");
}

#[derive(Debug, thiserror::Error)]
#[error("table secret-table-name is missing")]
struct LeakyError;

#[tokio::test]
async fn internal_error_never_leaks_the_cause() {
    let problem = Problem::internal_error(&LeakyError);
    let (status, _, body) = read_problem(problem.into_response()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["type"], uri("internal"));
    assert!(!body.to_string().contains("secret-table-name"));
}

#[test]
fn each_conflict_answers_409_with_its_own_type() {
    use domain::error::{Conflict, UseCaseError};
    for conflict in Conflict::ALL {
        let problem = Problem::from(UseCaseError::conflict(conflict, "try again"));
        assert_eq!(problem.status(), StatusCode::CONFLICT);
        assert_eq!(problem.kind(), ProblemType::Conflict(conflict));
        assert_eq!(problem.kind().uri(), uri(conflict.code()));
    }
}

#[test]
fn a_name_ses_rejects_is_a_422_that_does_not_echo_ses() {
    use domain::error::UseCaseError;
    let problem = Problem::from(UseCaseError::SesRejected(
        "BadRequestException: internal request id 1234".to_owned(),
    ));
    assert_eq!(problem.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.kind().uri(), uri("ses-rejected"));
    assert!(!format!("{problem:?}").contains("1234"));
}
