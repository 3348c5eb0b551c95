//! Feedback settings every function reads the same way: reputation thresholds and whether to
//! mirror suppressions to the SES account-level list.

use domain::reputation::Thresholds;

use crate::config::{ConfigError, optional, parsed_or};

/// Reputation thresholds from `BOUNCE_WARN_RATE`, `BOUNCE_PAUSE_RATE`, `COMPLAINT_WARN_RATE`,
/// `COMPLAINT_PAUSE_RATE` (fractions: `0.05` is 5%) and `REPUTATION_MIN_VOLUME`; each unset
/// one keeps its default ([`Thresholds::default`]). The window stays 7 days.
pub fn thresholds_from_env() -> Result<Thresholds, ConfigError> {
    let defaults = Thresholds::default();
    let rate = |name: &'static str, default: f64| {
        parsed_or(name, default, |raw| {
            raw.parse::<f64>().map_err(|e| e.to_string())
        })
    };
    let thresholds = Thresholds {
        bounce_warning: rate("BOUNCE_WARN_RATE", defaults.bounce_warning)?,
        bounce_pause: rate("BOUNCE_PAUSE_RATE", defaults.bounce_pause)?,
        complaint_warning: rate("COMPLAINT_WARN_RATE", defaults.complaint_warning)?,
        complaint_pause: rate("COMPLAINT_PAUSE_RATE", defaults.complaint_pause)?,
        min_volume: parsed_or("REPUTATION_MIN_VOLUME", defaults.min_volume, |raw| {
            raw.parse::<u64>()
        })?,
        window_days: defaults.window_days,
    };
    thresholds.validate().map_err(|e| ConfigError::Invalid {
        name: "BOUNCE_*/COMPLAINT_* rates",
        reason: e.to_string(),
    })?;
    Ok(thresholds)
}

/// `MIRROR_ACCOUNT_SUPPRESSION`: `true` or `false` (unset is `false`).
pub fn mirror_from_env() -> Result<bool, ConfigError> {
    match optional("MIRROR_ACCOUNT_SUPPRESSION").as_deref() {
        None => Ok(false),
        Some(raw) if raw.eq_ignore_ascii_case("true") => Ok(true),
        Some(raw) if raw.eq_ignore_ascii_case("false") => Ok(false),
        Some(other) => Err(ConfigError::Invalid {
            name: "MIRROR_ACCOUNT_SUPPRESSION",
            reason: format!("{other:?} is neither true nor false"),
        }),
    }
}
