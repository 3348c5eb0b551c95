//! DNS records with what the last check found.

use domain::dns::DnsRecord;
use domain::dns_check::Check;
use domain::domains::CheckedRecord;
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
}

impl From<CheckedRecord> for RecordView {
    fn from((record, check): CheckedRecord) -> Self {
        Self { record, check }
    }
}

impl From<(DnsRecord, Check)> for RecordView {
    fn from((record, check): (DnsRecord, Check)) -> Self {
        Self {
            record,
            check: Some(check),
        }
    }
}
