//! The sweep: check every identity whose next check is due, at the pace SES allows, and stop
//! taking work before the Lambda deadline. Whatever is left stays due for the next run.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use super::{IdentityRef, ReconcileReport, Reconciler};
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
    /// Identities released after staying failed past their grace (now `expired`).
    pub expired: u32,
    /// What the reconciler's slice found, when it ran (after the due identities).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconcile: Option<ReconcileReport>,
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
    reconciler: Option<Reconciler>,
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
            // The sweep's lifecycle work (expiry, repair) paces its extra SES calls too.
            domains: domains.with_pacer(pacer.clone()),
            senders: senders.with_pacer(pacer.clone()),
            pacer,
            clock,
            page_size: 100,
            reconciler: None,
        }
    }

    /// Runs a slice of the reconciler after the due identities (see `reconcile`).
    pub fn with_reconciler(mut self, reconciler: Reconciler) -> Self {
        self.reconciler = Some(reconciler);
        self
    }

    /// The reconciler's slice size, when there is one.
    pub fn with_reconcile_slice(mut self, slice: u32) -> Self {
        self.reconciler = self.reconciler.map(|r| r.with_slice(slice));
        self
    }

    /// The sweep's use cases over subdomains (paced as the sweep is).
    pub fn domains(&self) -> &Domains {
        &self.domains
    }

    /// Checks every identity due now, each at most once, until the index or the budget runs
    /// out; then, with time left, one slice of the reconciler.
    #[tracing::instrument(skip_all)]
    pub async fn run(&self, budget: &dyn Budget) -> Result<SweepReport, UseCaseError> {
        let mut report = self.run_due(budget).await?;
        if let Some(reconciler) = &self.reconciler
            && !report.stopped_early
            && budget.has_time()
        {
            match reconciler.run(budget).await {
                Ok(found) => report.reconcile = Some(found),
                Err(error) => {
                    tracing::error!(%error, "reconciler failed; it resumes at its cursor next run");
                    report.reconcile = Some(ReconcileReport {
                        failed: 1,
                        ..ReconcileReport::default()
                    });
                }
            }
        }
        Ok(report)
    }

    async fn run_due(&self, budget: &dyn Budget) -> Result<SweepReport, UseCaseError> {
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
                        report.expired += u32::from(from != to && to == Status::Expired);
                    }
                    Ok(CheckOutcome::Gone) => report.gone += 1,
                    Err(error @ (UseCaseError::Unavailable(_) | UseCaseError::BudgetSpent(_))) => {
                        tracing::warn!(%identity, reason = %error, "left due for the next run");
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
}
