//! The closed set of problem types: stable URI, title and status for each.

use axum::http::StatusCode;
use domain::error::Conflict;

use super::PROBLEM_TYPE_BASE;

/// The closed set of problem types. Each has a stable URI, a fixed title and a fixed status.
/// Every state conflict a use case can refuse with is its own type (all 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemType {
    Validation,
    InvalidParameter,
    MalformedBody,
    BadRequest,
    UnsupportedMediaType,
    PayloadTooLarge,
    Unauthenticated,
    Forbidden,
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    Conflict(Conflict),
    SesRejected,
    ServiceUnavailable,
    IdentityQuotaExhausted,
    SesConfigurationSetMissing,
    TenantQuotaExceeded,
    TooManyRequests,
    SesBudgetSpent,
    Internal,
}

impl ProblemType {
    /// Every problem type, e.g. for documentation or exhaustive tests.
    pub fn all() -> impl Iterator<Item = ProblemType> {
        Self::PLAIN
            .into_iter()
            .chain(Conflict::ALL.into_iter().map(Self::Conflict))
    }

    /// The types that are not conflicts.
    const PLAIN: [ProblemType; 19] = [
        Self::Validation,
        Self::InvalidParameter,
        Self::MalformedBody,
        Self::BadRequest,
        Self::UnsupportedMediaType,
        Self::PayloadTooLarge,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::NotFound,
        Self::RouteNotFound,
        Self::MethodNotAllowed,
        Self::SesRejected,
        Self::ServiceUnavailable,
        Self::IdentityQuotaExhausted,
        Self::SesConfigurationSetMissing,
        Self::TenantQuotaExceeded,
        Self::TooManyRequests,
        Self::SesBudgetSpent,
        Self::Internal,
    ];

    /// The last path segment of the type URI.
    pub const fn slug(self) -> &'static str {
        self.spec().0
    }

    /// The short, human-readable summary; the same for every occurrence of the type.
    pub const fn title(self) -> &'static str {
        self.spec().1
    }

    /// The HTTP status a problem of this type is sent with.
    pub const fn status(self) -> StatusCode {
        self.spec().2
    }

    /// The full, stable type URI, e.g. `https://email-senders.dev/problems/not-found`.
    pub fn uri(self) -> String {
        format!("{PROBLEM_TYPE_BASE}{}", self.slug())
    }

    const fn spec(self) -> (&'static str, &'static str, StatusCode) {
        match self {
            Self::Validation => (
                "validation-error",
                "The request body has invalid fields",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Self::InvalidParameter => (
                "invalid-parameter",
                "A request parameter is invalid",
                StatusCode::BAD_REQUEST,
            ),
            Self::MalformedBody => (
                "malformed-body",
                "The request body is not valid JSON",
                StatusCode::BAD_REQUEST,
            ),
            Self::BadRequest => (
                "bad-request",
                "The request is invalid",
                StatusCode::BAD_REQUEST,
            ),
            Self::UnsupportedMediaType => (
                "unsupported-media-type",
                "The request body must be application/json",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            Self::PayloadTooLarge => (
                "payload-too-large",
                "The request body is too large",
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            Self::Unauthenticated => (
                "unauthenticated",
                "Authentication is required",
                StatusCode::UNAUTHORIZED,
            ),
            Self::Forbidden => (
                "forbidden",
                "The caller may not do this",
                StatusCode::FORBIDDEN,
            ),
            Self::NotFound => (
                "not-found",
                "The resource was not found",
                StatusCode::NOT_FOUND,
            ),
            Self::RouteNotFound => (
                "route-not-found",
                "The API has no such route",
                StatusCode::NOT_FOUND,
            ),
            Self::MethodNotAllowed => (
                "method-not-allowed",
                "The method is not allowed on this resource",
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            Self::Conflict(conflict) => (
                conflict.code(),
                conflict_title(conflict),
                StatusCode::CONFLICT,
            ),
            Self::SesRejected => (
                "ses-rejected",
                "Amazon SES rejected the name or address",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Self::ServiceUnavailable => (
                "service-unavailable",
                "The service is temporarily unavailable",
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            // 507, not 503: the account's SES identity quota is full, which no retry can fix
            // (503 tells clients, proxies and SDKs to retry). 507 Insufficient Storage says
            // the server cannot store what the request needs to create.
            Self::IdentityQuotaExhausted => (
                "identity-quota-exhausted",
                "The email service cannot hold more sending identities",
                StatusCode::INSUFFICIENT_STORAGE,
            ),
            Self::SesConfigurationSetMissing => (
                "ses-configuration-set-missing",
                "The deployment names an SES configuration set that does not exist",
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            // 409: the tenant's own holdings conflict with the request; deleting one makes room.
            Self::TenantQuotaExceeded => (
                "tenant-quota-exceeded",
                "The tenant holds as many of these as it may",
                StatusCode::CONFLICT,
            ),
            Self::TooManyRequests => (
                "too-many-requests",
                "Asked too often; retry after the delay in `Retry-After`",
                StatusCode::TOO_MANY_REQUESTS,
            ),
            // 429, not 503: the service is up; the SES budget all tenants share is spent for
            // a moment (or this tenant's share of it), and `Retry-After` says when to ask again.
            Self::SesBudgetSpent => (
                "ses-budget-spent",
                "The shared Amazon SES budget is spent for now; retry after `Retry-After`",
                StatusCode::TOO_MANY_REQUESTS,
            ),
            Self::Internal => (
                "internal",
                "An unexpected error occurred",
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        }
    }

    /// The problem type that owns `status`, if any (used to turn foreign error responses,
    /// such as axum's own rejections, into problems). A plain 400 maps to `bad-request`
    /// and any 5xx other than 503 to `internal`; 409 has no generic type (only use cases
    /// answer it, each conflict with its own).
    pub fn for_status(status: StatusCode) -> Option<Self> {
        let kind = match status {
            StatusCode::BAD_REQUEST => Self::BadRequest,
            StatusCode::UNAUTHORIZED => Self::Unauthenticated,
            StatusCode::FORBIDDEN => Self::Forbidden,
            StatusCode::NOT_FOUND => Self::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => Self::Validation,
            StatusCode::TOO_MANY_REQUESTS => Self::TooManyRequests,
            StatusCode::SERVICE_UNAVAILABLE => Self::ServiceUnavailable,
            other if other.is_server_error() => Self::Internal,
            _ => return None,
        };
        Some(kind)
    }
}

const fn conflict_title(conflict: Conflict) -> &'static str {
    match conflict {
        Conflict::SubdomainAlreadyAdded => "This tenant already added the subdomain",
        Conflict::SubdomainHeldElsewhere => {
            "The subdomain, or a name above or below it, is held by another account"
        }
        Conflict::SubdomainInUse => "Senders still use the subdomain",
        Conflict::AddressTaken => "A sender already uses the address",
        Conflict::AddressOnOwnSubdomain => "The address is on one of this tenant's subdomains",
        Conflict::AddressHeldElsewhere => "The address is on another account's subdomain",
        Conflict::AlreadyVerified => "It is verified already",
        Conflict::NotAnEmailSender => "Only an email sender has a verification email",
        Conflict::DefaultSenderReadOnly => "The platform default sender is read-only",
        Conflict::SenderNotPaused => "The sender is not paused",
        Conflict::AlreadySuppressed => "The address is on the suppression list already",
        Conflict::ChangedMeanwhile => "Another request changed it meanwhile; try again",
        Conflict::InUseOutsideService => {
            "The name is in use in the sending account outside this service"
        }
        Conflict::SubdomainPendingElsewhere => {
            "The subdomain is held by another account pending verification"
        }
        Conflict::AddressPendingElsewhere => {
            "The address is held by another account's sender pending verification"
        }
    }
}
