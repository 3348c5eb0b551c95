//! A notification, split per recipient: each recipient's idempotency key, counts and
//! suppression, so each can be recorded exactly once on its own.

use chrono::{DateTime, Utc};

use crate::notifications::{Event, Notification, dedup_form};
use crate::reputation::{Counts, counts_for};
use crate::suppressions::{Suppression, suppressions};

/// What one recipient of a notification changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// Its key in [`Notification::dedup_keys`].
    pub key: String,
    /// What it adds to the sender's day.
    pub counts: Counts,
    /// Whether it puts the recipient on the suppression list.
    pub suppression: Option<Suppression>,
}

/// One [`Share`] per distinct recipient (in [`dedup_form`]) that changes anything, in recipient
/// order. The rules are the pure ones ([`counts_for`], [`suppressions`], `dedup_keys`)
/// applied to the notification narrowed to that recipient, so the shares add up to exactly
/// what the whole notification calls for.
pub fn shares(notification: &Notification, received_at: DateTime<Utc>) -> Vec<Share> {
    recipients(notification)
        .into_iter()
        .filter_map(|recipient| {
            let narrowed = only(notification, &recipient);
            let key = narrowed.dedup_keys().into_iter().next()?;
            let counts = counts_for(&narrowed);
            let suppression = suppressions(&narrowed, received_at).into_iter().next();
            (counts != Counts::ZERO || suppression.is_some()).then_some(Share {
                key,
                counts,
                suppression,
            })
        })
        .collect()
}

/// The event's distinct recipients, in [`dedup_form`], in order of first appearance.
fn recipients(notification: &Notification) -> Vec<String> {
    let listed: Vec<&str> = match &notification.event {
        Event::Bounce(bounce) => bounce.recipients.iter().map(|r| r.email.as_str()).collect(),
        Event::Complaint(complaint) => complaint.recipients.iter().map(String::as_str).collect(),
        Event::Delivery(delivery) => delivery.recipients.iter().map(String::as_str).collect(),
        Event::Send => notification
            .mail
            .destination
            .iter()
            .map(String::as_str)
            .collect(),
        Event::Ignored(_) | Event::Unknown(_) => Vec::new(),
    };
    let mut distinct: Vec<String> = Vec::with_capacity(listed.len());
    for address in listed {
        let address = dedup_form(address);
        if !distinct.contains(&address) {
            distinct.push(address);
        }
    }
    distinct
}

/// The notification as if it named only `recipient` (in [`dedup_form`]).
fn only(notification: &Notification, recipient: &str) -> Notification {
    let keep = |address: &str| dedup_form(address) == recipient;
    let mut narrowed = notification.clone();
    match &mut narrowed.event {
        Event::Bounce(bounce) => bounce.recipients.retain(|r| keep(&r.email)),
        Event::Complaint(complaint) => complaint.recipients.retain(|r| keep(r)),
        Event::Delivery(delivery) => delivery.recipients.retain(|r| keep(r)),
        Event::Send => narrowed.mail.destination.retain(|r| keep(r)),
        Event::Ignored(_) | Event::Unknown(_) => {}
    }
    narrowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::parse_notification;

    fn bounce(kind: &str, recipients: &[&str]) -> Notification {
        let recipients: Vec<_> = recipients
            .iter()
            .map(|r| serde_json::json!({ "emailAddress": r, "diagnosticCode": "smtp; 550" }))
            .collect();
        let message = serde_json::json!({
            "notificationType": "Bounce",
            "mail": { "messageId": "m-1", "source": "news@m.example.org",
                      "timestamp": "2026-11-28T10:00:00Z", "destination": ["x@example.com"] },
            "bounce": { "bounceType": kind, "bounceSubType": "General", "feedbackId": "f-1",
                        "bouncedRecipients": recipients, "timestamp": "2026-11-28T10:01:00Z" }
        });
        parse_notification(&message.to_string()).unwrap()
    }

    #[test]
    fn shares_add_up_to_the_whole_notification() {
        let notification = bounce("Permanent", &["a@x.com", "B@X.COM", "a@X.com", "c@x.com"]);
        let received = Utc::now();
        let shares = shares(&notification, received);
        let keys: Vec<_> = shares.iter().map(|s| s.key.clone()).collect();
        assert_eq!(keys, notification.dedup_keys());
        let total: Counts = shares.iter().map(|s| s.counts).sum();
        assert_eq!(total, counts_for(&notification));
        let suppressed: Vec<_> = shares
            .iter()
            .filter_map(|s| s.suppression.clone())
            .collect();
        assert_eq!(suppressed, suppressions(&notification, received));
    }

    #[test]
    fn a_soft_bounce_counts_without_suppressing() {
        let shares = shares(&bounce("Transient", &["a@x.com"]), Utc::now());
        assert_eq!(shares.len(), 1);
        assert_eq!(shares[0].counts.soft_bounces, 1);
        assert_eq!(shares[0].suppression, None);
    }
}
