//! The integration tests of `ses-standin` in one test binary: each `tests/<name>.rs` (and
//! `tests/<name>/main.rs`) is a module here, so the test build compiles and links one binary for
//! them instead of 12 (Cargo.toml: `autotests = false` and one `[[test]]`). One file's tests:
//! `cargo test -p ses-standin --test integration account::`.
//!
//! The modules' tests run concurrently in one process: a test must not depend on process-wide state
//! that another test changes (environment variables, the global tracing subscriber, statics).

// Helpers the modules share (`use crate::<helper>`).
mod common;

mod account;
mod background;
#[path = "conformance/main.rs"]
mod conformance;
mod dns_zone;
mod domain_identity;
mod email_identity;
mod errors;
mod faults;
mod lifecycle_of_server;
mod listing;
mod mail_from;
mod tags;
