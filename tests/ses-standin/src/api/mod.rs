//! The SESv2 REST-JSON API, as aws-sdk-sesv2 calls it.

pub mod errors;
pub mod identities;
pub mod list;
pub mod ops;
pub mod suppression;
pub mod wire;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post, put};

use self::errors::ApiError;
use self::ops::{IDENTITIES, IDENTITY, LIST_IDENTITIES, MAIL_FROM, SUPPRESSION, SUPPRESSIONS};
use crate::app::Shared;

/// The `/v2/...` routes, each counted in the call log and subject to injected throttling.
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
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            ops::count_and_throttle,
        ))
        .with_state(shared)
}

/// Any other `/v2/...` request.
pub async fn unknown_operation() -> ApiError {
    ApiError::UnknownOperation("The stand-in does not implement this operation".to_owned())
}
