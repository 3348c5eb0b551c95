//! The per-tenant suppression list: which recipients must not be mailed again, and why.
//!
//! Permanent bounces and complaints put a recipient on the list; transient and undetermined
//! bounces, deliveries and sends never do, and nothing here takes a recipient off it: a
//! later delivery or soft bounce leaves an entry exactly as it was. Which tenant's list an
//! entry belongs to is decided by the caller, from the sender.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::feedback::{BounceSubType, ComplaintFeedbackType, Event, Notification, dedup_form};
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

/// A recipient's entry on the suppression list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionEntry {
    /// The earliest event that suppressed the recipient: its reason, sender, detail and time
    /// are the entry's.
    pub first: Suppression,
    /// The time of the latest suppressing event seen.
    pub last_at: DateTime<Utc>,
    /// How many suppressing events were recorded, the first included.
    pub events: u64,
}

/// [`merge`] was given a suppression for another recipient than the entry's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a suppression of {new} cannot be merged into the entry of {existing}")]
pub struct RecipientMismatch {
    pub existing: String,
    pub new: String,
}

/// Records a suppression in a recipient's entry (or starts one), never weakening it.
///
/// Precedence: a hard bounce and a complaint both suppress, and neither replaces the other.
/// The entry keeps the earliest event's reason, detail, diagnostic and time, whatever order
/// events arrive in (on an exact tie in time the existing entry wins); later events only raise
/// `events` and `last_at`. Only suppressions can be merged, so no delivery or soft bounce can
/// reach an entry. SNS redelivers notifications: skip already-handled ones (by
/// [`Notification::dedup_keys`]) before merging, or `events` counts them again.
pub fn merge(
    existing: Option<&SuppressionEntry>,
    new: Suppression,
) -> Result<SuppressionEntry, RecipientMismatch> {
    let Some(existing) = existing else {
        return Ok(SuppressionEntry {
            last_at: new.at,
            events: 1,
            first: new,
        });
    };
    if existing.first.recipient != new.recipient {
        return Err(RecipientMismatch {
            existing: existing.first.recipient.clone(),
            new: new.recipient,
        });
    }
    Ok(SuppressionEntry {
        last_at: existing.last_at.max(new.at),
        events: existing.events.saturating_add(1),
        first: if new.at < existing.first.at {
            new
        } else {
            existing.first.clone()
        },
    })
}
