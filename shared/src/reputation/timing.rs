//! When an event happened, and so which day's counters it belongs to.

use chrono::{DateTime, NaiveDate, Utc};

use crate::notifications::{Event, Notification};

/// When the event happened: the bounce, complaint or delivery timestamp, else the time SES
/// accepted the mail (`mail.timestamp`, which is also the time of a `Send`). `None` when SES
/// gave neither in a readable form.
pub fn occurred_at(notification: &Notification) -> Option<DateTime<Utc>> {
    let own = match &notification.event {
        Event::Bounce(bounce) => bounce.timestamp,
        Event::Complaint(complaint) => complaint.timestamp,
        Event::Delivery(delivery) => delivery.timestamp,
        Event::Send | Event::Ignored(_) | Event::Unknown(_) => None,
    };
    own.or(notification.mail.timestamp)
}

/// The UTC day an event counts on: the day it happened ([`occurred_at`]), or the day it was
/// received when SES gave no readable time.
///
/// Events count on the day they happened, not on the day their mail was sent, so a window
/// reflects what happened recently even when feedback arrives days after the send.
pub fn day_of(notification: &Notification, received_at: DateTime<Utc>) -> NaiveDate {
    occurred_at(notification)
        .unwrap_or(received_at)
        .date_naive()
}
