//! The email-senders domain.
//!
//! Everything here is plain Rust: value types parsed once at the edge (`names`), the
//! verification status model, the DNS records a subdomain needs, the use cases, and the ports
//! (traits) those use cases need from the outside world. No `lambda_*`, no AWS SDK.

pub mod feedback;
pub mod names;
