//! The account-wide SES budget: one token bucket for every SES identity call, shared by the
//! API, the sweep and the follow-ups across concurrent Lambdas.
//!
//! The bucket is a GCRA ("generic cell rate algorithm", the token bucket written as one
//! number): it keeps the *theoretical arrival time* `tat`, the instant the bucket would be
//! full again. A call at `now` is let through while `tat` is not too far ahead of `now`, and
//! moves `tat` to `max(tat, now) + interval`. One number per bucket means one DynamoDB item
//! updated with a condition, without reading it first: concurrent takers can never overdraw.
//!
//! Interactive calls come first: an interactive caller may book a slot up to
//! [`BudgetSettings::interactive_wait`] ahead and wait for it; a background caller (the sweep, a
//! follow-up) only takes a slot that is free now and leaves [`BudgetSettings::reserve`] tokens
//! of the burst to interactive calls, and otherwise waits until the bucket frees up and asks
//! again. So whenever both want the next slot, the interactive one gets it. One tenant cannot
//! take the whole interactive share: each tenant's interactive calls also take a token from the
//! tenant's own bucket ([`BudgetSettings::tenant_per_minute`]), so the rest of the account's
//! rate stays for the sweep and the other tenants.

mod metered;

use chrono::Duration;

pub use metered::{BudgetedListing, BudgetedSes, acting_as, current_caller};

/// The budget's settings (`SES_BUDGET_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetSettings {
    /// SES identity calls per second for the whole account (default 1: SES's rate).
    pub per_second: f64,
    /// Calls that may go back to back after a quiet spell (default 1: never two in a second).
    pub burst: u32,
    /// Tokens of the burst a background caller leaves to interactive calls (default 0: with a
    /// burst of 1 the priority comes from booking ahead alone).
    pub reserve: u32,
    /// How far ahead an interactive call may book its slot and wait for it (default 2 s, so a
    /// create's two SES calls both fit); beyond it the API answers 429 at once.
    pub interactive_wait: Duration,
    /// Interactive SES calls per minute for one tenant (default 20, a third of the account's
    /// rate, so one tenant never takes the rest from the sweep and the others).
    pub tenant_per_minute: u32,
    /// A tenant's burst (default 5: an add and a few verifies in a row).
    pub tenant_burst: u32,
    /// How long a background caller waits for a free slot before it gives up on the identity
    /// for this run (default 5 s, inside the sweep's 10 s deadline margin; it stays due).
    pub background_wait: Duration,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        Self {
            per_second: 1.0,
            burst: 1,
            reserve: 0,
            interactive_wait: Duration::seconds(2),
            tenant_per_minute: 20,
            tenant_burst: 5,
            background_wait: Duration::seconds(5),
        }
    }
}

/// One bucket's rule: the spacing of calls and how far ahead of `now` its `tat` may be for a
/// caller to be let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gcra {
    /// Milliseconds between two calls at the sustained rate.
    pub interval_ms: i64,
    /// How far ahead of `now` the bucket's `tat` may be for the caller to be let through.
    pub ahead_ms: i64,
    /// The burst's length in time: a grant goes out at `max(now, tat - burst_ms)`.
    pub burst_ms: i64,
}

/// A granted take: the bucket's new `tat` and when the call may go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Granted {
    pub tat: i64,
    pub at: i64,
}

impl Gcra {
    /// What the bucket at `tat` (none: never used) says to a take at `now` (milliseconds):
    /// granted, or how many milliseconds until it would be.
    pub fn decide(&self, tat: Option<i64>, now: i64) -> Result<Granted, i64> {
        let tat = tat.unwrap_or(now).max(now);
        let limit = now + self.ahead_ms;
        if tat > limit {
            return Err(tat - limit);
        }
        Ok(Granted {
            tat: tat + self.interval_ms,
            at: (tat - self.burst_ms).max(now),
        })
    }
}

impl BudgetSettings {
    fn interval_ms(per_second: f64) -> i64 {
        if per_second > 0.0 && per_second.is_finite() {
            ((1000.0 / per_second).round() as i64).max(1)
        } else {
            1
        }
    }

    /// The account bucket's rule for an interactive (`true`) or a background caller.
    pub fn account(&self, interactive: bool) -> Gcra {
        let interval_ms = Self::interval_ms(self.per_second);
        let burst_ms = interval_ms * i64::from(self.burst.max(1) - 1);
        let ahead_ms = if interactive {
            burst_ms + self.interactive_wait.num_milliseconds().max(0)
        } else {
            let kept = i64::from(self.reserve.min(self.burst.max(1) - 1));
            burst_ms - interval_ms * kept
        };
        Gcra {
            interval_ms,
            ahead_ms,
            burst_ms,
        }
    }

    /// A tenant bucket's rule (interactive calls only; they never wait for a tenant token).
    pub fn tenant(&self) -> Gcra {
        let interval_ms = Self::interval_ms(f64::from(self.tenant_per_minute.max(1)) / 60.0);
        let burst_ms = interval_ms * i64::from(self.tenant_burst.max(1) - 1);
        Gcra {
            interval_ms,
            ahead_ms: burst_ms,
            burst_ms,
        }
    }
}

#[cfg(test)]
mod tests;
