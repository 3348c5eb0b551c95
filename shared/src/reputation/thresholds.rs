//! When a sender is warned or paused, and over how many days.

use serde::{Deserialize, Serialize};

/// The rates at which a sender is warned or paused, the volume needed before pausing, and the
/// window the rates are computed over. Rates are fractions (`0.05` is 5%).
///
/// The defaults are SES's own account review (5% bounces, 0.1% complaints) and pause
/// (10%, 0.5%) levels, over 7 days, pausing only from 100 messages on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Hard-bounce rate from which a sender is warned.
    pub bounce_warning: f64,
    /// Hard-bounce rate from which a sender is paused.
    pub bounce_pause: f64,
    /// Complaint rate from which a sender is warned.
    pub complaint_warning: f64,
    /// Complaint rate from which a sender is paused.
    pub complaint_pause: f64,
    /// Messages the window must hold before a sender can be paused (warnings need none).
    pub min_volume: u64,
    /// Days in the rolling window, today included.
    pub window_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            bounce_warning: 0.05,
            bounce_pause: 0.10,
            complaint_warning: 0.001,
            complaint_pause: 0.005,
            min_volume: 100,
            window_days: 7,
        }
    }
}

/// Why a set of thresholds cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThresholdsError {
    #[error("the {metric} {level} threshold {value} is not a rate between 0 and 1")]
    OutOfRange {
        metric: &'static str,
        level: &'static str,
        value: f64,
    },
    #[error("the {metric} warning threshold {warning} is above its pause threshold {pause}")]
    WarningAbovePause {
        metric: &'static str,
        warning: f64,
        pause: f64,
    },
    #[error("the reputation window must be at least one day")]
    EmptyWindow,
}

impl Thresholds {
    /// Checks that every rate is in `[0, 1]` (NaN is not), that each warning threshold is at
    /// most its pause threshold, and that the window holds at least one day.
    pub fn validate(&self) -> Result<(), ThresholdsError> {
        check_pair("bounce", self.bounce_warning, self.bounce_pause)?;
        check_pair("complaint", self.complaint_warning, self.complaint_pause)?;
        if self.window_days == 0 {
            return Err(ThresholdsError::EmptyWindow);
        }
        Ok(())
    }
}

fn check_pair(metric: &'static str, warning: f64, pause: f64) -> Result<(), ThresholdsError> {
    for (level, value) in [("warning", warning), ("pause", pause)] {
        if !(0.0..=1.0).contains(&value) {
            return Err(ThresholdsError::OutOfRange {
                metric,
                level,
                value,
            });
        }
    }
    if warning > pause {
        return Err(ThresholdsError::WarningAbovePause {
            metric,
            warning,
            pause,
        });
    }
    Ok(())
}
