//! The table's shape, in one place: used by `make dev`, the tests and (mirrored) infra/template.yaml.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
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
