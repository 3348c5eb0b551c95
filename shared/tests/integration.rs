//! The integration tests of `domain` in one test binary: each `tests/<name>.rs` is a module here,
//! so the test build compiles and links one binary for them instead of 19 (Cargo.toml:
//! `autotests = false` and one `[[test]]`). One file's tests:
//! `cargo test -p domain --test integration dns_check_records::`.
//!
//! The modules' tests run concurrently in one process: a test must not depend on process-wide state
//! that another test changes (environment variables, the global tracing subscriber, statics).

// Helpers the modules share (`use crate::<helper>`).
mod dns_support;
mod feedback_common;

mod dns_check_records;
mod dns_check_verdicts;
mod feedback_fixture_values;
mod feedback_fixtures;
mod feedback_parse_rules;
mod feedback_props;
mod names_display;
mod names_domain;
mod names_domain_props;
mod names_email;
mod names_email_isemail;
mod names_email_python;
mod names_email_rust_crate;
mod names_idna_vectors;
mod names_public_suffix;
mod reputation_assess;
mod reputation_counts;
mod reputation_props;
mod suppression_fixtures;
mod suppression_merge;
