//! The integration tests of `api` in one test binary: each `tests/<name>.rs` is a module here, so
//! the test build compiles and links one binary for them instead of 16 (Cargo.toml:
//! `autotests = false` and one `[[test]]`). One file's tests:
//! `cargo test -p api --test integration domains_flow::`.
//!
//! The modules' tests run concurrently in one process: a test must not depend on process-wide state
//! that another test changes (environment variables, the global tracing subscriber, statics).

// Helpers the modules share (`use crate::<helper>`).
mod support;

mod concurrency;
mod dns_checks;
mod domains_flow;
mod domains_input;
mod domains_tenancy;
mod feedback_reputation;
mod idempotency_keys;
mod openapi_contract;
mod sample_events;
mod sender_operations;
mod senders_flow;
mod senders_ownership;
mod ses_account_limits;
mod ses_budget;
mod shared_account;
mod suppressions_api;
