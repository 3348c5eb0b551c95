//! DNS records with what the last check found.

use domain::dns::DnsRecord;
use domain::dns_check::Check;
use domain::domains::{CheckedRecord, LastGood};
use serde::Serialize;
use utoipa::ToSchema;

/// A DNS record to publish, with its check.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordView {
    #[serde(flatten)]
    pub record: DnsRecord,
    /// What DNS shows for this record: `null` when no check could be made (DNS checks not
    /// configured). Its `advice` (DMARC) never turns the status red.
    pub check: Option<Check>,
    /// What DNS returned for this record the last time its check was `ok`, and when: kept
    /// when the record later goes or changes, so the check can say what it was. `null` when
    /// it was never seen right.
    pub last_good: Option<LastGood>,
}

impl From<CheckedRecord> for RecordView {
    fn from((record, check, last_good): CheckedRecord) -> Self {
        Self {
            record,
            check,
            last_good,
        }
    }
}

impl From<(DnsRecord, Check)> for RecordView {
    fn from((record, check): (DnsRecord, Check)) -> Self {
        Self {
            record,
            check: Some(check),
            last_good: None,
        }
    }
}
