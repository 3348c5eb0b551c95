//! The router: every route, then the edge (problem+json for everything else, body limits,
//! auth configuration).

use axum::Router;
use axum::routing::{get, post};

use crate::auth::AuthConfig;
use crate::edge;
use crate::routes::{domains, senders};
use crate::state::AppState;

/// The API's router, for Lambda (`lambda_http::run`) and for `make dev` alike.
pub fn router(state: AppState, auth: AuthConfig) -> Router {
    let routes = Router::new()
        .route("/v1/domains", post(domains::create).get(domains::list))
        .route(
            "/v1/domains/{id}",
            get(domains::show).delete(domains::delete),
        )
        .route("/v1/domains/{id}/dns-records", get(domains::records))
        .route("/v1/domains/{id}/verify", post(domains::verify))
        .route("/v1/domains/{id}/restart", post(domains::restart))
        .route("/v1/senders", post(senders::create).get(senders::list))
        .route(
            "/v1/senders/{id}",
            get(senders::show)
                .patch(senders::update)
                .delete(senders::delete),
        )
        .route("/v1/senders/{id}/verify", post(senders::verify))
        .route(
            "/v1/senders/{id}/resend-verification",
            post(senders::resend_verification),
        )
        // The same as resend-verification, named like the subdomain's restart.
        .route(
            "/v1/senders/{id}/restart",
            post(senders::resend_verification),
        );
    edge::apply(routes, auth).with_state(state)
}
