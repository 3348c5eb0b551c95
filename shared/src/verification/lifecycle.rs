//! When a failed identity expires: the rule the subdomain and sender use cases share.
//!
//! A subdomain or email sender that is failed (red: never proven within its SES window, or
//! red since) is due again at the end of a grace period (`SharedAccount::expire_after`,
//! default seven days): the due index then hands it to the sweep, which releases it instead
//! of asking SES (its SES identity deleted when it is this tenant's, its names freed, its
//! status `expired`). A restart before then, or a verification that turns it green, takes it
//! off that path.

use chrono::{DateTime, Duration, Utc};

use crate::status::Status;

/// The due time of an identity whose status is now `status`: for a failed one, the end of
/// its grace, counted from when it first turned red (kept while it stays red); otherwise
/// `next` unchanged.
pub fn due_with_expiry(
    status: Status,
    next: Option<DateTime<Utc>>,
    before: (Status, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
    grace: Duration,
) -> Option<DateTime<Utc>> {
    if status != Status::Failed {
        return next;
    }
    match before {
        (Status::Failed, Some(kept)) => Some(kept),
        _ => Some(now + grace),
    }
}

/// Whether a failed identity's grace has run out at `now`.
pub fn expiry_due(
    status: Status,
    next_check_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    status == Status::Failed && next_check_at.is_some_and(|at| at <= now)
}

/// The reason an expired identity shows.
pub fn expired_reason(grace: Duration) -> String {
    format!(
        "Not verified, and released after {} days: its SES identity was deleted and its name freed. Restart to claim it again.",
        grace.num_days().max(1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn turning_red_starts_the_grace_and_staying_red_keeps_it() {
        let grace = Duration::days(7);
        let first = due_with_expiry(
            Status::Failed,
            None,
            (Status::Pending, Some(t0())),
            t0(),
            grace,
        );
        assert_eq!(first, Some(t0() + grace));
        let later = t0() + Duration::days(2);
        let kept = due_with_expiry(Status::Failed, None, (Status::Failed, first), later, grace);
        assert_eq!(kept, first);
    }

    #[test]
    fn other_statuses_keep_their_own_due_time() {
        let next = Some(t0() + Duration::hours(1));
        let grace = Duration::days(7);
        for status in [Status::Pending, Status::Verified, Status::Expired] {
            assert_eq!(
                due_with_expiry(status, next, (Status::Failed, None), t0(), grace),
                next
            );
        }
    }

    #[test]
    fn only_a_red_identity_past_its_grace_is_due_to_expire() {
        let at = Some(t0());
        assert!(expiry_due(Status::Failed, at, t0()));
        assert!(!expiry_due(Status::Failed, at, t0() - Duration::seconds(1)));
        assert!(!expiry_due(Status::Failed, None, t0()));
        assert!(!expiry_due(Status::Pending, at, t0()));
    }
}
