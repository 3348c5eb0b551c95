//! `SenderStore` over DynamoDB.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem};
use domain::domains::Domain;
use domain::events::StatusChanged;
use domain::names::DomainName;
use domain::ownership::quota::Quota;
use domain::ports::{AddressClaimError, Page, PageRequest, SaveError, SenderStore, StoreError};
use domain::senders::{Authorization, PlatformStatus, Sender, SenderId, sender_status};
use domain::status::Status;
use domain::tenant::TenantId;

use super::errors::built;
use super::items::{
    ADDRESS_SK, AddressClaim, DomainItem, NODE_SK, NodeItem, PLATFORM_PK, PLATFORM_SK,
    PlatformItem, SENDER_SK_PREFIX, SenderItem, address_pk, domain_sk, node_pk, sender_sk,
    tenant_pk,
};
use super::quota;
use super::store::{DynamoStore, key, s};

#[async_trait]
impl SenderStore for DynamoStore {
    async fn insert_sender(
        &self,
        sender: &Sender,
        covering: &[DomainName],
        limit: u32,
    ) -> Result<(), AddressClaimError> {
        let claim = AddressClaim {
            pk: address_pk(&sender.from_email),
            sk: ADDRESS_SK.to_owned(),
            owner: sender.tenant.clone(),
            sender_id: sender.id,
            claimed_at: Some(sender.created_at),
        };
        let put = |item| {
            built(
                Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(item))
                    .condition_expression("attribute_not_exists(pk)")
                    .build(),
            )
            .map(|put| TransactWriteItem::builder().put(put).build())
        };
        let mut items = vec![
            put(Self::item(&SenderItem::new(sender))?)?,
            put(Self::item(&claim)?)?,
        ];
        for name in covering {
            let check = built(
                ConditionCheck::builder()
                    .table_name(&self.table)
                    .set_key(Some(key(node_pk(name.as_str()), NODE_SK)))
                    .condition_expression("attribute_not_exists(#owner)")
                    .expression_attribute_names("#owner", "owner")
                    .build(),
            )?;
            items.push(TransactWriteItem::builder().condition_check(check).build());
        }
        if let Some(domain_id) = sender.domain_id() {
            let check = built(
                ConditionCheck::builder()
                    .table_name(&self.table)
                    .set_key(Some(key(tenant_pk(&sender.tenant), domain_sk(&domain_id))))
                    // Not while a delete of the subdomain is under way: the delete reads the
                    // senders only after its mark, so a sender must not commit past it.
                    .condition_expression(
                        "attribute_exists(pk) AND (attribute_not_exists(#op) OR #op.#kind <> :deleting)",
                    )
                    .expression_attribute_names("#op", "operation")
                    .expression_attribute_names("#kind", "kind")
                    .expression_attribute_values(":deleting", s("deleting"))
                    .build(),
            )?;
            items.push(TransactWriteItem::builder().condition_check(check).build());
        }
        items.push(quota::take(
            &self.table,
            &sender.tenant,
            Quota::Senders,
            limit,
        )?);
        let last = items.len() - 1;
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            Err(reasons) => {
                let failed = |i: usize| reasons.get(i).is_some_and(Option::is_some);
                if failed(last) && !(0..last).any(failed) {
                    let reached = self
                        .quota_reached(&sender.tenant, Quota::Senders, limit)
                        .await?;
                    Err(AddressClaimError::QuotaReached(reached))
                } else if failed(0) || failed(1) {
                    Err(self.address_holder(sender).await?)
                } else if (2..2 + covering.len()).any(failed) {
                    Err(AddressClaimError::UnderSubdomain)
                } else {
                    Err(AddressClaimError::SubdomainGone)
                }
            }
        }
    }

    async fn get_sender(
        &self,
        tenant: &TenantId,
        id: &SenderId,
    ) -> Result<Option<Sender>, StoreError> {
        let item: Option<SenderItem> = self.get(tenant_pk(tenant), sender_sk(id)).await?;
        Ok(item.map(|i| i.sender))
    }

    async fn list_senders(
        &self,
        tenant: &TenantId,
        page: &PageRequest,
    ) -> Result<Page<Sender>, StoreError> {
        let found = self
            .query_page::<SenderItem>(
                tenant_pk(tenant),
                SENDER_SK_PREFIX,
                page.limit,
                page.after.as_deref(),
            )
            .await?;
        Ok(Page {
            items: found.items.into_iter().map(|i| i.sender).collect(),
            next: found.next,
        })
    }

    async fn save_sender(&self, sender: &Sender) -> Result<(), SaveError> {
        let item = Self::item(&SenderItem::new(sender))?;
        if self.put_unchanged(item.clone(), sender.version).await? {
            return Ok(());
        }
        let Some(event) = self.status_change(sender).await? else {
            return Err(SaveError::Stale);
        };
        self.put_versioned(item, sender.version, event.as_ref())
            .await
    }

    async fn expire_sender(&self, sender: &Sender) -> Result<(), SaveError> {
        self.expire_sender_tx(sender).await
    }

    async fn reclaim_sender(
        &self,
        sender: &Sender,
        covering: &[DomainName],
        limit: u32,
    ) -> Result<(), AddressClaimError> {
        self.reclaim_sender_tx(sender, covering, limit).await
    }

    async fn remove_sender(&self, sender: &Sender) -> Result<(), StoreError> {
        let delete_sender = built(
            Delete::builder()
                .table_name(&self.table)
                .set_key(Some(key(tenant_pk(&sender.tenant), sender_sk(&sender.id))))
                // Only the version read: a duplicate delete releases nothing twice.
                .condition_expression("version = :version")
                .expression_attribute_values(
                    ":version",
                    AttributeValue::N(sender.version.to_string()),
                )
                .build(),
        )?;
        let release = built(
            Delete::builder()
                .table_name(&self.table)
                .set_key(Some(key(address_pk(&sender.from_email), ADDRESS_SK)))
                .condition_expression("attribute_not_exists(pk) OR sender_id = :id")
                .expression_attribute_values(":id", s(sender.id.to_string()))
                .build(),
        )?;
        // Counted down only with the item itself, so a repeated removal counts once.
        let items = vec![
            TransactWriteItem::builder().delete(delete_sender).build(),
            TransactWriteItem::builder().delete(release).build(),
            quota::give_back(&self.table, &sender.tenant, Quota::Senders)?,
        ];
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            Err(reasons) if reasons.first().is_some_and(Option::is_some) => Ok(()),
            Err(_) => Err(StoreError(
                "the address claim belongs to another sender".to_owned(),
            )),
        }
    }

    async fn subdomain_holder(&self, name: &DomainName) -> Result<Option<TenantId>, StoreError> {
        let node: Option<NodeItem> = self.get(node_pk(name.as_str()), NODE_SK.to_owned()).await?;
        Ok(node.and_then(|n| n.owner))
    }

    async fn platform_status(&self) -> Result<Option<PlatformStatus>, StoreError> {
        let item: Option<PlatformItem> = self
            .get(PLATFORM_PK.to_owned(), PLATFORM_SK.to_owned())
            .await?;
        Ok(item.map(|i| i.status))
    }

    async fn save_platform_status(&self, status: &PlatformStatus) -> Result<(), StoreError> {
        let item = PlatformItem {
            pk: PLATFORM_PK.to_owned(),
            sk: PLATFORM_SK.to_owned(),
            status: status.clone(),
        };
        self.put(&item).await
    }
}

impl DynamoStore {
    /// The status change saving `sender` makes, read against the version it replaces (the
    /// write is conditional on it): `None` when another version is stored (a lost race),
    /// `Some(None)` when the status it shows stays. A subdomain sender's status also depends
    /// on its subdomain, read only when its own part (a pause) changes.
    pub(super) async fn status_change(
        &self,
        sender: &Sender,
    ) -> Result<Option<Option<StatusChanged>>, StoreError> {
        let stored: Option<SenderItem> = self
            .get(tenant_pk(&sender.tenant), sender_sk(&sender.id))
            .await?;
        let Some(before) = stored
            .map(|s| s.sender)
            .filter(|s| s.version + 1 == sender.version)
        else {
            return Ok(None);
        };
        let domain: Option<Domain> = match sender.domain_id() {
            Some(id) if before.paused.is_some() != sender.paused.is_some() => self
                .get::<DomainItem>(tenant_pk(&sender.tenant), domain_sk(&id))
                .await?
                .map(|item| item.domain),
            _ => None,
        };
        Ok(Some(StatusChanged::sender(
            sender,
            sender_status(&before, domain.as_ref()).status,
            sender_status(sender, domain.as_ref()),
            self.clock.now(),
        )))
    }

    /// Why the address could not be claimed: the caller's own sender (a retried create) or
    /// anybody else's.
    pub(super) async fn address_holder(
        &self,
        sender: &Sender,
    ) -> Result<AddressClaimError, StoreError> {
        let claim: Option<AddressClaim> = self
            .get(address_pk(&sender.from_email), ADDRESS_SK.to_owned())
            .await?;
        Ok(match claim {
            Some(claim) if claim.owner == sender.tenant => {
                AddressClaimError::AlreadyYours(claim.sender_id)
            }
            Some(claim) => {
                let holder: Option<SenderItem> = self
                    .get(tenant_pk(&claim.owner), sender_sk(&claim.sender_id))
                    .await?;
                match holder.map(|h| h.sender.authorization) {
                    Some(Authorization::Email(v)) if v.status != Status::Verified => {
                        AddressClaimError::HeldPendingVerification
                    }
                    _ => AddressClaimError::AddressTaken,
                }
            }
            None => AddressClaimError::AddressTaken,
        })
    }
}
