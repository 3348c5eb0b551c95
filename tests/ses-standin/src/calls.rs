//! The call log (how many SESv2 calls of each operation arrived) and fault injection: any error
//! the model lists for an operation, for the next `count` calls or a `fraction` of them
//! (deterministic from the seed).

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::api::errors::ApiError;
use crate::api::ops::{OPERATIONS, modeled_errors};

/// Salt so the fault RNG stream is independent of the others.
const FAULT_RNG_SALT: u64 = 0x7468_726f_7474_6c65;
/// Salt for request ids.
const REQUEST_ID_SALT: u64 = 0x7265_7175_6573_7469;

/// One injected fault: answer `code` for calls of `operation` (every operation whose model
/// lists `code` when absent), either the next `count` times or for a `fraction` of calls.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// The operation, e.g. `CreateEmailIdentity`; absent: every operation that models `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The exception, e.g. `LimitExceededException`.
    pub code: String,
    /// Answer the fault for this many matching calls, then stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Answer the fault for this share of matching calls (0.0..=1.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction: Option<f64>,
    /// The error message (a default naming the fault otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Injected faults. `throttle_fraction` is shorthand for a `TooManyRequestsException` rule on
/// every operation; rules are tried in order and the first that fires answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    /// The share of SESv2 calls answered with `TooManyRequestsException` (0.0..=1.0).
    #[serde(default)]
    pub throttle_fraction: f64,
    /// Further rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<FaultRule>,
}

/// The faults asked for are not possible.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaultError {
    /// A share outside 0..=1.
    #[error("a fraction must be between 0.0 and 1.0, got {0}")]
    Fraction(f64),
    /// Neither or both of `count` and `fraction`.
    #[error("a rule needs exactly one of `count` (at least 1) or `fraction`")]
    Amount,
    /// An operation the stand-in does not serve.
    #[error("unknown operation `{0}`")]
    Operation(String),
    /// An error the model does not list for the operation.
    #[error("the SESv2 model lists no `{code}` for {operation}; it lists {modeled:?}")]
    NotModeled {
        /// The operation.
        operation: String,
        /// The error asked for.
        code: String,
        /// What the model lists.
        modeled: Vec<&'static str>,
    },
}

impl FaultRule {
    fn validate(&self) -> Result<(), FaultError> {
        match (self.count, self.fraction) {
            (Some(count), None) if count >= 1 => {}
            (None, Some(fraction)) if (0.0..=1.0).contains(&fraction) => {}
            (None, Some(fraction)) => return Err(FaultError::Fraction(fraction)),
            _ => return Err(FaultError::Amount),
        }
        let operations: Vec<&str> = match &self.operation {
            Some(operation) => vec![operation.as_str()],
            None => OPERATIONS.iter().map(|(name, _)| *name).collect(),
        };
        for operation in operations {
            let modeled = modeled_errors(operation)
                .ok_or_else(|| FaultError::Operation(operation.to_owned()))?;
            if self.operation.is_some() && !modeled.contains(&self.code.as_str()) {
                return Err(FaultError::NotModeled {
                    operation: operation.to_owned(),
                    code: self.code.clone(),
                    modeled: modeled.to_vec(),
                });
            }
        }
        let anywhere = OPERATIONS
            .iter()
            .any(|(_, errors)| errors.contains(&self.code.as_str()));
        if !anywhere {
            return Err(FaultError::NotModeled {
                operation: "any operation".to_owned(),
                code: self.code.clone(),
                modeled: Vec::new(),
            });
        }
        Ok(())
    }

    fn applies_to(&self, operation: &str) -> bool {
        match &self.operation {
            Some(name) => name == operation,
            None => modeled_errors(operation).is_some_and(|e| e.contains(&self.code.as_str())),
        }
    }

    fn error(&self, operation: &str) -> Option<ApiError> {
        let message = self
            .message
            .clone()
            .unwrap_or_else(|| format!("Injected {} for {operation}", self.code));
        ApiError::from_code(&self.code, message)
    }
}

impl Faults {
    /// Validates every rule against the model's error lists.
    pub fn validated(self) -> Result<Self, FaultError> {
        if !(0.0..=1.0).contains(&self.throttle_fraction) {
            return Err(FaultError::Fraction(self.throttle_fraction));
        }
        for rule in &self.rules {
            rule.validate()?;
        }
        Ok(self)
    }
}

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
        let fault = self.decide(operation)?;
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

    fn decide(&mut self, operation: &str) -> Option<ApiError> {
        let fraction = self.faults.throttle_fraction;
        if fraction > 0.0 && self.rng.random::<f64>() < fraction {
            return Some(ApiError::TooManyRequests);
        }
        for rule in &mut self.faults.rules {
            if !rule.applies_to(operation) {
                continue;
            }
            let fires = match (&mut rule.count, rule.fraction) {
                (Some(count), _) if *count > 0 => {
                    *count -= 1;
                    true
                }
                (None, Some(fraction)) => fraction > 0.0 && self.rng.random::<f64>() < fraction,
                _ => false,
            };
            if fires {
                return rule.error(operation);
            }
        }
        None
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
    fn no_faults_never_fault_and_bad_settings_are_rejected() {
        let mut log = CallLog::new(1);
        assert!((0..100).all(|_| log.record("ListEmailIdentities").is_none()));
        assert!(throttle(1.5).validated().is_err());
        assert!(throttle(1.0).validated().is_ok());
        let rule = |operation: &str, code: &str, count, fraction| Faults {
            rules: vec![FaultRule {
                operation: Some(operation.to_owned()),
                code: code.to_owned(),
                count,
                fraction,
                message: None,
            }],
            ..Faults::default()
        };
        let not_modeled = rule("GetEmailIdentity", "LimitExceededException", Some(1), None);
        assert!(matches!(
            not_modeled.validated(),
            Err(FaultError::NotModeled { .. })
        ));
        let unknown = rule("SendEmail", "BadRequestException", Some(1), None);
        assert!(matches!(unknown.validated(), Err(FaultError::Operation(_))));
        let both = rule("GetEmailIdentity", "NotFoundException", Some(1), Some(0.5));
        assert_eq!(both.validated(), Err(FaultError::Amount));
        let zero = rule("GetEmailIdentity", "NotFoundException", Some(0), None);
        assert_eq!(zero.validated(), Err(FaultError::Amount));
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
