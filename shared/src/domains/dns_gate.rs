//! Verification driven by DNS: the sweep looks at DNS first (cheap, no SES budget) and asks SES
//! about a pending subdomain only once the records SES looks for are right, or on a slow
//! fallback, since SES may see what our resolver does not.

use chrono::{DateTime, Duration, Utc};

use super::{Domain, Domains};
use crate::dns::Purpose;
use crate::dns_check::CheckState;
use crate::domains::DomainId;
use crate::error::UseCaseError;
use crate::status::Status;
use crate::tenant::TenantId;

/// While DNS does not look right, SES is still asked this often.
pub const SES_FALLBACK: Duration = Duration::hours(6);
/// A pending subdomain is due again this soon, so every periodic run (15 minutes by default)
/// looks at its DNS.
pub const DNS_RECHECK: Duration = Duration::minutes(10);

impl Domains {
    /// The sweep's cheap look (a verified subdomain gets the daily watch). `Some(status)` when DNS was looked at and SES need not be asked
    /// yet; `None` when SES should be asked now (DNS ready, fallback due, not pending, no DNS
    /// configured, or gone, which the SES check reports).
    pub async fn dns_gate(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Option<Status>, UseCaseError> {
        if self.dns.is_none() {
            return Ok(None);
        }
        let Some(current) = self.store.get_domain(tenant, id).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        if current.status == Status::Verified {
            return self.dns_watch(current).await;
        }
        if current.status != Status::Pending
            || now >= current.verification_deadline
            || fallback_due(&current, now)
        {
            return Ok(None);
        }
        // Due again at the next run (stored with the check); the follow-up schedule, if any,
        // stays where it was. Asking SES below sets its own next check.
        let mut current = current;
        current.next_check_at = Some((now + DNS_RECHECK).min(current.verification_deadline));
        let looked = self.look(current).await?;
        if ses_would_find_them(&looked) {
            return Ok(None);
        }
        Ok(Some(looked.status))
    }

    /// For a pending subdomain under DNS-driven checks: due again at the next run (and so is a
    /// verified one whose DNS shows a regression, see `dns_watch`).
    pub(super) fn dns_paced(&self, next: &mut Domain, now: DateTime<Utc>) {
        self.watch_paced(next, now);
        if self.dns.is_some() && next.status == Status::Pending {
            let soon = (now + DNS_RECHECK).min(next.verification_deadline);
            next.next_check_at = next.next_check_at.map(|at| at.min(soon));
        }
    }
}

fn fallback_due(domain: &Domain, now: DateTime<Utc>) -> bool {
    let last_asked = domain.last_checked_at.unwrap_or(domain.created_at);
    now - last_asked >= SES_FALLBACK
}

/// The records SES looks for (the DKIM CNAMEs, the MAIL FROM MX) all look right.
fn ses_would_find_them(domain: &Domain) -> bool {
    domain.dns_check.as_ref().is_some_and(|stored| {
        stored
            .records
            .iter()
            .zip(&stored.checks)
            .filter(|(record, _)| matches!(record.purpose, Purpose::Dkim | Purpose::MailFromMx))
            .all(|(_, check)| {
                check.state == CheckState::Ok
                    || (check.state == CheckState::Warning && check.problem.is_some())
            })
    })
}
