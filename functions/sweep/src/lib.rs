//! The verification sweep Lambda: a periodic sweep of the due index, or a targeted check of one
//! identity, as EventBridge Scheduler delivers them (the schedule's `Input`, no envelope).

pub mod bootstrap;
pub mod handler;
pub mod metrics;
