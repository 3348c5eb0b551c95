//! Name ownership (the rule is `domain::ownership`), enforced by DynamoDB conditions inside
//! one transaction.
//!
//! Claiming `a.b.example.com` for tenant T writes, atomically:
//! - the node of the name itself: `owner = T`, only if nobody owns it and no OTHER tenant
//!   holds a name below it (`below` is empty or just `{T}`);
//! - every ancestor node below the registrable domain (`b.example.com`): T added to `below`
//!   and its count raised, only if that ancestor is not owned by another tenant.
//!
//! So a tenant can never claim a name above, at or below another tenant's name, and two
//! concurrent claims touch a common item and cannot both commit. Siblings (`x.b.example.com`
//! and `y.b.example.com`) do not conflict: neither covers the other in SES.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};
use domain::domains::Domain;
use domain::names::DomainName;
use domain::ports::StoreError;
use domain::tenant::TenantId;

use super::errors::build_error;
use super::items::{NODE_SK, below_count_attribute, node_pk};
use super::store::{key, s};

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn node_key(name: &str) -> HashMap<String, AttributeValue> {
    key(node_pk(name), NODE_SK)
}

fn build(
    update: aws_sdk_dynamodb::types::builders::UpdateBuilder,
) -> Result<TransactWriteItem, StoreError> {
    let update = update.build().map_err(build_error)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// The update that makes `domain`'s tenant the owner of `name` (the claim's name).
pub fn own_name(
    table: &str,
    domain: &Domain,
    name: &DomainName,
) -> Result<TransactWriteItem, StoreError> {
    build(
        Update::builder()
            .table_name(table)
            .set_key(Some(node_key(name.as_str())))
            .update_expression("SET #owner = :t, #owner_domain = :id, #claimed_at = :at")
            .condition_expression(
                "attribute_not_exists(#owner) AND (attribute_not_exists(#below) OR (size(#below) = :one AND contains(#below, :t)))",
            )
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_names("#owner_domain", "owner_domain")
            .expression_attribute_names("#below", "below")
            .expression_attribute_values(":t", s(domain.tenant.as_str()))
            .expression_attribute_names("#claimed_at", "claimed_at")
            .expression_attribute_values(":id", s(domain.id.to_string()))
            .expression_attribute_values(":at", s(claim_time(domain)))
            .expression_attribute_values(":one", n(1)),
    )
}

/// When `domain` claimed its name: its creation, or the start of its current verification
/// window when that is later (an expired subdomain restarted claims its name anew, and mail
/// sent by whoever held it in between is not its own), as serde writes a `DateTime` (so the
/// node reads back into [`NodeItem`](super::items::NodeItem)).
fn claim_time(domain: &Domain) -> String {
    let window_start = domain.verification_deadline - domain::status::DNS_VERIFICATION_WINDOW;
    domain
        .created_at
        .max(window_start)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The update that records `tenant` holding one more name under `ancestor`.
pub fn mark_below(
    table: &str,
    ancestor: &DomainName,
    tenant: &TenantId,
) -> Result<TransactWriteItem, StoreError> {
    build(
        Update::builder()
            .table_name(table)
            .set_key(Some(node_key(ancestor.as_str())))
            .update_expression("ADD #below :tset, #count :one")
            .condition_expression("attribute_not_exists(#owner) OR #owner = :t")
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_names("#below", "below")
            .expression_attribute_names("#count", below_count_attribute(tenant))
            .expression_attribute_values(":t", s(tenant.as_str()))
            .expression_attribute_values(":tset", AttributeValue::Ss(vec![tenant.to_string()]))
            .expression_attribute_values(":one", n(1)),
    )
}

/// A name node as read before a release.
#[derive(Debug, Default)]
pub struct NodeState {
    pub owner: Option<String>,
    pub owner_domain: Option<String>,
    /// Tenants holding names below this node.
    pub below: Vec<String>,
    /// How many names the releasing tenant holds below this node.
    pub held: i64,
}

impl NodeState {
    pub fn read(item: Option<&HashMap<String, AttributeValue>>, tenant: &TenantId) -> Self {
        let Some(item) = item else {
            return Self::default();
        };
        let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
        Self {
            owner: text("owner"),
            owner_domain: text("owner_domain"),
            below: item
                .get("below")
                .and_then(|v| v.as_ss().ok())
                .cloned()
                .unwrap_or_default(),
            held: item
                .get(&below_count_attribute(tenant))
                .and_then(|v| v.as_n().ok())
                .and_then(|raw| raw.parse().ok())
                .unwrap_or(0),
        }
    }

    /// True when the node records nothing but this tenant's last name below it.
    fn only_this(&self, tenant: &TenantId) -> bool {
        self.owner.is_none() && self.held <= 1 && self.below.iter().all(|t| t == tenant.as_str())
    }
}

/// The write that gives up `domain`'s ownership of `name`: the node is deleted when nothing
/// else is recorded on it, so a released name leaves no item behind.
pub fn disown_name(
    table: &str,
    domain: &Domain,
    name: &DomainName,
    node: &NodeState,
) -> Result<TransactWriteItem, StoreError> {
    let key = node_key(name.as_str());
    let tenant = s(domain.tenant.as_str());
    let id = s(domain.id.to_string());
    if node.below.is_empty() {
        let delete = Delete::builder()
            .table_name(table)
            .set_key(Some(key))
            .condition_expression(
                "#owner = :t AND #owner_domain = :id AND attribute_not_exists(#below)",
            )
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_names("#owner_domain", "owner_domain")
            .expression_attribute_names("#below", "below")
            .expression_attribute_values(":t", tenant)
            .expression_attribute_values(":id", id)
            .build()
            .map_err(build_error)?;
        return Ok(TransactWriteItem::builder().delete(delete).build());
    }
    build(
        Update::builder()
            .table_name(table)
            .set_key(Some(key))
            .update_expression("REMOVE #owner, #owner_domain, #claimed_at")
            .expression_attribute_names("#claimed_at", "claimed_at")
            .condition_expression("#owner = :t AND #owner_domain = :id")
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_names("#owner_domain", "owner_domain")
            .expression_attribute_values(":t", tenant)
            .expression_attribute_values(":id", id),
    )
}

/// The write that records `tenant` holding one name fewer under `ancestor`, given the node as
/// read; its condition makes a concurrent change fail the transaction, which is then retried.
pub fn unmark_below(
    table: &str,
    ancestor: &DomainName,
    tenant: &TenantId,
    node: &NodeState,
) -> Result<TransactWriteItem, StoreError> {
    let key = node_key(ancestor.as_str());
    let count = below_count_attribute(tenant);
    if node.only_this(tenant) {
        let delete = Delete::builder()
            .table_name(table)
            .set_key(Some(key))
            .condition_expression(
                "#count = :held AND size(#below) = :one AND attribute_not_exists(#owner)",
            )
            .expression_attribute_names("#count", count)
            .expression_attribute_names("#below", "below")
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_values(":held", n(node.held))
            .expression_attribute_values(":one", n(1))
            .build()
            .map_err(build_error)?;
        return Ok(TransactWriteItem::builder().delete(delete).build());
    }
    let update = Update::builder()
        .table_name(table)
        .set_key(Some(key))
        .condition_expression("#count = :held")
        .expression_attribute_names("#count", count)
        .expression_attribute_values(":held", n(node.held));
    let update = if node.held <= 1 {
        update
            .update_expression("DELETE #below :tset REMOVE #count")
            .expression_attribute_names("#below", "below")
            .expression_attribute_values(":tset", AttributeValue::Ss(vec![tenant.to_string()]))
    } else {
        update
            .update_expression("SET #count = :less")
            .expression_attribute_values(":less", n(node.held - 1))
    };
    build(update)
}
