//! Sender reputation: what each SES event adds to a sender's daily counts, and how a rolling
//! window of those counts becomes a level (healthy, warning, paused) with a reason.
//!
//! The flow: the feedback function turns each notification into a [`Counts`] delta with
//! [`counts_for`], adds it to the sender's row for [`day_of`] the event, and [`assess`] reads
//! the last [`Thresholds::window_days`] rows back into a [`Reputation`].
//!
//! Decisions, mirroring how SES judges an account:
//! - The bounce rate counts **hard bounces only**: SES's bounce rate is about permanent
//!   failures, and a full mailbox says nothing about list hygiene. Soft bounces (transient,
//!   undetermined and undocumented bounce types) are counted and shown, but never alarm.
//! - Bounces SES generated because the address is on the account-level suppression list
//!   (`OnAccountSuppressionList`) are not counted: SES leaves them out of its bounce rate, and
//!   in this multi-tenant account that list also holds other tenants' bad addresses.
//! - `not-spam` feedback is not a complaint.
//! - The denominator is the number of sends when the window has any (event publishing is on),
//!   else deliveries plus bounces. Complaints are never part of it.
//!
//! [`Reputations`] holds the use cases over stored counters: a sender's standing, the automatic
//! pause when a rate reaches its pause threshold, and an admin's resume, after which only what
//! happened since counts ([`since_resume`]).

mod assess;
mod counts;
mod metric;
mod resume;
mod service;
mod thresholds;
mod timing;

pub use assess::{Level, Reputation, assess};
pub use counts::{Counts, counts_for};
pub use resume::{Resumption, since_resume};
pub use service::{Reputations, SenderReputation};
pub use thresholds::{Thresholds, ThresholdsError};
pub use timing::{day_of, occurred_at};
