//! Just enough HS256 JWT (RFC 7519) to sign dev tokens and verify them like API Gateway would.

use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Map, Value, json};
use sha2::Sha256;

/// Name of the environment variable holding the dev signing secret.
pub const SECRET_ENV_VAR: &str = "DEV_JWT_SECRET";

/// Fewest secret bytes accepted (the HS256 key should be at least as long as the hash).
const MIN_SECRET_BYTES: usize = 32;

/// Why a secret cannot sign tokens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("{SECRET_ENV_VAR} is not set (or not UTF-8)")]
    Missing,
    #[error("the JWT secret has {0} bytes; use at least {MIN_SECRET_BYTES}")]
    TooShort(usize),
}

/// Why a bearer token is refused; each becomes the `detail` of a 401 problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("send `Authorization: Bearer <jwt>`")]
    MissingBearer,
    #[error("the token is not a JWT (three base64url parts of JSON)")]
    Malformed,
    #[error("the token is signed with `{0}`; only HS256 is accepted")]
    UnsupportedAlgorithm(String),
    #[error("the token signature does not match")]
    BadSignature,
    #[error("the token has no numeric `exp` claim")]
    MissingExpiry,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet (`nbf`)")]
    NotYetValid,
}

/// An HS256 key, checked once: signing and verifying with it cannot fail.
#[derive(Clone)]
pub struct DevJwtSecret {
    mac: Hmac<Sha256>,
}

impl DevJwtSecret {
    /// A secret of at least 32 bytes.
    pub fn new(secret: &[u8]) -> Result<Self, SecretError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(SecretError::TooShort(secret.len()));
        }
        // HMAC takes keys of any length; the error branch only keeps this free of panics.
        let mac = Hmac::new_from_slice(secret).map_err(|_| SecretError::TooShort(secret.len()))?;
        Ok(Self { mac })
    }

    /// The secret in [`SECRET_ENV_VAR`].
    pub fn from_env() -> Result<Self, SecretError> {
        let secret = std::env::var(SECRET_ENV_VAR).map_err(|_| SecretError::Missing)?;
        Self::new(secret.as_bytes())
    }

    /// A compact HS256 JWT carrying `claims`.
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let header = URL_SAFE_NO_PAD.encode(json!({ "alg": "HS256", "typ": "JWT" }).to_string());
        let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());
        let signature =
            URL_SAFE_NO_PAD.encode(self.keyed(&header, &payload).finalize().into_bytes());
        format!("{header}.{payload}.{signature}")
    }

    /// The claims of `token` if it is an HS256 JWT signed with this secret, with an `exp`
    /// after `now` and no `nbf` after `now` (both in seconds since the epoch).
    pub fn verify(&self, token: &str, now: i64) -> Result<Map<String, Value>, TokenError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let JwtHeader { alg } = decode_part(header)?;
        if alg != "HS256" {
            return Err(TokenError::UnsupportedAlgorithm(alg));
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        self.keyed(header, payload)
            .verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        let claims: Map<String, Value> = decode_part(payload)?;
        // NumericDate may be fractional (RFC 7519 §2), so compare as f64.
        let now = now as f64;
        let expiry = claims
            .get("exp")
            .and_then(Value::as_f64)
            .ok_or(TokenError::MissingExpiry)?;
        if now >= expiry {
            return Err(TokenError::Expired);
        }
        if claims
            .get("nbf")
            .and_then(Value::as_f64)
            .is_some_and(|nbf| now < nbf)
        {
            return Err(TokenError::NotYetValid);
        }
        Ok(claims)
    }

    /// The MAC over the signing input `header.payload`.
    fn keyed(&self, header: &str, payload: &str) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        mac.update(header.as_bytes());
        mac.update(b".");
        mac.update(payload.as_bytes());
        mac
    }
}

impl fmt::Debug for DevJwtSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DevJwtSecret(<redacted>)")
    }
}

#[derive(Deserialize)]
struct JwtHeader {
    alg: String,
}

fn decode_part<T: DeserializeOwned>(part: &str) -> Result<T, TokenError> {
    let json = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)
}
