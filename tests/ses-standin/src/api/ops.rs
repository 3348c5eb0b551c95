//! Names each SESv2 route as its operation, counts the call, and injects throttling.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use crate::app::Shared;
use crate::sync::lock;

/// Identity routes.
pub const IDENTITIES: &str = "/v2/email/identities";
/// One identity.
pub const IDENTITY: &str = "/v2/email/identities/{identity}";
/// One identity's MAIL FROM attributes.
pub const MAIL_FROM: &str = "/v2/email/identities/{identity}/mail-from";
/// ListEmailIdentities as aws-sdk-sesv2 1.145 sends it (POST with a JSON body).
pub const LIST_IDENTITIES: &str = "/v2/email/list-identities";
/// The suppression list.
pub const SUPPRESSIONS: &str = "/v2/email/suppression/addresses";
/// One suppressed address.
pub const SUPPRESSION: &str = "/v2/email/suppression/addresses/{address}";

/// The SESv2 operation a route implements.
pub fn operation(method: &Method, route: &str) -> Option<&'static str> {
    let name = match (method.as_str(), route) {
        ("POST", IDENTITIES) => "CreateEmailIdentity",
        ("GET", IDENTITIES) | ("POST", LIST_IDENTITIES) => "ListEmailIdentities",
        ("GET", IDENTITY) => "GetEmailIdentity",
        ("DELETE", IDENTITY) => "DeleteEmailIdentity",
        ("PUT", MAIL_FROM) => "PutEmailIdentityMailFromAttributes",
        ("PUT", SUPPRESSIONS) => "PutSuppressedDestination",
        ("GET", SUPPRESSIONS) => "ListSuppressedDestinations",
        ("GET", SUPPRESSION) => "GetSuppressedDestination",
        ("DELETE", SUPPRESSION) => "DeleteSuppressedDestination",
        _ => return None,
    };
    Some(name)
}

/// Middleware on the SESv2 routes: logs the call, then answers `TooManyRequestsException`
/// when the fault injector says so.
pub async fn count_and_throttle(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_default();
    let Some(operation) = operation(request.method(), &route) else {
        return next.run(request).await;
    };
    let throttled = lock(&shared.calls).record(operation);
    tracing::info!(operation, throttled, "SESv2 call");
    if throttled {
        return ApiError::TooManyRequests.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_operations() {
        assert_eq!(
            operation(&Method::POST, IDENTITIES),
            Some("CreateEmailIdentity")
        );
        assert_eq!(
            operation(&Method::POST, LIST_IDENTITIES),
            Some("ListEmailIdentities")
        );
        assert_eq!(
            operation(&Method::PUT, MAIL_FROM),
            Some("PutEmailIdentityMailFromAttributes")
        );
        assert_eq!(operation(&Method::PATCH, IDENTITY), None);
    }
}
