//! SESv2 errors in the REST-JSON shape the SDK parses: the `x-amzn-ErrorType` header names the
//! exception, the JSON body carries `message`, and the status code is the one the model gives
//! the exception (`error.httpStatusCode` in botocore's `service-2.json`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::StoreError;

/// An SESv2 exception.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// `AlreadyExistsException` (400).
    #[error("{0}")]
    AlreadyExists(String),
    /// `BadRequestException` (400).
    #[error("{0}")]
    BadRequest(String),
    /// `ConcurrentModificationException` (500, a fault in the model).
    #[error("{0}")]
    ConcurrentModification(String),
    /// `InvalidNextTokenException` (400).
    #[error("{0}")]
    InvalidNextToken(String),
    /// `LimitExceededException` (400): too many instances of a resource (the identity quota).
    #[error("{0}")]
    LimitExceeded(String),
    /// `NotFoundException` (404).
    #[error("{0}")]
    NotFound(String),
    /// `TooManyRequestsException` (429).
    #[error("Rate exceeded")]
    TooManyRequests,
    /// An operation the stand-in does not implement (404).
    #[error("{0}")]
    UnknownOperation(String),
}

/// Every exception the stand-in can answer with, by its model name.
#[cfg(test)]
pub const ERROR_CODES: [&str; 7] = [
    "AlreadyExistsException",
    "BadRequestException",
    "ConcurrentModificationException",
    "InvalidNextTokenException",
    "LimitExceededException",
    "NotFoundException",
    "TooManyRequestsException",
];

impl ApiError {
    /// The exception `code` (one of [`ERROR_CODES`]) with `message`, as fault injection asks.
    pub fn from_code(code: &str, message: String) -> Option<Self> {
        let error = match code {
            "AlreadyExistsException" => Self::AlreadyExists(message),
            "BadRequestException" => Self::BadRequest(message),
            "ConcurrentModificationException" => Self::ConcurrentModification(message),
            "InvalidNextTokenException" => Self::InvalidNextToken(message),
            "LimitExceededException" => Self::LimitExceeded(message),
            "NotFoundException" => Self::NotFound(message),
            "TooManyRequestsException" => Self::TooManyRequests,
            _ => return None,
        };
        Some(error)
    }

    /// The exception name SES uses.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyExists(_) => "AlreadyExistsException",
            Self::BadRequest(_) => "BadRequestException",
            Self::ConcurrentModification(_) => "ConcurrentModificationException",
            Self::InvalidNextToken(_) => "InvalidNextTokenException",
            Self::LimitExceeded(_) => "LimitExceededException",
            Self::NotFound(_) => "NotFoundException",
            Self::TooManyRequests => "TooManyRequestsException",
            Self::UnknownOperation(_) => "UnknownOperationException",
        }
    }

    /// The HTTP status SES answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::AlreadyExists(_)
            | Self::BadRequest(_)
            | Self::InvalidNextToken(_)
            | Self::LimitExceeded(_) => StatusCode::BAD_REQUEST,
            Self::ConcurrentModification(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::NotFound(_) | Self::UnknownOperation(_) => StatusCode::NOT_FOUND,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::AlreadyExists(message) => Self::AlreadyExists(message),
            StoreError::NotFound(message) | StoreError::Gone(message) => Self::NotFound(message),
            StoreError::BadRequest(message) => Self::BadRequest(message),
            StoreError::LimitExceeded(message) => Self::LimitExceeded(message),
            StoreError::InvalidNextToken(_) => Self::InvalidNextToken(error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "message": self.to_string() }));
        let mut response = (self.status(), body).into_response();
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(self.code()));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_sdk_error_type_header() {
        let response = ApiError::TooManyRequests.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response.headers().get("x-amzn-errortype").unwrap(),
            "TooManyRequestsException"
        );
        assert_eq!(
            ApiError::from(StoreError::AlreadyExists("x".into())).code(),
            "AlreadyExistsException"
        );
    }

    #[test]
    fn every_code_round_trips() {
        for code in ERROR_CODES {
            let error = ApiError::from_code(code, "m".to_owned()).unwrap();
            assert_eq!(error.code(), code);
        }
        assert_eq!(ApiError::from_code("NoSuchThing", String::new()), None);
    }
}
