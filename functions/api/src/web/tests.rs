use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

async fn get_path(path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = router::<()>()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn the_version_is_a_hash_of_the_files() {
    assert_eq!(VERSION.len(), 16);
    assert!(VERSION.chars().all(|c| c.is_ascii_hexdigit()));
}

#[tokio::test]
async fn the_index_is_not_cached_and_loads_only_hashed_files_from_this_origin() {
    let (status, headers, body) = get_path("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        CONTENT_SECURITY_POLICY
    );
    assert!(!body.contains("{{assets}}"), "placeholder left: {body}");
    assert!(body.contains(&format!("{}/boot.js", assets_base())));
    // The policy allows no inline code: the page must not need any.
    assert!(!body.contains("<style"), "inline style in index.html");
    assert!(
        !body.contains(" style="),
        "inline style attribute in index.html"
    );
    for tag in body.split("<script").skip(1) {
        assert!(
            tag.contains("src="),
            "inline script in index.html: <script{tag}"
        );
    }
}

#[tokio::test]
async fn every_file_the_page_references_is_served_immutable() {
    let (_, _, index) = get_path("/").await;
    let base = assets_base();
    let referenced: Vec<&str> = index
        .split('"')
        .filter(|part| part.starts_with(&base))
        .collect();
    assert!(referenced.len() >= 3, "{referenced:?}");
    for path in referenced {
        let (status, headers, _) = get_path(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], IMMUTABLE, "{path}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}

#[tokio::test]
async fn relative_module_imports_resolve_to_embedded_files() {
    for asset in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
        let text = std::str::from_utf8(asset.bytes).expect("utf-8");
        for line in text
            .lines()
            .filter(|l| l.trim_start().starts_with("import "))
        {
            if let Some(start) = line.find("\"./") {
                let rest = &line[start + 3..];
                let name = rest.split('"').next().unwrap_or_default();
                assert!(
                    ASSETS.iter().any(|a| a.name == name),
                    "{} imports {name}, which is not embedded",
                    asset.name
                );
            }
        }
    }
}

#[tokio::test]
async fn another_version_or_an_unknown_file_is_not_found() {
    let (status, headers, _) = get_path("/assets/0000000000000000/email-senders.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    let (status, _, _) = get_path(&format!("{}/nope.js", assets_base())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_entry_for_hosts_reexports_the_hashed_module() {
    let (status, headers, body) = get_path("/email-senders.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(body.contains(&format!("\".{}/email-senders.js\"", assets_base())));
}

#[test]
fn only_the_screen_is_public() {
    assert!(is_public("/"));
    assert!(is_public("/email-senders.js"));
    assert!(is_public("/assets/abc/api.js"));
    assert!(!is_public("/v1/domains"));
    assert!(!is_public("/v1/senders/default"));
}
