//! `Idempotency-Key` on the routes that create (`POST /v1/domains`, `/v1/senders`,
//! `/v1/suppressions`): a retry with the same key, by the same tenant, with the same body gets
//! the first response again (status, body, `Location`; marked `Idempotent-Replayed: true`)
//! instead of running twice. The rules and their storage are `domain::idempotency`.
//!
//! - the key reused with another body (or on another route): 422 `idempotency-key-reused`;
//! - the first request still running: 409 `idempotency-key-in-progress` with `Retry-After`;
//! - a malformed key: 400 `invalid-parameter`.
//!
//! Only answers a retry should get again are kept: successes and client errors other than
//! 401, 403, 409 and 429 (which a retry may not meet). After anything else the key is let go,
//! so a retry runs the request afresh. Requests without the header, and other routes, pass.

use std::fmt::Write as _;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::error::UseCaseError;
use domain::idempotency::{Admission, IdempotencyKey, MAX_KEY_LENGTH};
use domain::ports::KeptResponse;
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::json::MAX_BODY_BYTES;
use crate::problem::{Problem, ProblemType};
use crate::state::AppState;

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// The header on a replayed response.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The routes that honour the header: every `POST` that creates something.
pub const CREATES: [&str; 3] = ["/v1/domains", "/v1/senders", "/v1/suppressions"];

/// The header as documented on each creating operation (`params(IdempotencyKeyHeader)`).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKeyHeader {
    /// Optional: a key of your choosing (a UUID) that makes retries of this request safe. A
    /// retry with the same key and body within 24 hours gets the first response again, marked
    /// `Idempotent-Replayed: true`, and creates nothing more; the key with another body answers
    /// 422 idempotency-key-reused; while the first request runs, 409
    /// idempotency-key-in-progress with `Retry-After`. Keys are per tenant.
    #[serde(rename = "Idempotency-Key")]
    #[param(
        min_length = 1,
        max_length = 255,
        pattern = "^[!#-~]+$",
        example = "8e03978e-40d5-43e8-bc93-6894a57f9324"
    )]
    pub key: Option<String>,
}

/// The largest response kept for replay (the API's answers are a few KiB).
const MAX_KEPT_BYTES: usize = 256 * 1024;

/// The middleware (`axum::middleware::from_fn_with_state`), layered on the routes.
pub async fn honour(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let creates =
        request.method() == Method::POST && route.as_deref().is_some_and(|r| CREATES.contains(&r));
    let Some(raw) = request.headers().get(HEADER).filter(|_| creates).cloned() else {
        return next.run(request).await;
    };
    let Some(key) = raw.to_str().ok().and_then(IdempotencyKey::parse) else {
        return Problem::invalid_parameter(
            "Idempotency-Key",
            "invalid_idempotency_key",
            format!(
                "An idempotency key is 1 to {MAX_KEY_LENGTH} visible ASCII characters, e.g. a UUID."
            ),
        )
        .into_response();
    };
    let (mut parts, body) = request.into_parts();
    let caller = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(problem) => return problem.into_response(),
    };
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return Problem::payload_too_large(MAX_BODY_BYTES).into_response();
    };
    let fingerprint = fingerprint(route.as_deref().unwrap_or_default(), &bytes);
    let admission = state
        .idempotency
        .admit(caller.tenant(), &key, &fingerprint)
        .await;
    match admission {
        Err(error) => Problem::from(UseCaseError::from(error)).into_response(),
        Ok(Admission::Replay(kept)) => replay(kept),
        Ok(Admission::InProgress) => Problem::new(
            ProblemType::IdempotencyKeyInProgress,
            "A request with this Idempotency-Key is still running; retry shortly to get its response.",
        )
        .with_retry_after(Duration::from_secs(1))
        .into_response(),
        Ok(Admission::Mismatch) => Problem::new(
            ProblemType::IdempotencyKeyReused,
            "This Idempotency-Key was used for a different request; use a new key for a new request.",
        )
        .into_response(),
        Ok(Admission::Run(ticket)) => {
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (response, kept) = keep(response).await;
            state.idempotency.finish(ticket, kept).await;
            response
        }
    }
}

/// What identifies a request: its route and its body, as JSON with sorted keys when it is
/// JSON (so whitespace and key order do not matter), else as bytes.
fn fingerprint(route: &str, body: &[u8]) -> String {
    let canonical = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => canonical_json(&value).into_bytes(),
        Err(_) => body.to_vec(),
    };
    let mut hash = Sha256::new();
    hash.update(route.as_bytes());
    hash.update([0]);
    hash.update(&canonical);
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| {
                    format!(
                        "{}:{}",
                        serde_json::Value::from(k.as_str()),
                        canonical_json(v)
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        serde_json::Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// Whether a retry should get `status` again rather than run the request again.
fn keepable(status: StatusCode) -> bool {
    status.is_success()
        || (status.is_client_error()
            && ![
                StatusCode::UNAUTHORIZED,
                StatusCode::FORBIDDEN,
                StatusCode::CONFLICT,
                StatusCode::TOO_MANY_REQUESTS,
            ]
            .contains(&status))
}

/// The response as sent, and what to keep of it (`None`: let the key go).
async fn keep(response: Response) -> (Response, Option<KeptResponse>) {
    if !keepable(response.status()) {
        return (response, None);
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_KEPT_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "could not read a response to keep for replay");
            return (Problem::internal().into_response(), None);
        }
    };
    let text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let kept = String::from_utf8(bytes.to_vec())
        .ok()
        .map(|body| KeptResponse {
            status: parts.status.as_u16(),
            location: text(header::LOCATION),
            content_type: text(header::CONTENT_TYPE),
            body,
        });
    (Response::from_parts(parts, Body::from(bytes)), kept)
}

/// The kept response, sent again.
fn replay(kept: KeptResponse) -> Response {
    let status = StatusCode::from_u16(kept.status).unwrap_or(StatusCode::OK);
    let mut response = (status, Bytes::from(kept.body)).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, kept.content_type),
        (header::LOCATION, kept.location),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}
