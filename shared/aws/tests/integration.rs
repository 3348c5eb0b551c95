//! The integration tests of `adapters` in one test binary: each `tests/<name>.rs` is a module here,
//! so the test build compiles and links one binary for them instead of 3 (Cargo.toml:
//! `autotests = false` and one `[[test]]`). One file's tests:
//! `cargo test -p adapters --test integration dns_lookup::`.
//!
//! The modules' tests run concurrently in one process: a test must not depend on process-wide state
//! that another test changes (environment variables, the global tracing subscriber, statics).

mod dns_lookup;
mod moto_dynamodb;
mod ses_budget_store;
