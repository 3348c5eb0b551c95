//! The SESv2 REST-JSON API, as aws-sdk-sesv2 calls it.

pub mod errors;
pub mod identities;
pub mod list;
pub mod operations;
pub mod ops;
pub mod suppression;
pub mod tags;
pub mod wire;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};

use self::errors::ApiError;
use self::ops::{
    CONFIGURATION_SET, CONFIGURATION_SETS, IDENTITIES, IDENTITY, LIST_IDENTITIES, MAIL_FROM,
    SUPPRESSION, SUPPRESSIONS, TAGS,
};
use crate::app::Shared;

/// The `/v2/...` routes, each counted in the call log and subject to injected faults.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(IDENTITIES, post(identities::create).get(list::list_get))
        .route(LIST_IDENTITIES, post(list::list_post))
        .route(IDENTITY, get(identities::get).delete(identities::delete))
        .route(MAIL_FROM, put(identities::put_mail_from))
        .route(SUPPRESSIONS, put(suppression::put).get(suppression::list))
        .route(
            SUPPRESSION,
            get(suppression::get).delete(suppression::delete),
        )
        .route(TAGS, post(tags::tag).delete(tags::untag).get(tags::list))
        .route(CONFIGURATION_SETS, post(tags::create_configuration_set))
        .route(CONFIGURATION_SET, get(tags::get_configuration_set))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            ops::count_and_inject,
        ))
        .with_state(shared)
}

/// Any other request.
pub fn unknown_operation(shared: &Shared) -> Response {
    let error =
        ApiError::UnknownOperation("The stand-in does not implement this operation".to_owned());
    ops::with_request_id(shared, error.into_response())
}
