//! Per-tenant quotas (`domain::ownership::quota`), counted in DynamoDB inside the claim's own
//! transaction: one counter item per tenant and quota, raised only while below its limit, so
//! concurrent adds cannot pass the limit together.
//!
//! Item: pk `T#<tenant>`, sk `Q#<quota>`, attribute `used`.

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use domain::ownership::quota::{Quota, QuotaReached};
use domain::ports::StoreError;
use domain::tenant::TenantId;

use super::items::tenant_pk;
use super::store::{DynamoStore, key};

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn quota_sk(quota: Quota) -> String {
    format!("Q#{}", quota.name())
}

fn update(
    table: &str,
    tenant: &TenantId,
    quota: Quota,
) -> aws_sdk_dynamodb::types::builders::UpdateBuilder {
    Update::builder()
        .table_name(table)
        .set_key(Some(key(tenant_pk(tenant), quota_sk(quota))))
        .update_expression("ADD #used :delta")
        .expression_attribute_names("#used", "used")
}

fn built(
    update: aws_sdk_dynamodb::types::builders::UpdateBuilder,
) -> Result<TransactWriteItem, StoreError> {
    let update = update.build().map_err(|e| StoreError(e.to_string()))?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// The write that counts one more of `quota` for `tenant`, only while fewer than `limit`.
pub fn take(
    table: &str,
    tenant: &TenantId,
    quota: Quota,
    limit: u32,
) -> Result<TransactWriteItem, StoreError> {
    built(
        update(table, tenant, quota)
            .condition_expression("attribute_not_exists(#used) OR #used < :limit")
            .expression_attribute_values(":delta", n(1))
            .expression_attribute_values(":limit", n(i64::from(limit))),
    )
}

/// The write that counts one fewer (a release never fails on the count: items written
/// before quotas existed were never counted, and a release must still go through).
pub fn give_back(
    table: &str,
    tenant: &TenantId,
    quota: Quota,
) -> Result<TransactWriteItem, StoreError> {
    built(update(table, tenant, quota).expression_attribute_values(":delta", n(-1)))
}

impl DynamoStore {
    /// The refusal for a full `quota`, with the current use read back.
    pub(super) async fn quota_reached(
        &self,
        tenant: &TenantId,
        quota: Quota,
        limit: u32,
    ) -> Result<QuotaReached, StoreError> {
        let item = self.get_raw(tenant_pk(tenant), quota_sk(quota)).await?;
        let used = item
            .as_ref()
            .and_then(|i| i.get("used"))
            .and_then(|v| v.as_n().ok())
            .and_then(|raw| raw.parse::<u32>().ok())
            .unwrap_or(limit);
        Ok(QuotaReached { quota, limit, used })
    }
}
