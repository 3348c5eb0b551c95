//! `/v1/domains`: add, list, read, records, verify, delete.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::cursor::PageParams;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use crate::views::{DomainView, ListView, RecordView};

/// `POST /v1/domains` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDomain {
    /// A subdomain of a domain the tenant owns, 2 to 10 labels below it (`marketing.example.com`),
    /// under a top-level domain on the Public Suffix List; case-insensitive. The pattern states
    /// the syntax; the Public Suffix List and ownership are checked by the API (422, 409).
    #[schema(
        min_length = 1,
        max_length = 189,
        pattern = r#"^([A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,2}\.){2,11}[A-Za-z]{2,63}$"#,
        example = "marketing.example.com"
    )]
    pub name: String,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateDomain>,
) -> Result<Response, Problem> {
    let domain = state.domains.add(caller.principal(), &body.name).await?;
    let location = format!("/v1/domains/{}", domain.id);
    let view = DomainView::new(&domain, state.domains.settings());
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::LOCATION, location)],
        Json(view),
    )
        .into_response())
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    page: PageParams,
) -> Result<Json<ListView<DomainView>>, Problem> {
    let request = super::page_request(&caller, &page)?;
    let listed = state.domains.list(caller.principal(), &request).await?;
    let next_cursor = super::next_cursor(&caller, listed.next)?;
    let settings = state.domains.settings();
    let items = listed
        .items
        .iter()
        .map(|d| DomainView::new(d, settings))
        .collect();
    Ok(Json(ListView { items, next_cursor }))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DomainView>, Problem> {
    let domain = state.domains.get(caller.principal(), &id).await?;
    Ok(Json(DomainView::new(&domain, state.domains.settings())))
}

pub async fn records(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ListView<RecordView>>, Problem> {
    let domain = state.domains.get(caller.principal(), &id).await?;
    let settings = state.domains.settings();
    let items = domain.records(&settings.region, settings.dmarc_rua.as_ref());
    Ok(Json(ListView {
        items,
        next_cursor: None,
    }))
}

pub async fn verify(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DomainView>, Problem> {
    let domain = state.domains.verify(caller.principal(), &id).await?;
    Ok(Json(DomainView::new(&domain, state.domains.settings())))
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    state.domains.delete(caller.principal(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn restart(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DomainView>, Problem> {
    let domain = state.domains.restart(caller.principal(), &id).await?;
    Ok(Json(DomainView::new(&domain, state.domains.settings())))
}
