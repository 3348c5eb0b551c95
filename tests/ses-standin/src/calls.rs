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
}

impl CallCounts {
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
        }
    }

    /// Records a call and decides whether to answer it with an injected fault.
    pub(crate) fn record(&mut self, operation: &str) -> Option<ApiError> {
        *self.counts.calls.entry(operation.to_owned()).or_default() += 1;
        self.counts.total += 1;
        let fault = self.faults.decide(operation, &mut self.rng)?;
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
        *self = Self::new(self.seed);
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
    fn request_ids_look_like_uuids_and_differ() {
        let mut log = CallLog::new(0);
        let (a, b) = (log.next_request_id(), log.next_request_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
