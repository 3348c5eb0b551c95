//! The lifecycle transactions: expiring a subdomain or sender that was never proven (or stayed
//! failed), and claiming it again when it is restarted.
//!
//! Each one saves the item's new status (conditional on the version read, as `save_domain`
//! and `save_sender` do) and changes its claims and quota counter in the same transaction, so
//! a name is never freed while the item still says it is held, nor held by an item that says
//! it expired. They are the only status-changing transactions outside the save paths, and
//! like those they write the status change's event into the outbox in the same transaction,
//! read against the version they replace. The outbox Put goes last and has no condition, so
//! the cancellation reasons read by index (the item first, the quota last before it) keep
//! their places.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem};
use domain::domains::Domain;
use domain::names::DomainName;
use domain::ownership::SubdomainClaim;
use domain::ownership::quota::Quota;
use domain::ports::{AddressClaimError, SaveError, StoreError, SubdomainClaimError};
use domain::retry::Tries;
use domain::senders::{Authorization, Sender};

use super::errors::built;
use super::items::{
    ADDRESS_SK, AddressClaim, DomainItem, NODE_SK, SenderItem, address_pk, node_pk,
};
use super::name_claims;
use super::quota;
use super::store::{DynamoStore, key, s};

/// The item written in place of the one at `version - 1` (the save paths' condition).
fn versioned_put(
    table: &str,
    item: HashMap<String, AttributeValue>,
    version: u64,
) -> Result<TransactWriteItem, StoreError> {
    let put = built(
        Put::builder()
            .table_name(table)
            .set_item(Some(item))
            .condition_expression("attribute_exists(pk) AND version = :prev")
            .expression_attribute_values(
                ":prev",
                AttributeValue::N(version.saturating_sub(1).to_string()),
            )
            .build(),
    )?;
    Ok(TransactWriteItem::builder().put(put).build())
}

fn changed_meanwhile(what: &str) -> StoreError {
    StoreError(format!("the {what} changed meanwhile"))
}

impl DynamoStore {
    /// Saves the expired subdomain and releases its claims and quota, together.
    pub(super) async fn expire_domain_tx(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
    ) -> Result<(), SaveError> {
        let Some(event) = self.domain_change(domain).await? else {
            return Err(SaveError::Stale);
        };
        let mut tries = Tries::new();
        while tries.next().await {
            let mut items = vec![
                versioned_put(
                    &self.table,
                    Self::item(&DomainItem::new(domain))?,
                    domain.version,
                )?,
                quota::give_back(&self.table, &domain.tenant, Quota::Subdomains)?,
            ];
            let node = self.node(claim.name.as_str(), domain).await?;
            if node.owner.as_deref() == Some(domain.tenant.as_str())
                && node.owner_domain.as_deref() == Some(domain.id.to_string().as_str())
            {
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
            items.extend(event.as_ref().map(|e| self.outbox_put(e)).transpose()?);
            match self.transact(items).await? {
                Ok(()) => return Ok(()),
                // The item moved on: nothing was released, the caller reads it again.
                Err(reasons) if reasons.first().is_some_and(Option::is_some) => {
                    return Err(SaveError::Stale);
                }
                // A claim node changed between the read and the write: read it again.
                Err(_) => {}
            }
        }
        Err(SaveError::Store(StoreError(
            "could not release the subdomain's claims: they kept changing".to_owned(),
        )))
    }

    /// Saves the restarted subdomain and claims its name again, together.
    pub(super) async fn reclaim_domain_tx(
        &self,
        domain: &Domain,
        claim: &SubdomainClaim,
        limit: u32,
    ) -> Result<(), SubdomainClaimError> {
        let Some(event) = self.domain_change(domain).await? else {
            return Err(changed_meanwhile("subdomain").into());
        };
        let mut items = vec![
            versioned_put(
                &self.table,
                Self::item(&DomainItem::new(domain))?,
                domain.version,
            )?,
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
        items.extend(event.as_ref().map(|e| self.outbox_put(e)).transpose()?);
        let reasons = match self.transact(items).await? {
            Ok(()) => return Ok(()),
            Err(reasons) => reasons,
        };
        let failed = |i: usize| reasons.get(i).is_some_and(Option::is_some);
        if failed(0) {
            return Err(changed_meanwhile("subdomain").into());
        }
        if failed(last) && !(0..last).any(failed) {
            let reached = self
                .quota_reached(&domain.tenant, Quota::Subdomains, limit)
                .await?;
            return Err(SubdomainClaimError::QuotaReached(reached));
        }
        Err(self.claim_holder(domain, claim).await?)
    }

    /// Saves the expired sender and releases its address and quota, together.
    pub(super) async fn expire_sender_tx(&self, sender: &Sender) -> Result<(), SaveError> {
        let Some(event) = self.status_change(sender).await? else {
            return Err(SaveError::Stale);
        };
        let release = built(
            Delete::builder()
                .table_name(&self.table)
                .set_key(Some(key(address_pk(&sender.from_email), ADDRESS_SK)))
                .condition_expression("attribute_not_exists(pk) OR sender_id = :id")
                .expression_attribute_values(":id", s(sender.id.to_string()))
                .build(),
        )?;
        let mut items = vec![
            versioned_put(
                &self.table,
                Self::item(&SenderItem::new(sender))?,
                sender.version,
            )?,
            TransactWriteItem::builder().delete(release).build(),
            quota::give_back(&self.table, &sender.tenant, Quota::Senders)?,
        ];
        items.extend(event.as_ref().map(|e| self.outbox_put(e)).transpose()?);
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            Err(reasons) if reasons.first().is_some_and(Option::is_some) => Err(SaveError::Stale),
            Err(_) => Err(SaveError::Store(StoreError(
                "the address claim belongs to another sender".to_owned(),
            ))),
        }
    }

    /// Saves the restarted sender and claims its address again, together.
    pub(super) async fn reclaim_sender_tx(
        &self,
        sender: &Sender,
        covering: &[DomainName],
        limit: u32,
    ) -> Result<(), AddressClaimError> {
        let Some(event) = self.status_change(sender).await? else {
            return Err(changed_meanwhile("sender").into());
        };
        let claim = AddressClaim {
            pk: address_pk(&sender.from_email),
            sk: ADDRESS_SK.to_owned(),
            owner: sender.tenant.clone(),
            sender_id: sender.id,
            // Claimed anew now (the fresh link's time): an earlier holder's mail is not its own.
            claimed_at: Some(match &sender.authorization {
                Authorization::Email(verification) => verification.link_sent_at,
                Authorization::Subdomain { .. } => sender.created_at,
            }),
        };
        let put_claim = built(
            Put::builder()
                .table_name(&self.table)
                .set_item(Some(Self::item(&claim)?))
                .condition_expression("attribute_not_exists(pk)")
                .build(),
        )?;
        let mut items = vec![
            versioned_put(
                &self.table,
                Self::item(&SenderItem::new(sender))?,
                sender.version,
            )?,
            TransactWriteItem::builder().put(put_claim).build(),
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
        items.push(quota::take(
            &self.table,
            &sender.tenant,
            Quota::Senders,
            limit,
        )?);
        let last = items.len() - 1;
        items.extend(event.as_ref().map(|e| self.outbox_put(e)).transpose()?);
        let reasons = match self.transact(items).await? {
            Ok(()) => return Ok(()),
            Err(reasons) => reasons,
        };
        let failed = |i: usize| reasons.get(i).is_some_and(Option::is_some);
        if failed(0) {
            Err(changed_meanwhile("sender").into())
        } else if failed(1) {
            Err(self.address_holder(sender).await?)
        } else if (2..last).any(failed) {
            Err(AddressClaimError::UnderSubdomain)
        } else {
            let reached = self
                .quota_reached(&sender.tenant, Quota::Senders, limit)
                .await?;
            Err(AddressClaimError::QuotaReached(reached))
        }
    }
}
