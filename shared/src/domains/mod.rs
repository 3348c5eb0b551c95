//! Sending subdomains: the entity, its errors and its use cases.

mod checks;
mod dns;
mod dns_gate;
mod dns_watch;
mod guard;
mod lapse;
mod last_good;
mod model;
mod service;

pub use dns::{CHECK_FRESH_FOR, CheckedRecord, StoredCheck};
pub use dns_gate::{DNS_RECHECK, FULL_LOOK_EVERY, READY_ASK_MIN, SES_FALLBACK, SES_FALLBACK_MAX};
pub use dns_watch::daily_check_at;
pub use guard::{OPERATION_LEASE, Operation, OperationKind};
pub use last_good::LastGood;
pub use model::{Domain, DomainId, VERIFIED_RECHECK};
pub use service::{DomainSettings, Domains};
