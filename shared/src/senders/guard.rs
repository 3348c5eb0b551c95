//! The per-identity guard for an email sender, as `domains::guard` is for a subdomain: one
//! SES-changing operation (delete, resend) at a time on the sender's address identity.
//!
//! Before its first SES call the operation writes its marker on the sender, conditional on
//! the version it read, so a second operation (a double click, a retry, a resend racing a
//! delete) finds the marker or a newer version and stops before touching SES: it can never
//! delete an identity the address names for someone else by then, nor re-create one behind
//! a delete. A resend also raises the sender's `generation`, so an SES answer asked about the
//! identity before the resend is dropped instead of written onto the new one.

use super::{Sender, Senders};
use crate::domains::{Operation, OperationKind};
use crate::error::{Conflict, UseCaseError};
use crate::ports::SaveError;

impl Senders {
    /// Writes `kind`'s marker on the sender, conditional on its version: the caller then
    /// holds its identity. Refused while another operation holds it; `NotFound` when the
    /// sender was removed meanwhile (a duplicate delete changes nothing).
    pub(super) async fn take(
        &self,
        current: &Sender,
        kind: OperationKind,
    ) -> Result<Sender, UseCaseError> {
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
        match self.store.save_sender(&held).await {
            Ok(()) => Ok(held),
            Err(SaveError::Stale) => {
                match self.store.get_sender(&current.tenant, &current.id).await? {
                    None => Err(UseCaseError::NotFound),
                    Some(stored) => Err(match stored.operation.filter(|op| op.holds(now)) {
                        Some(running) => busy(running.kind),
                        None => UseCaseError::conflict(
                            Conflict::ChangedMeanwhile,
                            "The sender is being changed by another request; try again.",
                        ),
                    }),
                }
            }
            Err(SaveError::Store(error)) => Err(error.into()),
        }
    }

    /// Removes the marker of an operation that stopped before finishing.
    pub(super) async fn release(&self, held: &Sender) {
        let mut next = held.clone();
        next.operation = None;
        next.version += 1;
        if let Err(error) = self.store.save_sender(&next).await {
            tracing::warn!(%error, sender = %held.id, "could not remove the operation marker; it expires by itself");
        }
    }
}

/// The refusal while another operation holds the sender's identity.
fn busy(kind: OperationKind) -> UseCaseError {
    let what = match kind {
        OperationKind::Creating => "still being set up",
        OperationKind::Restarting => "having its verification mail re-sent",
        OperationKind::Deleting => "being deleted",
        OperationKind::Expiring => "being released after it stayed unverified",
        OperationKind::Repairing => "being repaired",
    };
    UseCaseError::conflict(
        Conflict::ChangedMeanwhile,
        format!("The sender is {what} by another request; try again in a minute."),
    )
}
