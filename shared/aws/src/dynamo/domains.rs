//! `DomainStore` over DynamoDB.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use domain::domains::{Domain, DomainId};
use domain::events::StatusChanged;
use domain::ownership::SubdomainClaim;
use domain::ownership::quota::Quota;
use domain::ports::{DomainStore, Page, PageRequest, SaveError, StoreError, SubdomainClaimError};
use domain::retry::Tries;
use domain::status::Status;
use domain::tenant::TenantId;

use super::errors::{build_error, store_error};
use super::items::{
    DOMAIN_SK_PREFIX, DomainItem, NODE_SK, NodeItem, SENDER_SK_PREFIX, domain_sk, node_pk,
    tenant_pk,
};
use super::name_claims::{self, NodeState};
use super::quota;
use super::store::{DynamoStore, key, s};

#[async_trait]
impl DomainStore for DynamoStore {
    async fn insert_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
        limit: u32,
    ) -> Result<(), SubdomainClaimError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(Self::item(&DomainItem::new(domain))?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(build_error)?;
        let mut items = vec![
            TransactWriteItem::builder().put(put).build(),
            name_claims::own_name(&self.table, domain, &claim.name)?,
        ];

        for above in &claim.above {
            items.push(name_claims::mark_below(&self.table, above, &domain.tenant)?);
        }
        items.push(quota::take(
            &self.table,
            &domain.tenant,
            Quota::Subdomains,
            limit,
        )?);
        let last = items.len() - 1;
        let reasons = match self.transact(items).await? {
            Ok(()) => return Ok(()),
            Err(reasons) => reasons,
        };
        let failed = |i: usize| reasons.get(i).is_some_and(Option::is_some);
        if failed(last) && !(0..last).any(failed) {
            let reached = self
                .quota_reached(&domain.tenant, Quota::Subdomains, limit)
                .await?;
            return Err(SubdomainClaimError::QuotaReached(reached));
        }
        Err(self.claim_holder(domain, claim).await?)
    }

    async fn get_domain(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Option<Domain>, StoreError> {
        let item: Option<DomainItem> = self.get(tenant_pk(tenant), domain_sk(id)).await?;
        Ok(item.map(|i| i.domain))
    }

    async fn list_domains(
        &self,
        tenant: &TenantId,
        page: &PageRequest,
    ) -> Result<Page<Domain>, StoreError> {
        let found = self
            .query_page::<DomainItem>(
                tenant_pk(tenant),
                DOMAIN_SK_PREFIX,
                page.limit,
                page.after.as_deref(),
            )
            .await?;
        Ok(Page {
            items: found.items.into_iter().map(|i| i.domain).collect(),
            next: found.next,
        })
    }

    async fn save_domain(&self, domain: &Domain) -> Result<(), SaveError> {
        let item = Self::item(&DomainItem::new(domain))?;
        if self.put_unchanged(item.clone(), domain.version).await? {
            return Ok(());
        }
        // Another version is stored, or this save changes the status: the stored version
        // tells which (the write below is conditional on that version).
        let Some(event) = self.domain_change(domain).await? else {
            return Err(SaveError::Stale);
        };
        self.put_versioned(item, domain.version, event.as_ref())
            .await
    }

    async fn expire_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
    ) -> Result<(), SaveError> {
        self.expire_domain_tx(domain, claim).await
    }

    async fn reclaim_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
        limit: u32,
    ) -> Result<(), SubdomainClaimError> {
        self.reclaim_domain_tx(domain, claim, limit).await
    }

    async fn remove_domain(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
    ) -> Result<(), StoreError> {
        let mut tries = Tries::new();
        while tries.next().await {
            let delete = removal(&self.table, domain)?;
            // Counted down only with the item itself, so a repeated release counts once.
            let mut items = vec![
                TransactWriteItem::builder().delete(delete).build(),
                quota::give_back(&self.table, &domain.tenant, Quota::Subdomains)?,
            ];
            let node = self.node(claim.name.as_str(), domain).await?;
            let owned = node.owner.as_deref() == Some(domain.tenant.as_str())
                && node.owner_domain.as_deref() == Some(domain.id.to_string().as_str());
            if owned {
                items.push(name_claims::disown_name(
                    &self.table,
                    domain,
                    &claim.name,
                    &node,
                )?);
            }
            for above in &claim.above {
                let node = self.node(above.as_str(), domain).await?;
                if node.held > 0 {
                    items.push(name_claims::unmark_below(
                        &self.table,
                        above,
                        &domain.tenant,
                        &node,
                    )?);
                }
            }
            match self.transact(items).await? {
                Ok(()) => return Ok(()),
                // The item itself moved on: another request removed or changed it, and with
                // it its claims, which must not be released twice.
                Err(reasons) if reasons.first().is_some_and(Option::is_some) => {
                    return Err(StoreError(
                        "the subdomain was removed or changed by another request".to_owned(),
                    ));
                }
                Err(_) => {}
            }
        }
        Err(StoreError(
            "could not release the subdomain's claims: they kept changing".to_owned(),
        ))
    }

    async fn senders_on_domain(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Vec<String>, StoreError> {
        let mut ids = Vec::new();
        let mut pages = self
            .client
            .query()
            .table_name(&self.table)
            // Read after the delete's marker: every sender committed before it is seen.
            .consistent_read(true)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .filter_expression("#auth.#domain = :id")
            .expression_attribute_names("#auth", "authorization")
            .expression_attribute_names("#domain", "domain_id")
            .expression_attribute_values(":pk", s(tenant_pk(tenant)))
            .expression_attribute_values(":prefix", s(SENDER_SK_PREFIX))
            .expression_attribute_values(":id", s(id.to_string()))
            .projection_expression("id")
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(store_error)?;
            ids.extend(
                page.items()
                    .iter()
                    .filter_map(|i| i.get("id").and_then(|v| v.as_s().ok()).cloned()),
            );
        }
        Ok(ids)
    }
}

/// The delete of the subdomain's item, only at the version read: a second delete (or one
/// that lost a race with another change) cancels the whole release.
fn removal(table: &str, domain: &Domain) -> Result<Delete, StoreError> {
    Delete::builder()
        .table_name(table)
        .set_key(Some(key(tenant_pk(&domain.tenant), domain_sk(&domain.id))))
        .condition_expression("version = :version")
        .expression_attribute_values(":version", AttributeValue::N(domain.version.to_string()))
        .build()
        .map_err(build_error)
}

impl DynamoStore {
    /// The status change saving `domain` makes, read against the version it replaces (every
    /// write of a subdomain is conditional on it): `None` when another version is stored (a
    /// lost race), `Some(None)` when the status stays.
    pub(super) async fn domain_change(
        &self,
        domain: &Domain,
    ) -> Result<Option<Option<StatusChanged>>, StoreError> {
        let stored: Option<DomainItem> = self
            .get(tenant_pk(&domain.tenant), domain_sk(&domain.id))
            .await?;
        Ok(stored
            .filter(|s| s.domain.version + 1 == domain.version)
            .map(|s| StatusChanged::subdomain(&s.domain, domain, self.clock.now())))
    }

    pub(super) async fn node(&self, name: &str, domain: &Domain) -> Result<NodeState, StoreError> {
        let raw = self.get_raw(node_pk(name), NODE_SK.to_owned()).await?;
        Ok(NodeState::read(raw.as_ref(), &domain.tenant))
    }

    /// Why `claim` was refused: the caller's own subdomain (a retried create), another
    /// tenant's subdomain not verified yet (the name itself or one above it; never saying
    /// whose), or another tenant's in any other way.
    pub(super) async fn claim_holder(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
    ) -> Result<SubdomainClaimError, StoreError> {
        for name in std::iter::once(&claim.name).chain(&claim.above) {
            let Some(NodeItem {
                owner: Some(owner),
                owner_domain: Some(id),
                ..
            }) = self
                .get::<NodeItem>(node_pk(name.as_str()), NODE_SK.to_owned())
                .await?
            else {
                continue;
            };
            if owner == domain.tenant {
                if name == &claim.name {
                    return Ok(SubdomainClaimError::AlreadyYours(id));
                }
                continue;
            }
            let holder: Option<DomainItem> = self.get(tenant_pk(&owner), domain_sk(&id)).await?;
            let proven = holder.is_some_and(|h| h.domain.status == Status::Verified);
            return Ok(if proven {
                SubdomainClaimError::HeldElsewhere
            } else {
                SubdomainClaimError::HeldPendingVerification
            });
        }
        // Names below it: pending only when none of them is verified.
        let node = self.node(claim.name.as_str(), domain).await?;
        let mut unproven = false;
        for other in node.below.iter().filter(|t| *t != domain.tenant.as_str()) {
            let Ok(tenant) = TenantId::parse(other) else {
                continue;
            };
            let mut after: Option<String> = None;
            loop {
                let page = self
                    .query_page::<DomainItem>(
                        tenant_pk(&tenant),
                        DOMAIN_SK_PREFIX,
                        100,
                        after.as_deref(),
                    )
                    .await?;
                for held in page.items.iter().map(|i| &i.domain) {
                    if !held.name.as_domain().is_same_or_under(&claim.name)
                        || held.status == Status::Expired
                    {
                        continue;
                    }
                    if held.status == Status::Verified {
                        return Ok(SubdomainClaimError::HeldElsewhere);
                    }
                    unproven = true;
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
        }
        Ok(if unproven {
            SubdomainClaimError::HeldPendingVerification
        } else {
            SubdomainClaimError::HeldElsewhere
        })
    }
}
