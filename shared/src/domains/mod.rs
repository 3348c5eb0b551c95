//! Sending subdomains: the entity, its errors and its use cases.

mod checks;
mod model;
mod service;

pub use model::{Domain, DomainId, VERIFIED_RECHECK};
pub use service::{DomainSettings, Domains};
