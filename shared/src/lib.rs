//! The email-senders domain.
//!
//! Everything here is plain Rust: value types parsed once at the edge (`names`), the
//! verification status model, the DNS records a subdomain needs, the use cases, and the ports
//! (traits, all in [`ports`]) those use cases need from the outside world. No `lambda_*`, no
//! AWS SDK.

pub mod dns;
pub mod dns_check;
pub mod domains;
pub mod error;
pub mod events;
pub mod ingest;
pub mod names;
pub mod notifications;
pub mod ownership;
pub mod ports;
pub mod reputation;
pub mod retry;
pub mod senders;
pub mod ses_budget;
pub mod status;
pub mod suppressions;
pub mod tenant;
pub mod verification;
pub mod wiring;
