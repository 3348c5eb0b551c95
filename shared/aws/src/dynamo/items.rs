//! Item shapes and keys. Domain types are stored as they serialize, plus their keys.

use chrono::{DateTime, SecondsFormat, Utc};
use domain::domains::{Domain, DomainId};
use domain::names::EmailAddress;
use domain::senders::{Authorization, PlatformStatus, Sender, SenderId};
use domain::status::Status;
use domain::tenant::TenantId;
use serde::{Deserialize, Serialize};

use super::schema::DUE_PARTITION;

pub fn tenant_pk(tenant: &TenantId) -> String {
    format!("T#{tenant}")
}

pub const DOMAIN_SK_PREFIX: &str = "D#";
pub const SENDER_SK_PREFIX: &str = "S#";

pub fn domain_sk(id: &DomainId) -> String {
    format!("{DOMAIN_SK_PREFIX}{id}")
}

pub fn node_pk(name: &str) -> String {
    format!("N#{name}")
}

pub const NODE_SK: &str = "N";

/// The attribute that counts a tenant's names under a node.
pub fn below_count_attribute(tenant: &TenantId) -> String {
    format!("c#{tenant}")
}

/// Due times sort as strings, so they use one fixed width: seconds, `Z`.
pub fn due_at(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The keys of the sparse `due` index: present only while a check is due.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DueKeys {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
}

impl DueKeys {
    /// The keys for a next check at `next`, or none.
    pub fn at(next: Option<DateTime<Utc>>) -> Self {
        let due_at = next.map(due_at);
        Self {
            due_pk: due_at.as_ref().map(|_| DUE_PARTITION.to_owned()),
            due_at,
        }
    }
}

/// The attribute that names the status an item shows, so a save that keeps it can say so in
/// its condition (see `DynamoStore::put_unchanged`); absent on items stored before it existed.
pub const SHOWN_STATUS: &str = "shown_status";

/// A status as its serde name (`pending`, `verified`, ...).
fn status_name(status: Status) -> String {
    match serde_json::to_value(status) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{status:?}"),
    }
}

/// A subdomain as stored.
#[derive(Debug, Serialize, Deserialize)]
pub struct DomainItem {
    pub pk: String,
    pub sk: String,
    #[serde(flatten)]
    pub due: DueKeys,
    #[serde(default, skip_deserializing)]
    pub shown_status: String,
    #[serde(flatten)]
    pub domain: Domain,
}

impl DomainItem {
    pub fn new(domain: &Domain) -> Self {
        Self {
            pk: tenant_pk(&domain.tenant),
            sk: domain_sk(&domain.id),
            due: DueKeys::at(domain.next_check_at),
            shown_status: status_name(domain.status),
            domain: domain.clone(),
        }
    }
}

/// The parts of a name node the store reads back.
#[derive(Debug, Deserialize)]
pub struct NodeItem {
    pub owner: Option<TenantId>,
    pub owner_domain: Option<DomainId>,
    /// When the owner claimed the name (absent on nodes claimed before this was recorded).
    #[serde(default)]
    pub claimed_at: Option<DateTime<Utc>>,
}

pub fn sender_sk(id: &SenderId) -> String {
    format!("{SENDER_SK_PREFIX}{id}")
}

pub fn address_pk(address: &EmailAddress) -> String {
    format!("A#{address}")
}

pub const ADDRESS_SK: &str = "A";
pub const PLATFORM_PK: &str = "P#default";
pub const PLATFORM_SK: &str = "P";

/// A sender as stored.
#[derive(Debug, Serialize, Deserialize)]
pub struct SenderItem {
    pub pk: String,
    pub sk: String,
    #[serde(flatten)]
    pub due: DueKeys,
    #[serde(default, skip_deserializing)]
    pub shown_status: String,
    #[serde(flatten)]
    pub sender: Sender,
}

impl SenderItem {
    pub fn new(sender: &Sender) -> Self {
        Self {
            pk: tenant_pk(&sender.tenant),
            sk: sender_sk(&sender.id),
            due: DueKeys::at(sender.next_check_at),
            shown_status: sender_shown_status(sender),
            sender: sender.clone(),
        }
    }
}

/// The claim that makes a From address one sender's, across all tenants.
#[derive(Debug, Serialize, Deserialize)]
pub struct AddressClaim {
    pub pk: String,
    pub sk: String,
    pub owner: TenantId,
    pub sender_id: SenderId,
    /// When the sender claimed the address, so feedback on mail sent before then is not
    /// credited to it (absent on claims made before this was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<DateTime<Utc>>,
}

/// The platform identity's last known status.
#[derive(Debug, Serialize, Deserialize)]
pub struct PlatformItem {
    pub pk: String,
    pub sk: String,
    #[serde(flatten)]
    pub status: PlatformStatus,
}

/// What of a sender's status is its own: paused, else its email verification's status (a
/// subdomain sender's status is otherwise its subdomain's). It changes exactly when the
/// status `sender_status` shows can change through a save of the sender.
fn sender_shown_status(sender: &Sender) -> String {
    match (&sender.paused, &sender.authorization) {
        (Some(_), _) => "paused".to_owned(),
        (None, Authorization::Email(verification)) => status_name(verification.status),
        (None, Authorization::Subdomain { .. }) => "subdomain".to_owned(),
    }
}
