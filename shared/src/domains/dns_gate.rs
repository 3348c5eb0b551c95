//! Verification driven by DNS: the sweep looks at DNS first (cheap, no SES budget) and asks SES
//! about a pending subdomain once the records SES looks for are right, or on a slow fallback,
//! since SES may see what our resolver does not.
//!
//! - **The look.** Each run probes only the records SES looks for, stopping at the first that
//!   is not right (one lookup for a subdomain nothing is published for). A full look (every
//!   record and what is in its way, stored with the status reason) runs when the probe's
//!   answer differs from the stored check's, and at least every [`FULL_LOOK_EVERY`].
//! - **SES while the records are not right**: every 6 hours at first, then half the time since
//!   the window opened, at most a day apart (at 6, 12, 24 and 48 hours, then the deadline).
//! - **SES once they look right**: at once, then again after half the time they have looked
//!   right, at least [`READY_ASK_MIN`] and at most [`SES_FALLBACK`] apart: SES notices
//!   published records only after a delay of its own, and asking at every run spends the
//!   account's one call a second on answers that cannot have changed yet.

use chrono::{DateTime, Duration, Utc};

use super::{Domain, Domains};
use crate::dns_check;
use crate::domains::DomainId;
use crate::error::UseCaseError;
use crate::ports::SaveError;
use crate::status::{DNS_VERIFICATION_WINDOW, Status};
use crate::tenant::TenantId;

/// While DNS does not look right, SES is still asked at least this often at first...
pub const SES_FALLBACK: Duration = Duration::hours(6);
/// ...and, as the window goes on, at most this far apart.
pub const SES_FALLBACK_MAX: Duration = Duration::hours(24);
/// Once the records look right and SES was asked, it is asked again no sooner than this.
pub const READY_ASK_MIN: Duration = Duration::minutes(30);
/// A pending subdomain is due again this soon, so every periodic run (15 minutes by default)
/// looks at its DNS.
pub const DNS_RECHECK: Duration = Duration::minutes(10);
/// While the probe finds what the stored check found, a full look still runs this often, to
/// keep the stored findings about the other records current (a read of the records by the
/// screen or the API looks afresh anyway, see `CHECK_FRESH_FOR`).
pub const FULL_LOOK_EVERY: Duration = Duration::hours(6);

impl Domains {
    /// The sweep's cheap look (a verified subdomain gets the daily watch). `Some(status)` when DNS was looked at and SES need not be asked
    /// yet; `None` when SES should be asked now (DNS ready and an ask due, fallback due, not
    /// pending, no DNS configured, or gone, which the SES check reports).
    pub async fn dns_gate(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Option<Status>, UseCaseError> {
        let Some(dns) = &self.dns else {
            return Ok(None);
        };
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
        let records = self.records_of(&current);
        let probed =
            dns_check::first_unready(dns.as_ref(), &records, &current.dns_subject(), now).await;
        let unchanged = current.dns_check.as_ref().is_some_and(|stored| {
            stored.records == records
                && now - stored.checked_at < FULL_LOOK_EVERY
                && stored.first_unready() == probed
        });
        let looked = if unchanged {
            self.keep_due(current).await?
        } else {
            self.look(current).await?
        };
        let ready_since = looked.dns_check.as_ref().and_then(|c| c.ready_since);
        if ready_since.is_some_and(|since| ses_ask_due(since, looked.last_checked_at, now)) {
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

    /// Stores the new due time only (the stored check stands). A save that loses a race keeps
    /// the other writer's subdomain, which set its own.
    async fn keep_due(&self, mut domain: Domain) -> Result<Domain, UseCaseError> {
        domain.version += 1;
        match self.store.save_domain(&domain).await {
            Ok(()) | Err(SaveError::Stale) => Ok(domain),
            Err(SaveError::Store(error)) => Err(error.into()),
        }
    }
}

/// SES is asked while the records do not look right: after half the time since the window
/// opened, between [`SES_FALLBACK`] and [`SES_FALLBACK_MAX`] after the last ask.
fn fallback_due(domain: &Domain, now: DateTime<Utc>) -> bool {
    let opened = domain.verification_deadline - DNS_VERIFICATION_WINDOW;
    let last_asked = domain.last_checked_at.map_or(opened, |at| at.max(opened));
    let gap = ((now - opened) / 2).clamp(SES_FALLBACK, SES_FALLBACK_MAX);
    now - last_asked >= gap
}

/// Once the records look right (since `ready_since`): SES at once if it was not asked since,
/// then after half the time they have looked right, between [`READY_ASK_MIN`] and
/// [`SES_FALLBACK`] after the last ask.
fn ses_ask_due(
    ready_since: DateTime<Utc>,
    last_asked: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match last_asked {
        Some(asked) if asked >= ready_since => {
            now - asked >= ((now - ready_since) / 2).clamp(READY_ASK_MIN, SES_FALLBACK)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    /// The instants (hours into the window) at which `due` asks, the sweep running every
    /// 15 minutes and each ask remembered.
    fn asks(
        until: Duration,
        due: impl Fn(Option<DateTime<Utc>>, DateTime<Utc>) -> bool,
    ) -> Vec<f64> {
        let mut last = None;
        let mut seen = Vec::new();
        let mut now = t0();
        while now <= t0() + until {
            if due(last, now) {
                seen.push((now - t0()).num_minutes() as f64 / 60.0);
                last = Some(now);
            }
            now += Duration::minutes(15);
        }
        seen
    }

    #[test]
    fn the_fallback_backs_off_to_a_day() {
        let created = chrono::TimeDelta::zero();
        let domain = |last: Option<DateTime<Utc>>| {
            let mut d = Domain::new(
                TenantId::parse("t").expect("tenant"),
                crate::names::SubdomainName::parse("mail.example.com").expect("name"),
                crate::names::DomainName::parse("bounce.mail.example.com").expect("name"),
                t0() + created,
            );
            d.last_checked_at = last;
            d
        };
        let seen = asks(Duration::hours(71), |last, now| {
            fallback_due(&domain(last), now)
        });
        assert_eq!(seen, [6.0, 12.0, 24.0, 48.0]);
    }

    #[test]
    fn once_ready_ses_is_asked_at_once_then_less_and_less_often() {
        let ready = t0() + Duration::minutes(20);
        let seen = asks(Duration::hours(12), |last, now| {
            now >= ready && ses_ask_due(ready, last, now)
        });
        assert_eq!(seen, [0.5, 1.0, 1.75, 3.25, 6.25]);
    }
}
