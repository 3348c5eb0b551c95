//! The router: every route, then the edge (problem+json for everything else, body limits,
//! auth configuration). Routes are declared once, in the table below, which yields both the
//! axum router and [`ROUTES`], the list the OpenAPI contract test holds the document to.

use axum::Router;
use axum::routing::MethodRouter;

use crate::auth::AuthConfig;
use crate::edge;
use crate::idempotency;
use crate::openapi;
use crate::routes::{domains, reputation, senders, suppressions};
use crate::state::AppState;
use crate::web;

/// Declares the routes: `"path" => { method: handler, ... }`.
macro_rules! routes {
    ($($path:literal => { $($method:ident: $handler:path),+ $(,)? }),+ $(,)?) => {
        /// Every routed `(METHOD, path)`, as axum matches them.
        pub const ROUTES: &[(&str, &str)] = &[$($((stringify!($method), $path)),+),+];

        fn routes() -> Router<AppState> {
            Router::new()$(.route($path, MethodRouter::new()$(.$method($handler))+))+
        }
    };
}

routes! {
    "/openapi.json" => { get: openapi::document },
    "/v1/domains" => { post: domains::create, get: domains::list },
    "/v1/domains/{id}" => { get: domains::show, delete: domains::delete },
    "/v1/domains/{id}/dns-records" => { get: domains::records },
    "/v1/domains/{id}/dns-check" => { post: domains::dns_check },
    "/v1/domains/{id}/verify" => { post: domains::verify },
    "/v1/domains/{id}/restart" => { post: domains::restart },
    "/v1/senders" => { post: senders::create, get: senders::list },
    "/v1/senders/{id}" => { get: senders::show, patch: senders::update, delete: senders::delete },
    "/v1/senders/{id}/verify" => { post: senders::verify },
    "/v1/senders/{id}/resend-verification" => { post: senders::resend_verification },
    // The same as resend-verification, named like the subdomain's restart.
    "/v1/senders/{id}/restart" => { post: senders::resend_verification },
    "/v1/senders/{id}/reputation" => { get: reputation::show },
    "/v1/senders/{id}/resume" => { post: reputation::resume },
    "/v1/suppressions" => { get: suppressions::list, post: suppressions::add },
    "/v1/suppressions/{email}" => { get: suppressions::show, delete: suppressions::delete },
}

/// The API's router and the screen's static files ([`web`]), for Lambda (`lambda_http::run`) and for `make dev` alike.
pub fn router(state: AppState, auth: AuthConfig) -> Router {
    let routes = routes().route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        idempotency::honour,
    ));
    edge::apply(routes.merge(web::router()), auth).with_state(state)
}
