//! After an admin resumes a paused sender, the counts that paused it no longer count.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::counts::Counts;

/// When an admin last resumed a paused sender, and what its counters held for that day then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resumption {
    pub at: DateTime<Utc>,
    /// The resume day's counts at the moment of the resume.
    pub baseline: Counts,
}

impl Counts {
    /// Field by field `self - other`, never below zero.
    pub fn saturating_sub(self, other: Self) -> Self {
        Self {
            sends: self.sends.saturating_sub(other.sends),
            deliveries: self.deliveries.saturating_sub(other.deliveries),
            hard_bounces: self.hard_bounces.saturating_sub(other.hard_bounces),
            soft_bounces: self.soft_bounces.saturating_sub(other.soft_bounces),
            complaints: self.complaints.saturating_sub(other.complaints),
        }
    }
}

/// The days that count for a sender: after a resume, only the days from the resume day on,
/// with what the resume day held at the resume taken off. So a resumed sender starts afresh
/// (the minimum volume included) and is not paused again by the counts that paused it.
pub fn since_resume(
    days: Vec<(NaiveDate, Counts)>,
    resumed: Option<&Resumption>,
) -> Vec<(NaiveDate, Counts)> {
    let Some(resumed) = resumed else {
        return days;
    };
    let resume_day = resumed.at.date_naive();
    days.into_iter()
        .filter(|(day, _)| *day >= resume_day)
        .map(|(day, counts)| {
            if day == resume_day {
                (day, counts.saturating_sub(resumed.baseline))
            } else {
                (day, counts)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn bounces(hard_bounces: u64, deliveries: u64) -> Counts {
        Counts {
            hard_bounces,
            deliveries,
            ..Counts::ZERO
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn without_a_resume_every_day_counts() {
        let days = vec![(day(20), bounces(5, 5)), (day(21), bounces(1, 9))];
        assert_eq!(since_resume(days.clone(), None), days);
    }

    #[test]
    fn earlier_days_go_and_the_resume_day_starts_from_its_baseline() {
        let resumed = Resumption {
            at: Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap(),
            baseline: bounces(1, 4),
        };
        let days = vec![
            (day(20), bounces(50, 50)),
            (day(21), bounces(3, 10)),
            (day(22), bounces(2, 2)),
        ];
        assert_eq!(
            since_resume(days, Some(&resumed)),
            vec![(day(21), bounces(2, 6)), (day(22), bounces(2, 2))]
        );
    }

    #[test]
    fn subtraction_never_goes_below_zero() {
        assert_eq!(bounces(1, 1).saturating_sub(bounces(3, 0)), bounces(0, 1));
    }
}
