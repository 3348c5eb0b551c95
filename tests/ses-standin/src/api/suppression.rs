//! Put/Get/Delete/ListSuppressedDestinations.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::errors::ApiError;
use super::wire::{Empty, empty, epoch, parse_body};
use crate::app::Shared;
use crate::names::EmailAddress;
use crate::state::paging::PageRequest;
use crate::state::suppression::{SuppressedDestination, SuppressionFilter, SuppressionReason};
use crate::sync::lock;

const DEFAULT_PAGE_SIZE: usize = 100;
const MAX_PAGE_SIZE: usize = 1000;

/// PutSuppressedDestination's body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRequest {
    email_address: Option<String>,
    reason: Option<String>,
}

/// One entry on the wire (`SuppressedDestination` / `SuppressedDestinationSummary`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Entry {
    email_address: String,
    reason: SuppressionReason,
    last_update_time: f64,
}

impl From<&SuppressedDestination> for Entry {
    fn from(entry: &SuppressedDestination) -> Self {
        Self {
            email_address: entry.email.to_string(),
            reason: entry.reason,
            last_update_time: epoch(entry.last_update),
        }
    }
}

/// GetSuppressedDestination's response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetResponse {
    suppressed_destination: Entry,
}

/// ListSuppressedDestinations's response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResponse {
    suppressed_destination_summaries: Vec<Entry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// `PUT /v2/email/suppression/addresses`.
pub async fn put(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Empty, ApiError> {
    let request: PutRequest = parse_body(&body)?;
    let missing = |field: &str| ApiError::BadRequest(format!("{field} is required"));
    let address = request
        .email_address
        .ok_or_else(|| missing("EmailAddress"))?;
    let email = EmailAddress::parse(&address).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let reason = SuppressionReason::parse(&request.reason.ok_or_else(|| missing("Reason"))?)?;
    let now = shared.clock.now();
    lock(&shared.store).suppression.put(email, reason, now);
    Ok(empty())
}

/// `GET /v2/email/suppression/addresses/{address}`.
pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path(address): Path<String>,
) -> Result<Json<GetResponse>, ApiError> {
    let entry = lock(&shared.store).suppression.get(&address)?;
    Ok(Json(GetResponse {
        suppressed_destination: Entry::from(&entry),
    }))
}

/// `DELETE /v2/email/suppression/addresses/{address}`.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(address): Path<String>,
) -> Result<Empty, ApiError> {
    lock(&shared.store).suppression.delete(&address)?;
    Ok(empty())
}

/// `GET /v2/email/suppression/addresses?Reason=&StartDate=&EndDate=&PageSize=&NextToken=`.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse>, ApiError> {
    let Query(pairs) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let mut filter = SuppressionFilter::default();
    let (mut page_size, mut token) = (None, None);
    for (key, value) in pairs {
        match key.as_str() {
            "Reason" => filter.reasons.push(SuppressionReason::parse(&value)?),
            "StartDate" => filter.start = Some(parse_date(&value)?),
            "EndDate" => filter.end = Some(parse_date(&value)?),
            "PageSize" => {
                let size = value
                    .parse()
                    .map_err(|_| ApiError::BadRequest(format!("bad PageSize {value}")))?;
                page_size = Some(size);
            }
            "NextToken" => token = Some(value),
            _ => {}
        }
    }
    let page = PageRequest::parse(
        page_size,
        token.as_deref(),
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
    )?;
    let page = lock(&shared.store).suppression.list(&filter, &page);
    Ok(Json(ListResponse {
        suppressed_destination_summaries: page.items.iter().map(Entry::from).collect(),
        next_token: page.next_token,
    }))
}

fn parse_date(text: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(text)
        .map(|date| date.with_timezone(&Utc))
        .or_else(|_| {
            text.parse::<f64>()
                .ok()
                .and_then(|seconds| DateTime::from_timestamp_millis((seconds * 1000.0) as i64))
                .ok_or(())
        })
        .map_err(|()| ApiError::BadRequest(format!("bad date {text}")))
}
