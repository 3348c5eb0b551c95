//! The daily check of verified subdomains, driven by DNS: each one is looked at once a day, at
//! its own time of day (so a thousand verified in one run are not all due in the same run
//! again), with no SES call while its records are as they were. A record that went or changed
//! is reported at once (status reason, the record's check, `dns_regressed_since`) without
//! turning the subdomain yellow or red: SES is the authority, and it is asked at once when the
//! regression is one SES would see (a DKIM CNAME, the MAIL FROM MX), then on the slow fallback
//! while DNS still shows it. Meanwhile DNS is looked at every run, so a repair is seen quickly.

use chrono::{DateTime, Duration, Timelike, Utc};

use super::dns_gate::{DNS_RECHECK, SES_FALLBACK};
use super::{Domain, DomainId, Domains, VERIFIED_RECHECK};
use crate::error::UseCaseError;
use crate::status::Status;

/// The earliest a verified subdomain's next daily check may come after the last one; the
/// latest is this plus a day. Between the two, it falls at the subdomain's own time of day.
const DAILY_EARLIEST: Duration = Duration::hours(12);

/// The next daily check of subdomain `id` after `now`: the first instant at least
/// [`DAILY_EARLIEST`] ahead whose time of day is the subdomain's own (a stable hash of its
/// id), so the checks of many subdomains spread over the day and each comes about daily.
pub fn daily_check_at(id: &DomainId, now: DateTime<Utc>) -> DateTime<Utc> {
    let day = VERIFIED_RECHECK.num_seconds();
    let slot = i64::try_from(fnv1a(id.to_string().as_bytes()) % day.unsigned_abs()).unwrap_or(0);
    let earliest = now + DAILY_EARLIEST;
    let into_day = i64::from(earliest.num_seconds_from_midnight());
    let wait = (slot - into_day).rem_euclid(day);
    earliest + Duration::seconds(wait)
}

/// FNV-1a: stable across builds and platforms (the std hasher is not promised to be).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Domains {
    /// The sweep's look at a verified subdomain: `Some(status)` when DNS was looked at and SES
    /// need not be asked; `None` when SES should be asked now.
    pub(super) async fn dns_watch(&self, current: Domain) -> Result<Option<Status>, UseCaseError> {
        let now = self.clock.now();
        let mut current = current;
        current.next_check_at = Some(daily_check_at(&current.id, now));
        let looked = self.look(current).await?;
        if looked.dns_regressed_since.is_none() {
            return Ok(Some(looked.status));
        }
        if looked.ses_would_notice() && ses_due(&looked, now) {
            return Ok(None);
        }
        // Watched closely until repaired (or confirmed by SES): DNS at every run.
        let mut watched = looked;
        watched.next_check_at = Some(now + DNS_RECHECK);
        watched.version += 1;
        match self.store.save_domain(&watched).await {
            Ok(()) | Err(crate::ports::SaveError::Stale) => Ok(Some(watched.status)),
            Err(crate::ports::SaveError::Store(error)) => Err(error.into()),
        }
    }

    /// After SES answered about a verified subdomain whose DNS shows a regression: DNS again
    /// at the next run.
    pub(super) fn watch_paced(&self, next: &mut Domain, now: DateTime<Utc>) {
        if self.dns.is_some()
            && next.status == Status::Verified
            && next.dns_regressed_since.is_some()
        {
            next.next_check_at = Some(now + DNS_RECHECK);
        }
    }
}

/// SES has not been asked since the regression was first seen, or not for the fallback time.
fn ses_due(domain: &Domain, now: DateTime<Utc>) -> bool {
    match (domain.last_checked_at, domain.dns_regressed_since) {
        (Some(asked), Some(since)) => asked < since || now - asked >= SES_FALLBACK,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn each_subdomain_keeps_its_time_of_day_and_comes_about_daily() {
        let id = DomainId::generate();
        let first = daily_check_at(&id, t0());
        assert!(first >= t0() + DAILY_EARLIEST && first < t0() + DAILY_EARLIEST + VERIFIED_RECHECK);
        let second = daily_check_at(&id, first);
        assert_eq!(
            second - first,
            VERIFIED_RECHECK,
            "the same time of day, a day later"
        );
    }

    #[test]
    fn many_subdomains_verified_at_once_spread_over_the_day() {
        let mut hours = [0u32; 24];
        for _ in 0..2400 {
            let at = daily_check_at(&DomainId::generate(), t0());
            hours[at.hour() as usize] += 1;
        }
        assert!(
            hours.iter().all(|n| (40..=160).contains(n)),
            "about 100 an hour: {hours:?}"
        );
    }
}
