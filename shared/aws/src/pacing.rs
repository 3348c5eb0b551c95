//! `Pacer` on tokio time: a fixed rate of SES calls, and the shared full-jitter back-off
//! (`domain::retry::jittered`).

use std::time::Duration;

use async_trait::async_trait;
use domain::ports::Pacer;
use domain::retry::jittered;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Lets one call through every `1 / rate` seconds.
#[derive(Debug)]
pub struct RatePacer {
    interval: Duration,
    next: Mutex<Option<Instant>>,
    base_backoff: Duration,
}

impl RatePacer {
    /// `per_second` calls a second (SES allows 1 for these calls, per account).
    pub fn new(per_second: f64) -> Self {
        let interval = if per_second > 0.0 {
            Duration::from_secs_f64(1.0 / per_second)
        } else {
            Duration::ZERO
        };
        Self {
            interval,
            next: Mutex::new(None),
            base_backoff: interval.max(Duration::from_millis(10)),
        }
    }
}

#[async_trait]
impl Pacer for RatePacer {
    async fn wait_turn(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        let turn = next.map_or(now, |at| at.max(now));
        *next = Some(turn + self.interval);
        drop(next);
        tokio::time::sleep_until(turn).await;
    }

    async fn back_off(&self, attempt: u32) {
        tokio::time::sleep(jittered(self.base_backoff, attempt)).await;
    }
}
