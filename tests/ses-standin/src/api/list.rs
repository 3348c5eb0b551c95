//! ListEmailIdentities: `POST /v2/email/list-identities` (JSON body, as aws-sdk-sesv2 1.145
//! sends it) and the older `GET /v2/email/identities?PageSize=&NextToken=`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};

use super::errors::ApiError;
use super::wire::parse_body;
use crate::app::Shared;
use crate::state::StoreError;
use crate::state::identity::IdentityType;
use crate::state::lifecycle::Status;
use crate::state::listing::IdentityFilter;
use crate::state::paging::PageRequest;
use crate::state::registry::IdentitySnapshot;
use crate::sync::lock;

/// The page size when none is asked for.
const DEFAULT_PAGE_SIZE: usize = 100;
/// The largest page SES serves.
const MAX_PAGE_SIZE: usize = 1000;

/// The request, from a body or a query string.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRequest {
    next_token: Option<String>,
    page_size: Option<i64>,
    #[serde(default)]
    filter: BTreeMap<String, String>,
}

/// One listed identity.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct IdentityInfo {
    identity_type: IdentityType,
    identity_name: String,
    sending_enabled: bool,
    verification_status: Status,
}

/// The response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResponse {
    email_identities: Vec<IdentityInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// `POST /v2/email/list-identities`.
pub async fn list_post(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<ListResponse>, ApiError> {
    list(&shared, parse_body(&body)?).await
}

/// `GET /v2/email/identities`.
pub async fn list_get(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<ListRequest>, QueryRejection>,
) -> Result<Json<ListResponse>, ApiError> {
    let Query(request) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    list(&shared, request).await
}

async fn list(shared: &Shared, request: ListRequest) -> Result<Json<ListResponse>, ApiError> {
    let filter = parse_filter(&request.filter)?;
    let page = PageRequest::parse(
        request.page_size,
        request.next_token.as_deref(),
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
    )
    .map_err(|error| match error {
        // ListEmailIdentities has no InvalidNextTokenException in its model.
        StoreError::InvalidNextToken(_) => ApiError::BadRequest(error.to_string()),
        other => ApiError::from(other),
    })?;
    shared.refresh_all().await;
    let now = shared.clock.now();
    let page = lock(&shared.store).list(&filter, &page, now);
    Ok(Json(ListResponse {
        email_identities: page.items.iter().map(info).collect(),
        next_token: page.next_token,
    }))
}

fn info(snapshot: &IdentitySnapshot) -> IdentityInfo {
    IdentityInfo {
        identity_type: snapshot.identity.identity_type(),
        identity_name: snapshot.identity.name.to_string(),
        sending_enabled: snapshot.verified_for_sending,
        verification_status: snapshot.status,
    }
}

fn parse_filter(raw: &BTreeMap<String, String>) -> Result<IdentityFilter, ApiError> {
    let mut filter = IdentityFilter::default();
    for (key, value) in raw {
        let bad = || ApiError::BadRequest(format!("Invalid filter {key}={value}"));
        match key.as_str() {
            "IDENTITY_NAME_CONTAINS" => filter.name_contains = Some(value.clone()),
            "IDENTITY_TYPE" => {
                filter.identity_type = Some(IdentityType::parse(value).ok_or_else(bad)?)
            }
            "VERIFICATION_STATUS" => filter.status = Some(Status::parse(value).ok_or_else(bad)?),
            _ => return Err(bad()),
        }
    }
    Ok(filter)
}
