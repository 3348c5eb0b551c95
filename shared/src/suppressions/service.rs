//! The suppression-list use cases: list, read, add (admins), remove (admins).

use std::sync::Arc;

use crate::error::{Conflict, FieldViolation, UseCaseError};
use crate::names::EmailAddress;
use crate::notifications::logged_recipient;
use crate::ownership::quota::SharedAccount;
use crate::ports::clock::Clock;
use crate::ports::{Added, SuppressionList};
use crate::ports::{Page, PageRequest};
use crate::tenant::Principal;

use super::{Recipient, SuppressionEntry, SuppressionReason};

/// An address an admin adds, as received.
#[derive(Debug, Clone, Default)]
pub struct NewSuppression {
    pub email: String,
    /// `hard_bounce` or `complaint`, as on entries SES feedback creates.
    pub reason: String,
}

/// The suppression-list use cases.
#[derive(Clone)]
pub struct SuppressionLists {
    store: Arc<dyn SuppressionList>,
    clock: Arc<dyn Clock>,
    /// Entries an admin may add by hand ([`crate::ownership::quota::Quota::Suppressions`]).
    limit: u32,
}

impl SuppressionLists {
    pub fn new(store: Arc<dyn SuppressionList>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            limit: SharedAccount::default().max_suppressions,
        }
    }

    /// At most `limit` entries added by hand per tenant.
    pub fn with_limit(self, limit: u32) -> Self {
        Self { limit, ..self }
    }

    /// A page of the caller's list, in address order.
    pub async fn list(
        &self,
        caller: &Principal,
        page: &PageRequest,
    ) -> Result<Page<SuppressionEntry>, UseCaseError> {
        Ok(self.store.list_suppressions(&caller.tenant, page).await?)
    }

    /// One entry; `NotFound` when the address is not on the caller's list.
    pub async fn get(
        &self,
        caller: &Principal,
        email: &str,
    ) -> Result<SuppressionEntry, UseCaseError> {
        let recipient = Recipient::parse(email).ok_or(UseCaseError::NotFound)?;
        self.store
            .get_suppression(&caller.tenant, recipient.as_str())
            .await?
            .ok_or(UseCaseError::NotFound)
    }

    /// Puts an address on the caller's list by hand.
    #[tracing::instrument(skip(self, input), fields(tenant = %caller.tenant))]
    pub async fn add(
        &self,
        caller: &Principal,
        input: NewSuppression,
    ) -> Result<SuppressionEntry, UseCaseError> {
        caller.require_admin()?;
        let mut violations = Vec::new();
        let address = EmailAddress::parse(input.email.trim())
            .map_err(|error| {
                violations.push(FieldViolation {
                    field: "email",
                    code: error.code(),
                    message: error.to_string(),
                });
            })
            .ok();
        let reason = parse_reason(&input.reason)
            .map_err(|violation| violations.push(violation))
            .ok();
        let (Some(address), Some(reason)) = (address, reason) else {
            return Err(UseCaseError::Invalid(violations));
        };
        let entry = SuppressionEntry::by_admin(&address, reason, self.clock.now());
        match self
            .store
            .add_suppression(&caller.tenant, &entry, self.limit)
            .await?
        {
            Added::Added => {}
            Added::AlreadyListed => {
                return Err(UseCaseError::conflict(
                    Conflict::AlreadySuppressed,
                    "This address is already on the suppression list.",
                ));
            }
            Added::QuotaReached(reached) => return Err(UseCaseError::QuotaExceeded(reached)),
        }
        tracing::info!(
            event = "suppression_added",
            recipient_hash = %logged_recipient(&entry.recipient)
        );
        Ok(entry)
    }

    /// Takes an address off the caller's list, so it can be mailed again.
    #[tracing::instrument(skip(self, email), fields(tenant = %caller.tenant))]
    pub async fn remove(&self, caller: &Principal, email: &str) -> Result<(), UseCaseError> {
        caller.require_admin()?;
        let recipient = Recipient::parse(email).ok_or(UseCaseError::NotFound)?;
        if !self
            .store
            .remove_suppression(&caller.tenant, recipient.as_str())
            .await?
        {
            return Err(UseCaseError::NotFound);
        }
        tracing::info!(
            event = "suppression_removed",
            recipient_hash = %logged_recipient(recipient.as_str())
        );
        Ok(())
    }
}

fn parse_reason(raw: &str) -> Result<SuppressionReason, FieldViolation> {
    match raw.trim() {
        "hard_bounce" => Ok(SuppressionReason::HardBounce),
        "complaint" => Ok(SuppressionReason::Complaint),
        _ => Err(FieldViolation {
            field: "reason",
            code: "unknown_reason",
            message: "reason must be \"hard_bounce\" or \"complaint\"".to_owned(),
        }),
    }
}
