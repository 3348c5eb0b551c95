//! `/v1/suppressions`: the tenant's suppression list; list and read for everyone, add and
//! remove for admins. `{email}` is the address, percent-encoded where needed.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::suppressions::NewSuppression;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::cursor::PageParams;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use crate::views::{ListView, SuppressionView};

/// `POST /v1/suppressions` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddSuppression {
    /// The address to stop mailing.
    #[schema(
        max_length = 254,
        pattern = r#"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,21}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}){0,2}@([A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,2}\.){1,8}[A-Za-z]{2,63}$"#,
        example = "jane.doe@example.net"
    )]
    pub email: String,
    /// As on the entries SES feedback creates.
    #[schema(value_type = SuppressionReason, example = "complaint")]
    pub reason: String,
}

/// Why an address is suppressed.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum SuppressionReason {
    HardBounce,
    Complaint,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    page: PageParams,
) -> Result<Json<ListView<SuppressionView>>, Problem> {
    let request = super::page_request(&caller, &page)?;
    let listed = state
        .suppressions
        .list(caller.principal(), &request)
        .await?;
    let next_cursor = super::next_cursor(&caller, listed.next)?;
    let items = listed
        .items
        .into_iter()
        .map(SuppressionView::from)
        .collect();
    Ok(Json(ListView { items, next_cursor }))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(email): Path<String>,
) -> Result<Json<SuppressionView>, Problem> {
    let entry = state.suppressions.get(caller.principal(), &email).await?;
    Ok(Json(entry.into()))
}

pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<AddSuppression>,
) -> Result<Response, Problem> {
    let input = NewSuppression {
        email: body.email,
        reason: body.reason,
    };
    let view = SuppressionView::from(state.suppressions.add(caller.principal(), input).await?);
    let location = format!("/v1/suppressions/{}", path_segment(&view.email));
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(email): Path<String>,
) -> Result<StatusCode, Problem> {
    state
        .suppressions
        .remove(caller.principal(), &email)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Percent-encodes an address for one path segment: everything but unreserved characters
/// and `@` (RFC 3986 `pchar`s that need no escaping in practice).
fn path_segment(raw: &str) -> String {
    raw.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::path_segment;

    #[test]
    fn addresses_are_encoded_for_one_path_segment() {
        assert_eq!(path_segment("jane.doe@example.net"), "jane.doe@example.net");
        assert_eq!(
            path_segment("a+b/c?d#e%f@x.org"),
            "a%2Bb%2Fc%3Fd%23e%25f@x.org"
        );
    }
}
