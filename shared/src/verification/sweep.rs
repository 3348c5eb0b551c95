//! The sweep: check every identity whose next check is due, at the pace SES allows, and stop
//! taking work before the Lambda deadline. Whatever is left stays due for the next run.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use super::IdentityRef;
use crate::domains::Domains;
use crate::error::UseCaseError;
use crate::ports::clock::Clock;
use crate::ports::{DueIndex, Pacer};
use crate::senders::Senders;
use crate::status::Status;

/// How much time the run has left.
pub trait Budget: Send + Sync {
    /// True while another check fits before the deadline.
    fn has_time(&self) -> bool;
}

/// How often a throttled check is retried before it is left for the next run.
const THROTTLE_ATTEMPTS: u32 = 3;
/// Consecutive throttled checks after which the run stops: SES needs a rest.
const THROTTLE_STOP: u32 = 3;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub checked: u32,
    pub changed: u32,
    pub throttled: u32,
    pub failed: u32,
    pub gone: u32,
    /// True when the run stopped before the due index was exhausted (deadline or throttling).
    pub stopped_early: bool,
}

/// The result of checking one identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CheckOutcome {
    Checked {
        from: Status,
        to: Status,
    },
    /// The identity no longer exists in the store (deleted meanwhile).
    Gone,
}

/// The sweep over the due index.
#[derive(Clone)]
pub struct Sweep {
    due: Arc<dyn DueIndex>,
    domains: Domains,
    senders: Senders,
    pacer: Arc<dyn Pacer>,
    clock: Arc<dyn Clock>,
    page_size: u32,
}

impl Sweep {
    pub fn new(
        due: Arc<dyn DueIndex>,
        domains: Domains,
        senders: Senders,
        pacer: Arc<dyn Pacer>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            due,
            domains,
            senders,
            pacer,
            clock,
            page_size: 100,
        }
    }

    /// Checks every identity due now, each at most once, until the index or the budget runs out.
    #[tracing::instrument(skip_all)]
    pub async fn run(&self, budget: &dyn Budget) -> Result<SweepReport, UseCaseError> {
        let now = self.clock.now();
        let mut report = SweepReport::default();
        let mut seen = HashSet::new();
        let mut after = None;
        let mut throttled_in_a_row = 0;
        loop {
            let page = self.due.due(now, self.page_size, after).await?;
            for identity in page.items {
                if !seen.insert(identity.clone()) {
                    continue;
                }
                if !budget.has_time() || throttled_in_a_row >= THROTTLE_STOP {
                    report.stopped_early = true;
                    return Ok(report);
                }
                match self.check(&identity).await {
                    Ok(CheckOutcome::Checked { from, to }) => {
                        throttled_in_a_row = 0;
                        report.checked += 1;
                        report.changed += u32::from(from != to);
                    }
                    Ok(CheckOutcome::Gone) => report.gone += 1,
                    Err(UseCaseError::Unavailable(reason)) => {
                        tracing::warn!(%identity, %reason, "left due for the next run");
                        throttled_in_a_row += 1;
                        report.throttled += 1;
                    }
                    Err(error) => {
                        tracing::error!(%identity, %error, "check failed");
                        report.failed += 1;
                    }
                }
            }
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(report),
            }
        }
    }

    /// Checks one identity now (a targeted follow-up, or one item of a run), paced, with
    /// jittered retries while SES throttles.
    pub async fn check(&self, identity: &IdentityRef) -> Result<CheckOutcome, UseCaseError> {
        // DNS first: no SES call (and no SES pace) while the records are not there yet.
        if let IdentityRef::Domain { tenant, id } = identity
            && let Some(status) = self.domains.dns_gate(tenant, id).await?
        {
            return Ok(CheckOutcome::Checked {
                from: status,
                to: status,
            });
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.pacer.wait_turn().await;
            let result = match identity {
                IdentityRef::Domain { tenant, id } => self.domains.check(tenant, id).await,
                IdentityRef::Sender { tenant, id } => self.senders.check(tenant, id).await,
            };
            match result {
                Ok(Some((from, to))) => return Ok(CheckOutcome::Checked { from, to }),
                Ok(None) => return Ok(CheckOutcome::Gone),
                Err(UseCaseError::Unavailable(_)) if attempt < THROTTLE_ATTEMPTS => {
                    self.pacer.back_off(attempt).await;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// How long the identity due longest ago has waited (zero when nothing is due): the age
    /// of the sweep's backlog, which stays near the sweep period while the sweep keeps up.
    pub async fn backlog_age(&self) -> Result<chrono::Duration, UseCaseError> {
        let now = self.clock.now();
        let oldest = self.due.oldest_due(now).await?;
        Ok(oldest.map_or(chrono::Duration::zero(), |at| {
            (now - at).max(chrono::Duration::zero())
        }))
    }
}
