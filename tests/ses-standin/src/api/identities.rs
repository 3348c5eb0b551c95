//! Create, Get, Delete and PutEmailIdentityMailFromAttributes.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};

use super::errors::ApiError;
use super::wire::{
    CreateEmailIdentityRequest, CreateEmailIdentityResponse, Empty, GetEmailIdentityResponse,
    MailFromRequest, empty, parse_body,
};
use crate::app::Shared;
use crate::names::{DomainName, IdentityName};
use crate::state::registry::NewIdentity;
use crate::sync::lock;

/// The stored key of an identity named in a path: domains lowercased, addresses as given.
/// A name that cannot exist is simply not found.
fn identity_key(raw: &str) -> Result<String, ApiError> {
    IdentityName::parse(raw)
        .map(|name| name.as_str().to_owned())
        .map_err(|_| ApiError::NotFound(format!("Email identity {raw} does not exist.")))
}

/// `POST /v2/email/identities`.
pub async fn create(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<CreateEmailIdentityResponse>, ApiError> {
    let request: CreateEmailIdentityRequest = parse_body(&body)?;
    let raw = request
        .email_identity
        .ok_or_else(|| ApiError::BadRequest("EmailIdentity is required".to_owned()))?;
    let name =
        IdentityName::parse(&raw).map_err(|error| ApiError::BadRequest(error.to_string()))?;
    let byo_dkim = request.dkim_signing_attributes.is_some_and(|attributes| {
        attributes.domain_signing_selector.is_some()
            || attributes.domain_signing_private_key.is_some()
    });
    if byo_dkim {
        return Err(ApiError::BadRequest(
            "BYODKIM is not supported by the stand-in".to_owned(),
        ));
    }
    let new = NewIdentity {
        name,
        tags: request.tags,
        configuration_set: request.configuration_set_name,
    };
    let now = shared.clock.now();
    let snapshot = lock(&shared.store).create(new, now, shared.mailer())?;
    tracing::info!(identity = %snapshot.identity.name, "identity created");
    Ok(Json(CreateEmailIdentityResponse::from(&snapshot)))
}

/// `GET /v2/email/identities/{identity}`: checks DNS now, then answers.
pub async fn get(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
) -> Result<Json<GetEmailIdentityResponse>, ApiError> {
    let key = identity_key(&raw)?;
    shared.refresh_with_parents(&key).await;
    let now = shared.clock.now();
    let snapshot = lock(&shared.store).get(&key, now)?;
    Ok(Json(GetEmailIdentityResponse::from(&snapshot)))
}

/// `DELETE /v2/email/identities/{identity}`.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
) -> Result<Empty, ApiError> {
    let key = identity_key(&raw)?;
    lock(&shared.store).delete(&key)?;
    tracing::info!(identity = key, "identity deleted");
    Ok(empty())
}

/// `PUT /v2/email/identities/{identity}/mail-from`.
pub async fn put_mail_from(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Empty, ApiError> {
    let key = identity_key(&raw)?;
    let request: MailFromRequest = parse_body(&body)?;
    let domain = request
        .mail_from_domain
        .filter(|domain| !domain.is_empty())
        .map(|domain| DomainName::parse(&domain))
        .transpose()
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    let now = shared.clock.now();
    lock(&shared.store).put_mail_from(&key, domain, request.behavior_on_mx_failure, now)?;
    Ok(empty())
}
