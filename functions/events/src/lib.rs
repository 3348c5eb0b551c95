//! The events Lambda: the table's stream (filtered to outbox items) -> the EventBridge bus.
//!
//! A function of its own rather than a fourth handler in an existing binary: its trigger (a
//! DynamoDB stream), its batch semantics (retry from the first failed sequence number), its
//! IAM (PutEvents on one bus, DeleteItem on the outbox) and its failure destination are its
//! own, and it needs none of the SES or DNS clients the others carry.

pub mod bootstrap;
pub mod handler;
