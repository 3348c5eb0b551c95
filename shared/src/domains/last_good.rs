//! The last good values of each record, and the regressions they reveal: a record that was
//! right once (its check was `ok`) and is now missing or changed. Every DNS look (the API's and
//! the sweep's) keeps them up to date, so the check can say which record went and what it was.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::Domain;
use crate::dns::{DnsRecord, Purpose, RecordType};
use crate::dns_check::{self, CheckState, FoundRecord};

/// What DNS returned for one record the last time its check was `ok`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastGood {
    /// The record's name and type (with its purpose, which tells the MX from the SPF TXT).
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: RecordType,
    pub purpose: Purpose,
    /// The `found` of that check.
    pub found: Vec<FoundRecord>,
    /// When it was last seen right.
    pub seen_at: DateTime<Utc>,
}

impl LastGood {
    pub fn is_for(&self, record: &DnsRecord) -> bool {
        self.name == record.name
            && self.record_type == record.record_type
            && self.purpose == record.purpose
    }

    /// The values as one phrase: `a.dkim.amazonses.com` or `10 feedback-smtp...`.
    pub fn values(&self) -> String {
        let values: Vec<String> = self
            .found
            .iter()
            .map(|found| match found.priority {
                Some(priority) => format!("{priority} {}", found.value),
                None => found.value.clone(),
            })
            .collect();
        values.join(", ")
    }
}

impl Domain {
    /// The last good values of `record`, if it was ever seen right.
    pub fn last_good(&self, record: &DnsRecord) -> Option<&LastGood> {
        self.dns_last_good.iter().find(|good| good.is_for(record))
    }

    /// The records of the stored check that were right once and are not now (missing, wrong,
    /// or a warning with a problem; a lookup that did not answer says nothing), in order.
    pub fn regressions(&self) -> Vec<(&DnsRecord, &LastGood)> {
        let Some(stored) = &self.dns_check else {
            return Vec::new();
        };
        stored
            .records
            .iter()
            .zip(&stored.checks)
            .filter(|(_, check)| {
                check.state != CheckState::Ok && (check.is_failing() || check.problem.is_some())
            })
            .filter_map(|(record, _)| self.last_good(record).map(|good| (record, good)))
            .collect()
    }

    /// A regression SES itself would see: a DKIM CNAME or the MAIL FROM MX.
    pub fn ses_would_notice(&self) -> bool {
        self.regressions()
            .iter()
            .any(|(record, _)| dns_check::ses_looks_for(record))
    }

    /// After a fresh look (stored in `dns_check`): keeps the `found` of every `ok` record as its
    /// last good values (forgetting records no longer asked for, e.g. after a restart), tells
    /// in each regressed record's `fix` what it was, and dates the regression.
    pub(super) fn remember_good(&mut self, now: DateTime<Utc>) {
        let Some(stored) = &mut self.dns_check else {
            return;
        };
        let mut kept: Vec<LastGood> = Vec::new();
        for (record, check) in stored.records.iter().zip(stored.checks.iter_mut()) {
            let before = self.dns_last_good.iter().find(|good| good.is_for(record));
            if check.state == CheckState::Ok {
                kept.push(LastGood {
                    name: record.name.clone(),
                    record_type: record.record_type,
                    purpose: record.purpose,
                    found: check.found.clone(),
                    seen_at: check.checked_at,
                });
            } else if let Some(good) = before {
                if check.is_failing() || check.problem.is_some() {
                    let was = format!(
                        "It was right until {}, as {}.",
                        good.seen_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                        good.values()
                    );
                    check.fix = Some(match check.fix.take() {
                        Some(fix) => format!("{fix} {was}"),
                        None => was,
                    });
                }
                kept.push(good.clone());
            }
        }
        self.dns_last_good = kept;
        self.dns_regressed_since = if self.regressions().is_empty() {
            None
        } else {
            self.dns_regressed_since.or(Some(now))
        };
    }
}
