//! Opaque pagination cursors and the `?limit=&cursor=` query parameters.
//!
//! A cursor is base64url (no padding) of a small JSON envelope: a version tag, the tenant it
//! was issued to, and the caller's position (for instance the last key of the page). Decoding
//! checks all three, so garbage, a cursor from another version, or another tenant's cursor all
//! give the same 400 `invalid-parameter` problem on `cursor`, never a 500.
//!
//! A cursor is not signed: a client can read it and forge one **for its own tenant**. Treat
//! the position as untrusted input: rebuild storage keys from the caller's tenant plus the
//! position's fields rather than passing a decoded key straight to the database.

use axum::{
    extract::{FromRequestParts, Query},
    http::request::Parts,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use domain::tenant::TenantId;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::problem::{Problem, ProblemType};

/// The envelope version written today; a change to the envelope bumps it.
const VERSION: u8 = 1;

/// Longest cursor accepted, in characters; anything longer is not one of ours.
const MAX_CURSOR_CHARS: usize = 2048;

/// Why a cursor was refused; all of them reach the client as the same problem.
#[derive(Debug, thiserror::Error)]
enum CursorError {
    #[error("the cursor is longer than {MAX_CURSOR_CHARS} characters")]
    TooLong,
    #[error("the cursor is not base64url: {0}")]
    NotBase64(#[from] base64::DecodeError),
    #[error("the cursor does not hold the expected JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("the cursor has version {0}, not {VERSION}")]
    UnsupportedVersion(u8),
    #[error("the cursor was issued to another tenant")]
    OtherTenant,
}

#[derive(Serialize)]
struct EnvelopeRef<'a, P> {
    v: u8,
    t: &'a TenantId,
    p: &'a P,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<P> {
    /// Already checked through [`Versioned`]; kept so `deny_unknown_fields` accepts it.
    #[serde(rename = "v")]
    _version: u8,
    t: TenantId,
    p: P,
}

/// Encodes and decodes opaque, tenant-bound pagination cursors.
#[derive(Debug, Clone, Copy)]
pub struct Cursor;

impl Cursor {
    /// The cursor that resumes listing after `position`, for `tenant` only.
    pub fn encode<P: Serialize>(tenant: &TenantId, position: &P) -> Result<String, Problem> {
        let envelope = EnvelopeRef {
            v: VERSION,
            t: tenant,
            p: position,
        };
        let json =
            serde_json::to_vec(&envelope).map_err(|error| Problem::internal_error(&error))?;
        Ok(URL_SAFE_NO_PAD.encode(json))
    }

    /// The position inside `raw`, if `raw` is a current cursor issued to `tenant`; otherwise
    /// a 400 `invalid-parameter` problem on `cursor`.
    pub fn decode<P: DeserializeOwned>(tenant: &TenantId, raw: &str) -> Result<P, Problem> {
        Self::try_decode(tenant, raw).map_err(|error| {
            tracing::info!(%error, "refusing a pagination cursor");
            Problem::invalid_parameter(
                "cursor",
                "invalid_cursor",
                "The cursor was not issued by this API for this caller; \
                 restart the listing without a cursor.",
            )
        })
    }

    fn try_decode<P: DeserializeOwned>(tenant: &TenantId, raw: &str) -> Result<P, CursorError> {
        if raw.len() > MAX_CURSOR_CHARS {
            return Err(CursorError::TooLong);
        }
        let json = URL_SAFE_NO_PAD.decode(raw)?;
        // The version is read first so a future envelope reports a version, not a shape error.
        let version: Versioned = serde_json::from_slice(&json)?;
        if version.v != VERSION {
            return Err(CursorError::UnsupportedVersion(version.v));
        }
        let envelope: Envelope<P> = serde_json::from_slice(&json)?;
        if envelope.t != *tenant {
            return Err(CursorError::OtherTenant);
        }
        Ok(envelope.p)
    }
}

#[derive(Deserialize)]
struct Versioned {
    v: u8,
}

/// A page size: 1 to 100 items, 25 when the client does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageLimit(u32);

impl PageLimit {
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 100;
    pub const DEFAULT: PageLimit = PageLimit(25);

    /// Parses a `limit` query value.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let out_of_range = || {
            let message = format!(
                "limit must be a whole number from {} to {}",
                Self::MIN,
                Self::MAX
            );
            Problem::invalid_parameter("limit", "out_of_range", message)
        };
        // Digits only: `+5`, ` 5` and `` are not the integers the document describes.
        if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(out_of_range());
        }
        let value: u32 = raw.parse().map_err(|_| out_of_range())?;
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(out_of_range())
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for PageLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The `limit` and `cursor` query parameters of a list endpoint (other parameters are left
/// to other extractors). An empty value (`?limit=`, `?cursor=`) is refused like any other value
/// the OpenAPI document does not allow (a client meaning "absent" leaves it out). Decode `cursor` with
/// [`Cursor::decode`] once the caller is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    pub limit: PageLimit,
    pub cursor: Option<String>,
}

#[derive(Deserialize)]
struct RawPageParams {
    limit: Option<String>,
    cursor: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for PageParams {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Query(raw) = Query::<RawPageParams>::try_from_uri(&parts.uri).map_err(|rejection| {
            Problem::new(
                ProblemType::InvalidParameter,
                format!(
                    "The query string could not be read: {}",
                    rejection.body_text()
                ),
            )
        })?;
        let limit = match raw.limit.as_deref() {
            Some(value) => PageLimit::parse(value)?,
            None => PageLimit::DEFAULT,
        };
        if raw.cursor.as_deref() == Some("") {
            return Err(Problem::invalid_parameter(
                "cursor",
                "empty",
                "cursor is empty; leave it out to start from the first page",
            ));
        }
        Ok(Self {
            limit,
            cursor: raw.cursor,
        })
    }
}

#[cfg(test)]
mod tests;
