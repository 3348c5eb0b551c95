//! The per-tenant suppression list as admins see it: read, add by hand, remove.
//!
//! Entries come from SES feedback (the `ingest` use case) or from an admin. Tenants never see
//! each other's lists: every read and write is keyed by the caller's tenant.

mod model;
mod service;

pub use model::{AddedBy, Recipient, Suppressed};
pub use service::{NewSuppression, SuppressionLists};
