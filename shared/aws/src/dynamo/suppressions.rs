//! `SuppressionList` over DynamoDB: one item per recipient in the tenant's partition.

use async_trait::async_trait;
use domain::ports::SuppressionList;
use domain::ports::{Page, PageRequest, StoreError};
use domain::suppressions::SuppressionEntry;
use domain::tenant::TenantId;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use domain::ownership::quota::Quota;
use domain::ports::Added;
use domain::suppressions::AddedBy;

use super::errors::build_error;
use super::feedback_items::{SUPPRESSION_SK_PREFIX, SuppressionItem, suppression_sk};
use super::items::tenant_pk;
use super::quota;
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

    /// The entry and one more on the tenant's hand-added count, in one transaction.
    async fn add_suppression(
        &self,
        tenant: &TenantId,
        entry: &SuppressionEntry,
        limit: u32,
    ) -> Result<Added, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(Self::item(&SuppressionItem::new(tenant, entry))?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(build_error)?;
        let items = vec![
            TransactWriteItem::builder().put(put).build(),
            quota::take(&self.table, tenant, Quota::Suppressions, limit)?,
        ];
        match self.transact(items).await? {
            Ok(()) => Ok(Added::Added),
            Err(reasons) if reasons.first().is_some_and(Option::is_some) => {
                Ok(Added::AlreadyListed)
            }
            Err(_) => Ok(Added::QuotaReached(
                self.quota_reached(tenant, Quota::Suppressions, limit)
                    .await?,
            )),
        }
    }

    /// Deletes the entry as read (its version), giving the quota back in the same transaction
    /// when it was added by hand, so a concurrent change or delete never gives back twice.
    async fn remove_suppression(
        &self,
        tenant: &TenantId,
        recipient: &str,
    ) -> Result<bool, StoreError> {
        for _ in 0..3 {
            let Some(entry) = self.get_suppression(tenant, recipient).await? else {
                return Ok(false);
            };
            let delete = Delete::builder()
                .table_name(&self.table)
                .set_key(Some(key(tenant_pk(tenant), suppression_sk(recipient))))
                .condition_expression("#version = :version")
                .expression_attribute_names("#version", "version")
                .expression_attribute_values(
                    ":version",
                    AttributeValue::N(entry.version.to_string()),
                )
                .build()
                .map_err(build_error)?;
            let mut items = vec![TransactWriteItem::builder().delete(delete).build()];
            if entry.added_by == AddedBy::Admin {
                items.push(quota::give_back(&self.table, tenant, Quota::Suppressions)?);
            }
            if self.transact(items).await?.is_ok() {
                return Ok(true);
            }
        }
        Err(StoreError(
            "the suppression kept changing while it was removed".to_owned(),
        ))
    }
}
