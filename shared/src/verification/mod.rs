//! Automatic verification: which identity to check, when, and the sweep that does it.

mod cadence;
mod identity;
pub mod lifecycle;
mod reconcile;
mod sweep;

pub use cadence::{FOLLOW_UPS, next_check};
pub use identity::IdentityRef;
pub use reconcile::{DEFAULT_SLICE, ReconcileReport, Reconciler};
pub use sweep::{Budget, CheckOutcome, Sweep, SweepReport};
