//! The call log: how many SESv2 calls of each operation arrived, which were answered with an
//! injected fault (see [`crate::faults`]), and the request ids.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::api::errors::ApiError;
pub use crate::faults::{FaultError, FaultRule, Faults};

/// Salt so the fault RNG stream is independent of the others.
const FAULT_RNG_SALT: u64 = 0x7468_726f_7474_6c65;
/// Salt for request ids.
const REQUEST_ID_SALT: u64 = 0x7265_7175_6573_7469;

/// Counts per SESv2 operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallCounts {
    /// Every call that arrived, faulted or not, by operation name.
    pub calls: BTreeMap<String, u64>,
    /// The calls answered with `TooManyRequestsException`, by operation name.
    pub throttled: BTreeMap<String, u64>,
    /// Every injected fault, by operation and exception name.
    pub faults: BTreeMap<String, BTreeMap<String, u64>>,
    /// The sum of `calls`.
    pub total: u64,
    /// Every call that arrived, by wall-clock second (Unix seconds), the last hour of them:
    /// what SES's per-second rate sees.
    pub per_second: BTreeMap<i64, u64>,
    /// The calls answered `TooManyRequestsException` because the rate limit was passed.
    pub rate_limited: u64,
}

impl CallCounts {
    /// The most calls that arrived within one wall-clock second.
    pub fn busiest_second(&self) -> u64 {
        self.per_second.values().copied().max().unwrap_or(0)
    }

    /// How many `operation` calls arrived (e.g. `"GetEmailIdentity"`).
    pub fn count(&self, operation: &str) -> u64 {
        self.calls.get(operation).copied().unwrap_or(0)
    }
}

/// The call log and the fault settings.
#[derive(Debug)]
pub struct CallLog {
    seed: u64,
    counts: CallCounts,
    faults: Faults,
    rng: StdRng,
    ids: StdRng,
    /// SES's account rate for identity calls, when enforced: calls per wall-clock second.
    rate_limit: Option<u32>,
    /// The configured rate limit, restored by [`CallLog::reset`].
    configured_rate_limit: Option<u32>,
    /// The wall-clock second and how many calls it let through.
    this_second: (i64, u32),
}

/// How many seconds of [`CallCounts::per_second`] are kept.
const PER_SECOND_KEPT: usize = 3600;

fn wall_second() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

impl CallLog {
    /// An empty log with no faults.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            counts: CallCounts::default(),
            faults: Faults::default(),
            rng: StdRng::seed_from_u64(seed ^ FAULT_RNG_SALT),
            ids: StdRng::seed_from_u64(seed ^ REQUEST_ID_SALT),
            rate_limit: None,
            configured_rate_limit: None,
            this_second: (0, 0),
        }
    }

    /// An empty log enforcing `rate_limit` calls per second (`None`: no limit), also after a
    /// reset.
    pub fn with_rate_limit(seed: u64, rate_limit: Option<u32>) -> Self {
        let mut log = Self::new(seed);
        log.rate_limit = rate_limit;
        log.configured_rate_limit = rate_limit;
        log
    }

    /// Enforces SES's rate: beyond `per_second` calls in one wall-clock second, calls are
    /// answered `TooManyRequestsException` (`None`: off).
    pub fn set_rate_limit(&mut self, per_second: Option<u32>) {
        self.rate_limit = per_second;
    }

    /// The rate limit in force (calls per second), if any.
    pub fn rate_limit(&self) -> Option<u32> {
        self.rate_limit
    }

    /// Whether the rate limit lets one more call through in the second `second`.
    fn within_rate(&mut self, second: i64) -> bool {
        let Some(limit) = self.rate_limit else {
            return true;
        };
        if self.this_second.0 != second {
            self.this_second = (second, 0);
        }
        if self.this_second.1 >= limit {
            return false;
        }
        self.this_second.1 += 1;
        true
    }

    /// Records a call and decides whether to answer it with an injected fault.
    pub(crate) fn record(&mut self, operation: &str) -> Option<ApiError> {
        *self.counts.calls.entry(operation.to_owned()).or_default() += 1;
        self.counts.total += 1;
        let second = wall_second();
        *self.counts.per_second.entry(second).or_default() += 1;
        while self.counts.per_second.len() > PER_SECOND_KEPT {
            self.counts.per_second.pop_first();
        }
        let Some(fault) = self.faults.decide(operation, &mut self.rng) else {
            if self.within_rate(second) {
                return None;
            }
            self.counts.rate_limited += 1;
            *self
                .counts
                .throttled
                .entry(operation.to_owned())
                .or_default() += 1;
            return Some(ApiError::TooManyRequests);
        };
        let code = fault.code();
        *self
            .counts
            .faults
            .entry(operation.to_owned())
            .or_default()
            .entry(code.to_owned())
            .or_default() += 1;
        if code == "TooManyRequestsException" {
            *self
                .counts
                .throttled
                .entry(operation.to_owned())
                .or_default() += 1;
        }
        Some(fault)
    }

    /// Replaces the fault settings and restarts the RNG, so a run is repeatable.
    pub fn set_faults(&mut self, faults: Faults) {
        self.faults = faults;
        self.rng = StdRng::seed_from_u64(self.seed ^ FAULT_RNG_SALT);
    }

    /// The current fault settings (counts show what is left).
    pub fn faults(&self) -> Faults {
        self.faults.clone()
    }

    /// The counts so far.
    pub fn counts(&self) -> CallCounts {
        self.counts.clone()
    }

    /// A fresh request id in UUID form (deterministic from the seed).
    pub fn next_request_id(&mut self) -> String {
        let bits: u128 = self.ids.random();
        let hex = format!("{bits:032x}");
        format!(
            "{}-{}-4{}-a{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// Clears counts and faults.
    pub fn reset(&mut self) {
        *self = Self::with_rate_limit(self.seed, self.configured_rate_limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(fraction: f64) -> Faults {
        Faults {
            throttle_fraction: fraction,
            ..Faults::default()
        }
    }

    #[test]
    fn counts_calls_and_throttles_deterministically() {
        let run = || {
            let mut log = CallLog::new(42);
            log.set_faults(throttle(0.5));
            let pattern: Vec<bool> = (0..64)
                .map(|_| log.record("GetEmailIdentity").is_some())
                .collect();
            (pattern, log.counts())
        };
        let (pattern, counts) = run();
        assert_eq!(run().0, pattern);
        let throttled = pattern.iter().filter(|t| **t).count() as u64;
        assert!((16..=48).contains(&throttled), "about half: {throttled}");
        assert_eq!(counts.count("GetEmailIdentity"), 64);
        assert_eq!(counts.throttled.get("GetEmailIdentity"), Some(&throttled));
    }

    #[test]
    fn no_faults_never_fault() {
        let mut log = CallLog::new(1);
        assert!((0..100).all(|_| log.record("ListEmailIdentities").is_none()));
    }

    #[test]
    fn a_counted_rule_fires_exactly_that_often_on_its_operation_only() {
        let mut log = CallLog::new(3);
        let faults = Faults {
            rules: vec![FaultRule {
                operation: Some("CreateEmailIdentity".to_owned()),
                code: "LimitExceededException".to_owned(),
                count: Some(2),
                ..FaultRule::default()
            }],
            ..Faults::default()
        };
        log.set_faults(faults.validated().unwrap());
        assert!(log.record("GetEmailIdentity").is_none());
        let first = log.record("CreateEmailIdentity").unwrap();
        assert_eq!(first.code(), "LimitExceededException");
        assert!(log.record("CreateEmailIdentity").is_some());
        assert!(log.record("CreateEmailIdentity").is_none());
        assert_eq!(
            log.counts().faults["CreateEmailIdentity"]["LimitExceededException"],
            2
        );
        assert_eq!(log.faults().rules[0].count, Some(0));
    }

    #[test]
    fn the_rate_limit_throttles_beyond_its_calls_per_second_and_counts_every_second() {
        let mut log = CallLog::with_rate_limit(5, Some(2));
        let second = wall_second();
        let answered: Vec<bool> = (0..5)
            .map(|_| log.record("GetEmailIdentity").is_none())
            .collect();
        // Unless the wall clock turned a second meanwhile, two pass and three are throttled.
        if wall_second() == second {
            assert_eq!(answered, [true, true, false, false, false]);
            assert_eq!(log.counts().rate_limited, 3);
            assert_eq!(log.counts().throttled["GetEmailIdentity"], 3);
            assert_eq!(log.counts().busiest_second(), 5);
        }
        log.set_rate_limit(None);
        assert!(log.record("GetEmailIdentity").is_none());
        log.reset();
        assert_eq!(log.rate_limit(), Some(2));
    }

    #[test]
    fn request_ids_look_like_uuids_and_differ() {
        let mut log = CallLog::new(0);
        let (a, b) = (log.next_request_id(), log.next_request_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
