//! The dev stand-in for API Gateway's HTTP API JWT authorizer.
//!
//! In AWS, API Gateway verifies the caller's JWT and passes its claims to the Lambda in the
//! request context; lambda_http puts that context in the request extensions, where
//! `api::auth::Caller` reads it. Locally there is no API Gateway, so [`authorize`] (an axum
//! middleware) does that job: it verifies an HS256 token signed with `DEV_JWT_SECRET`, checks
//! `exp` and `nbf`, and inserts **exactly** what lambda_http would: a
//! [`RequestContext::ApiGatewayV2`] whose `authorizer.jwt.claims` hold every claim as a string
//! rendered the way API Gateway renders it (`[admin editor]`, `1700000000`). Missing or bad
//! tokens get a 401 `application/problem+json` before the router sees the request.
//!
//! `iss` and `aud` are not checked: the dev secret is the only issuer.
//!
//! ```ignore
//! let secret = DevJwtSecret::from_env()?;
//! println!("admin token: {}", mint_token(&secret, &tenant, &["admin"], Duration::from_secs(86_400)));
//! let app = router.layer(axum::middleware::from_fn_with_state(secret, authorize));
//! ```

mod claims;
mod jwt;

use std::time::Duration;

use api::{
    auth::{AuthConfig, jwt_authorizer_context},
    problem::Problem,
};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use domain::tenant::TenantId;
use lambda_http::request::RequestContext;
use serde_json::{Map, Value};

pub use claims::{api_gateway_claims, scopes};
pub use jwt::{DevJwtSecret, SECRET_ENV_VAR, SecretError, TokenError};

/// Routes API Gateway serves without the authorizer (see infra/template.yaml): the OpenAPI
/// document and the screen's static files.
fn is_public(path: &str) -> bool {
    path == "/openapi.json" || api::web::is_public(path)
}

/// Middleware (`axum::middleware::from_fn_with_state(secret, authorize)`) that plays the
/// JWT authorizer: a valid bearer token becomes the API Gateway request context; anything
/// else is answered with a 401 problem.
pub async fn authorize(
    State(secret): State<DevJwtSecret>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_public(request.uri().path()) {
        return next.run(request).await;
    }
    let now = Utc::now();
    let claims = match bearer_token(request.headers())
        .and_then(|token| secret.verify(token, now.timestamp()))
    {
        Ok(claims) => claims,
        Err(error) => return Problem::unauthenticated(error.to_string()).into_response(),
    };
    let mut context = jwt_authorizer_context(api_gateway_claims(&claims), scopes(&claims));
    context.http.method = request.method().clone();
    context.http.path = Some(request.uri().path().to_owned());
    context.http.protocol = Some(format!("{:?}", request.version()));
    context.time_epoch = now.timestamp_millis();
    request
        .extensions_mut()
        .insert(RequestContext::ApiGatewayV2(context));
    next.run(request).await
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
fn bearer_token(headers: &HeaderMap) -> Result<&str, TokenError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or(TokenError::MissingBearer)?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or(TokenError::MissingBearer)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(TokenError::MissingBearer);
    }
    Ok(token)
}

/// A token for `tenant` with `roles`, valid for `ttl` from now, using the default claim names
/// of [`AuthConfig`] (`tenant_id`, `roles`); roles are a JSON array, as an IdP would send.
pub fn mint_token(
    secret: &DevJwtSecret,
    tenant: &TenantId,
    roles: &[&str],
    ttl: Duration,
) -> String {
    let config = AuthConfig::default();
    let issued_at = Utc::now().timestamp();
    let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
    let mut claims = Map::new();
    claims.insert("sub".to_owned(), Value::from(format!("dev-user@{tenant}")));
    claims.insert(config.tenant_claim, Value::from(tenant.as_str()));
    claims.insert(config.roles_claim, Value::from(roles.to_vec()));
    claims.insert("iat".to_owned(), Value::from(issued_at));
    claims.insert("exp".to_owned(), Value::from(issued_at.saturating_add(ttl)));
    secret.sign(&claims)
}

#[cfg(test)]
mod tests;
