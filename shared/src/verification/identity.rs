//! A reference to one identity the service verifies: a subdomain or an email sender.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domains::DomainId;
use crate::senders::SenderId;
use crate::tenant::TenantId;

/// What a follow-up schedule and the due index point at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum IdentityRef {
    Domain { tenant: TenantId, id: DomainId },
    Sender { tenant: TenantId, id: SenderId },
}

impl IdentityRef {
    pub fn tenant(&self) -> &TenantId {
        match self {
            IdentityRef::Domain { tenant, .. } | IdentityRef::Sender { tenant, .. } => tenant,
        }
    }

    /// A stable name, unique per identity: `domain-<id>` or `sender-<id>` (valid as an
    /// EventBridge Scheduler schedule name suffix).
    pub fn key(&self) -> String {
        match self {
            IdentityRef::Domain { id, .. } => format!("domain-{id}"),
            IdentityRef::Sender { id, .. } => format!("sender-{id}"),
        }
    }
}

impl fmt::Display for IdentityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.tenant(), self.key())
    }
}
