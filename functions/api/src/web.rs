//! The Email Senders screen: plain HTML, CSS and JavaScript modules from `functions/api/web/`,
//! embedded in the binary and served without a token (the JSON API under `/v1` keeps
//! requiring one; the page calls it with the token its host hands it).
//!
//! | path | what | caching |
//! |---|---|---|
//! | `/` | the standalone page (`index.html`) | `no-cache` |
//! | `/email-senders.js` | a stable entry for host applications: re-exports the hashed module | `no-cache` |
//! | `/assets/{version}/{file}` | the files, under a hash of all of them | one year, `immutable` |
//!
//! `version` is a SHA-256 over every embedded file, so any change gives every file a new URL
//! and a cached copy can never be stale; modules keep importing each other by relative path.
//! Every response carries a strict Content-Security-Policy: scripts, styles and connections
//! only from this origin, nothing inline.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::problem::Problem;

/// The screen's Content-Security-Policy.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// Cache-Control of the hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

macro_rules! assets {
    ($($name:literal => $type:literal),+ $(,)?) => {
        &[$(Asset {
            name: $name,
            content_type: $type,
            bytes: include_bytes!(concat!("../web/", $name)),
        }),+]
    };
}

const JS: &str = "text/javascript; charset=utf-8";

static ASSETS: &[Asset] = assets! {
    "email-senders.js" => "text/javascript; charset=utf-8",
    "api.js" => "text/javascript; charset=utf-8",
    "dom.js" => "text/javascript; charset=utf-8",
    "format.js" => "text/javascript; charset=utf-8",
    "records.js" => "text/javascript; charset=utf-8",
    "domains-view.js" => "text/javascript; charset=utf-8",
    "senders-view.js" => "text/javascript; charset=utf-8",
    "suppressions-view.js" => "text/javascript; charset=utf-8",
    "reputation-view.js" => "text/javascript; charset=utf-8",
    "forms.js" => "text/javascript; charset=utf-8",
    "boot.js" => "text/javascript; charset=utf-8",
    "email-senders.css" => "text/css; charset=utf-8",
    "page.css" => "text/css; charset=utf-8",
    "favicon.svg" => "image/svg+xml",
};

const INDEX_TEMPLATE: &str = include_str!("../web/index.html");

/// The hash every asset URL carries: SHA-256 over each file's name, length and bytes.
pub static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash = Sha256::new();
    for asset in ASSETS {
        hash.update(asset.name.as_bytes());
        hash.update((asset.bytes.len() as u64).to_be_bytes());
        hash.update(asset.bytes);
    }
    hash.finalize()[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
});

/// Where the current assets live: `/assets/<version>`.
pub fn assets_base() -> String {
    format!("/assets/{}", *VERSION)
}

static INDEX: LazyLock<String> =
    LazyLock::new(|| INDEX_TEMPLATE.replace("{{assets}}", &assets_base()));

static ENTRY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "// The Email Senders element; this file is not cached, the module it loads is.\n\
         export * from \".{}/email-senders.js\";\n",
        assets_base()
    )
});

/// The screen's routes; merge them beside the API's. None of them reads a token.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/email-senders.js", get(entry))
        .route("/assets/{version}/{file}", get(asset))
}

/// True for the paths [`router`] serves: API Gateway routes them without the JWT authorizer
/// (infra/template.yaml), and so does the local dev authorizer.
pub fn is_public(path: &str) -> bool {
    path == "/" || path == "/email-senders.js" || path.starts_with("/assets/")
}

async fn index() -> Response {
    respond("text/html; charset=utf-8", "no-cache", INDEX.as_bytes())
}

async fn entry() -> Response {
    respond(JS, "no-cache", ENTRY.as_bytes())
}

async fn asset(Path((version, file)): Path<(String, String)>) -> Response {
    if version != *VERSION {
        // An older or newer deployment's URL: never answer it with other bytes.
        return Problem::not_found().into_response();
    }
    match ASSETS.iter().find(|asset| asset.name == file) {
        Some(asset) => respond(asset.content_type, IMMUTABLE, asset.bytes),
        None => Problem::not_found().into_response(),
    }
}

fn respond(content_type: &'static str, cache: &'static str, body: &'static [u8]) -> Response {
    let headers: [(HeaderName, HeaderValue); 6] = [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        // Public files: a host application on another origin may load the module.
        (
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ),
    ];
    (headers, body).into_response()
}

#[cfg(test)]
mod tests;
