//! Named constructors for the common problems, so handlers read `Problem::not_found()`.

use std::time::Duration;

use domain::error::Conflict;

use super::{FieldError, Problem, ProblemType};

impl Problem {
    /// 422 `validation-error`: a well-formed body whose fields are invalid.
    pub fn validation(errors: impl IntoIterator<Item = FieldError>) -> Self {
        Self::new(
            ProblemType::Validation,
            "One or more fields are invalid; see `errors`.",
        )
        .with_errors(errors)
    }

    /// 400 `invalid-parameter`: one bad query or path parameter, named without a pointer.
    pub fn invalid_parameter(
        name: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let name = name.into();
        Self::new(
            ProblemType::InvalidParameter,
            format!("The `{name}` parameter is invalid."),
        )
        .with_errors([FieldError::new(name, code, message)])
    }

    /// 400 `malformed-body`: the body is empty or not JSON; `detail` says where it broke.
    pub fn malformed_body(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::MalformedBody, detail)
    }

    /// 400 `bad-request`: any other unreadable request.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::BadRequest, detail)
    }

    /// 415 `unsupported-media-type`.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            ProblemType::UnsupportedMediaType,
            "Send the body with `Content-Type: application/json` (UTF-8).",
        )
    }

    /// 413 `payload-too-large`, naming the limit in bytes.
    pub fn payload_too_large(limit_bytes: usize) -> Self {
        Self::new(
            ProblemType::PayloadTooLarge,
            format!("The request body must not exceed {limit_bytes} bytes."),
        )
    }

    /// 401 `unauthenticated`; sent with `WWW-Authenticate: Bearer`.
    pub fn unauthenticated(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::Unauthenticated, detail)
    }

    /// 403 `forbidden`.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::Forbidden, detail)
    }

    /// 404 `not-found`. Also the answer for another tenant's resource: never reveal it exists.
    pub fn not_found() -> Self {
        Self::new(ProblemType::NotFound, "No resource exists at this address.")
    }

    /// 404 `route-not-found`: no route matches the path (an unknown id on a known route is
    /// [`Self::not_found`]).
    pub fn route_not_found(method: &str, path: &str) -> Self {
        let path: String = path.chars().take(200).collect();
        Self::new(
            ProblemType::RouteNotFound,
            format!("No route matches {method} {path}; GET /openapi.json lists the API's routes."),
        )
    }

    /// 405 `method-not-allowed`.
    pub fn method_not_allowed() -> Self {
        Self::new(
            ProblemType::MethodNotAllowed,
            "This resource does not support the request method; see the `Allow` header.",
        )
    }

    /// 409, one type per kind of conflict, e.g. `address-taken`.
    pub fn conflict(conflict: Conflict, detail: impl Into<String>) -> Self {
        Self::new(ProblemType::Conflict(conflict), detail)
    }

    /// 503 `service-unavailable` with `Retry-After` (whole seconds, at least 1), e.g. when
    /// SES or DynamoDB throttles us.
    pub fn service_unavailable(retry_after: Duration) -> Self {
        let mut problem = Self::new(
            ProblemType::ServiceUnavailable,
            "A dependency is busy; retry after the delay in `Retry-After`.",
        );
        problem.retry_after = Some(retry_after);
        problem
    }

    /// 507 `identity-quota-exhausted`: SES holds as many identities as the account may
    /// (10,000 per region). Deliberately no `Retry-After`: only an operator can make room.
    pub fn identity_quota_exhausted() -> Self {
        Self::new(
            ProblemType::IdentityQuotaExhausted,
            "The service's Amazon SES account holds as many sending identities as it may, so \
             nothing new can be added until the operator makes room. Nothing was kept; the \
             operator has been alerted.",
        )
    }

    /// 500 `ses-configuration-set-missing`: a deployment error, never the caller's.
    pub fn ses_configuration_set_missing() -> Self {
        Self::new(
            ProblemType::SesConfigurationSetMissing,
            "The service is deployed with an Amazon SES configuration set that does not exist. \
             Nothing was kept; the operator must fix the deployment.",
        )
    }

    /// 500 `internal`. The detail is fixed: internals never reach the client.
    pub fn internal() -> Self {
        Self::new(
            ProblemType::Internal,
            "The request failed unexpectedly; it has been logged.",
        )
    }

    /// 500 `internal` after logging `error` (with its source chain) at error level.
    pub fn internal_error(error: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(error = %chain, "request failed unexpectedly");
        Self::internal()
    }
}
