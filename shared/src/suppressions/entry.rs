//! A recipient on a tenant's suppression list, as stored and shown, and how one more
//! suppressing event changes it: never weakened, whatever arrives and in which order.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Suppression, SuppressionReason};
use crate::names::EmailAddress;
use crate::notifications::dedup_form;

/// Who put a recipient on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddedBy {
    /// A hard bounce or complaint SES reported.
    Feedback,
    /// An admin, by hand.
    Admin,
}

/// One entry of a tenant's suppression list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionEntry {
    /// The address, in [`dedup_form`] (domain lower-cased, local part as sent).
    pub recipient: String,
    /// Why: the first suppressing event's reason, or the one the admin gave.
    pub reason: SuppressionReason,
    pub added_by: AddedBy,
    /// The sender whose mail bounced or was complained about (feedback entries).
    pub sender: Option<String>,
    /// The bounce sub type or complaint feedback type SES gave.
    pub detail: Option<String>,
    /// The receiving server's diagnostic (`smtp; 550 5.1.1 user unknown`).
    pub diagnostic: Option<String>,
    /// When the entry's first event happened, or when the admin added it.
    pub first_at: DateTime<Utc>,
    /// The latest suppressing event (or the admin's addition).
    pub last_at: DateTime<Utc>,
    /// How many suppressing events SES reported for this recipient.
    pub events: u64,
    /// Optimistic-concurrency version: 1 when added, +1 on every change.
    pub version: u64,
}

impl SuppressionEntry {
    /// An entry an admin adds by hand.
    pub fn by_admin(address: &EmailAddress, reason: SuppressionReason, now: DateTime<Utc>) -> Self {
        Self {
            recipient: dedup_form(address.as_str()),
            reason,
            added_by: AddedBy::Admin,
            sender: None,
            detail: None,
            diagnostic: None,
            first_at: now,
            last_at: now,
            events: 0,
            version: 1,
        }
    }

    /// The entry after one more suppressing event (a new entry when there was none).
    ///
    /// Precedence: a hard bounce and a complaint both suppress, and neither replaces the
    /// other. A feedback entry keeps the earliest event's reason, sender, detail, diagnostic
    /// and time, whatever order events arrive in (on an exact tie in time the existing entry
    /// wins); an admin's entry keeps what the admin gave. Later events only raise `events`
    /// and `last_at`, and the version goes up by one. Only suppressions can be recorded, so no
    /// delivery or soft bounce can reach an entry. SNS redelivers notifications: skip
    /// already-handled ones (by [`Notification::dedup_keys`](crate::notifications::Notification::dedup_keys))
    /// first, or `events` counts them again.
    pub fn recorded(
        existing: Option<&Self>,
        event: Suppression,
    ) -> Result<Self, RecipientMismatch> {
        let Some(current) = existing else {
            return Ok(Self {
                recipient: event.recipient,
                reason: event.reason,
                added_by: AddedBy::Feedback,
                sender: Some(event.sender),
                detail: event.detail,
                diagnostic: event.diagnostic,
                first_at: event.at,
                last_at: event.at,
                events: 1,
                version: 1,
            });
        };
        if current.recipient != event.recipient {
            return Err(RecipientMismatch {
                existing: current.recipient.clone(),
                new: event.recipient,
            });
        }
        let mut next = Self {
            last_at: current.last_at.max(event.at),
            events: current.events.saturating_add(1),
            version: current.version.saturating_add(1),
            ..current.clone()
        };
        if current.added_by == AddedBy::Feedback && event.at < current.first_at {
            next.reason = event.reason;
            next.sender = Some(event.sender);
            next.detail = event.detail;
            next.diagnostic = event.diagnostic;
            next.first_at = event.at;
        }
        Ok(next)
    }

    /// The event the entry keeps: the earliest suppressing one, or the admin's addition
    /// (without a sender).
    pub fn first(&self) -> Suppression {
        Suppression {
            recipient: self.recipient.clone(),
            reason: self.reason,
            sender: self.sender.clone().unwrap_or_default(),
            detail: self.detail.clone(),
            diagnostic: self.diagnostic.clone(),
            at: self.first_at,
        }
    }
}

/// [`SuppressionEntry::recorded`] was given a suppression for another recipient than the
/// entry's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a suppression of {new} cannot be recorded in the entry of {existing}")]
pub struct RecipientMismatch {
    pub existing: String,
    pub new: String,
}

/// A recipient as named in a request path: trimmed and in [`dedup_form`], so it finds the
/// entry SES feedback created whatever the case of its domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient(String);

impl Recipient {
    /// The longest name accepted: far above any deliverable address, below key limits.
    const MAX_LEN: usize = 512;

    /// `None` for what can name no entry: empty, without a local part and a domain around an
    /// `@`, with control characters, or longer than 512 bytes.
    pub fn parse(raw: &str) -> Option<Self> {
        let form = dedup_form(raw);
        let (local, domain) = form.rsplit_once('@')?;
        let usable = !local.is_empty()
            && !domain.is_empty()
            && form.len() <= Self::MAX_LEN
            && !form.chars().any(char::is_control);
        usable.then_some(Self(form))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::minutes(minutes)
    }

    fn bounce(minutes: i64) -> Suppression {
        Suppression {
            recipient: "jane@example.com".into(),
            reason: SuppressionReason::HardBounce,
            sender: "news@m.example.org".into(),
            detail: Some("General".into()),
            diagnostic: Some("smtp; 550 5.1.1 user unknown".into()),
            at: at(minutes),
        }
    }

    fn complaint(minutes: i64) -> Suppression {
        Suppression {
            reason: SuppressionReason::Complaint,
            detail: Some("abuse".into()),
            diagnostic: None,
            ..bounce(minutes)
        }
    }

    #[test]
    fn feedback_keeps_the_earliest_event_in_any_order() {
        let in_order = SuppressionEntry::recorded(None, bounce(0)).unwrap();
        let in_order = SuppressionEntry::recorded(Some(&in_order), complaint(5)).unwrap();
        let reversed = SuppressionEntry::recorded(None, complaint(5)).unwrap();
        let reversed = SuppressionEntry::recorded(Some(&reversed), bounce(0)).unwrap();
        assert_eq!(in_order, reversed);
        assert_eq!(in_order.reason, SuppressionReason::HardBounce);
        assert_eq!(in_order.events, 2);
        assert_eq!(in_order.version, 2);
        assert_eq!(in_order.last_at, at(5));
    }

    #[test]
    fn an_admin_entry_keeps_its_reason_and_counts_events() {
        let address = EmailAddress::parse("jane@EXAMPLE.com").unwrap();
        let added = SuppressionEntry::by_admin(&address, SuppressionReason::Complaint, at(10));
        assert_eq!(added.recipient, "jane@example.com");
        let after = SuppressionEntry::recorded(Some(&added), bounce(0)).unwrap();
        assert_eq!(after.added_by, AddedBy::Admin);
        assert_eq!(after.reason, SuppressionReason::Complaint);
        assert_eq!((after.events, after.version), (1, 2));
        assert_eq!(after.last_at, at(10));
        assert_eq!(after.sender, None);
    }

    #[test]
    fn another_recipient_is_refused() {
        let entry = SuppressionEntry::recorded(None, bounce(0)).unwrap();
        let other = Suppression {
            recipient: "john@example.com".into(),
            ..bounce(1)
        };
        assert!(SuppressionEntry::recorded(Some(&entry), other).is_err());
    }

    #[test]
    fn path_recipients_are_normalised_or_refused() {
        let parsed = Recipient::parse(" Jane@Example.COM ").map(|r| r.as_str().to_owned());
        assert_eq!(parsed.as_deref(), Some("Jane@example.com"));
        for bad in ["", "jane", "@example.com", "jane@", "ja\nne@example.com"] {
            assert_eq!(Recipient::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            Recipient::parse(&format!("{}@example.com", "a".repeat(600))),
            None
        );
    }
}
