//! When to look again at an identity that SES is still verifying.

use chrono::{DateTime, Duration, Utc};

/// Follow-up checks after verification starts: dense at first, when records usually appear,
/// then sparse until the deadline.
pub const FOLLOW_UPS: [Duration; 8] = [
    Duration::minutes(5),
    Duration::minutes(15),
    Duration::hours(1),
    Duration::hours(3),
    Duration::hours(6),
    Duration::hours(12),
    Duration::hours(24),
    Duration::hours(48),
];

/// The next check of a pending identity whose verification started at `started` and gives up
/// at `deadline`: the first follow-up still ahead of `now`, else the deadline itself, else none.
pub fn next_check(
    started: DateTime<Utc>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if now >= deadline {
        return None;
    }
    let next = FOLLOW_UPS
        .iter()
        .map(|step| started + *step)
        .find(|at| *at > now && *at < deadline);
    Some(next.unwrap_or(deadline))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn follows_the_cadence_then_the_deadline() {
        let deadline = t0() + Duration::hours(72);
        let mut now = t0();
        let mut seen = Vec::new();
        while let Some(at) = next_check(t0(), deadline, now) {
            seen.push((at - t0()).num_minutes());
            now = at;
        }
        assert_eq!(seen, [5, 15, 60, 180, 360, 720, 1440, 2880, 4320]);
    }

    #[test]
    fn a_short_window_ends_at_its_deadline() {
        let deadline = t0() + Duration::hours(24);
        assert_eq!(
            next_check(t0(), deadline, t0() + Duration::hours(13)),
            Some(deadline)
        );
        assert_eq!(next_check(t0(), deadline, deadline), None);
    }

    #[test]
    fn a_late_check_jumps_to_the_next_step_ahead() {
        let deadline = t0() + Duration::hours(72);
        let at = next_check(t0(), deadline, t0() + Duration::minutes(90));
        assert_eq!(at, Some(t0() + Duration::hours(3)));
    }
}
