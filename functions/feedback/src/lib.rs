//! The feedback function: SES notifications reach it through SNS and an SQS queue; each is
//! recorded exactly once by the domain's `Ingest` use case.
//!
//! `queue` turns the SQS batch (SNS envelopes) into `Ingest` calls and reports the records to
//! redeliver; `handler` does the same for a Lambda SNS event (local development, replays) with
//! failures as an error whose type is readable in a dead-letter queue; `bootstrap` builds
//! everything from the environment once per cold start.

pub mod bootstrap;
pub mod handler;
pub mod queue;
