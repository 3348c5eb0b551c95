//! The per-tenant suppression lists: which recipients must not be mailed again, and why.
//!
//! `rules` decides which SES events suppress a recipient; `entry` is the one entry type, as
//! stored and shown, and how a further event changes it; `service` holds the use cases admins
//! call (list, read, add, remove). Entries come from SES feedback (the `ingest` use case) or
//! from an admin. Tenants never see each other's lists: every read and write is keyed by the
//! caller's tenant.

mod entry;
mod rules;
mod service;

pub use entry::{AddedBy, Recipient, RecipientMismatch, SuppressionEntry};
pub use rules::{Suppression, SuppressionReason, suppressions};
pub use service::{NewSuppression, SuppressionLists};
