//! Plays EventBridge Scheduler's recurring schedule locally: runs the verification sweep every
//! `LOCAL_SWEEP_SECONDS` (default 60), so pending identities turn green by themselves.

use std::time::{Duration, SystemTime};

use domain::ports::Caller;
use domain::ses_budget::acting_as;
use domain::verification::Sweep;
use sweep::handler::DeadlineBudget;

/// Starts the periodic sweep in the background.
pub fn spawn(sweep: Sweep, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            let budget = DeadlineBudget::new(
                SystemTime::now() + every,
                DeadlineBudget::MARGIN.min(every / 2),
            );
            match acting_as(Caller::Sweep, sweep.run(&budget)).await {
                Ok(report) if report.checked > 0 => tracing::info!(?report, "local sweep"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "local sweep failed"),
            }
        }
    });
}

/// The interval from `LOCAL_SWEEP_SECONDS`.
pub fn interval() -> Duration {
    let seconds = std::env::var("LOCAL_SWEEP_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds.max(1))
}
