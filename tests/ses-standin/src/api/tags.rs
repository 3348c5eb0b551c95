//! TagResource, UntagResource, ListTagsForResource (`/v2/email/tags`) and the configuration
//! sets identities may name (CreateConfigurationSet, GetConfigurationSet).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};

use super::errors::ApiError;
use super::wire::{Empty, empty, parse_body};
use crate::app::Shared;
use crate::state::identity::Tag;
use crate::state::tags::{Resource, parse_arn};
use crate::sync::lock;

/// TagResource's body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagRequest {
    resource_arn: Option<String>,
    tags: Option<Vec<Tag>>,
}

/// ListTagsForResource's response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagsResponse {
    tags: Vec<Tag>,
}

fn resource(shared: &Shared, arn: Option<&str>) -> Result<Resource, ApiError> {
    let arn = arn.ok_or_else(|| ApiError::BadRequest("ResourceArn is required".to_owned()))?;
    Ok(parse_arn(
        arn,
        &shared.settings.region,
        &shared.settings.account_id,
    )?)
}

fn query_pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    query
        .map(|Query(pairs)| pairs)
        .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
}

fn arn_of(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .find(|(key, _)| key == "ResourceArn")
        .map(|(_, value)| value.as_str())
}

/// `POST /v2/email/tags`.
pub async fn tag(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Empty, ApiError> {
    let request: TagRequest = parse_body(&body)?;
    let resource = resource(&shared, request.resource_arn.as_deref())?;
    let tags = request
        .tags
        .ok_or_else(|| ApiError::BadRequest("Tags is required".to_owned()))?;
    lock(&shared.store).tag(&resource, tags)?;
    Ok(empty())
}

/// `DELETE /v2/email/tags?ResourceArn=&TagKeys=&TagKeys=`.
pub async fn untag(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Empty, ApiError> {
    let pairs = query_pairs(query)?;
    let resource = resource(&shared, arn_of(&pairs))?;
    let keys: Vec<String> = pairs
        .iter()
        .filter(|(key, _)| key == "TagKeys")
        .map(|(_, value)| value.clone())
        .collect();
    lock(&shared.store).untag(&resource, &keys)?;
    Ok(empty())
}

/// `GET /v2/email/tags?ResourceArn=`.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<TagsResponse>, ApiError> {
    let pairs = query_pairs(query)?;
    let resource = resource(&shared, arn_of(&pairs))?;
    let tags = lock(&shared.store).tags_of(&resource)?;
    Ok(Json(TagsResponse { tags }))
}

/// CreateConfigurationSet's body (the options beyond name and tags are accepted, not kept).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateConfigurationSetRequest {
    configuration_set_name: Option<String>,
    #[serde(default)]
    tags: Vec<Tag>,
}

/// `POST /v2/email/configuration-sets`.
pub async fn create_configuration_set(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Empty, ApiError> {
    let request: CreateConfigurationSetRequest = parse_body(&body)?;
    let name = request
        .configuration_set_name
        .ok_or_else(|| ApiError::BadRequest("ConfigurationSetName is required".to_owned()))?;
    lock(&shared.store).create_configuration_set(&name, request.tags)?;
    tracing::info!(configuration_set = name, "configuration set created");
    Ok(empty())
}

/// GetConfigurationSet's response (the parts the stand-in keeps).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigurationSetResponse {
    configuration_set_name: String,
    tags: Vec<Tag>,
}

/// `GET /v2/email/configuration-sets/{name}`.
pub async fn get_configuration_set(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
) -> Result<Json<ConfigurationSetResponse>, ApiError> {
    let tags = lock(&shared.store).tags_of(&Resource::ConfigurationSet(name.clone()))?;
    Ok(Json(ConfigurationSetResponse {
        configuration_set_name: name,
        tags,
    }))
}
