//! SES identity calls and throttles by caller (`api`, `sweep`, `follow-up`) as EMF metrics,
//! through the one EMF writer ([`crate::metrics`]): one document per call, dimension
//! `Caller`, metrics `SesCalls` (SES was called), `SesThrottled` (SES answered
//! TooManyRequests) and `SesBudgetRefused` (the budget refused it; SES was not called).
//! At the budget's one call a second these lines cost nothing worth batching.

use domain::ports::{CallOutcome, Caller, SesCallLog};

use crate::metrics::Metrics;

/// The EMF document for one call of `caller` that ended as `outcome`.
pub fn call_metrics(namespace: &str, caller: &Caller, outcome: CallOutcome) -> Metrics {
    let mut metrics = Metrics::new(namespace).dimension("Caller", caller.name());
    metrics.count("SesCalls", u64::from(outcome != CallOutcome::Refused));
    metrics.count("SesThrottled", u64::from(outcome == CallOutcome::Throttled));
    metrics.count(
        "SesBudgetRefused",
        u64::from(outcome == CallOutcome::Refused),
    );
    metrics
}

/// Writes every SES call as an EMF line on stdout.
#[derive(Debug, Clone)]
pub struct EmfSesCalls {
    namespace: String,
}

impl EmfSesCalls {
    pub fn new(namespace: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
        }
    }
}

impl SesCallLog for EmfSesCalls {
    fn record(&self, caller: &Caller, outcome: CallOutcome) {
        call_metrics(&self.namespace, caller, outcome).flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::tenant::TenantId;
    use serde_json::json;

    #[test]
    fn a_call_is_counted_under_its_caller() {
        let tenant = TenantId::parse("t1").unwrap_or_else(|e| panic!("{e}"));
        let doc = call_metrics("ns", &Caller::Api(tenant), CallOutcome::Answered).document(0);
        assert_eq!(doc["Caller"], "api");
        assert_eq!(doc["SesCalls"], json!(1.0));
        assert_eq!(doc["SesThrottled"], json!(0.0));
        let doc = call_metrics("ns", &Caller::FollowUp, CallOutcome::Throttled).document(0);
        assert_eq!(doc["Caller"], "follow-up");
        assert_eq!(doc["SesThrottled"], json!(1.0));
        let doc = call_metrics("ns", &Caller::Sweep, CallOutcome::Refused).document(0);
        assert_eq!(doc["Caller"], "sweep");
        assert_eq!(doc["SesCalls"], json!(0.0));
        assert_eq!(doc["SesBudgetRefused"], json!(1.0));
    }
}
