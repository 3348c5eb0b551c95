//! DNS checks of a subdomain's records: fresh on request (no SES call), stored on the
//! subdomain, and the first failing required record named in a yellow or red status.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Domain, Domains, LastGood};
use crate::dns::DnsRecord;
use crate::dns_check::{self, Check, Problem, Subject, Unready};
use crate::error::UseCaseError;
use crate::ports::SaveError;
use crate::status::Status;
use crate::tenant::Principal;

/// A stored check is served while younger than this; older, a read runs a fresh one. Five
/// minutes keeps a screen that polls from costing a DNS round per poll, and is shorter than
/// the TTLs IT teams publish with, so a fresh look would rarely differ.
pub const CHECK_FRESH_FOR: Duration = Duration::minutes(5);

/// Separates the SES-based reason from the DNS finding in `status_reason`.
const DNS_FINDING: &str = "; DNS check: ";

/// The last check of the records, as stored on the subdomain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCheck {
    /// The records that were checked (a restart changes the DKIM names).
    pub records: Vec<DnsRecord>,
    /// One check per record, same order.
    pub checks: Vec<Check>,
    pub checked_at: DateTime<Utc>,
    /// Since when every record SES looks for (the DKIM CNAMEs, the MAIL FROM MX) has looked
    /// right, through the looks since; `None` while one does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_since: Option<DateTime<Utc>>,
}

impl StoredCheck {
    /// The first record SES looks for whose check does not let SES find it, as the sweep's
    /// probe would see it.
    pub fn first_unready(&self) -> Option<Unready> {
        self.records
            .iter()
            .zip(&self.checks)
            .find(|(record, check)| {
                dns_check::ses_looks_for(record) && !dns_check::satisfies_ses(check)
            })
            .map(|(record, check)| Unready::of(record, &check.found))
    }

    /// Every record SES looks for looks right.
    pub fn ses_would_find_them(&self) -> bool {
        self.first_unready().is_none()
    }
}

/// A record with its check, when there is one, and its last good values, when it was ever
/// seen right.
pub type CheckedRecord = (DnsRecord, Option<Check>, Option<LastGood>);

impl Domains {
    /// The records with their checks: the stored check while fresh and about the same records,
    /// otherwise a fresh one (stored for the next read).
    pub async fn checked_records(
        &self,
        caller: &Principal,
        id: &str,
    ) -> Result<(Domain, Vec<CheckedRecord>), UseCaseError> {
        let domain = self.get(caller, id).await?;
        let records = self.records_of(&domain);
        let fresh = domain.dns_check.as_ref().is_some_and(|stored| {
            stored.records == records && self.clock.now() - stored.checked_at < CHECK_FRESH_FOR
        });
        let domain = if fresh || self.dns.is_none() {
            domain
        } else {
            self.look(domain).await?
        };
        let checked = pair(&domain, records);
        Ok((domain, checked))
    }

    /// A fresh check, whatever is stored. No SES call.
    pub async fn check_dns(
        &self,
        caller: &Principal,
        id: &str,
    ) -> Result<(Domain, Vec<CheckedRecord>), UseCaseError> {
        let domain = self.get(caller, id).await?;
        if self.dns.is_none() {
            return Err(UseCaseError::Unavailable(
                "DNS checks are not configured in this deployment.".to_owned(),
            ));
        }
        let domain = self.look(domain).await?;
        let records = self.records_of(&domain);
        let checked = pair(&domain, records);
        Ok((domain, checked))
    }

    /// Looks at DNS now and stores the result with the status reason it implies. A save that
    /// loses a race keeps the other writer's subdomain but still answers with this check.
    pub(super) async fn look(&self, domain: Domain) -> Result<Domain, UseCaseError> {
        let Some(dns) = &self.dns else {
            return Ok(domain);
        };
        let records = self.records_of(&domain);
        let subject = domain.dns_subject();
        let observations = dns_check::gather(dns.as_ref(), &records, &subject).await;
        let now = self.clock.now();
        let checks = dns_check::assess(&records, &subject, &observations, now);
        let mut next = domain.clone();
        let mut check = StoredCheck {
            records,
            checks,
            checked_at: now,
            ready_since: None,
        };
        if check.ses_would_find_them() {
            let before = domain
                .dns_check
                .as_ref()
                .filter(|before| before.records == check.records)
                .and_then(|before| before.ready_since);
            check.ready_since = Some(before.unwrap_or(now));
        }
        next.dns_check = Some(check);
        next.remember_good(now);
        if domain.dns_regressed_since.is_none()
            && next.dns_regressed_since.is_some()
            && next.status == Status::Verified
        {
            // Newly seen (by any look): the sweep's watch takes it at its next run.
            next.next_check_at = Some(now);
        }
        next.status_reason = next.explained(base_reason(&domain.status_reason));
        next.version = domain.version + 1;
        match self.store.save_domain(&next).await {
            Ok(()) => Ok(next),
            Err(SaveError::Stale) => {
                tracing::info!(domain = %domain.name, "a newer save won; the check is answered, not stored");
                let mut answered = domain;
                answered.dns_check = next.dns_check;
                answered.dns_last_good = next.dns_last_good;
                Ok(answered)
            }
            Err(SaveError::Store(error)) => Err(error.into()),
        }
    }

    pub(super) fn records_of(&self, domain: &Domain) -> Vec<DnsRecord> {
        let settings = self.settings();
        domain.records(&settings.region, settings.dmarc_rua.as_ref())
    }
}

fn pair(domain: &Domain, records: Vec<DnsRecord>) -> Vec<CheckedRecord> {
    let stored = domain.dns_check.as_ref();
    records
        .into_iter()
        .map(|record| {
            let check = stored.and_then(|stored| {
                stored
                    .records
                    .iter()
                    .position(|r| r == &record)
                    .and_then(|at| stored.checks.get(at).cloned())
            });
            let good = domain.last_good(&record).cloned();
            (record, check, good)
        })
        .collect()
}

/// The reason without an earlier DNS finding.
fn base_reason(reason: &str) -> &str {
    reason.split(DNS_FINDING).next().unwrap_or(reason)
}

impl Domain {
    /// The names its DNS checks are about.
    pub fn dns_subject(&self) -> Subject<'_> {
        Subject {
            subdomain: self.name.as_str(),
            organizational: self.name.registrable().as_str(),
            mail_from: self.mail_from.as_str(),
        }
    }

    /// `base` (the SES-based reason), followed for a yellow or red subdomain by the first
    /// required record its last DNS check found failing, and for a green one by the first
    /// record that was right and no longer is; with what it was when last seen right.
    pub fn explained(&self, base: &str) -> String {
        let finding = match self.status {
            Status::Verified => self.regressions().first().and_then(|(record, _)| {
                let stored = self.dns_check.as_ref()?;
                let at = stored.records.iter().position(|r| r == *record)?;
                Some((*record, stored.checks.get(at)?))
            }),
            _ => self
                .dns_check
                .as_ref()
                .and_then(|stored| dns_check::first_failure(&stored.records, &stored.checks)),
        };
        let Some((record, check)) = finding else {
            return base.to_owned();
        };
        let was = self
            .last_good(record)
            .map(|good| {
                format!(
                    " (it was {} until {})",
                    good.values(),
                    good.seen_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                )
            })
            .unwrap_or_default();
        format!(
            "{base}{DNS_FINDING}the {} record at {} {}{was}",
            record.record_type,
            record.name,
            phrase(check.problem)
        )
    }

    /// The checks that show something in the way (present but wrong), for the answer to an add.
    pub fn in_the_way(&self) -> Vec<(DnsRecord, Check)> {
        let Some(stored) = &self.dns_check else {
            return Vec::new();
        };
        stored
            .records
            .iter()
            .zip(&stored.checks)
            .filter(|(_, check)| {
                check.problem.is_some_and(|p| p != Problem::Missing)
                    || check
                        .advice
                        .iter()
                        .any(|a| a.code == dns_check::AdviceCode::StrictPolicyAbove)
            })
            .map(|(record, check)| (record.clone(), check.clone()))
            .collect()
    }
}

fn phrase(problem: Option<Problem>) -> &'static str {
    match problem {
        Some(Problem::Missing) | None => "is missing",
        Some(Problem::ZoneAppended) => "was published with the zone appended to its name",
        Some(Problem::WrongType) => "has the wrong type",
        Some(Problem::WrongValue) => "has another value",
        Some(Problem::MultipleRecords) => "is published more than once",
        Some(Problem::Conflict) => "is blocked by a CNAME",
        Some(Problem::SpfLookupLimit) => "needs more than 10 DNS lookups",
        Some(Problem::Syntax) => "does not parse",
    }
}
