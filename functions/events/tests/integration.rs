//! The integration tests of `events` in one test binary: each `tests/<name>.rs` is a module here,
//! so the test build compiles and links one binary for them instead of 2 (Cargo.toml:
//! `autotests = false` and one `[[test]]`). One file's tests:
//! `cargo test -p events --test integration outbox::`.
//!
//! The modules' tests run concurrently in one process: a test must not depend on process-wide state
//! that another test changes (environment variables, the global tracing subscriber, statics).

// Helpers the modules share (`use crate::<helper>`).
mod support;

mod outbox;
mod relay;
