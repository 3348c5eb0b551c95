//! The call log (how many SESv2 calls of each operation arrived) and fault injection
//! (deterministic throttling).

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Salt so the throttling RNG stream is independent of the others.
const FAULT_RNG_SALT: u64 = 0x7468_726f_7474_6c65;

/// Injected faults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    /// The share of SESv2 calls answered with `TooManyRequestsException` (0.0..=1.0).
    #[serde(default)]
    pub throttle_fraction: f64,
}

/// The faults asked for are out of range.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("throttle_fraction must be between 0.0 and 1.0, got {0}")]
pub struct FaultError(pub f64);

impl Faults {
    /// Validates the fraction.
    pub fn validated(self) -> Result<Self, FaultError> {
        if (0.0..=1.0).contains(&self.throttle_fraction) {
            Ok(self)
        } else {
            Err(FaultError(self.throttle_fraction))
        }
    }
}

/// Counts per SESv2 operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallCounts {
    /// Every call that arrived, throttled or not, by operation name.
    pub calls: BTreeMap<String, u64>,
    /// The calls answered with `TooManyRequestsException`, by operation name.
    pub throttled: BTreeMap<String, u64>,
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
}

impl CallLog {
    /// An empty log with no faults.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            counts: CallCounts::default(),
            faults: Faults::default(),
            rng: StdRng::seed_from_u64(seed ^ FAULT_RNG_SALT),
        }
    }

    /// Records a call and decides whether to throttle it.
    pub fn record(&mut self, operation: &str) -> bool {
        *self.counts.calls.entry(operation.to_owned()).or_default() += 1;
        self.counts.total += 1;
        let fraction = self.faults.throttle_fraction;
        let throttled = fraction > 0.0 && self.rng.random::<f64>() < fraction;
        if throttled {
            *self
                .counts
                .throttled
                .entry(operation.to_owned())
                .or_default() += 1;
        }
        throttled
    }

    /// Replaces the fault settings and restarts the RNG, so a run is repeatable.
    pub fn set_faults(&mut self, faults: Faults) {
        self.faults = faults;
        self.rng = StdRng::seed_from_u64(self.seed ^ FAULT_RNG_SALT);
    }

    /// The current fault settings.
    pub fn faults(&self) -> Faults {
        self.faults
    }

    /// The counts so far.
    pub fn counts(&self) -> CallCounts {
        self.counts.clone()
    }

    /// Clears counts and faults.
    pub fn reset(&mut self) {
        *self = Self::new(self.seed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_calls_and_throttles_deterministically() {
        let run = || {
            let mut log = CallLog::new(42);
            log.set_faults(Faults {
                throttle_fraction: 0.5,
            });
            let pattern: Vec<bool> = (0..64).map(|_| log.record("GetEmailIdentity")).collect();
            (pattern, log.counts())
        };
        let (pattern, counts) = run();
        assert_eq!(run().0, pattern);
        let throttled = pattern.iter().filter(|t| **t).count() as u64;
        assert!((16..=48).contains(&throttled), "about half: {throttled}");
        assert_eq!(counts.count("GetEmailIdentity"), 64);
        assert_eq!(
            counts
                .throttled
                .get("GetEmailIdentity")
                .copied()
                .unwrap_or(0),
            throttled
        );
    }

    #[test]
    fn no_faults_never_throttles_and_bad_fractions_are_rejected() {
        let mut log = CallLog::new(1);
        assert!((0..100).all(|_| !log.record("ListEmailIdentities")));
        assert!(
            Faults {
                throttle_fraction: 1.5
            }
            .validated()
            .is_err()
        );
        assert!(
            Faults {
                throttle_fraction: 1.0
            }
            .validated()
            .is_ok()
        );
    }
}
