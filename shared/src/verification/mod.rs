//! Automatic verification: which identity to check, when, and the sweep that does it.

mod cadence;
mod identity;
mod sweep;

pub use cadence::{FOLLOW_UPS, next_check};
pub use identity::IdentityRef;
pub use sweep::{Budget, CheckOutcome, Sweep, SweepReport};
