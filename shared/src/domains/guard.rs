//! The per-identity guard: one SES-changing operation at a time on a subdomain's identity.
//!
//! Creating, restarting and deleting a subdomain each change its SES identity in several
//! calls. Before the first call the operation writes its marker on the item with the item's
//! version as the condition, so two operations on one identity never overlap: the second
//! finds the marker (or a newer version) and stops before touching SES. A marker left by a
//! Lambda that died mid-way expires after [`OPERATION_LEASE`], so the next operation (a retry,
//! or the reconciler) can take over and finish or undo the work.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Domain, Domains};
use crate::error::{Conflict, UseCaseError};
use crate::ports::SaveError;

/// How long a marker holds the identity. Longer than any API or sweep invocation runs.
pub const OPERATION_LEASE: Duration = Duration::minutes(2);

/// What is being done to the identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// The identity is being created (the add is still running).
    Creating,
    /// The identity is being deleted and recreated.
    Restarting,
    /// The identity and the subdomain are being deleted; nothing may start to use them.
    Deleting,
    /// The sweep is releasing a subdomain that stayed failed (see `lapse`).
    Expiring,
    /// A missing setting (the MAIL FROM domain) is being put back on the identity.
    Repairing,
}

/// The marker an operation writes on the item while it changes the SES identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    pub kind: OperationKind,
    pub started_at: DateTime<Utc>,
}

impl Operation {
    pub fn start(kind: OperationKind, now: DateTime<Utc>) -> Self {
        Self {
            kind,
            started_at: now,
        }
    }

    /// Whether the operation still holds the identity at `now` (its lease has not run out).
    pub fn holds(&self, now: DateTime<Utc>) -> bool {
        now < self.started_at + OPERATION_LEASE
    }
}

impl Domains {
    /// Writes `kind`'s marker on the subdomain, conditional on its version: the caller then
    /// holds the identity. Refused while another operation holds it; `NotFound` when the
    /// subdomain was removed meanwhile (a duplicate delete changes nothing).
    pub(super) async fn take(
        &self,
        current: &Domain,
        kind: OperationKind,
    ) -> Result<Domain, UseCaseError> {
        let now = self.clock.now();
        if let Some(running) = current.operation.filter(|op| op.holds(now)) {
            return Err(busy(running.kind));
        }
        let mut held = current.clone();
        held.operation = Some(Operation::start(kind, now));
        held.version += 1;
        if kind == OperationKind::Restarting {
            held.generation += 1;
        }
        match self.store.save_domain(&held).await {
            Ok(()) => Ok(held),
            Err(SaveError::Stale) => {
                match self.store.get_domain(&current.tenant, &current.id).await? {
                    None => Err(UseCaseError::NotFound),
                    Some(now_stored) => Err(match now_stored.operation {
                        Some(running) => busy(running.kind),
                        None => UseCaseError::conflict(
                            Conflict::ChangedMeanwhile,
                            "The subdomain changed meanwhile; try again.",
                        ),
                    }),
                }
            }
            Err(SaveError::Store(error)) => Err(error.into()),
        }
    }

    /// Removes the marker of an operation that stopped before changing anything for good.
    pub(super) async fn release(&self, held: &Domain) {
        let mut next = held.clone();
        next.operation = None;
        next.version += 1;
        if let Err(error) = self.store.save_domain(&next).await {
            tracing::warn!(%error, domain = %held.name, "could not remove the operation marker; it expires by itself");
        }
    }
}

/// The refusal while another operation holds the identity.
fn busy(kind: OperationKind) -> UseCaseError {
    let what = match kind {
        OperationKind::Creating => "still being set up",
        OperationKind::Restarting => "being restarted",
        OperationKind::Deleting => "being deleted",
        OperationKind::Expiring => "being released after it stayed unverified",
        OperationKind::Repairing => "being repaired",
    };
    UseCaseError::conflict(
        Conflict::ChangedMeanwhile,
        format!("The subdomain is {what} by another request; try again in a minute."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_holds_until_its_lease_runs_out() {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let marker = Operation::start(OperationKind::Deleting, start);
        assert!(marker.holds(start));
        assert!(marker.holds(start + OPERATION_LEASE - Duration::seconds(1)));
        assert!(!marker.holds(start + OPERATION_LEASE));
    }
}
