//! The DNS side: records, the mutable zone, the server that serves it, and the checker that
//! looks records up the way SES does.

pub mod checker;
pub mod record;
pub mod server;
pub mod zone;
