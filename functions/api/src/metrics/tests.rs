//! The request metrics through a tiny router, the way `main` layers the real one.

use std::sync::Mutex;

use axum::body::Body;
use axum::routing::get;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;

fn collecting() -> (Sink, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let into = seen.clone();
    let sink: Sink = Arc::new(move |metrics: Metrics| {
        into.lock().expect("lock").push(metrics.document(0));
    });
    (sink, seen)
}

async fn call(router: &Router, method: &str, path: &str) -> StatusCode {
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .expect("request");
    router
        .clone()
        .oneshot(request)
        .await
        .expect("response")
        .status()
}

fn router(sink: Sink) -> Router {
    let routes = Router::new()
        .route("/v1/things/{id}", get(|| async { "thing" }))
        .route(
            "/v1/broken",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        );
    layer(routes, "EmailSenders/test".into(), sink)
}

#[tokio::test]
async fn each_request_is_counted_by_route_template_and_status_class() {
    let (sink, seen) = collecting();
    let router = router(sink);
    assert_eq!(
        call(&router, "GET", "/v1/things/t-123").await,
        StatusCode::OK
    );
    assert_eq!(
        call(&router, "GET", "/v1/broken").await,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        call(&router, "GET", "/v1/nowhere/t-456").await,
        StatusCode::NOT_FOUND
    );

    let docs = seen.lock().expect("lock").clone();
    let dims: Vec<(Value, Value)> = docs
        .iter()
        .map(|d| (d["Route"].clone(), d["StatusClass"].clone()))
        .collect();
    assert_eq!(
        dims,
        vec![
            (json!("GET /v1/things/{id}"), json!("2xx")),
            (json!("GET /v1/broken"), json!("5xx")),
            (json!("GET unmatched"), json!("4xx")),
        ],
        "the template, never the id; unknown paths share one value"
    );
    for doc in &docs {
        assert_eq!(doc["Function"], "api");
        assert_eq!(doc["ApiRequests"], json!(1.0));
        assert!(doc["ApiLatency"].as_f64().is_some_and(|ms| ms >= 0.0));
        assert_eq!(
            doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json!([["Function", "Route", "StatusClass"]])
        );
    }
}

#[test]
fn status_classes() {
    assert_eq!(status_class(StatusCode::CREATED), "2xx");
    assert_eq!(status_class(StatusCode::NOT_MODIFIED), "3xx");
    assert_eq!(status_class(StatusCode::TOO_MANY_REQUESTS), "4xx");
    assert_eq!(status_class(StatusCode::SERVICE_UNAVAILABLE), "5xx");
}
