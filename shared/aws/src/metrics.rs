//! CloudWatch metrics in the Embedded Metric Format: one JSON log line per flush, which
//! CloudWatch turns into metrics without an API call
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html>).
//!
//! A small writer of the documented format rather than a crate: the functions need one
//! namespace, a few dimensions and counters, and the format is a dozen lines of JSON.

use serde_json::{Map, Value, json};

/// The specification's limits: at most 100 metrics per directive, 30 dimensions per set.
pub const MAX_METRICS: usize = 100;
pub const MAX_DIMENSIONS: usize = 30;

/// A unit CloudWatch knows (the subset the functions use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
    Seconds,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Self::Count => "Count",
            Self::Milliseconds => "Milliseconds",
            Self::Seconds => "Seconds",
        }
    }
}

/// One EMF document: a namespace, one dimension set, metrics and their values.
#[derive(Debug, Clone)]
pub struct Metrics {
    namespace: String,
    dimensions: Vec<(String, String)>,
    metrics: Vec<(String, Unit, f64)>,
}

impl Metrics {
    /// Metrics in `namespace` (the stack's `EmailSenders/<stack>`; `METRICS_NAMESPACE`).
    pub fn new(namespace: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            dimensions: Vec::new(),
            metrics: Vec::new(),
        }
    }

    /// Adds a dimension to the one dimension set (ignored past [`MAX_DIMENSIONS`]).
    pub fn dimension(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        if self.dimensions.len() < MAX_DIMENSIONS {
            self.dimensions.push((name.into(), value.into()));
        }
        self
    }

    /// Records `value` for `name`; a name recorded twice keeps the sum (ignored past
    /// [`MAX_METRICS`] names).
    pub fn put(&mut self, name: &str, unit: Unit, value: f64) {
        if let Some(existing) = self.metrics.iter_mut().find(|(n, _, _)| n == name) {
            existing.2 += value;
        } else if self.metrics.len() < MAX_METRICS {
            self.metrics.push((name.to_owned(), unit, value));
        }
    }

    pub fn count(&mut self, name: &str, value: u64) {
        // Counts stay far below 2^53, where f64 stops being exact.
        self.put(name, Unit::Count, value as f64);
    }

    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The EMF document at `timestamp_ms` (milliseconds since the epoch).
    pub fn document(&self, timestamp_ms: i64) -> Value {
        let mut root = Map::new();
        let definitions: Vec<Value> = self
            .metrics
            .iter()
            .map(|(name, unit, _)| json!({ "Name": name, "Unit": unit.name() }))
            .collect();
        let names: Vec<&str> = self.dimensions.iter().map(|(n, _)| n.as_str()).collect();
        root.insert(
            "_aws".into(),
            json!({
                "Timestamp": timestamp_ms,
                "CloudWatchMetrics": [{
                    "Namespace": self.namespace,
                    "Dimensions": [names],
                    "Metrics": definitions,
                }],
            }),
        );
        for (name, value) in &self.dimensions {
            root.insert(name.clone(), Value::String(value.clone()));
        }
        for (name, _, value) in &self.metrics {
            root.insert(name.clone(), json!(value));
        }
        Value::Object(root)
    }

    /// Writes the document to stdout as one line (Lambda sends stdout to CloudWatch Logs,
    /// which extracts the metrics), unless nothing was recorded.
    pub fn flush(&self) {
        if !self.is_empty() {
            println!("{}", self.document(chrono::Utc::now().timestamp_millis()));
        }
    }
}

/// The namespace of this deployment's metrics: `METRICS_NAMESPACE`, else `EmailSenders`.
pub fn namespace_from_env() -> String {
    std::env::var("METRICS_NAMESPACE")
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "EmailSenders".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        let mut metrics = Metrics::new("EmailSenders/test").dimension("Function", "feedback");
        metrics.count("FeedbackRecords", 3);
        metrics.count("FeedbackRecords", 2);
        metrics.put("SweepDuration", Unit::Milliseconds, 12.5);
        metrics.document(1_767_225_600_000)
    }

    /// The specification's root node: `_aws` with an integer Timestamp and one directive whose
    /// Namespace, Dimensions (arrays of names that are root members) and Metrics (Name, Unit,
    /// each a root member holding a number) are all present.
    #[test]
    fn the_document_follows_the_specification() {
        let doc = sample();
        assert_eq!(doc["_aws"]["Timestamp"], json!(1_767_225_600_000_i64));
        let directive = &doc["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "EmailSenders/test");
        assert_eq!(directive["Dimensions"], json!([["Function"]]));
        assert_eq!(doc["Function"], "feedback");
        assert_eq!(
            directive["Metrics"],
            json!([
                { "Name": "FeedbackRecords", "Unit": "Count" },
                { "Name": "SweepDuration", "Unit": "Milliseconds" },
            ])
        );
        assert_eq!(doc["FeedbackRecords"], json!(5.0));
        assert_eq!(doc["SweepDuration"], json!(12.5));
        for definition in directive["Metrics"].as_array().unwrap() {
            let name = definition["Name"].as_str().unwrap();
            assert!(
                doc[name].is_number(),
                "{name} is a root member holding a number"
            );
        }
    }

    #[test]
    fn the_limits_of_the_specification_hold() {
        let mut metrics = Metrics::new("n");
        for i in 0..150 {
            metrics.count(&format!("m{i}"), 1);
        }
        let mut with_dimensions = Metrics::new("n");
        for i in 0..40 {
            with_dimensions = with_dimensions.dimension(format!("d{i}"), "v");
        }
        with_dimensions.count("x", 1);
        let doc = metrics.document(0);
        assert_eq!(
            doc["_aws"]["CloudWatchMetrics"][0]["Metrics"]
                .as_array()
                .unwrap()
                .len(),
            MAX_METRICS
        );
        let doc = with_dimensions.document(0);
        assert_eq!(
            doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0]
                .as_array()
                .unwrap()
                .len(),
            MAX_DIMENSIONS
        );
    }

    #[test]
    fn nothing_recorded_is_nothing_written() {
        assert!(Metrics::new("n").is_empty());
    }
}
