//! `SuppressionList` over DynamoDB: one item per recipient in the tenant's partition.

use async_trait::async_trait;
use domain::ports::SuppressionList;
use domain::ports::{Page, PageRequest, StoreError};
use domain::suppressions::SuppressionEntry;
use domain::tenant::TenantId;

use super::errors::condition_held;
use super::feedback_items::{SUPPRESSION_SK_PREFIX, SuppressionItem, suppression_sk};
use super::items::tenant_pk;
use super::store::{DynamoStore, key};

#[async_trait]
impl SuppressionList for DynamoStore {
    async fn get_suppression(
        &self,
        tenant: &TenantId,
        recipient: &str,
    ) -> Result<Option<SuppressionEntry>, StoreError> {
        let item: Option<SuppressionItem> = self
            .get(tenant_pk(tenant), suppression_sk(recipient))
            .await?;
        Ok(item.map(|i| i.entry))
    }

    async fn list_suppressions(
        &self,
        tenant: &TenantId,
        page: &PageRequest,
    ) -> Result<Page<SuppressionEntry>, StoreError> {
        let found = self
            .query_page::<SuppressionItem>(
                tenant_pk(tenant),
                SUPPRESSION_SK_PREFIX,
                page.limit,
                page.after.as_deref(),
            )
            .await?;
        Ok(Page {
            items: found.items.into_iter().map(|i| i.entry).collect(),
            next: found.next,
        })
    }

    async fn add_suppression(
        &self,
        tenant: &TenantId,
        entry: &SuppressionEntry,
    ) -> Result<bool, StoreError> {
        self.put_new(&SuppressionItem::new(tenant, entry)).await
    }

    async fn remove_suppression(
        &self,
        tenant: &TenantId,
        recipient: &str,
    ) -> Result<bool, StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(tenant_pk(tenant), suppression_sk(recipient))))
            .condition_expression("attribute_exists(pk)")
            .send()
            .await;
        condition_held(result)
    }
}
