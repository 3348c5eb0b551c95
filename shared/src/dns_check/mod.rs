//! DNS diagnostics: what DNS says about each record a subdomain needs, and how to fix it.
//!
//! `observed` is the raw material (answers, NXDOMAIN/NODATA with the SOA's negative TTL);
//! `assess` turns it into one [`Check`] per record, with no I/O: `cname` (DKIM), `mail_from`
//! (MX and SPF, analysed by `spf`), `dmarc` (policy and staged advice, parsed by
//! `dmarc_policy`). SPF and DMARC are parsed with mail-auth, not by hand.

mod check;
mod cname;
mod dmarc;
mod dmarc_policy;
mod gather;
mod mail_from;
mod observed;
mod probe;
pub mod spf;

use chrono::{DateTime, Utc};

pub use crate::ports::DnsLookup;
pub use check::{Advice, AdviceCode, Check, CheckState, FoundRecord, Problem};
pub use dmarc_policy::{AlignmentMode, AppliedPolicy, Disposition};
pub use gather::gather;
pub use observed::{Answer, Lookup, Observations, QueryType};
pub use probe::{Unready, first_unready, satisfies_ses, ses_looks_for};

use crate::dns::{DnsRecord, Purpose};

/// The names a check is about.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The sending subdomain, e.g. `mail.example.com`.
    pub subdomain: &'a str,
    /// Its organizational (registrable) domain, e.g. `example.com`.
    pub organizational: &'a str,
    /// The MAIL FROM domain, e.g. `bounce.mail.example.com`.
    pub mail_from: &'a str,
}

impl Subject<'_> {
    /// Where a provider that appends its zone would have put `name`: `<name>.<zone>` for the
    /// organizational domain and, when it is delegated on its own, the subdomain.
    pub fn appended_names(&self, name: &str) -> Vec<String> {
        let mut zones = vec![self.organizational];
        if self.subdomain != self.organizational {
            zones.push(self.subdomain);
        }
        zones
            .into_iter()
            .map(|zone| format!("{}.{zone}", name.trim_end_matches('.')))
            .collect()
    }

    /// The organizational domain's DMARC name.
    pub fn organizational_dmarc(&self) -> String {
        format!("_dmarc.{}", self.organizational)
    }
}

/// One check per record, in the records' order.
pub fn assess(
    records: &[DnsRecord],
    subject: &Subject<'_>,
    obs: &Observations,
    now: DateTime<Utc>,
) -> Vec<Check> {
    records
        .iter()
        .map(|record| match record.purpose {
            Purpose::Dkim => cname::check(record, subject, obs, now),
            Purpose::MailFromMx => mail_from::check_mx(record, subject, obs, now),
            Purpose::MailFromSpf => mail_from::check_spf(record, subject, obs, now),
            Purpose::Dmarc => dmarc::check(record, subject, obs, now),
        })
        .collect()
}

/// The first required record that fails, for a status reason: "DKIM record ... is missing".
pub fn first_failure<'a>(
    records: &'a [DnsRecord],
    checks: &'a [Check],
) -> Option<(&'a DnsRecord, &'a Check)> {
    records
        .iter()
        .zip(checks)
        .find(|(record, check)| record.required && check.is_failing())
}
