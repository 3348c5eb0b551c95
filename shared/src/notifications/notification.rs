//! A parsed SES notification: which format it came in, the mail it is about, and what happened.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::bounce::Bounce;
use super::complaint::Complaint;

/// One SES notification, as carried in an SNS message's `Message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Which of the two SES formats it came in.
    pub format: Format,
    /// The mail the event is about.
    pub mail: Mail,
    /// What happened.
    pub event: Event,
}

/// The two formats SES publishes to SNS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Identity feedback notifications: top-level `notificationType`.
    IdentityNotification,
    /// Configuration-set event publishing: top-level `eventType`, with `mail.tags`.
    EventPublishing,
}

/// The `mail` object: the original message the event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// `messageId`: SES's id for the message, shared by every event about it.
    pub message_id: String,
    /// `source` verbatim, possibly with a display name (`"Jane" <jane@example.com>`).
    pub source: String,
    /// The bare address inside `source`, unvalidated.
    pub source_address: String,
    /// When SES accepted the message (`None` if absent or unreadable).
    pub timestamp: Option<DateTime<Utc>>,
    /// `destination`: the envelope recipients, verbatim.
    pub destination: Vec<String>,
    /// `tags`: event publishing only (SES's `ses:*` tags plus the sender's message tags).
    pub tags: BTreeMap<String, Vec<String>>,
    /// `sendingAccountId`.
    pub sending_account_id: Option<String>,
}

impl Mail {
    /// The first value of a tag, e.g. `tag("ses:configuration-set")`.
    pub fn tag(&self, name: &str) -> Option<&str> {
        self.tags.get(name)?.first().map(String::as_str)
    }
}

/// What the notification reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `Bounce`.
    Bounce(Bounce),
    /// `Complaint`.
    Complaint(Complaint),
    /// `Delivery`.
    Delivery(Delivery),
    /// `Send` (event publishing only): SES accepted the message.
    Send,
    /// An SES type this service knowingly does not act on (Reject, Open, Click,
    /// Rendering Failure, DeliveryDelay, Subscription, Received, ...), with its name.
    Ignored(String),
    /// A type SES did not document when this was written, with its name.
    Unknown(String),
}

/// Event and notification types SES documents that this service does not act on.
pub const IGNORED_TYPES: [&str; 8] = [
    "Reject",
    "Open",
    "Click",
    "Rendering Failure",
    "DeliveryDelay",
    "Subscription",
    // Inbound mail (SES receiving with an SNS action): not feedback about mail we sent.
    "Received",
    // Sent once when a topic is attached to an identity; normally without a mail object, which
    // `parse_notification` reports as `ParseError::ControlMessage`.
    "AmazonSnsSubscriptionSucceeded",
];

impl Event {
    /// The type name as SES writes it (`Bounce`, `Rendering Failure`, ...).
    pub fn type_name(&self) -> &str {
        match self {
            Self::Bounce(_) => "Bounce",
            Self::Complaint(_) => "Complaint",
            Self::Delivery(_) => "Delivery",
            Self::Send => "Send",
            Self::Ignored(name) | Self::Unknown(name) => name,
        }
    }
}

/// A delivery event (`delivery` object): the receiving server accepted the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `recipients`, as bare addresses, never empty.
    pub recipients: Vec<String>,
    /// When the delivery happened (`None` if absent or unreadable).
    pub timestamp: Option<DateTime<Utc>>,
    /// `smtpResponse` from the receiving server.
    pub smtp_response: Option<String>,
}
