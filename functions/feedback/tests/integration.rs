//! The integration tests of `feedback` in one test binary: each `tests/<name>.rs` is a module here,
//! so the test build compiles and links one binary for them instead of 9 (Cargo.toml:
//! `autotests = false` and one `[[test]]`). One file's tests:
//! `cargo test -p feedback --test integration feedback_attribution::`.
//!
//! The modules' tests run concurrently in one process: a test must not depend on process-wide state
//! that another test changes (environment variables, the global tracing subscriber, statics).

// Helpers the modules share (`use crate::<helper>`).
mod support;

mod feedback_attribution;
mod feedback_failures;
mod feedback_handover;
mod feedback_logs;
mod feedback_pause;
mod feedback_queue;
mod feedback_replay;
mod feedback_samples;
mod feedback_suppression;
