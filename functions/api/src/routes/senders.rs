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

/// `POST /v1/senders` body (documented as [`NewSenderDoc`], one shape per kind).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSender {
    pub kind: String,
    #[serde(default)]
    pub domain_id: Option<String>,
    pub from_email: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub reply_to: Option<String>,
}

/// Declares the sender bodies' documented schemas. utoipa takes a `pattern` only as a string
/// literal, so each pattern is stated once, in the invocation below, and pasted into every
/// field of its kind.
macro_rules! sender_schemas {
    (email: $email:tt, display_name: $display_name:tt $(,)?) => {
        /// A new sender, by `kind`. The patterns state the syntax; the API also checks what only it
        /// can (422 when a subdomain sender's address is not on that subdomain, 409 when another
        /// tenant holds the address or the subdomain above it).
        #[derive(Deserialize, ToSchema)]
        #[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
        #[allow(dead_code)]
        pub enum NewSenderDoc {
            /// An address on one of the tenant's verified subdomains.
            Subdomain {
                /// The subdomain's `id`.
                #[schema(format = Uuid)]
                domain_id: String,
                /// The From address, on that subdomain.
                #[schema(
                    max_length = 254,
                    pattern = $email,
                    example = "news@marketing.example.com"
                )]
                from_email: String,
                /// 1 to 100 characters, no line breaks nor control characters; spaces around are trimmed.
                #[schema(
                    max_length = 100,
                    pattern = $display_name,
                    example = "Example News"
                )]
                display_name: Option<String>,
                /// Where replies go.
                #[schema(
                    max_length = 254,
                    pattern = $email,
                    example = "support@example.com"
                )]
                reply_to: Option<String>,
            },
            /// A single address that SES verifies by mailing a link (valid 24 hours).
            Email {
                /// The From address.
                #[schema(
                    max_length = 254,
                    pattern = $email,
                    example = "jane@example.org"
                )]
                from_email: String,
                /// 1 to 100 characters, no line breaks nor control characters; spaces around are trimmed.
                #[schema(
                    max_length = 100,
                    pattern = $display_name,
                    example = "Jane Doe"
                )]
                display_name: Option<String>,
                /// Where replies go.
                #[schema(
                    max_length = 254,
                    pattern = $email,
                    example = "support@example.com"
                )]
                reply_to: Option<String>,
            },
        }

        /// `PATCH /v1/senders/{id}` body: an absent field is left alone, `null` clears it.
        #[derive(Debug, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct PatchSender {
            /// 1 to 100 characters, no line breaks nor control characters; `null` clears it.
            #[serde(default, deserialize_with = "present")]
            #[schema(value_type = Option<String>, nullable, max_length = 100, pattern = $display_name)]
            pub display_name: Option<Option<String>>,
            /// Where replies go; `null` clears it. The default sender accepts none.
            #[serde(default, deserialize_with = "present")]
            #[schema(value_type = Option<String>, nullable, max_length = 254, pattern = $email)]
            pub reply_to: Option<Option<String>>,
        }
    };
}

sender_schemas! {
    email: r#"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,21}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}){0,2}@([A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,2}\.){1,8}[A-Za-z]{2,63}$"#,
    display_name: r#"^[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]([^\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]{0,98}[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF])?$"#,
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
