//! `GET /_local/dev-session?tenant=demo&role=admin`: a dev token for the screen at `/`.
//!
//! Only `make dev` (and the browser tests) serve this: it lives in the local composition root,
//! never in the `api` binary, so no deployment can hand out tokens. The page's `boot.js` asks
//! for it; where it is missing (a real deployment) the page says a host must sign it in.
//! `tenants` lists the tenants the page's switcher offers, to show that tenants are isolated.

use std::time::Duration;

use api::problem::{FieldError, Problem};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::tenant::TenantId;
use serde::{Deserialize, Serialize};

use crate::authorizer::{DevJwtSecret, mint_token};

/// The tenants the switcher offers; `?tenant=` takes any valid tenant id.
pub const TENANTS: &[&str] = &["demo", "acme", "globex"];

/// How long a dev session's token lasts.
const TTL: Duration = Duration::from_secs(12 * 3600);

#[derive(Deserialize)]
struct Ask {
    tenant: Option<String>,
    role: Option<String>,
}

#[derive(Serialize)]
struct Session {
    token: String,
    tenant: String,
    roles: Vec<&'static str>,
    tenants: &'static [&'static str],
}

/// The route, with the dev secret; merge it beside the authorized API.
pub fn router(secret: DevJwtSecret) -> Router {
    Router::new()
        .route("/_local/dev-session", get(session))
        .with_state(secret)
}

async fn session(State(secret): State<DevJwtSecret>, Query(ask): Query<Ask>) -> Response {
    let raw = ask.tenant.unwrap_or_else(|| TENANTS[0].to_owned());
    let tenant = match TenantId::parse(&raw) {
        Ok(tenant) => tenant,
        Err(error) => {
            return Problem::invalid_parameter("tenant", "invalid", error.to_string())
                .into_response();
        }
    };
    let roles: Vec<&'static str> = match ask.role.as_deref() {
        None | Some("admin") => vec!["admin"],
        Some("viewer") => vec![],
        Some(_) => {
            return Problem::validation([FieldError::new(
                "role",
                "invalid",
                "`admin` or `viewer`",
            )])
            .into_response();
        }
    };
    let token = mint_token(&secret, &tenant, &roles, TTL);
    Json(Session {
        token,
        tenant: tenant.to_string(),
        roles,
        tenants: TENANTS,
    })
    .into_response()
}
