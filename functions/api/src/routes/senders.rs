//! `/v1/senders`: list, add, read, edit, delete, verify, resend the verification email.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::senders::{NewSender, SenderPatch};
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::cursor::PageParams;
use crate::json::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use crate::views::{ListView, SenderView};

/// `POST /v1/senders` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSender {
    /// `subdomain`: an address on one of the tenant's verified subdomains (`domain_id`);
    /// `email`: a single address that SES verifies by mailing a link.
    #[schema(value_type = SenderKind)]
    pub kind: String,
    /// The subdomain's `id`; required for `subdomain` senders, refused for `email` ones.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub domain_id: Option<String>,
    /// The From address; for a `subdomain` sender it must be on that subdomain.
    #[schema(
        max_length = 254,
        pattern = r#"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9](-?[A-Za-z0-9]){0,62}\.)+[A-Za-z]{2,63}$"#,
        example = "news@marketing.example.com"
    )]
    pub from_email: String,
    /// 1 to 100 characters, no line breaks nor control characters; surrounding spaces are trimmed.
    #[serde(default)]
    #[schema(
        max_length = 100,
        pattern = r#"^[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]([^\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]{0,98}[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF])?$"#,
        example = "Example News"
    )]
    pub display_name: Option<String>,
    /// Where replies go.
    #[serde(default)]
    #[schema(
        max_length = 254,
        pattern = r#"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9](-?[A-Za-z0-9]){0,62}\.)+[A-Za-z]{2,63}$"#,
        example = "support@example.com"
    )]
    pub reply_to: Option<String>,
}

/// The two kinds of sender a tenant can add.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum SenderKind {
    Subdomain,
    Email,
}

/// `PATCH /v1/senders/{id}` body: an absent field is left alone, `null` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchSender {
    /// 1 to 100 characters, no line breaks nor control characters; `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable, max_length = 100, pattern = r#"^[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]([^\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]{0,98}[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF])?$"#)]
    pub display_name: Option<Option<String>>,
    /// Where replies go; `null` clears it. The default sender accepts none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable, max_length = 254, pattern = r#"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9](-?[A-Za-z0-9]){0,62}\.)+[A-Za-z]{2,63}$"#)]
    pub reply_to: Option<Option<String>>,
}

/// Marks a field that is present in the body, even as `null`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateSender>,
) -> Result<Response, Problem> {
    let input = NewSender {
        kind: body.kind,
        domain_id: body.domain_id,
        from_email: body.from_email,
        display_name: body.display_name,
        reply_to: body.reply_to,
    };
    let view = SenderView::from(state.senders.create(caller.principal(), input).await?);
    let location = format!("/v1/senders/{}", view.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response())
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    page: PageParams,
) -> Result<Json<ListView<SenderView>>, Problem> {
    let request = super::page_request(&caller, &page)?;
    let listed = state.senders.list(caller.principal(), &request).await?;
    let next_cursor = super::next_cursor(&caller, listed.next)?;
    let items = listed.items.into_iter().map(SenderView::from).collect();
    Ok(Json(ListView { items, next_cursor }))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SenderView>, Problem> {
    Ok(Json(
        state.senders.get(caller.principal(), &id).await?.into(),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PatchSender>,
) -> Result<Json<SenderView>, Problem> {
    let patch = SenderPatch {
        display_name: body.display_name,
        reply_to: body.reply_to,
    };
    Ok(Json(
        state
            .senders
            .update(caller.principal(), &id, patch)
            .await?
            .into(),
    ))
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    state.senders.delete(caller.principal(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn verify(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SenderView>, Problem> {
    Ok(Json(
        state.senders.verify(caller.principal(), &id).await?.into(),
    ))
}

pub async fn resend_verification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SenderView>, Problem> {
    Ok(Json(
        state
            .senders
            .resend_verification(caller.principal(), &id)
            .await?
            .into(),
    ))
}
