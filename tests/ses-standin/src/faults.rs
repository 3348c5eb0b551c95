//! Fault injection: any error the model lists for an operation, for the next `count` calls or
//! a `fraction` of them (deterministic from the seed), validated against the model's lists.

use rand::Rng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use crate::api::errors::ApiError;
use crate::api::operations::{OPERATIONS, modeled_errors};

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

    pub(crate) fn applies_to(&self, operation: &str) -> bool {
        match &self.operation {
            Some(name) => name == operation,
            None => modeled_errors(operation).is_some_and(|e| e.contains(&self.code.as_str())),
        }
    }

    pub(crate) fn error(&self, operation: &str) -> Option<ApiError> {
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

impl Faults {
    /// The fault to answer `operation` with, if any; counted rules are used up.
    pub(crate) fn decide(&mut self, operation: &str, rng: &mut StdRng) -> Option<ApiError> {
        let fraction = self.throttle_fraction;
        if fraction > 0.0 && rng.random::<f64>() < fraction {
            return Some(ApiError::TooManyRequests);
        }
        for rule in &mut self.rules {
            if !rule.applies_to(operation) {
                continue;
            }
            let fires = match (&mut rule.count, rule.fraction) {
                (Some(count), _) if *count > 0 => {
                    *count -= 1;
                    true
                }
                (None, Some(fraction)) => fraction > 0.0 && rng.random::<f64>() < fraction,
                _ => false,
            };
            if fires {
                return rule.error(operation);
            }
        }
        None
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
    fn settings_the_model_does_not_allow_are_rejected() {
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
}
