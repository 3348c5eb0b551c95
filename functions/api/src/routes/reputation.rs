//! `/v1/senders/{id}/reputation` and `/v1/senders/{id}/resume`: a sender's bounce and
//! complaint rates, and an admin resuming a sender the rates paused.

use axum::Json;
use axum::extract::{Path, State};

use crate::auth::Caller;
use crate::problem::Problem;
use crate::state::AppState;
use crate::views::{ReputationView, SenderView};

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ReputationView>, Problem> {
    let standing = state.reputations.get(caller.principal(), &id).await?;
    Ok(Json(standing.into()))
}

pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SenderView>, Problem> {
    state.reputations.resume(caller.principal(), &id).await?;
    Ok(Json(
        state.senders.get(caller.principal(), &id).await?.into(),
    ))
}
