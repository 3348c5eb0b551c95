//! SES feedback notifications (bounces, complaints, deliveries, sends), parsed.
//!
//! The feedback Lambda hands each SNS record's `Message` to [`parse_notification`]. SES writes
//! two formats there: identity notifications (top-level `notificationType`) and configuration-set
//! event publishing (top-level `eventType`, with `mail.tags`); both become one [`Notification`].
//! Addresses stay plain strings here (bare, unvalidated): parsing them into domain names is the
//! caller's business.

mod address;
mod bounce;
mod complaint;
mod dedup;
mod error;
mod notification;
mod parse;
mod timestamp;
mod wire;

pub use address::{bare_address, dedup_form, logged_recipient};
pub use bounce::{Bounce, BounceKind, BounceSubType, BouncedRecipient};
pub use complaint::{Complaint, ComplaintFeedbackType};
pub use error::ParseError;
pub use notification::{Delivery, Event, Format, IGNORED_TYPES, Mail, Notification};
pub use parse::parse_notification;
pub use timestamp::parse_timestamp;
