//! Email senders that were never proven lapse (see `verification::lifecycle`): after its
//! grace a failed email sender's SES identity is deleted (only when tagged by this service
//! for its tenant) and its address freed, with its quota, in the same transaction as its
//! status turns `expired`. Resending the verification claims the address again, which fails
//! if another tenant took it meanwhile.

use chrono::{DateTime, Utc};

use super::{Authorization, EmailVerification, Listed, Sender, Senders};
use crate::domains::{Operation, OperationKind};
use crate::error::{Conflict, UseCaseError};
use crate::ownership::covering_names;
use crate::ownership::tags::{self, Existing};
use crate::ports::{IdentityError, SaveError};
use crate::status::{self, Status};
use crate::tenant::Principal;
use crate::verification::lifecycle::{due_with_expiry, expired_reason, expiry_due};
use crate::verification::next_check;

fn changed_meanwhile() -> UseCaseError {
    UseCaseError::conflict(
        Conflict::ChangedMeanwhile,
        "The sender changed meanwhile; try again.",
    )
}

fn with_status(sender: &Sender, status: Status, reason: String) -> Sender {
    let mut next = sender.clone();
    if let Authorization::Email(verification) = &sender.authorization {
        next.authorization = Authorization::Email(EmailVerification {
            status,
            reason,
            ..verification.clone()
        });
    }
    next
}

impl Senders {
    /// Whether the sweep should release `sender` now instead of asking SES.
    pub(super) fn expiry_due(&self, sender: &Sender) -> bool {
        matches!(&sender.authorization, Authorization::Email(v)
            if expiry_due(v.status, sender.next_check_at, self.clock.now()))
    }

    /// Puts a failed email sender's due time at the end of its grace.
    pub(super) fn due_with_expiry(&self, before: &Sender, next: &mut Sender, now: DateTime<Utc>) {
        let (Authorization::Email(was), Authorization::Email(is)) =
            (&before.authorization, &next.authorization)
        else {
            return;
        };
        next.next_check_at = due_with_expiry(
            is.status,
            next.next_check_at,
            (was.status, before.next_check_at),
            now,
            self.settings.account.expire_after,
        );
    }

    /// Releases an email sender that stayed failed past its grace.
    pub(super) async fn expire(&self, current: Sender) -> Result<Sender, UseCaseError> {
        let now = self.clock.now();
        if current.operation.is_some_and(|op| op.holds(now)) {
            return Err(changed_meanwhile());
        }
        let mut held = current.clone();
        held.operation = Some(Operation::start(OperationKind::Expiring, now));
        held.version += 1;
        match self.store.save_sender(&held).await {
            Ok(()) => {}
            Err(SaveError::Stale) => return Err(changed_meanwhile()),
            Err(SaveError::Store(error)) => return Err(error.into()),
        }
        if let Err(error) = self.delete_own_identity(&held).await {
            let mut back = held.clone();
            back.operation = None;
            back.version += 1;
            if let Err(undo) = self.store.save_sender(&back).await {
                tracing::warn!(%undo, "could not remove the operation marker; it expires by itself");
            }
            return Err(error.into());
        }
        let reason = expired_reason(self.settings.account.expire_after);
        let mut next = with_status(&held, Status::Expired, reason.clone());
        next.next_check_at = None;
        next.operation = None;
        next.version = held.version + 1;
        match self.store.expire_sender(&next).await {
            Ok(()) => {}
            Err(SaveError::Stale) => return Err(changed_meanwhile()),
            Err(SaveError::Store(error)) => return Err(error.into()),
        }
        tracing::info!(
            event = "status_changed", tenant = %next.tenant, identity = %next.from_email,
            from = ?Status::Failed, to = ?Status::Expired, reason = %reason,
        );
        Ok(next)
    }

    async fn delete_own_identity(&self, sender: &Sender) -> Result<(), IdentityError> {
        let address = sender.from_email.as_str();
        let found = match self.ses.tags(address).await {
            Ok(found) => found,
            Err(IdentityError::NotFound) => return Ok(()),
            Err(error) => return Err(error),
        };
        match tags::decide(&found, &self.settings.account.service, &sender.tenant) {
            Existing::Adopt => {
                if let Some(pacer) = &self.pacer {
                    pacer.wait_turn().await;
                }
                self.ses.delete(address).await
            }
            Existing::Recreate | Existing::Refuse => {
                tracing::warn!("not deleting an SES address identity that is not this tenant's");
                Ok(())
            }
        }
    }

    /// Starts an expired email sender again: claims its address (refused as a create is when
    /// someone else holds it now), then mails a fresh link.
    pub(super) async fn restart_expired(
        &self,
        caller: &Principal,
        sender: Sender,
        resends: Vec<DateTime<Utc>>,
    ) -> Result<Listed, UseCaseError> {
        let now = self.clock.now();
        let mut next = sender.clone();
        let mut fresh = EmailVerification::sent(now);
        fresh.resends = resends;
        next.authorization = Authorization::Email(fresh);
        next.next_check_at = next_check(now, now + status::EMAIL_LINK_WINDOW, now);
        next.operation = None;
        next.version += 1;
        let covering = covering_names(next.from_email.domain());
        if let Err(error) = self
            .store
            .reclaim_sender(&next, &covering, self.settings.account.max_senders)
            .await
        {
            return Err(self.claim_refusal(error, caller, &covering).await);
        }
        if let Err(error) = self.send_verification(&next).await {
            let mut back = with_status(&next, Status::Expired, sender_reason(&sender));
            back.next_check_at = None;
            back.version += 1;
            if let Err(undo) = self.store.expire_sender(&back).await {
                tracing::error!(%undo, "could not give the address back after a failed restart");
            }
            return Err(error.into());
        }
        self.follow_up(&next).await;
        self.listed(next).await
    }
}

fn sender_reason(sender: &Sender) -> String {
    match &sender.authorization {
        Authorization::Email(v) => v.reason.clone(),
        Authorization::Subdomain { .. } => String::new(),
    }
}
