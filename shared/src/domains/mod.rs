//! Sending subdomains: the entity, its errors and its use cases.

mod checks;
mod dns;
mod dns_gate;
mod guard;
mod lapse;
mod model;
mod service;

pub use dns::{CHECK_FRESH_FOR, CheckedRecord, StoredCheck};
pub use dns_gate::{DNS_RECHECK, SES_FALLBACK};
pub use guard::{OPERATION_LEASE, Operation, OperationKind};
pub use model::{Domain, DomainId, VERIFIED_RECHECK};
pub use service::{DomainSettings, Domains};
