//! `DueIndex` over the sparse `due` index: only items with a due time are in it, so a sweep's
//! cost follows the due identities, never the whole table.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use domain::domains::DomainId;
use domain::ports::{DueIndex, Page, StoreError};
use domain::senders::SenderId;
use domain::tenant::TenantId;
use domain::verification::IdentityRef;

use super::errors::store_error;
use super::items::{DOMAIN_SK_PREFIX, SENDER_SK_PREFIX, due_at};
use super::schema::{DUE_AT, DUE_INDEX, DUE_PARTITION, DUE_PK, PK, SK};
use super::store::{DynamoStore, s};

/// The identity an item of the index stands for, from its keys.
fn identity(item: &HashMap<String, AttributeValue>) -> Option<IdentityRef> {
    let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok());
    let tenant = TenantId::parse(text(PK)?.strip_prefix("T#")?).ok()?;
    let sk = text(SK)?;
    if let Some(id) = sk.strip_prefix(DOMAIN_SK_PREFIX) {
        return DomainId::parse(id).map(|id| IdentityRef::Domain { tenant, id });
    }
    SenderId::parse(sk.strip_prefix(SENDER_SK_PREFIX)?).map(|id| IdentityRef::Sender { tenant, id })
}

/// The index position as text: its four key attributes.
fn encode(key: &HashMap<String, AttributeValue>) -> Option<String> {
    let fields: HashMap<&str, &str> = [PK, SK, DUE_PK, DUE_AT]
        .into_iter()
        .map(|name| {
            key.get(name)
                .and_then(|v| v.as_s().ok())
                .map(|v| (name, v.as_str()))
        })
        .collect::<Option<_>>()?;
    serde_json::to_string(&fields).ok()
}

fn decode(raw: &str) -> Option<HashMap<String, AttributeValue>> {
    let fields: HashMap<String, String> = serde_json::from_str(raw).ok()?;
    Some(fields.into_iter().map(|(k, v)| (k, s(v))).collect())
}

#[async_trait]
impl DueIndex for DynamoStore {
    async fn due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        after: Option<String>,
    ) -> Result<Page<IdentityRef>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(DUE_INDEX)
            .key_condition_expression("#due_pk = :due AND #due_at <= :now")
            .expression_attribute_names("#due_pk", DUE_PK)
            .expression_attribute_names("#due_at", DUE_AT)
            .expression_attribute_values(":due", s(DUE_PARTITION))
            .expression_attribute_values(":now", s(due_at(now)))
            .limit(i32::try_from(limit.max(1)).unwrap_or(i32::MAX))
            .set_exclusive_start_key(after.as_deref().and_then(decode))
            .send()
            .await
            .map_err(store_error)?;
        let items = output.items().iter().filter_map(identity).collect();
        let next = output.last_evaluated_key().and_then(encode);
        Ok(Page { items, next })
    }

    async fn oldest_due(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError> {
        // The index is sorted by due time: its first entry at or before now is the oldest.
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(DUE_INDEX)
            .key_condition_expression("#due_pk = :due AND #due_at <= :now")
            .expression_attribute_names("#due_pk", DUE_PK)
            .expression_attribute_names("#due_at", DUE_AT)
            .expression_attribute_values(":due", s(DUE_PARTITION))
            .expression_attribute_values(":now", s(due_at(now)))
            .limit(1)
            .send()
            .await
            .map_err(store_error)?;
        Ok(output
            .items()
            .first()
            .and_then(|item| item.get(DUE_AT)?.as_s().ok())
            .and_then(|raw| DateTime::parse_from_rfc3339(raw).ok())
            .map(|at| at.with_timezone(&Utc)))
    }
}
