//! Which SES events suppress a recipient, and why.
//!
//! Permanent bounces and complaints put a recipient on the list; transient and undetermined
//! bounces, deliveries and sends never do, and nothing here takes a recipient off it: a
//! later delivery or soft bounce leaves an entry exactly as it was. Which tenant's list an
//! entry belongs to is decided by the caller, from the sender.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::notifications::{BounceSubType, ComplaintFeedbackType, Event, Notification, dedup_form};
use crate::reputation::occurred_at;

/// Why a recipient is suppressed. Both reasons suppress equally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// A permanent bounce: the address does not take mail.
    HardBounce,
    /// The recipient reported the mail as unwanted.
    Complaint,
}

/// One event's verdict on one recipient: suppress it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// The recipient, in [`dedup_form`] (domain lower-cased, local part as sent).
    pub recipient: String,
    /// Why.
    pub reason: SuppressionReason,
    /// The bare address of the sender whose mail bounced or was complained about.
    pub sender: String,
    /// The bounce sub type (`General`, `NoEmail`, ...) or the complaint feedback type
    /// (`abuse`, ...) as SES wrote it, when SES gave one.
    pub detail: Option<String>,
    /// The receiving server's diagnostic (`smtp; 550 5.1.1 user unknown`), bounces only.
    pub diagnostic: Option<String>,
    /// When it happened (see [`occurred_at`]), or when it was received if SES did not say.
    pub at: DateTime<Utc>,
}

/// The suppressions a notification calls for, one per distinct recipient.
///
/// Permanent bounces (any sub type) and complaints suppress, except complaints with `not-spam`
/// feedback. Everything else yields nothing. `received_at` stands in for the event time when
/// SES gave no readable one.
pub fn suppressions(notification: &Notification, received_at: DateTime<Utc>) -> Vec<Suppression> {
    let at = occurred_at(notification).unwrap_or(received_at);
    let mut out: Vec<Suppression> = Vec::new();
    let mut add = |recipient: &str, reason, detail: Option<&str>, diagnostic: Option<&str>| {
        let recipient = dedup_form(recipient);
        if !out.iter().any(|seen| seen.recipient == recipient) {
            out.push(Suppression {
                recipient,
                reason,
                sender: notification.mail.source_address.clone(),
                detail: detail.map(str::to_owned),
                diagnostic: diagnostic.map(str::to_owned),
                at,
            });
        }
    };
    match &notification.event {
        Event::Bounce(bounce) if bounce.is_permanent() => {
            let sub_type = bounce.sub_type.as_ref().map(BounceSubType::as_str);
            for recipient in &bounce.recipients {
                let diagnostic = recipient.diagnostic_code.as_deref();
                add(
                    &recipient.email,
                    SuppressionReason::HardBounce,
                    sub_type,
                    diagnostic,
                );
            }
        }
        Event::Complaint(complaint) if complaint.suppresses() => {
            let feedback_type = complaint
                .feedback_type
                .as_ref()
                .map(ComplaintFeedbackType::as_str);
            for recipient in &complaint.recipients {
                add(recipient, SuppressionReason::Complaint, feedback_type, None);
            }
        }
        _ => {}
    }
    out
}
