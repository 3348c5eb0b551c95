//! The router's outer edge: unknown routes, body limits and axum's own rejections all answer
//! with problems, and the [`AuthConfig`] the [`Caller`](crate::auth::Caller) extractor needs
//! is in place.
//!
//! ```ignore
//! let router = edge::apply(routes(state), AuthConfig::default()); // last, after every route
//! lambda_http::run(router).await
//! ```

use axum::{
    Extension, Router,
    extract::DefaultBodyLimit,
    http::{HeaderMap, Method, Uri, header},
    middleware,
    response::{IntoResponse, Response},
};
use domain::ports::Caller as SesCaller;
use domain::ses_budget::acting_as;
use tower_http::limit::RequestBodyLimitLayer;

use crate::{
    auth::AuthConfig,
    json::MAX_BODY_BYTES,
    problem::{PROBLEM_CONTENT_TYPE, Problem, ProblemType},
};

/// Longest plain-text rejection reused as a problem's `detail`.
const MAX_FOREIGN_DETAIL_BYTES: usize = 512;

/// Adds the fallback, the body limits, the auth configuration and the problem mapping to
/// `router`. Call it after the last route: axum applies layers to the routes that exist.
pub fn apply<S>(router: Router<S>, auth: AuthConfig) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(not_found)
        .layer(middleware::from_fn(ses_caller))
        .layer(Extension(auth))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::map_response(problem_responses))
}

/// Charges every SES call a request makes to the request's tenant (`domain::ses_budget`):
/// interactive priority, within the tenant's share.
pub async fn ses_caller(request: axum::extract::Request, next: middleware::Next) -> Response {
    let (parts, body) = request.into_parts();
    let tenant = crate::auth::tenant_of(&parts);
    let request = axum::extract::Request::from_parts(parts, body);
    match tenant {
        Some(tenant) => acting_as(SesCaller::Api(tenant), next.run(request)).await,
        None => next.run(request).await,
    }
}

/// Fallback handler for unknown routes: a 404 `route-not-found` problem, so a client can tell
/// a wrong path from an unknown id (`not-found`).
pub async fn not_found(method: Method, uri: Uri) -> Problem {
    Problem::route_not_found(method.as_str(), uri.path())
}

/// Response mapper (for `axum::middleware::map_response`) that turns every error response
/// that is not already a problem into one of the same status: axum's 404/405 and extractor
/// rejections, `RequestBodyLimitLayer`'s 413, a bare `StatusCode::INTERNAL_SERVER_ERROR`.
/// `Allow` and `Retry-After` are kept; a short plain-text 400/415/422 body is kept as
/// `detail`; anything of a 5xx body is dropped. Statuses without a problem type (e.g. 408)
/// pass through unchanged.
pub async fn problem_responses(response: Response) -> Response {
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    if !is_error || is_problem(response.headers()) {
        return response;
    }
    let Some(kind) = ProblemType::for_status(status) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let problem = match kind {
        ProblemType::NotFound => Problem::not_found(),
        ProblemType::MethodNotAllowed => Problem::method_not_allowed(),
        ProblemType::PayloadTooLarge => Problem::payload_too_large(MAX_BODY_BYTES),
        ProblemType::BadRequest | ProblemType::Validation | ProblemType::UnsupportedMediaType => {
            let detail = plain_text(&parts.headers, body).await;
            Problem::new(kind, detail.unwrap_or_else(|| kind.title().to_owned()))
        }
        ProblemType::Internal => {
            tracing::error!(%status, "an error response without a problem reached the edge");
            Problem::internal()
        }
        other => Problem::new(other, other.title()),
    };
    let mut mapped = problem.into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.get(&name) {
            mapped.headers_mut().insert(name, value.clone());
        }
    }
    mapped
}

fn is_problem(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(PROBLEM_CONTENT_TYPE))
}

/// A short `text/plain` body as a string, if that is what the response carries.
async fn plain_text(headers: &HeaderMap, body: axum::body::Body) -> Option<String> {
    let is_text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/plain"));
    if !is_text {
        return None;
    }
    let bytes = axum::body::to_bytes(body, MAX_FOREIGN_DETAIL_BYTES)
        .await
        .ok()?;
    let text = String::from_utf8(bytes.to_vec()).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests;
