//! The API's metrics (EMF, through `adapters::metrics`): one document per request with its
//! route (the matched path template, never the raw path with ids), method and status class,
//! counted as `ApiRequests` with its `ApiLatency`; then the DNS lookups the request made, by
//! outcome (`DnsLookups*`, dimension `Function` only).

use std::sync::Arc;
use std::time::{Duration, Instant};

use adapters::dns_counts::DNS_LOOKUPS;
use adapters::metrics::{Metrics, Unit};
use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use http::StatusCode;

/// Where the documents go: stdout in Lambda ([`Metrics::flush`]), a list in tests.
pub type Sink = Arc<dyn Fn(Metrics) + Send + Sync>;

/// The route of a request that matched none: one value, so unknown paths cannot multiply
/// the metric's dimension values.
pub const UNMATCHED: &str = "unmatched";

/// `2xx`, `3xx`, `4xx` or `5xx`.
pub fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// The document of one request.
pub fn request_metrics(
    namespace: &str,
    method: &str,
    route: &str,
    status: StatusCode,
    latency: Duration,
) -> Metrics {
    let mut metrics = Metrics::new(namespace)
        .dimension("Function", "api")
        .dimension("Route", format!("{method} {route}"))
        .dimension("StatusClass", status_class(status));
    metrics.count("ApiRequests", 1);
    metrics.put(
        "ApiLatency",
        Unit::Milliseconds,
        latency.as_secs_f64() * 1000.0,
    );
    metrics
}

/// `router` with every request measured into `sink` (Lambda: `layer(router, ns, stdout())`).
pub fn layer(router: Router, namespace: String, sink: Sink) -> Router {
    let namespace: Arc<str> = namespace.into();
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let namespace = namespace.clone();
        let sink = sink.clone();
        async move { measured(&namespace, &sink, request, next).await }
    }))
}

/// The sink of a Lambda: each document one line on stdout.
pub fn stdout() -> Sink {
    Arc::new(|metrics: Metrics| metrics.flush())
}

async fn measured(namespace: &str, sink: &Sink, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    sink(request_metrics(
        namespace,
        &method,
        &route,
        response.status(),
        started.elapsed(),
    ));
    let mut dns = Metrics::new(namespace).dimension("Function", "api");
    DNS_LOOKUPS.take_into(&mut dns);
    if !dns.is_empty() {
        sink(dns);
    }
    response
}

#[cfg(test)]
mod tests;
