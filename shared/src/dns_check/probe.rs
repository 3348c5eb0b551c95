//! The sweep's cheap look at a pending subdomain: only the records SES looks for (the DKIM
//! CNAMEs, then the MAIL FROM MX), one at a time, stopping at the first that does not look
//! right. A subdomain nobody has published anything for costs one lookup, not the thirty or
//! so of a full check (every record, what else sits at each name, the zone-appended names, the
//! SPF includes), which `gather` and `assess` do when the picture changes.

use chrono::{DateTime, Utc};

use super::observed::{Observations, QueryType};
use super::{Check, CheckState, DnsLookup, FoundRecord, Subject, cname, mail_from};
use crate::dns::{DnsRecord, Purpose};

/// The first record SES looks for that does not look right, and what is at its name of the
/// types the probe asks for (values, not TTLs, which count down in caches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unready {
    pub name: String,
    pub found: Vec<(QueryType, String, Option<u16>)>,
}

impl Unready {
    /// From a record and the `found` of its check (a full check's or the probe's).
    pub fn of(record: &DnsRecord, found: &[FoundRecord]) -> Self {
        let kinds = probed(record);
        let mut seen: Vec<_> = found
            .iter()
            .filter(|f| f.name == record.name && kinds.contains(&f.kind))
            .map(|f| (f.kind, f.value.clone(), f.priority))
            .collect();
        seen.sort();
        seen.dedup();
        Self {
            name: record.name.clone(),
            found: seen,
        }
    }
}

/// Whether a record's check lets SES find it: `ok`, or a warning about something beside it
/// (a finding with a problem code, the record itself being there).
pub fn satisfies_ses(check: &Check) -> bool {
    check.state == CheckState::Ok || (check.state == CheckState::Warning && check.problem.is_some())
}

/// Whether `record` is one SES looks for before it verifies the identity.
pub fn ses_looks_for(record: &DnsRecord) -> bool {
    !probed(record).is_empty()
}

/// The types the probe asks for at a record's name (none: SES does not look for it).
fn probed(record: &DnsRecord) -> &'static [QueryType] {
    match record.purpose {
        Purpose::Dkim => &[QueryType::Cname],
        Purpose::MailFromMx => &[QueryType::Mx, QueryType::Cname],
        Purpose::MailFromSpf | Purpose::Dmarc => &[],
    }
}

/// The first record SES looks for that does not look right, judged as a full check judges it
/// from the same answers; `None` when all of them do.
pub async fn first_unready(
    dns: &dyn DnsLookup,
    records: &[DnsRecord],
    subject: &Subject<'_>,
    now: DateTime<Utc>,
) -> Option<Unready> {
    for record in records.iter().filter(|record| ses_looks_for(record)) {
        let name = record.name.as_str();
        let mut obs = Observations::default();
        for kind in probed(record) {
            obs.insert(name, *kind, dns.lookup(name, *kind).await);
        }
        let check = match record.purpose {
            Purpose::Dkim => cname::check(record, subject, &obs, now),
            _ => mail_from::check_mx(record, subject, &obs, now),
        };
        if !satisfies_ses(&check) {
            return Some(Unready::of(record, &check.found));
        }
    }
    None
}
