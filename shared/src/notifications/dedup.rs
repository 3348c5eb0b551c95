//! Idempotency keys: SNS delivers at least once, retries for days and does not keep order, so
//! the same event must be recognised when it comes again.

use super::address::dedup_form;
use super::notification::{Event, Notification};

impl Notification {
    /// One key per recipient this event is about, for "have I handled this already?" checks.
    ///
    /// - Bounces and complaints with a `feedbackId`: `feedback:<feedbackId>:<type>:<recipient>`.
    ///   The feedback id is SES's own id for that bounce or complaint. It is the same in both
    ///   formats, so a bounce that arrives once as an identity notification and once through
    ///   event publishing is handled once; and it separates two different bounces of the same
    ///   message (a transient one, then a permanent one). The recipient is part of the key
    ///   because SES may batch or split the recipients of one feedback across messages. The
    ///   type is there because the AWS documentation's bounce and complaint examples share one
    ///   feedback id: a complaint must never be mistaken for an already-handled bounce.
    /// - Otherwise (deliveries, sends, feedback without an id):
    ///   `message:<messageId>:<type>:<recipient>`. The SES message id is shared by every
    ///   event about that mail, so the event type keeps a delivery from hiding a later bounce.
    ///
    /// The SNS `MessageId` is deliberately not used: it is not part of the SES message, and
    /// the two formats are separate SNS messages with different ids for the same event.
    ///
    /// Recipients are in [`dedup_form`] (domain lower-cased, local part kept). Sends use
    /// `mail.destination`; ignored and unknown events have no recipients and yield no keys.
    /// Keys are unique and in recipient order.
    pub fn dedup_keys(&self) -> Vec<String> {
        let type_name = self.event.type_name();
        let (feedback_id, recipients): (Option<&str>, Vec<&str>) = match &self.event {
            Event::Bounce(bounce) => (
                bounce.feedback_id.as_deref(),
                bounce.recipients.iter().map(|r| r.email.as_str()).collect(),
            ),
            Event::Complaint(complaint) => (
                complaint.feedback_id.as_deref(),
                complaint.recipients.iter().map(String::as_str).collect(),
            ),
            Event::Delivery(delivery) => (
                None,
                delivery.recipients.iter().map(String::as_str).collect(),
            ),
            Event::Send => (
                None,
                self.mail.destination.iter().map(String::as_str).collect(),
            ),
            Event::Ignored(_) | Event::Unknown(_) => (None, Vec::new()),
        };
        let feedback_id = feedback_id.map(str::trim).filter(|id| !id.is_empty());
        let mut keys: Vec<String> = Vec::with_capacity(recipients.len());
        for recipient in recipients {
            let recipient = dedup_form(recipient);
            let key = match feedback_id {
                Some(id) => format!("feedback:{id}:{type_name}:{recipient}"),
                None => format!("message:{}:{type_name}:{recipient}", self.mail.message_id),
            };
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
}
