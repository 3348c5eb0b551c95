//! Status-change events for the host platform: one per change of the status an admin sees,
//! written by the store in the same transaction as the change (an outbox) and relayed from
//! there to an EventBridge bus.
//!
//! The event reports the status exactly as the API shows it right after the change
//! (`domains::Domain::status`, `senders::sender_status`), so `from`/`to` take every value of
//! [`Status`], whatever it grows to. A subdomain sender's status follows its subdomain: those
//! changes are the subdomain's events; a sender's own events come from its email verification,
//! pauses and resumes, and its expiry and restart (the store's lifecycle transactions).
//!
//! Creating an identity is not an event: whoever created it got its status in the answer, and
//! a create can still be undone (SES refusing the identity removes the new subdomain), which
//! would otherwise announce an identity that never existed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domains::Domain;
use crate::senders::Sender;
use crate::status::{Assessment, Status};
use crate::tenant::TenantId;

/// The EventBridge `source` of every event.
pub const SOURCE: &str = "email-senders";
/// The EventBridge `detail-type` of a status change.
pub const DETAIL_TYPE: &str = "Identity Status Changed";
/// How long an undelivered event stays in the outbox before DynamoDB's TTL removes it.
pub const OUTBOX_RETENTION: chrono::Duration = chrono::Duration::days(14);

/// What changed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    Subdomain,
    Sender,
}

/// The `detail` of an `Identity Status Changed` event.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChanged {
    /// Unique per change; a redelivered event carries the same id, so consumers deduplicate
    /// on it (delivery is at least once). A UUIDv7: ids sort by the time they were written.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub event_id: Uuid,
    /// The tenant the identity belongs to.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tenant: TenantId,
    pub kind: IdentityKind,
    /// The subdomain's or sender's id, as in the API's paths.
    pub id: String,
    /// The subdomain name, or the sender's From address.
    pub name: String,
    /// The status before.
    pub from: Status,
    pub to: Status,
    /// The sentence the API shows beside `to`.
    pub reason: String,
    pub occurred_at: DateTime<Utc>,
}

impl StatusChanged {
    fn new(
        tenant: &TenantId,
        kind: IdentityKind,
        id: String,
        name: String,
        from: Status,
        to: Assessment,
        at: DateTime<Utc>,
    ) -> Option<Self> {
        (from != to.status).then(|| Self {
            event_id: Uuid::now_v7(),
            tenant: tenant.clone(),
            kind,
            id,
            name,
            from,
            to: to.status,
            reason: to.reason,
            occurred_at: at,
        })
    }

    /// The event of a subdomain saved as `after` over `before`, if its status changed.
    pub fn subdomain(before: &Domain, after: &Domain, at: DateTime<Utc>) -> Option<Self> {
        Self::new(
            &after.tenant,
            IdentityKind::Subdomain,
            after.id.to_string(),
            after.name.to_string(),
            before.status,
            Assessment {
                status: after.status,
                reason: after.status_reason.clone(),
            },
            at,
        )
    }

    /// The event of a sender whose status (as `sender_status` tells it) went from `before`
    /// to `after`, if it changed.
    pub fn sender(
        sender: &Sender,
        before: Status,
        after: Assessment,
        at: DateTime<Utc>,
    ) -> Option<Self> {
        Self::new(
            &sender.tenant,
            IdentityKind::Sender,
            sender.id.to_string(),
            sender.from_email.to_string(),
            before,
            after,
            at,
        )
    }

    /// When the outbox may forget this event.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.occurred_at + OUTBOX_RETENTION
    }
}
