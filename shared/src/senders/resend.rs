//! How often a verification mail may be re-sent: a cooldown window and a daily cap, so an
//! admin cannot make SES mail links to arbitrary people without limit.

use chrono::{DateTime, Duration, Utc};

use super::EmailVerification;
use crate::error::UseCaseError;
use crate::ownership::quota::ResendLimits;

/// Admits one more resend at `now`, or says how long to wait. On success, the resend times
/// to store (the last day's, with this one).
pub fn admit(
    verification: &EmailVerification,
    limits: &ResendLimits,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, UseCaseError> {
    let day = Duration::days(1);
    let mut recent: Vec<DateTime<Utc>> = verification
        .resends
        .iter()
        .copied()
        .filter(|at| *at > now - day && *at <= now)
        .collect();
    recent.sort();
    let wait = |oldest: Option<&DateTime<Utc>>, span: Duration| {
        let until = oldest.map_or(now, |at| *at + span);
        (until - now)
            .to_std()
            .unwrap_or_default()
            .max(std::time::Duration::from_secs(1))
    };
    let in_window: Vec<&DateTime<Utc>> = recent
        .iter()
        .filter(|at| **at > now - limits.window)
        .collect();
    if in_window.len() >= limits.per_window as usize {
        let oldest = in_window.len() - limits.per_window as usize;
        return Err(UseCaseError::TooSoon(
            wait(in_window.get(oldest).copied(), limits.window),
            format!(
                "At most {} verification mails may be sent in {} minutes; try again later.",
                limits.per_window,
                limits.window.num_minutes()
            ),
        ));
    }
    if recent.len() >= limits.per_day as usize {
        let oldest = recent.len() - limits.per_day as usize;
        return Err(UseCaseError::TooSoon(
            wait(recent.get(oldest), day),
            format!(
                "At most {} verification mails may be sent in a day; try again tomorrow.",
                limits.per_day
            ),
        ));
    }
    recent.push(now);
    Ok(recent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default() + Duration::minutes(minutes)
    }

    #[test]
    fn the_window_and_the_day_each_bound_resends() {
        let limits = ResendLimits {
            per_window: 2,
            window: Duration::minutes(60),
            per_day: 3,
        };
        let mut v = EmailVerification::sent(at(0));
        v.resends = admit(&v, &limits, at(0)).expect("first");
        v.resends = admit(&v, &limits, at(1)).expect("second");
        match admit(&v, &limits, at(2)) {
            Err(UseCaseError::TooSoon(wait, _)) => assert_eq!(wait.as_secs(), 58 * 60),
            other => panic!("{other:?}"),
        }
        v.resends = admit(&v, &limits, at(61)).expect("after the window");
        assert!(matches!(
            admit(&v, &limits, at(200)),
            Err(UseCaseError::TooSoon(_, _))
        ));
        assert!(admit(&v, &limits, at(24 * 60 + 1)).is_ok());
    }
}
