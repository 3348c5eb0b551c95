//! The sweep's metrics (EMF): identities checked, status changes, SES throttles and failures,
//! how long a run took and whether it stopped before the due index was exhausted (a backlog);
//! identities expired, and the reconciler's findings (orphans deleted, foreign identities
//! left alone, identities repaired, stale markers released).

use std::time::Duration;

use adapters::metrics::{Metrics, Unit};
use domain::verification::CheckOutcome;

use crate::handler::SweepOutput;

/// `OldestDueAge`: how long the identity due longest ago has waited, in seconds (the alarm on
/// the sweep's backlog watches it).
pub fn backlog(metrics: &mut Metrics, age: Duration) {
    metrics.put("OldestDueAge", Unit::Seconds, age.as_secs_f64());
}

/// The metrics of one invocation that produced `output` in `elapsed`.
pub fn metrics(namespace: &str, output: &SweepOutput, elapsed: Duration) -> Metrics {
    let mut metrics = Metrics::new(namespace).dimension("Function", "sweep");
    match output {
        SweepOutput::Sweep(report) => {
            metrics.count("IdentitiesChecked", report.checked.into());
            metrics.count("StatusChanges", report.changed.into());
            metrics.count("SesThrottled", report.throttled.into());
            metrics.count("ChecksFailed", report.failed.into());
            metrics.count("SweepStoppedEarly", u64::from(report.stopped_early));
            metrics.count("IdentitiesExpired", report.expired.into());
            if let Some(found) = &report.reconcile {
                metrics.count("ReconcileExamined", found.examined.into());
                metrics.count("OrphanIdentitiesDeleted", found.orphans_deleted.into());
                metrics.count("ForeignIdentitiesLeft", found.foreign_left.into());
                metrics.count("IdentitiesRepaired", found.repaired.into());
                metrics.count("StaleMarkersReleased", found.markers_released.into());
                metrics.count("ExpiryScheduled", found.expiry_scheduled.into());
                metrics.count("ReconcileFailed", found.failed.into());
            }
            metrics.put(
                "SweepDuration",
                Unit::Milliseconds,
                elapsed.as_secs_f64() * 1000.0,
            );
        }
        SweepOutput::Check(outcome) => {
            metrics.count("IdentitiesChecked", 1);
            let changed = matches!(outcome, CheckOutcome::Checked { from, to } if from != to);
            metrics.count("StatusChanges", u64::from(changed));
        }
    }
    metrics
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::status::Status;
    use domain::verification::SweepReport;
    use serde_json::json;

    #[test]
    fn a_sweep_reports_its_counts_duration_and_backlog() {
        let report = SweepReport {
            checked: 7,
            changed: 2,
            throttled: 1,
            failed: 0,
            gone: 0,
            expired: 3,
            reconcile: Some(domain::verification::ReconcileReport {
                examined: 20,
                orphans_deleted: 2,
                foreign_left: 4,
                repaired: 1,
                markers_released: 1,
                expiry_scheduled: 0,
                failed: 0,
                pass_completed: false,
            }),
            stopped_early: true,
        };
        let doc = metrics(
            "ns",
            &SweepOutput::Sweep(report),
            Duration::from_millis(1500),
        )
        .document(0);
        assert_eq!(doc["Function"], "sweep");
        assert_eq!(doc["IdentitiesChecked"], json!(7.0));
        assert_eq!(doc["StatusChanges"], json!(2.0));
        assert_eq!(doc["SesThrottled"], json!(1.0));
        assert_eq!(doc["SweepStoppedEarly"], json!(1.0));
        assert_eq!(doc["SweepDuration"], json!(1500.0));
        assert_eq!(doc["IdentitiesExpired"], json!(3.0));
        assert_eq!(doc["ReconcileExamined"], json!(20.0));
        assert_eq!(doc["OrphanIdentitiesDeleted"], json!(2.0));
        assert_eq!(doc["ForeignIdentitiesLeft"], json!(4.0));
        assert_eq!(doc["IdentitiesRepaired"], json!(1.0));
        assert_eq!(doc["StaleMarkersReleased"], json!(1.0));
    }

    #[test]
    fn the_backlog_age_is_in_seconds() {
        let mut metrics = Metrics::new("ns");
        backlog(&mut metrics, Duration::from_secs(90 * 60));
        let doc = metrics.document(0);
        assert_eq!(doc["OldestDueAge"], json!(5400.0));
        assert_eq!(
            doc["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Unit"],
            "Seconds"
        );
    }

    #[test]
    fn a_targeted_check_counts_a_change_only_when_the_status_moved() {
        let same = CheckOutcome::Checked {
            from: Status::Pending,
            to: Status::Pending,
        };
        let doc = metrics("ns", &SweepOutput::Check(same), Duration::ZERO).document(0);
        assert_eq!(doc["StatusChanges"], json!(0.0));
        assert_eq!(doc["IdentitiesChecked"], json!(1.0));
    }
}
