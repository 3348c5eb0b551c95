//! One rate (bounces or complaints) against its thresholds, and the sentence explaining it.

use chrono::NaiveDate;

use super::assess::Level;

/// The window a rate was computed over, as the reason sentence names it.
pub(super) struct Window {
    pub days: u32,
    pub end: NaiveDate,
    pub volume: u64,
    pub min_volume: u64,
}

impl Window {
    fn can_pause(&self) -> bool {
        self.volume >= self.min_volume
    }
}

/// A rate and its thresholds.
pub(super) struct Metric {
    name: &'static str,
    count: u64,
    pub rate: f64,
    warning: f64,
    pause: f64,
    /// Decimals shown for the rate: complaint thresholds are fractions of a percent.
    decimals: usize,
}

impl Metric {
    /// `count` over `volume`, capped at 1; 0 when the volume is 0.
    pub fn new(
        name: &'static str,
        count: u64,
        volume: u64,
        (warning, pause): (f64, f64),
        decimals: usize,
    ) -> Self {
        let rate = if volume == 0 {
            0.0
        } else {
            (count as f64 / volume as f64).min(1.0)
        };
        Self {
            name,
            count,
            rate,
            warning,
            pause,
            decimals,
        }
    }

    /// The level the rate alone calls for, before the minimum volume is applied.
    fn unguarded_level(&self) -> Level {
        if self.count == 0 {
            Level::Healthy
        } else if self.rate >= self.pause {
            Level::Paused
        } else if self.rate >= self.warning {
            Level::Warning
        } else {
            Level::Healthy
        }
    }

    /// The level for this rate: a pause turns into a warning below the minimum volume.
    pub fn level(&self, window: &Window) -> Level {
        match self.unguarded_level() {
            Level::Paused if !window.can_pause() => Level::Warning,
            level => level,
        }
    }

    /// E.g. "Bounce rate 12.0% (120 of 1,000 messages) over the 7 days to 2026-11-28 is at or
    /// above the 10% pause threshold".
    pub fn sentence(&self, window: &Window) -> String {
        let observed = format!(
            "{} rate {:.*}% ({} of {} {}) over the {} {} to {}",
            self.name,
            self.decimals,
            self.rate * 100.0,
            grouped(self.count),
            grouped(window.volume),
            plural(window.volume, "message", "messages"),
            window.days,
            plural(u64::from(window.days), "day", "days"),
            window.end,
        );
        match self.unguarded_level() {
            Level::Paused if window.can_pause() => {
                format!(
                    "{observed} is at or above the {} pause threshold",
                    threshold(self.pause)
                )
            }
            Level::Paused => format!(
                "{observed} is at or above the {} pause threshold, but pausing needs at least {} messages",
                threshold(self.pause),
                grouped(window.min_volume),
            ),
            Level::Warning => format!(
                "{observed} is at or above the {} warning threshold",
                threshold(self.warning)
            ),
            Level::Healthy => format!(
                "{observed} is below the {} warning threshold",
                threshold(self.warning)
            ),
        }
    }
}

/// A threshold as a percentage without trailing zeros: `0.1` is "10%", `0.005` is "0.5%".
fn threshold(rate: f64) -> String {
    let fixed = format!("{:.3}", rate * 100.0);
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    format!("{trimmed}%")
}

/// Thousands separated by commas: 1234567 is "1,234,567".
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn plural(count: u64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_drop_trailing_zeros() {
        assert_eq!(threshold(0.1), "10%");
        assert_eq!(threshold(0.05), "5%");
        assert_eq!(threshold(0.005), "0.5%");
        assert_eq!(threshold(0.001), "0.1%");
        assert_eq!(threshold(0.0015), "0.15%");
        assert_eq!(threshold(0.0), "0%");
        assert_eq!(threshold(1.0), "100%");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(123_456), "123,456");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
