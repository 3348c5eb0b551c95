//! Sending subdomains: the entity, its errors and its use cases.

mod checks;
mod guard;
mod model;
mod service;

pub use guard::{OPERATION_LEASE, Operation, OperationKind};
pub use model::{Domain, DomainId, VERIFIED_RECHECK};
pub use service::{DomainSettings, Domains};
