//! The sample events under `events/api/` (what `cargo lambda invoke --data-file` sends) against
//! the real router: each is an API Gateway HTTP API v2 event that lambda_http accepts, none is
//! answered with a 5xx, answers carry the API's content types, creates answer 201, and every
//! route declared in `src/app.rs` has its sample, so the samples cannot fall behind the API.

mod support;

use std::path::{Path, PathBuf};

use lambda_http::RequestExt;
use lambda_http::request::RequestContext;
use serde_json::Value;
use support::TestApi;

/// The router's source: its `.route(...)` calls are the API's route table.
const APP_SOURCE: &str = include_str!("../src/app.rs");

/// Method routers axum offers; `.route(path, get(..).post(..))` chains them.
const METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// One route: upper-case method and the path template as `app.rs` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Route {
    method: String,
    path: String,
}

impl Route {
    /// `<method>-<path-slug>.json`: `GET /v1/domains/{id}/dns-records` is
    /// `get-v1-domains-id-dns-records.json`.
    fn file_name(&self) -> String {
        let slug: Vec<&str> = self
            .path
            .trim_matches('/')
            .split('/')
            .map(|segment| segment.trim_matches(|c| c == '{' || c == '}'))
            .collect();
        format!("{}-{}.json", self.method.to_lowercase(), slug.join("-"))
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

    /// A create: `POST` on a collection (a path without parameters) answers 201.
    fn is_create(&self) -> bool {
        self.method == "POST" && !self.path.contains('{')
    }
}

/// `source` without `//` comments (string literals are kept whole).
fn strip_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '/' && chars.peek() == Some(&'/') {
            chars.by_ref().take_while(|&c| c != '\n').for_each(drop);
            out.push('\n');
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

/// The routes `source` declares with `.route("path", method(handler)...)`.
fn declared_routes(source: &str) -> Vec<Route> {
    let source = strip_comments(source);
    for unsupported in [".nest(", ".merge(", ".route_service(", "MethodFilter"] {
        assert!(
            !source.contains(unsupported),
            "app.rs uses `{unsupported}`: teach tests/sample_events.rs to read it"
        );
    }
    let mut routes = Vec::new();
    for call in source.split(".route(").skip(1) {
        let call = call.trim_start();
        let path = call
            .strip_prefix('"')
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("a .route( without a literal path: {call:.60}"));
        // The arguments run to the parenthesis that closes `.route(`.
        let mut depth = 1;
        let end = call
            .char_indices()
            .find_map(|(i, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(i)
            })
            .unwrap_or(call.len());
        let methods = method_calls(&call[..end]);
        assert!(!methods.is_empty(), "no method router for {path} in app.rs");
        routes.extend(methods.into_iter().map(|method| Route {
            method: method.to_uppercase(),
            path: path.to_owned(),
        }));
    }
    assert!(!routes.is_empty(), "found no .route( calls in app.rs");
    routes
}

/// The method routers called in `args` (`get(`, `.delete(`); handler names are not calls.
fn method_calls(args: &str) -> Vec<&str> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let called = args.match_indices('(').map(|(open, _)| {
        let before = &args[..open];
        &before[before.rfind(|c| !is_ident(c)).map_or(0, |i| i + 1)..]
    });
    called
        .inspect(|name| {
            assert!(
                !matches!(*name, "any" | "on") && !name.ends_with("_service"),
                "app.rs routes with `{name}(`: teach tests/sample_events.rs to read it"
            );
        })
        .filter(|name| METHODS.contains(name))
        .collect()
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
        .unwrap_or_else(|| panic!("{file} is named after no route in app.rs"))
}

#[test]
fn the_route_table_is_read_from_app_rs() {
    let routes = declared_routes(APP_SOURCE);
    let has = |method: &str, path: &str| routes.iter().any(|r| r.matches(method, path));
    assert!(has("POST", "/v1/domains"), "{routes:?}");
    assert!(has("DELETE", "/v1/domains/abc"), "{routes:?}");
    assert!(!has("PUT", "/v1/domains"), "{routes:?}");
    let commented = "// .route(\"/v1/x\", get(a))\n.route(\"/v1/y\", get(a::b).post(c))";
    let names: Vec<String> = declared_routes(commented)
        .iter()
        .map(Route::file_name)
        .collect();
    assert_eq!(names, ["get-v1-y.json", "post-v1-y.json"]);
}

#[test]
fn every_route_has_a_sample_event_and_every_sample_event_a_route() {
    let routes = declared_routes(APP_SOURCE);
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
        let method = event["requestContext"]["http"]["method"]
            .as_str()
            .unwrap_or_default();
        let path = event["rawPath"].as_str().unwrap_or_default();
        assert!(
            route.matches(method, path),
            "{file} sends {method} {path}, not {route:?}"
        );
        let claims = &event["requestContext"]["authorizer"]["jwt"]["claims"];
        assert_eq!(claims["tenant_id"], "demo", "{file}");
        assert_eq!(claims["roles"], "[admin]", "{file}");
    }
}

#[tokio::test]
async fn every_sample_event_is_answered_by_the_router() {
    let routes = declared_routes(APP_SOURCE);
    let api = TestApi::start().await;
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
        let content_type = reply.content_type.as_deref().unwrap_or_default();
        assert!(reply.status < 500, "{file}: {reply:?}");
        if reply.status >= 400 {
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
