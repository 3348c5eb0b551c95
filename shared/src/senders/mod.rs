//! Senders: a From address on an authorized subdomain, a single verified address, or the
//! platform default; their ownership rules and live status.

mod changes;
mod create;
mod input;
mod lapse;
mod model;
mod resend;
mod service;
mod settings;
mod state;

pub use changes::NO_DIRECT_REPLIES;
pub use input::{NewSender, SenderPatch};
pub use model::{
    Authorization, DEFAULT_SENDER_ID, EmailVerification, Pause, PlatformStatus, Sender, SenderId,
};
pub use service::{Listed, PLATFORM_STATUS_TTL, Senders};
pub use settings::{DefaultSender, SenderSettings};
pub use state::{platform_status, sender_status};
