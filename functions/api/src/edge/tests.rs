//! Router-level tests: a tiny router using the edge pieces the way the real routes do.

use std::collections::HashMap;

use axum::{
    Json, Router,
    body::Body,
    http::{Method, Request, StatusCode, header},
    response::IntoResponse,
    routing::{get, post},
};
use lambda_http::request::RequestContext;
use serde::Deserialize;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;
use crate::{
    auth::{Caller, jwt_authorizer_context},
    json::ApiJson,
    problem::tests::read_problem,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewThing {
    name: String,
}

async fn create_thing(
    caller: Caller,
    ApiJson(thing): ApiJson<NewThing>,
) -> Result<impl IntoResponse, Problem> {
    caller.require_admin()?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "tenant": caller.tenant(), "name": thing.name })),
    ))
}

async fn bare_failure() -> StatusCode {
    StatusCode::INTERNAL_SERVER_ERROR
}

fn router() -> Router {
    let routes = Router::new()
        .route("/things", post(create_thing))
        .route("/boom", get(bare_failure));
    apply(routes, AuthConfig::default())
}

/// A request as lambda_http would hand it over; `roles: None` means no authorizer at all.
fn request(
    method: Method,
    path: &str,
    roles: Option<&str>,
    content_type: &str,
    body: String,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    if let Some(roles) = roles {
        let claims = HashMap::from([
            ("tenant_id".to_owned(), "acme".to_owned()),
            ("roles".to_owned(), roles.to_owned()),
        ]);
        let context = RequestContext::ApiGatewayV2(jwt_authorizer_context(claims, None));
        request.extensions_mut().insert(context);
    }
    request
}

fn admin_post(content_type: &str, body: impl Into<String>) -> Request<Body> {
    request(
        Method::POST,
        "/things",
        Some("[admin]"),
        content_type,
        body.into(),
    )
}

async fn problem_of(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    read_problem(router().oneshot(request).await.unwrap()).await
}

fn type_uri(slug: &str) -> String {
    format!("https://email-senders.dev/problems/{slug}")
}

#[tokio::test]
async fn an_admin_with_a_valid_body_gets_through() {
    let response = router()
        .oneshot(admin_post("application/json", r#"{"name":"a"}"#))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let (status, _, body) = problem_of(admin_post("text/plain", r#"{"name":"a"}"#)).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["type"], type_uri("unsupported-media-type"));
}

#[tokio::test]
async fn a_70_kib_body_is_413_whether_or_not_its_length_is_declared() {
    let big = format!(r#"{{"name":"{}"}}"#, "a".repeat(70 * 1024));
    let mut declared = admin_post("application/json", big.clone());
    declared
        .headers_mut()
        .insert(header::CONTENT_LENGTH, big.len().into());
    for request in [declared, admin_post("application/json", big)] {
        let (status, _, body) = problem_of(request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body["type"], type_uri("payload-too-large"));
    }
}

#[tokio::test]
async fn unknown_field_is_422_pointing_at_it() {
    let (status, _, body) =
        problem_of(admin_post("application/json", r#"{"name":"a","nme":1}"#)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["type"], type_uri("validation-error"));
    assert_eq!(body["errors"][0]["field"], "/nme");
    assert_eq!(body["errors"][0]["code"], "unknown_field");
}

#[tokio::test]
async fn no_claims_is_401() {
    let anonymous = request(
        Method::POST,
        "/things",
        None,
        "application/json",
        r#"{"name":"a"}"#.into(),
    );
    let (status, headers, body) = problem_of(anonymous).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["type"], type_uri("unauthenticated"));
    assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
}

#[tokio::test]
async fn a_non_admin_write_is_403() {
    let editor = request(
        Method::POST,
        "/things",
        Some("[editor]"),
        "application/json",
        r#"{"name":"a"}"#.into(),
    );
    let (status, _, body) = problem_of(editor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["type"], type_uri("forbidden"));
}

#[tokio::test]
async fn unknown_route_is_its_own_404_and_wrong_method_is_405_with_allow() {
    let missing = request(
        Method::GET,
        "/nowhere",
        None,
        "application/json",
        String::new(),
    );
    let (status, _, body) = problem_of(missing).await;
    assert_eq!(
        (status, body["type"].clone()),
        (StatusCode::NOT_FOUND, type_uri("route-not-found").into())
    );
    assert_eq!(
        body["detail"],
        "No route matches GET /nowhere; GET /openapi.json lists the API's routes."
    );

    let wrong_method = request(
        Method::DELETE,
        "/things",
        None,
        "application/json",
        String::new(),
    );
    let (status, headers, body) = problem_of(wrong_method).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["type"], type_uri("method-not-allowed"));
    assert!(headers[header::ALLOW].to_str().unwrap().contains("POST"));
}

#[tokio::test]
async fn a_bare_500_becomes_an_internal_problem() {
    let boom = request(
        Method::GET,
        "/boom",
        None,
        "application/json",
        String::new(),
    );
    let (status, _, body) = problem_of(boom).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["type"], type_uri("internal"));
}

#[tokio::test]
async fn plain_text_rejections_keep_their_text_as_detail() {
    let response = (StatusCode::BAD_REQUEST, "Invalid URL: bad id").into_response();
    let (status, _, body) = read_problem(problem_responses(response).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["type"], type_uri("bad-request"));
    assert_eq!(body["detail"], "Invalid URL: bad id");

    let timeout = StatusCode::REQUEST_TIMEOUT.into_response();
    assert_eq!(
        problem_responses(timeout).await.status(),
        StatusCode::REQUEST_TIMEOUT
    );
}
