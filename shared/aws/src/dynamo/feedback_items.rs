//! Keys and item shapes of feedback: idempotency receipts, daily counters, suppression entries.
//!
//! | item | pk | sk | notes |
//! |---|---|---|---|
//! | receipt | `R#<dedup key>` or `R#sns:<MessageId>` | `R` | `expires_at` (TTL, epoch seconds) |
//! | daily counter | `T#<tenant>` | `C#<sender or subdomain id>#<yyyy-mm-dd>` | `sends`, `deliveries`, `hard_bounces`, `soft_bounces`, `complaints`, `day` |
//! | platform tally | `U#unattributed` | `C#<yyyy-mm-dd>` | the same counters, for mail no tenant sent |
//! | suppression | `T#<tenant>` | `X#<recipient>` | a `SuppressionEntry`, `version` for optimistic writes |

use chrono::{DateTime, NaiveDate, Utc};
use domain::ports::{Attribution, Subject};
use domain::reputation::Counts;
use domain::suppressions::SuppressionEntry;
use domain::tenant::TenantId;
use serde::{Deserialize, Serialize};

use super::items::tenant_pk;

pub const RECEIPT_SK: &str = "R";
pub const UNATTRIBUTED_PK: &str = "U#unattributed";
pub const COUNTER_SK_PREFIX: &str = "C#";
pub const SUPPRESSION_SK_PREFIX: &str = "X#";

/// The receipt of one recipient's share of an event.
pub fn receipt_pk(dedup_key: &str) -> String {
    format!("R#{dedup_key}")
}

/// The receipt of a whole SNS message.
pub fn message_receipt_pk(sns_message_id: &str) -> String {
    format!("R#sns:{sns_message_id}")
}

/// A receipt: its key and when DynamoDB may delete it.
#[derive(Debug, Serialize)]
pub struct ReceiptItem {
    pub pk: String,
    pub sk: &'static str,
    pub expires_at: i64,
}

impl ReceiptItem {
    pub fn new(pk: String, expires_at: DateTime<Utc>) -> Self {
        Self {
            pk,
            sk: RECEIPT_SK,
            expires_at: expires_at.timestamp(),
        }
    }
}

/// Where a counter lives: the partition and the sort-key prefix before the day.
pub fn counter_prefix(owner: Option<&Attribution>) -> (String, String) {
    match owner {
        Some(owner) => (
            tenant_pk(&owner.tenant),
            format!("{COUNTER_SK_PREFIX}{}#", subject_id(owner.subject)),
        ),
        None => (UNATTRIBUTED_PK.to_owned(), COUNTER_SK_PREFIX.to_owned()),
    }
}

fn subject_id(subject: Subject) -> String {
    match subject {
        Subject::Sender(id) => id.to_string(),
        Subject::Subdomain(id) => id.to_string(),
    }
}

/// Days sort as strings: `yyyy-mm-dd`.
pub fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A day's counters as stored; absent counters are zero.
#[derive(Debug, Deserialize)]
pub struct CounterItem {
    pub day: NaiveDate,
    #[serde(default)]
    pub sends: u64,
    #[serde(default)]
    pub deliveries: u64,
    #[serde(default)]
    pub hard_bounces: u64,
    #[serde(default)]
    pub soft_bounces: u64,
    #[serde(default)]
    pub complaints: u64,
}

impl CounterItem {
    pub fn counts(&self) -> Counts {
        Counts {
            sends: self.sends,
            deliveries: self.deliveries,
            hard_bounces: self.hard_bounces,
            soft_bounces: self.soft_bounces,
            complaints: self.complaints,
        }
    }
}

/// The non-zero counters of a delta, by attribute name, for an `ADD`.
pub fn counter_fields(counts: &Counts) -> Vec<(&'static str, u64)> {
    [
        ("sends", counts.sends),
        ("deliveries", counts.deliveries),
        ("hard_bounces", counts.hard_bounces),
        ("soft_bounces", counts.soft_bounces),
        ("complaints", counts.complaints),
    ]
    .into_iter()
    .filter(|(_, value)| *value > 0)
    .collect()
}

pub fn suppression_sk(recipient: &str) -> String {
    format!("{SUPPRESSION_SK_PREFIX}{recipient}")
}

/// A suppression entry as stored.
#[derive(Debug, Serialize, Deserialize)]
pub struct SuppressionItem {
    pub pk: String,
    pub sk: String,
    #[serde(flatten)]
    pub entry: SuppressionEntry,
}

impl SuppressionItem {
    pub fn new(tenant: &TenantId, entry: &SuppressionEntry) -> Self {
        Self {
            pk: tenant_pk(tenant),
            sk: suppression_sk(&entry.recipient),
            entry: entry.clone(),
        }
    }
}
