//! RFC 9457 problem details: the one error shape this API answers with.
//!
//! Every error response is `application/problem+json` whose `type` is one of the stable URIs
//! of [`ProblemType`] (clients switch on `type`, never on `title` or `detail`). Field-level
//! errors go in the `errors` extension member; each names its field with a JSON Pointer
//! (RFC 6901) into the request body such as `/name` or `/records/0/value`, or with the bare
//! parameter name (`limit`, `cursor`) for query and path parameters.
//!
//! Status choices: `validation-error` (422) is a well-formed JSON body whose fields are wrong;
//! `malformed-body` (400) is a body that is not JSON at all (or empty); `invalid-parameter`
//! (400) is a bad query or path parameter; `bad-request` (400) is any other unreadable request.

use std::{borrow::Cow, fmt, time::Duration};

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

mod constructors;
mod kind;

pub use kind::ProblemType;

/// Base of every problem type URI; a type URI is this base followed by the type's slug.
pub const PROBLEM_TYPE_BASE: &str = "https://email-senders.dev/problems/";

/// The media type of every error response.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// One invalid field or parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// A JSON Pointer into the body (`/name`), or a bare query/path parameter name (`limit`).
    pub field: String,
    /// A stable snake_case code, e.g. `required`, `unknown_field`, `invalid_type`.
    pub code: Cow<'static, str>,
    /// A human-readable explanation.
    pub message: String,
}

impl FieldError {
    /// A field error from its three parts.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem; converts into an `application/problem+json` response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    kind: ProblemType,
    detail: String,
    errors: Vec<FieldError>,
    instance: Option<String>,
    retry_after: Option<Duration>,
    /// The caller's resource a create found already there: `existing_id` and `Location`.
    existing: Option<Box<(String, String)>>,
    /// Boxed: most problems have none, and `Result<_, Problem>` stays small.
    extensions: Option<Box<serde_json::Map<String, serde_json::Value>>>,
}

impl Problem {
    /// A problem of `kind` with an occurrence-specific, client-safe `detail`.
    pub fn new(kind: ProblemType, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            instance: None,
            retry_after: None,
            existing: None,
            extensions: None,
        }
    }

    /// Names the caller's existing resource: the `existing_id` member and a `Location`.
    pub fn with_existing(mut self, id: impl Into<String>, location: impl Into<String>) -> Self {
        self.existing = Some(Box::new((id.into(), location.into())));
        self
    }

    /// Adds field errors (the `errors` member).
    pub fn with_errors(mut self, errors: impl IntoIterator<Item = FieldError>) -> Self {
        self.errors.extend(errors);
        self
    }

    /// Sets the `instance` member: a URI reference naming this occurrence (e.g. the request path).
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Adds an extension member (RFC 9457 section 3.2), e.g. a quota's `limit`.
    pub fn with_extension(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.extensions
            .get_or_insert_default()
            .insert(name.to_owned(), value.into());
        self
    }

    /// Sets `Retry-After`.
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    pub fn kind(&self) -> ProblemType {
        self.kind
    }

    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.title(), self.detail)
    }
}

impl std::error::Error for Problem {}

/// The wire form of a problem.
#[derive(Serialize)]
struct ProblemBody<'a> {
    #[serde(rename = "type")]
    type_: String,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<&'a str>,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_id: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    extensions: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = ProblemBody {
            type_: self.kind.uri(),
            title: self.kind.title(),
            status: self.status().as_u16(),
            detail: &self.detail,
            instance: self.instance.as_deref(),
            errors: &self.errors,
            existing_id: self.existing.as_deref().map(|(id, _)| id.as_str()),
            extensions: self.extensions.as_deref(),
        };
        let mut response = (self.status(), Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if self.kind == ProblemType::Unauthenticated {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(location) = self
            .existing
            .as_deref()
            .and_then(|(_, location)| HeaderValue::from_str(location).ok())
        {
            headers.insert(header::LOCATION, location);
        }
        if let Some(wait) = self.retry_after {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(wait.as_secs().max(1)),
            );
        }
        response
    }
}

#[cfg(test)]
pub(crate) mod tests;
