//! SES feedback ingestion: bounces, complaints, deliveries and sends, recorded exactly once per
//! recipient against the tenant and sender that sent the mail.
//!
//! `plan` splits a notification per recipient with the pure rules (`notifications`, `reputation`,
//! `suppressions`); `attribute` finds the sender from the source address; `service` records
//! each share in one storage transaction and re-assesses the sender's reputation.

mod attribute;
mod outcome;
mod plan;
mod service;

pub use attribute::{Attributed, attribute};
pub use outcome::{IngestError, Outcome, Recorded};
pub use plan::{Share, shares};
pub use service::{Ingest, RECEIPT_TTL};
