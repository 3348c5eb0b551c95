//! `POST /_local/feedback`: SNS invoking the feedback function, locally. The body is a Lambda
//! SNS event (such as `events/feedback/*.json`); the feedback function's own handler runs it
//! in-process against moto (and, with `MIRROR_ACCOUNT_SUPPRESSION=true`, the SES stand-in).
//! It sits outside the dev authorizer: SNS carries no JWT.
//!
//! Answers 200 with the handler's summary, 400 when the body is not an SNS event, or 500 with
//! the `errorType` and `errorMessage` Lambda would record for a failed invocation.

use std::sync::Arc;

use aws_lambda_events::event::sns::SnsEvent;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use domain::ingest::Ingest;
use lambda_runtime::Diagnostic;

/// The route, with its own state; merge it beside the authorized API.
pub fn router(ingest: Ingest) -> Router {
    Router::new()
        .route("/_local/feedback", post(feed))
        .with_state(Arc::new(ingest))
}

async fn feed(State(ingest): State<Arc<Ingest>>, body: Bytes) -> Response {
    let event: SnsEvent = match serde_json::from_slice(&body) {
        Ok(event) => event,
        Err(error) => {
            let diagnostic = Diagnostic {
                error_type: "InvalidSnsEvent".to_owned(),
                error_message: error.to_string(),
            };
            return (StatusCode::BAD_REQUEST, Json(diagnostic)).into_response();
        }
    };
    match feedback::handler::handle(&ingest, event).await {
        Ok(summary) => Json(summary).into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(Diagnostic::from(error)),
        )
            .into_response(),
    }
}
