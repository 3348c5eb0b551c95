//! The account-wide SES budget's settings (`domain::ses_budget`), read the same way by every
//! function so the API, the sweep and the follow-ups share one bucket under one rule.

use chrono::Duration;
use domain::ses_budget::BudgetSettings;

use crate::config::{ConfigError, optional, parsed_or};

fn whole(raw: &str) -> Result<u32, String> {
    raw.parse::<u32>()
        .map_err(|_| format!("`{raw}` is not a whole number"))
}

fn positive(raw: &str) -> Result<u32, String> {
    whole(raw)?
        .checked_sub(1)
        .map(|n| n + 1)
        .ok_or_else(|| format!("`{raw}` is not a positive whole number"))
}

fn seconds(raw: &str) -> Result<Duration, String> {
    whole(raw).map(|s| Duration::seconds(i64::from(s)))
}

/// The budget from `SES_BUDGET` (`on`, the default, or `off`), `SES_BUDGET_RATE_PER_SECOND`
/// (1), `SES_BUDGET_BURST` (1), `SES_BUDGET_RESERVE` (0), `SES_BUDGET_INTERACTIVE_WAIT_SECONDS`
/// (2), `SES_BUDGET_TENANT_PER_MINUTE` (20), `SES_BUDGET_TENANT_BURST` (5) and
/// `SES_BUDGET_BACKGROUND_WAIT_SECONDS` (5); `None` when switched off.
pub fn budget_from_env() -> Result<Option<BudgetSettings>, ConfigError> {
    match optional("SES_BUDGET").as_deref() {
        None => {}
        Some(raw) if raw.eq_ignore_ascii_case("on") => {}
        Some(raw) if raw.eq_ignore_ascii_case("off") => return Ok(None),
        Some(raw) => {
            return Err(ConfigError::Invalid {
                name: "SES_BUDGET",
                reason: format!("`{raw}` is neither `on` nor `off`"),
            });
        }
    }
    let d = BudgetSettings::default();
    let settings = BudgetSettings {
        per_second: parsed_or("SES_BUDGET_RATE_PER_SECOND", d.per_second, |raw| match raw
            .parse::<f64>()
        {
            Ok(rate) if rate > 0.0 && rate.is_finite() => Ok(rate),
            _ => Err("expected a positive number"),
        })?,
        burst: parsed_or("SES_BUDGET_BURST", d.burst, positive)?,
        reserve: parsed_or("SES_BUDGET_RESERVE", d.reserve, whole)?,
        interactive_wait: parsed_or(
            "SES_BUDGET_INTERACTIVE_WAIT_SECONDS",
            d.interactive_wait,
            seconds,
        )?,
        tenant_per_minute: parsed_or(
            "SES_BUDGET_TENANT_PER_MINUTE",
            d.tenant_per_minute,
            positive,
        )?,
        tenant_burst: parsed_or("SES_BUDGET_TENANT_BURST", d.tenant_burst, positive)?,
        background_wait: parsed_or(
            "SES_BUDGET_BACKGROUND_WAIT_SECONDS",
            d.background_wait,
            seconds,
        )?,
    };
    if settings.reserve >= settings.burst && settings.reserve > 0 {
        return Err(ConfigError::Invalid {
            name: "SES_BUDGET_RESERVE",
            reason: "the reserve must be smaller than SES_BUDGET_BURST".to_owned(),
        });
    }
    Ok(Some(settings))
}
