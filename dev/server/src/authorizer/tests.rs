use std::time::Duration;

use api::auth::Caller;
use axum::{
    Extension, Json, Router,
    body::Body,
    http::{Request, StatusCode},
    middleware::from_fn_with_state,
    routing::get,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use super::*;

const NOW: i64 = 1_700_000_000;

fn secret() -> DevJwtSecret {
    DevJwtSecret::new(b"0123456789abcdef0123456789abcdef").unwrap()
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

#[test]
fn short_secrets_are_refused() {
    assert_eq!(
        DevJwtSecret::new(b"short").unwrap_err(),
        SecretError::TooShort(5)
    );
}

#[test]
fn a_signed_token_verifies_and_returns_its_claims() {
    let claims = object(json!({ "tenant_id": "acme", "exp": NOW + 60 }));
    let token = secret().sign(&claims);
    assert_eq!(secret().verify(&token, NOW), Ok(claims));
}

#[test]
fn tampering_or_another_secret_breaks_the_signature() {
    let token = secret().sign(&object(json!({ "tenant_id": "acme", "exp": NOW + 60 })));
    let (header, rest) = token.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let forged_payload =
        URL_SAFE_NO_PAD.encode(json!({"tenant_id": "globex", "exp": NOW + 60}).to_string());
    let forged = format!("{header}.{forged_payload}.{signature}");
    assert_eq!(secret().verify(&forged, NOW), Err(TokenError::BadSignature));

    let other = DevJwtSecret::new(&[7; 32]).unwrap();
    assert_eq!(other.verify(&token, NOW), Err(TokenError::BadSignature));
}

#[test]
fn unsigned_tokens_are_refused() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#);
    let payload = URL_SAFE_NO_PAD.encode(json!({ "exp": NOW + 60 }).to_string());
    let token = format!("{header}.{payload}.");
    assert_eq!(
        secret().verify(&token, NOW),
        Err(TokenError::UnsupportedAlgorithm("none".into()))
    );
}

#[test]
fn time_claims_are_enforced() {
    let verify = |claims: Value| secret().verify(&secret().sign(&object(claims)), NOW);
    assert_eq!(verify(json!({ "exp": NOW })), Err(TokenError::Expired));
    assert_eq!(
        verify(json!({ "sub": "x" })),
        Err(TokenError::MissingExpiry)
    );
    assert_eq!(
        verify(json!({ "exp": "soon" })),
        Err(TokenError::MissingExpiry)
    );
    assert_eq!(
        verify(json!({ "exp": NOW + 60, "nbf": NOW + 10 })),
        Err(TokenError::NotYetValid)
    );
    assert!(verify(json!({ "exp": NOW + 1, "nbf": NOW })).is_ok());
}

#[test]
fn malformed_tokens_are_refused() {
    for token in ["", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.%%%"] {
        assert_eq!(
            secret().verify(token, NOW),
            Err(TokenError::Malformed),
            "{token:?}"
        );
    }
}

#[test]
fn reads_only_bearer_authorization() {
    let headers =
        |value: &str| HeaderMap::from_iter([(header::AUTHORIZATION, value.parse().unwrap())]);
    assert_eq!(bearer_token(&headers("Bearer abc")), Ok("abc"));
    assert_eq!(bearer_token(&headers("bearer  abc ")), Ok("abc"));
    assert_eq!(
        bearer_token(&headers("Basic abc")),
        Err(TokenError::MissingBearer)
    );
    assert_eq!(
        bearer_token(&headers("Bearer ")),
        Err(TokenError::MissingBearer)
    );
    assert_eq!(
        bearer_token(&HeaderMap::new()),
        Err(TokenError::MissingBearer)
    );
}

/// What the handler saw: the caller, and the raw claims of the inserted context.
async fn whoami(caller: Caller, Extension(context): Extension<RequestContext>) -> Json<Value> {
    #[allow(irrefutable_let_patterns)] // more variants exist when other lambda_http features are on
    let RequestContext::ApiGatewayV2(context) = context else {
        return Json(Value::Null);
    };
    let claims = context
        .authorizer
        .and_then(|a| a.jwt)
        .map(|jwt| jwt.claims)
        .unwrap_or_default();
    Json(json!({
        "tenant": caller.tenant(),
        "admin": caller.is_admin(),
        "roles_claim": claims.get("roles"),
        "exp_claim": claims.get("exp"),
    }))
}

fn app() -> Router {
    Router::new()
        .route("/whoami", get(whoami))
        .layer(Extension(AuthConfig::default()))
        .layer(from_fn_with_state(secret(), authorize))
}

async fn call(authorization: Option<&str>) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::builder().uri("/whoami");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        serde_json::from_slice(&bytes).unwrap(),
    )
}

#[tokio::test]
async fn a_minted_admin_token_reaches_the_api_as_api_gateway_claims() {
    let tenant = TenantId::parse("acme").unwrap();
    let token = mint_token(
        &secret(),
        &tenant,
        &["admin", "editor"],
        Duration::from_secs(300),
    );
    let (status, _, body) = call(Some(&format!("Bearer {token}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tenant"], "acme");
    assert_eq!(body["admin"], true);
    assert_eq!(body["roles_claim"], "[admin editor]");
    let exp: i64 = body["exp_claim"].as_str().unwrap().parse().unwrap();
    assert!(exp > Utc::now().timestamp());
}

#[tokio::test]
async fn missing_or_invalid_tokens_are_401_problems() {
    let tenant = TenantId::parse("acme").unwrap();
    let expired = mint_token(&secret(), &tenant, &["admin"], Duration::ZERO);
    for authorization in [
        None,
        Some("Bearer nope".to_owned()),
        Some(format!("Bearer {expired}")),
    ] {
        let (status, content_type, body) = call(authorization.as_deref()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert_eq!(
            body["type"],
            "https://email-senders.dev/problems/unauthenticated"
        );
    }
}

#[tokio::test]
async fn the_screen_is_served_without_a_token_and_the_api_is_not() {
    let router = api::web::router::<()>()
        .route("/v1/domains", get(|| async { "never without a token" }))
        .layer(from_fn_with_state(secret(), authorize));
    let status = |path: &'static str| {
        let router = router.clone();
        async move {
            router
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(status("/").await, StatusCode::OK);
    assert_eq!(status("/email-senders.js").await, StatusCode::OK);
    assert_eq!(status("/v1/domains").await, StatusCode::UNAUTHORIZED);
}
