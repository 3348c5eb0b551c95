//! Per-day feedback counters, read to assess a sender's reputation.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::{Attribution, StoreError};
use crate::reputation::Counts;

/// Per-day counters.
#[async_trait]
pub trait DailyCounters: Send + Sync {
    /// The non-empty days from `from` to `to`, inclusive, in day order.
    async fn days(
        &self,
        owner: &Attribution,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Counts)>, StoreError>;
}
