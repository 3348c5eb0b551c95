//! The table's shape, in one place: used by `make dev`, the tests and (mirrored) infra/template.yaml.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
    TimeToLiveSpecification,
};

pub const PK: &str = "pk";
pub const SK: &str = "sk";
pub const DUE_INDEX: &str = "due";
pub const DUE_PK: &str = "due_pk";
pub const DUE_AT: &str = "due_at";
/// The one partition of the sparse due index.
pub const DUE_PARTITION: &str = "DUE";
pub const TTL_ATTRIBUTE: &str = "expires_at";

/// Creates the table with its keys, the sparse `due` index and TTL, and waits until it is active.
pub async fn create_table(
    client: &Client,
    table: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let key = |name: &str, key_type| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
    };
    let attr = |name: &str| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(ScalarAttributeType::S)
            .build()
    };
    client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(vec![
            attr(PK)?,
            attr(SK)?,
            attr(DUE_PK)?,
            attr(DUE_AT)?,
        ]))
        .set_key_schema(Some(vec![
            key(PK, KeyType::Hash)?,
            key(SK, KeyType::Range)?,
        ]))
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(DUE_INDEX)
                .set_key_schema(Some(vec![
                    key(DUE_PK, KeyType::Hash)?,
                    key(DUE_AT, KeyType::Range)?,
                ]))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::KeysOnly)
                        .build(),
                )
                .build()?,
        )
        .send()
        .await?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name(TTL_ATTRIBUTE)
                .enabled(true)
                .build()?,
        )
        .send()
        .await?;
    Ok(())
}

/// Turns on the table's stream (new images), which carries the outbox's status-change events
/// to the relay (`functions/events`), and returns its ARN. The deployed table has it
/// (infra/template.yaml); locally only the tests and the dev server that read it turn it on,
/// so moto keeps no stream of every other test's writes.
pub async fn enable_stream(
    client: &Client,
    table: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let output = client
        .update_table()
        .table_name(table)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewImage)
                .build()?,
        )
        .send()
        .await?;
    output
        .table_description()
        .and_then(|t| t.latest_stream_arn())
        .map(str::to_owned)
        .ok_or_else(|| "the table has no stream after enabling it".into())
}
