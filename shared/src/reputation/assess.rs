//! From daily counts to a level: healthy, warning or paused.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::counts::Counts;
use super::metric::{Metric, Window};
use super::thresholds::Thresholds;
use crate::status::Color;

/// How a sender stands. Ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Both rates below their warning thresholds.
    Healthy,
    /// A rate at or above its warning threshold, or at or above its pause threshold while the
    /// window holds fewer messages than the pause minimum.
    Warning,
    /// A rate at or above its pause threshold, with enough messages to judge.
    Paused,
}

impl Level {
    /// The colour an admin sees: healthy green, warning yellow, paused red.
    pub fn color(self) -> Color {
        match self {
            Self::Healthy => Color::Green,
            Self::Warning => Color::Yellow,
            Self::Paused => Color::Red,
        }
    }
}

/// A sender's reputation over the window ending today, as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reputation {
    /// First day of the window.
    pub window_start: NaiveDate,
    /// Last day of the window: today.
    pub window_end: NaiveDate,
    /// The counts of the days inside the window, summed.
    pub counts: Counts,
    /// The denominator of both rates ([`Counts::volume`]).
    pub volume: u64,
    /// Hard bounces over volume, in `[0, 1]`; 0 when the volume is 0.
    pub bounce_rate: f64,
    /// Complaints over volume, in `[0, 1]`; 0 when the volume is 0.
    pub complaint_rate: f64,
    /// The worse of the two rates' levels.
    pub level: Level,
    /// For a warning or a pause: which rate, its threshold and the window, in one sentence per
    /// rate at that level (joined by `; `). `None` when healthy.
    pub reason: Option<String>,
}

/// Assesses a sender from its daily counts.
///
/// The window is the `window_days` days ending `today`, inclusive (a window of 0 days is read
/// as 1). Days outside it are ignored; a day listed twice counts twice. A rate at or above its
/// threshold triggers it, so exactly 5% hard bounces is a warning by default. A rate of zero
/// never triggers anything, whatever the thresholds. Below `min_volume` messages a sender is
/// at worst warned, never paused. Rates are capped at 1 (feedback can arrive in a window after
/// the sends it is about fell out of it).
pub fn assess(
    days: &[(NaiveDate, Counts)],
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Reputation {
    let window_days = thresholds.window_days.max(1);
    let window_start = today
        .checked_sub_days(Days::new(u64::from(window_days - 1)))
        .unwrap_or(NaiveDate::MIN);
    let counts: Counts = days
        .iter()
        .filter(|(day, _)| (window_start..=today).contains(day))
        .map(|(_, counts)| *counts)
        .sum();
    let volume = counts.volume();
    let window = Window {
        days: window_days,
        end: today,
        volume,
        min_volume: thresholds.min_volume,
    };
    let bounce = Metric::new(
        "Bounce",
        counts.hard_bounces,
        volume,
        (thresholds.bounce_warning, thresholds.bounce_pause),
        1,
    );
    let complaint = Metric::new(
        "Complaint",
        counts.complaints,
        volume,
        (thresholds.complaint_warning, thresholds.complaint_pause),
        2,
    );
    let level = bounce.level(&window).max(complaint.level(&window));
    let reason = (level != Level::Healthy).then(|| {
        [&bounce, &complaint]
            .into_iter()
            .filter(|metric| metric.level(&window) == level)
            .map(|metric| metric.sentence(&window))
            .collect::<Vec<_>>()
            .join("; ")
    });
    Reputation {
        window_start,
        window_end: today,
        counts,
        volume,
        bounce_rate: bounce.rate,
        complaint_rate: complaint.rate,
        level,
        reason,
    }
}
