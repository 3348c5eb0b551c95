//! The sample events under `events/api/` (what `cargo lambda invoke --data-file` sends) against
//! the real router. Each is an API Gateway HTTP API (payload 2.0) event that lambda_http
//! accepts, shaped by the stack's route that carries it: `ANY /v1/{proxy+}` behind the JWT
//! authorizer (tenant `demo`, roles `[admin]`), or its own unauthenticated route. The router
//! never answers one with a 5xx, and turns one down only for an id that does not exist (404)
//! or a conflict (409), as problem+json; successes are JSON objects; creates answer 201. Every
//! route in [`api::app::ROUTES`] has its sample and every sample a route, so they cannot drift.

use crate::support;

use std::path::{Path, PathBuf};

use lambda_http::RequestExt;
use lambda_http::request::RequestContext;
use serde_json::Value;
use support::Harness;

/// The stack's route (infra/template.yaml) that sends every `/v1/` request to the function.
const PROXY_ROUTE_KEY: &str = "ANY /v1/{proxy+}";

/// One route: upper-case method and the path template as the router declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Route {
    method: String,
    path: String,
}

impl Route {
    /// Every route the router serves.
    fn all() -> Vec<Self> {
        api::app::ROUTES
            .iter()
            .map(|(method, path)| Self {
                method: method.to_uppercase(),
                path: (*path).to_owned(),
            })
            .collect()
    }

    /// `<method>-<path-slug>.json`: `GET /v1/domains/{id}/dns-records` is
    /// `get-v1-domains-id-dns-records.json`, `GET /openapi.json` is `get-openapi-json.json`.
    fn file_name(&self) -> String {
        let slug = self
            .path
            .trim_matches('/')
            .replace(['{', '}'], "")
            .replace(['/', '.'], "-");
        format!("{}-{slug}.json", self.method.to_lowercase())
    }

    /// Whether `method path` reaches this route; a `{param}` takes one non-empty segment.
    fn matches(&self, method: &str, path: &str) -> bool {
        let template: Vec<&str> = self.path.split('/').collect();
        let concrete: Vec<&str> = path.split('/').collect();
        method == self.method
            && template.len() == concrete.len()
            && template
                .iter()
                .zip(&concrete)
                .all(|(t, c)| t == c || (t.starts_with('{') && t.ends_with('}') && !c.is_empty()))
    }

    /// Whether the stack puts this route behind the JWT authorizer (all of `/v1/`).
    fn is_authenticated(&self) -> bool {
        self.path.starts_with("/v1/")
    }

    /// The API Gateway route key its events carry.
    fn route_key(&self) -> String {
        if self.is_authenticated() {
            PROXY_ROUTE_KEY.to_owned()
        } else {
            format!("{} {}", self.method, self.path)
        }
    }

    /// A create: `POST` on a collection (a path without parameters) answers 201.
    fn is_create(&self) -> bool {
        self.method == "POST" && !self.path.contains('{')
    }
}

/// Every `events/api/*.json`, sorted by name, with its text.
fn sample_events() -> Vec<(String, String)> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/api");
    let mut events: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    events.sort();
    assert!(!events.is_empty(), "no sample events in {}", dir.display());
    events
}

/// The route a sample event is named after; panics for a file named after no route.
fn route_of<'a>(routes: &'a [Route], file: &str) -> &'a Route {
    routes
        .iter()
        .find(|route| route.file_name() == file)
        .unwrap_or_else(|| panic!("{file} is named after no route of api::app::ROUTES"))
}

#[test]
fn file_names_follow_the_routes() {
    let route = |method: &str, path: &str| Route {
        method: method.to_owned(),
        path: path.to_owned(),
    };
    let records = route("GET", "/v1/domains/{id}/dns-records");
    assert_eq!(records.file_name(), "get-v1-domains-id-dns-records.json");
    assert!(records.matches("GET", "/v1/domains/019a/dns-records"));
    assert!(!records.matches("GET", "/v1/domains//dns-records"));
    assert!(!records.matches("POST", "/v1/domains/019a/dns-records"));
    assert_eq!(
        route("GET", "/openapi.json").file_name(),
        "get-openapi-json.json"
    );
    assert!(route("POST", "/v1/senders").is_create());
    assert!(!route("POST", "/v1/senders/{id}/verify").is_create());
}

#[test]
fn every_route_has_a_sample_event_and_every_sample_event_a_route() {
    let routes = Route::all();
    let events = sample_events();
    let missing: Vec<String> = routes
        .iter()
        .map(Route::file_name)
        .filter(|name| !events.iter().any(|(file, _)| file == name))
        .collect();
    assert!(missing.is_empty(), "events/api/ lacks {missing:?}");

    for (file, text) in &events {
        let route = route_of(&routes, file);
        let event: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(event["version"], "2.0", "{file}: payload format 2.0");
        assert_eq!(event["routeKey"], route.route_key(), "{file}");
        assert_eq!(
            event["requestContext"]["routeKey"],
            route.route_key(),
            "{file}"
        );
        let method = event["requestContext"]["http"]["method"]
            .as_str()
            .unwrap_or_default();
        let path = event["rawPath"].as_str().unwrap_or_default();
        assert!(
            route.matches(method, path),
            "{file} sends {method} {path}, not {route:?}"
        );
        let body_len = event["body"].as_str().map_or(0, str::len).to_string();
        let content_length = &event["headers"]["content-length"];
        assert!(
            content_length.is_null() || *content_length == body_len,
            "{file}: content-length {content_length}, body of {body_len} bytes"
        );
        let claims = &event["requestContext"]["authorizer"]["jwt"]["claims"];
        if route.is_authenticated() {
            assert_eq!(claims["tenant_id"], "demo", "{file}");
            assert_eq!(claims["roles"], "[admin]", "{file}");
        } else {
            assert!(claims.is_null(), "{file}: no authorizer on {route:?}");
        }
    }
}

#[tokio::test]
async fn every_sample_event_is_answered_by_the_router() {
    let routes = Route::all();
    let api = Harness::start().await;
    for (file, text) in sample_events() {
        let request = lambda_http::request::from_str(&text)
            .unwrap_or_else(|e| panic!("{file} is not an event lambda_http accepts: {e}"));
        assert!(
            matches!(
                request.request_context_ref(),
                Some(RequestContext::ApiGatewayV2(_))
            ),
            "{file} is not read as an HTTP API (payload 2.0) event"
        );

        let reply = api.send_event(&text).await;
        println!("{file}: {}", reply.status);
        let content_type = reply.content_type.as_deref().unwrap_or_default();
        assert!(reply.status < 500, "{file}: {reply:?}");
        if reply.status >= 400 {
            // The samples are well-formed and authorized: only an unknown id (404) or the
            // state of what exists (409) may turn one down.
            assert!(matches!(reply.status, 404 | 409), "{file}: {reply:?}");
            assert_eq!(
                content_type, "application/problem+json",
                "{file}: {reply:?}"
            );
            assert!(reply.body.is_object(), "{file}: {reply:?}");
        } else if reply.status == 204 {
            assert!(reply.body.is_null(), "{file}: {reply:?}");
        } else {
            assert!(
                content_type.starts_with("application/json"),
                "{file}: {reply:?}"
            );
            assert!(reply.body.is_object(), "{file}: {reply:?}");
        }
        if route_of(&routes, &file).is_create() {
            assert_eq!(reply.status, 201, "{file} creates: {reply:?}");
        }
    }
}
