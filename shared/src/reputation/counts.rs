//! Per-sender, per-day counters and the delta one SES event contributes.

use std::collections::BTreeSet;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::notifications::{BounceSubType, Event, Notification, dedup_form};

/// The complaint sub type SES sets when it did not send because of the account-level list.
const ON_ACCOUNT_SUPPRESSION_LIST: &str = "OnAccountSuppressionList";

/// Message outcomes for one sender, over a day or a window of days.
///
/// Arithmetic saturates instead of overflowing: a counter never wraps or panics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Counts {
    /// Recipients of `Send` events (configuration-set event publishing only).
    pub sends: u64,
    /// Recipients the receiving server accepted.
    pub deliveries: u64,
    /// Recipients of permanent bounces.
    pub hard_bounces: u64,
    /// Recipients of transient, undetermined and undocumented bounce types.
    pub soft_bounces: u64,
    /// Recipients who complained (`not-spam` feedback excluded).
    pub complaints: u64,
}

impl Counts {
    /// Nothing counted.
    pub const ZERO: Self = Self {
        sends: 0,
        deliveries: 0,
        hard_bounces: 0,
        soft_bounces: 0,
        complaints: 0,
    };

    /// The denominator of the rates: sends when any were counted, else deliveries plus
    /// bounces (hard and soft).
    pub fn volume(&self) -> u64 {
        if self.sends > 0 {
            self.sends
        } else {
            self.deliveries
                .saturating_add(self.hard_bounces)
                .saturating_add(self.soft_bounces)
        }
    }
}

impl Add for Counts {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            sends: self.sends.saturating_add(other.sends),
            deliveries: self.deliveries.saturating_add(other.deliveries),
            hard_bounces: self.hard_bounces.saturating_add(other.hard_bounces),
            soft_bounces: self.soft_bounces.saturating_add(other.soft_bounces),
            complaints: self.complaints.saturating_add(other.complaints),
        }
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

impl Sum for Counts {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

/// What one notification adds to its sender's counts.
///
/// Each distinct recipient (in [`dedup_form`]) counts once, so the delta matches the event's
/// [`Notification::dedup_keys`]: a bounce counts its bounced recipients, a complaint its
/// complained recipients, a delivery its recipients, a send its `mail.destination`.
/// Zero for: bounces and complaints SES raised because the address is on the account-level
/// suppression list (SES leaves those out of its rates), `not-spam` feedback, and every event
/// type this service ignores.
pub fn counts_for(notification: &Notification) -> Counts {
    match &notification.event {
        Event::Send => Counts {
            sends: distinct(notification.mail.destination.iter().map(String::as_str)),
            ..Counts::ZERO
        },
        Event::Delivery(delivery) => Counts {
            deliveries: distinct(delivery.recipients.iter().map(String::as_str)),
            ..Counts::ZERO
        },
        Event::Bounce(bounce)
            if bounce.sub_type == Some(BounceSubType::OnAccountSuppressionList) =>
        {
            Counts::ZERO
        }
        Event::Bounce(bounce) => {
            let count = distinct(bounce.recipients.iter().map(|r| r.email.as_str()));
            if bounce.is_permanent() {
                Counts {
                    hard_bounces: count,
                    ..Counts::ZERO
                }
            } else {
                Counts {
                    soft_bounces: count,
                    ..Counts::ZERO
                }
            }
        }
        Event::Complaint(complaint)
            if !complaint.suppresses()
                || complaint.sub_type.as_deref() == Some(ON_ACCOUNT_SUPPRESSION_LIST) =>
        {
            Counts::ZERO
        }
        Event::Complaint(complaint) => Counts {
            complaints: distinct(complaint.recipients.iter().map(String::as_str)),
            ..Counts::ZERO
        },
        Event::Ignored(_) | Event::Unknown(_) => Counts::ZERO,
    }
}

/// How many distinct addresses, in [`dedup_form`].
fn distinct<'a>(addresses: impl Iterator<Item = &'a str>) -> u64 {
    let distinct: BTreeSet<String> = addresses.map(dedup_form).collect();
    u64::try_from(distinct.len()).unwrap_or(u64::MAX)
}
