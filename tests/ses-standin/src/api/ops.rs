//! Names each SESv2 route as its operation, counts the call, injects faults, and stamps every
//! answer with an `x-amzn-RequestId`.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method};
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
/// Tag, Untag and ListTagsForResource.
pub const TAGS: &str = "/v2/email/tags";
/// CreateConfigurationSet.
pub const CONFIGURATION_SETS: &str = "/v2/email/configuration-sets";

/// The header every SESv2 answer carries.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";

/// Every served route: method, axum path, operation. The conformance test checks each against
/// the model's `http.method` and `http.requestUri`.
pub const ROUTES: [(&str, &str, &str); 15] = [
    ("POST", IDENTITIES, "CreateEmailIdentity"),
    ("GET", IDENTITIES, "ListEmailIdentities"),
    ("POST", LIST_IDENTITIES, "ListEmailIdentities"),
    ("GET", IDENTITY, "GetEmailIdentity"),
    ("DELETE", IDENTITY, "DeleteEmailIdentity"),
    ("PUT", MAIL_FROM, "PutEmailIdentityMailFromAttributes"),
    ("PUT", SUPPRESSIONS, "PutSuppressedDestination"),
    ("GET", SUPPRESSIONS, "ListSuppressedDestinations"),
    ("GET", SUPPRESSION, "GetSuppressedDestination"),
    ("DELETE", SUPPRESSION, "DeleteSuppressedDestination"),
    ("POST", TAGS, "TagResource"),
    ("DELETE", TAGS, "UntagResource"),
    ("GET", TAGS, "ListTagsForResource"),
    ("POST", CONFIGURATION_SETS, "CreateConfigurationSet"),
    ("GET", CONFIGURATION_SET, "GetConfigurationSet"),
];

/// The SESv2 operation a route implements.
pub fn operation(method: &Method, route: &str) -> Option<&'static str> {
    ROUTES
        .iter()
        .find(|(verb, path, _)| *verb == method.as_str() && *path == route)
        .map(|(_, _, name)| *name)
}

/// One configuration set.
pub const CONFIGURATION_SET: &str = "/v2/email/configuration-sets/{name}";

/// Middleware on the SESv2 routes: logs the call, answers an injected fault when the fault
/// rules say so, and stamps the answer with a request id.
pub async fn count_and_inject(
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
        return with_request_id(&shared, next.run(request).await);
    };
    let fault = lock(&shared.calls).record(operation);
    tracing::info!(
        operation,
        fault = fault.as_ref().map(ApiError::code),
        "SESv2 call"
    );
    let response = match fault {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    with_request_id(&shared, response)
}

/// Adds a fresh `x-amzn-RequestId` (a UUID, as SES sends).
pub fn with_request_id(shared: &Shared, mut response: Response) -> Response {
    let id = lock(&shared.calls).next_request_id();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
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
        assert_eq!(operation(&Method::DELETE, TAGS), Some("UntagResource"));
        assert_eq!(operation(&Method::PATCH, IDENTITY), None);
    }
}
