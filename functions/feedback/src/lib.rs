//! The feedback function: SNS delivers SES notifications; each is recorded exactly once by the
//! domain's `Ingest` use case.
//!
//! `handler` turns the Lambda SNS event into `Ingest` calls and failures into an error whose
//! type is readable in the dead-letter queue; `bootstrap` builds everything from the
//! environment once per cold start.

pub mod bootstrap;
pub mod handler;
