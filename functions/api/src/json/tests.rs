use axum::{
    body::Body,
    extract::{FromRequest, Request},
    http::{HeaderMap, HeaderValue, header},
};
use domain::tenant::TenantId;
use serde::Deserialize;

use super::*;
use crate::problem::{FieldError, Problem, ProblemType};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Record {
    value: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Payload {
    name: String,
    #[serde(default)]
    records: Vec<Record>,
    #[serde(default)]
    owner: Option<TenantId>,
}

async fn extract(content_type: Option<&str>, body: impl Into<Body>) -> Result<Payload, Problem> {
    let mut request = Request::builder().method("POST").uri("/x");
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let request = request.body(body.into()).unwrap();
    ApiJson::<Payload>::from_request(request, &())
        .await
        .map(|ApiJson(body)| body)
}

async fn extract_json(body: &str) -> Result<Payload, Problem> {
    extract(Some("application/json"), body.to_owned()).await
}

fn only_field_error(problem: &Problem) -> &FieldError {
    assert_eq!(problem.kind(), ProblemType::Validation, "{problem:?}");
    assert_eq!(problem.errors().len(), 1, "{problem:?}");
    &problem.errors()[0]
}

#[tokio::test]
async fn accepts_json_with_or_without_utf8_charset() {
    for content_type in [
        "application/json",
        "Application/JSON; charset=\"UTF-8\"",
        "application/json;",
    ] {
        let body = extract(Some(content_type), r#"{"name":"a"}"#)
            .await
            .unwrap();
        assert_eq!(body.name, "a", "{content_type}");
    }
}

#[tokio::test]
async fn other_media_types_are_415() {
    let cases = [
        Some("text/plain"),
        Some("application/json; charset=latin1"),
        Some("application/jsonx"),
        None,
    ];
    for content_type in cases {
        let problem = extract(content_type, r#"{"name":"a"}"#).await.unwrap_err();
        assert_eq!(
            problem.kind(),
            ProblemType::UnsupportedMediaType,
            "{content_type:?}"
        );
    }
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_accepted() {
    let padding = MAX_BODY_BYTES - r#"{"name":""}"#.len();
    let body = format!(r#"{{"name":"{}"}}"#, "a".repeat(padding));
    assert_eq!(body.len(), MAX_BODY_BYTES);
    assert_eq!(extract_json(&body).await.unwrap().name.len(), padding);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_with_or_without_content_length() {
    let body = format!(r#"{{"name":"{}"}}"#, "a".repeat(MAX_BODY_BYTES));
    let problem = extract_json(&body).await.unwrap_err();
    assert_eq!(problem.kind(), ProblemType::PayloadTooLarge);

    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(MAX_BODY_BYTES + 1),
    );
    let declared = read_body(&headers, Body::from("{}")).await.unwrap_err();
    assert_eq!(declared.kind(), ProblemType::PayloadTooLarge);
}

#[tokio::test]
async fn an_empty_body_is_a_clear_400_even_without_content_type() {
    for content_type in [Some("application/json"), None] {
        let problem = extract(content_type, "  \n").await.unwrap_err();
        assert_eq!(problem.kind(), ProblemType::MalformedBody);
        assert!(problem.detail().contains("empty"), "{}", problem.detail());
    }
}

#[tokio::test]
async fn malformed_json_is_400_with_line_and_column() {
    let problem = extract_json("{\n  \"name\" \"a\"}").await.unwrap_err();
    assert_eq!(problem.kind(), ProblemType::MalformedBody);
    assert!(
        problem.detail().contains("line 2, column 10"),
        "{}",
        problem.detail()
    );

    let truncated = extract_json(r#"{"name":"#).await.unwrap_err();
    assert_eq!(truncated.kind(), ProblemType::MalformedBody);
    let trailing = extract_json(r#"{"name":"a"} {}"#).await.unwrap_err();
    assert_eq!(trailing.kind(), ProblemType::MalformedBody);
}

#[tokio::test]
async fn unknown_field_points_at_the_field() {
    let problem = extract_json(r#"{"name":"a","records":[{"value":"x"},{"valu":"y"}]}"#)
        .await
        .unwrap_err();
    let error = only_field_error(&problem);
    assert_eq!(error.field, "/records/1/valu");
    assert_eq!(error.code, "unknown_field");
}

#[tokio::test]
async fn missing_field_points_at_the_missing_member() {
    let problem = extract_json(r#"{"name":"a","records":[{}]}"#)
        .await
        .unwrap_err();
    let error = only_field_error(&problem);
    assert_eq!(
        (error.field.as_str(), error.code.as_ref()),
        ("/records/0/value", "required")
    );
    assert!(!error.message.contains("line"), "{}", error.message);
}

#[tokio::test]
async fn a_list_is_never_a_body_even_one_holding_the_fields_in_order() {
    for body in [r#"["a"]"#, r#" ["a", null] "#, "[]"] {
        let problem = extract_json(body).await.unwrap_err();
        let error = only_field_error(&problem);
        assert_eq!(
            (error.field.as_str(), error.code.as_ref()),
            ("", "invalid_type"),
            "{body}"
        );
    }
    let problem = extract_json("[1,").await.unwrap_err();
    assert_eq!(problem.kind(), ProblemType::MalformedBody);
}

#[tokio::test]
async fn wrong_type_and_refused_newtype_are_field_errors() {
    let problem = extract_json(r#"{"name":5}"#).await.unwrap_err();
    let error = only_field_error(&problem);
    assert_eq!(
        (error.field.as_str(), error.code.as_ref()),
        ("/name", "invalid_type")
    );

    let problem = extract_json(r#"{"name":"a","owner":"has space"}"#)
        .await
        .unwrap_err();
    let error = only_field_error(&problem);
    assert_eq!(
        (error.field.as_str(), error.code.as_ref()),
        ("/owner", "invalid_value")
    );
    assert!(
        error.message.contains("printable ASCII"),
        "{}",
        error.message
    );
}
