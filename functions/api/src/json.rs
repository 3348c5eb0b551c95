//! [`ApiJson`]: the strict JSON body extractor every write endpoint uses.
//!
//! Checks run in this order, each with its own problem:
//! 1. body larger than [`MAX_BODY_BYTES`] → 413 `payload-too-large`;
//! 2. empty (or whitespace-only) body → 400 `malformed-body`;
//! 3. `Content-Type` other than `application/json` (optionally `; charset=utf-8`) → 415;
//! 4. not JSON → 400 `malformed-body` with the line and column;
//! 5. JSON that does not fit `T` (unknown field with `deny_unknown_fields`, wrong type, missing
//!    field, a newtype's `TryFrom` refusing the value) → 422 `validation-error` whose field
//!    error names the field with a JSON Pointer.
//!
//! Responses need no helper: return `axum::Json` (or `(StatusCode::CREATED, Json(..))`).

mod decode;

use std::error::Error as StdError;

use axum::{
    body::Body,
    extract::{FromRequest, Request},
    http::{HeaderMap, header},
};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

use crate::problem::Problem;

pub use decode::decode_json;

/// The largest request body the API accepts: 64 KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request body parsed as JSON into `T`; rejects with a [`Problem`] (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = read_body(&parts.headers, body).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Problem::malformed_body(
                "The request body is empty; this endpoint expects a JSON object.",
            ));
        }
        if !is_json_content_type(&parts.headers) {
            return Err(Problem::unsupported_media_type());
        }
        decode_json(&bytes).map(ApiJson)
    }
}

/// Reads at most [`MAX_BODY_BYTES`], refusing early when `Content-Length` already says more.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(Problem::payload_too_large(MAX_BODY_BYTES));
    }
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if is_length_limit(error.as_ref()) => {
            Err(Problem::payload_too_large(MAX_BODY_BYTES))
        }
        Err(error) => {
            tracing::warn!(error = %error, "could not read the request body");
            Err(Problem::bad_request("The request body could not be read."))
        }
    }
}

/// Whether `error`, or any error in its source chain, is a body length limit being hit
/// (ours, or an outer `RequestBodyLimitLayer`'s).
fn is_length_limit(error: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<LengthLimitError>() {
            return true;
        }
        current = error.source();
    }
    false
}

/// `application/json`, case-insensitive, with no parameter other than `charset=utf-8`.
pub fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut segments = value.split(';').map(str::trim);
    let essence = segments.next().unwrap_or_default();
    essence.eq_ignore_ascii_case("application/json")
        && segments
            .filter(|segment| !segment.is_empty())
            .all(is_utf8_charset)
}

fn is_utf8_charset(parameter: &str) -> bool {
    parameter.split_once('=').is_some_and(|(name, value)| {
        name.trim().eq_ignore_ascii_case("charset")
            && value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
    })
}

#[cfg(test)]
mod tests;
