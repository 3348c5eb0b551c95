use axum::{extract::FromRequestParts, http::Request};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::*;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Position {
    name: String,
}

fn tenant(raw: &str) -> TenantId {
    TenantId::parse(raw).unwrap()
}

fn assert_invalid(problem: &Problem, field: &str) {
    assert_eq!(problem.kind(), ProblemType::InvalidParameter, "{problem:?}");
    assert_eq!(problem.errors().len(), 1);
    assert_eq!(problem.errors()[0].field, field);
}

#[test]
fn round_trips_for_the_same_tenant() {
    let position = Position {
        name: "mail.acme.test".to_owned(),
    };
    let cursor = Cursor::encode(&tenant("acme"), &position).unwrap();
    assert!(
        cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(
        Cursor::decode::<Position>(&tenant("acme"), &cursor).unwrap(),
        position
    );
}

#[test]
fn another_tenants_cursor_is_refused() {
    let cursor = Cursor::encode(
        &tenant("acme"),
        &Position {
            name: "x".to_owned(),
        },
    )
    .unwrap();
    let problem = Cursor::decode::<Position>(&tenant("globex"), &cursor).unwrap_err();
    assert_invalid(&problem, "cursor");
    assert_eq!(problem.errors()[0].code, "invalid_cursor");
}

#[test]
fn garbage_is_a_clean_400() {
    let not_json = URL_SAFE_NO_PAD.encode("hello");
    let wrong_shape = URL_SAFE_NO_PAD.encode(json!({"v": 1, "t": "acme", "p": 5}).to_string());
    let future = URL_SAFE_NO_PAD.encode(json!({"v": 2, "t": "acme", "x": []}).to_string());
    let padded = format!("{}=", URL_SAFE_NO_PAD.encode(json!({"v": 1}).to_string()));
    let too_long = "A".repeat(MAX_CURSOR_CHARS + 1);
    for raw in [
        "!!!",
        "",
        not_json.as_str(),
        &wrong_shape,
        &future,
        &padded,
        &too_long,
    ] {
        let problem = Cursor::decode::<Position>(&tenant("acme"), raw).unwrap_err();
        assert_invalid(&problem, "cursor");
    }
}

#[test]
fn version_is_checked_before_the_shape() {
    let future =
        URL_SAFE_NO_PAD.encode(json!({"v": 2, "t": "acme", "p": {"name": "x"}}).to_string());
    let error = Cursor::try_decode::<Position>(&tenant("acme"), &future).unwrap_err();
    assert!(
        matches!(error, CursorError::UnsupportedVersion(2)),
        "{error:?}"
    );
}

async fn page_params(query: &str) -> Result<PageParams, Problem> {
    let request = Request::builder()
        .uri(format!("/v1/senders{query}"))
        .body(())
        .unwrap();
    let (mut parts, ()) = request.into_parts();
    PageParams::from_request_parts(&mut parts, &()).await
}

#[tokio::test]
async fn defaults_when_absent() {
    for query in ["", "?", "?other=1"] {
        let params = page_params(query).await.unwrap();
        assert_eq!(
            params,
            PageParams {
                limit: PageLimit::DEFAULT,
                cursor: None
            },
            "{query}"
        );
        assert_eq!(params.limit.get(), 25);
    }
}

#[tokio::test]
async fn reads_limit_and_cursor() {
    let params = page_params("?limit=100&cursor=abc_-").await.unwrap();
    assert_eq!(params.limit.get(), 100);
    assert_eq!(params.cursor.as_deref(), Some("abc_-"));
    assert_eq!(page_params("?limit=1").await.unwrap().limit.get(), 1);
}

#[tokio::test]
async fn bad_limits_are_400_on_limit() {
    for query in [
        "?limit=0",
        "?limit=101",
        "?limit=-1",
        "?limit=ten",
        "?limit=4294967296",
        "?limit=",
        "?limit=+5",
        "?limit=%205",
        "?limit=5.0",
    ] {
        let problem = page_params(query).await.unwrap_err();
        assert_invalid(&problem, "limit");
    }
}

#[tokio::test]
async fn an_empty_cursor_is_400_on_cursor_not_the_first_page() {
    // The document gives cursor a minimum length of 1: what it rejects, the API rejects.
    let problem = page_params("?cursor=").await.unwrap_err();
    assert_invalid(&problem, "cursor");
}

#[tokio::test]
async fn an_unreadable_query_is_400() {
    let problem = page_params("?limit=5&limit=6").await.unwrap_err();
    assert_eq!(problem.kind(), ProblemType::InvalidParameter);
}
