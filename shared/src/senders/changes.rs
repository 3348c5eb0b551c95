//! The sender use cases that change a sender: edit, delete, verify, resend.

use super::input::{SenderPatch, Violations, optional};
use super::{
    Authorization, DEFAULT_SENDER_ID, EmailVerification, Listed, Sender, SenderId, Senders,
    sender_status,
};
use crate::domains::{Operation, OperationKind};
use crate::error::{Conflict, FieldViolation, UseCaseError};
use crate::ports::{IdentityError, SaveError};
use crate::retry::Tries;
use crate::status::{self, SesStatus, Status};
use crate::tenant::{Principal, TenantId};
use crate::verification::{IdentityRef, next_check};

fn sender_ref(sender: &Sender) -> IdentityRef {
    IdentityRef::Sender {
        tenant: sender.tenant.clone(),
        id: sender.id,
    }
}

/// The answer to any attempt to set a Reply-To on the default sender.
pub const NO_DIRECT_REPLIES: &str = "direct replies are not supported with the default sender";

fn default_is_read_only() -> UseCaseError {
    UseCaseError::conflict(
        Conflict::DefaultSenderReadOnly,
        "The default sender is managed by the platform and cannot be changed or deleted; direct replies are not supported with the default sender.",
    )
}

impl Senders {
    /// Changes the display name and Reply-To (`Some(None)` clears one).
    #[tracing::instrument(skip(self, patch), fields(tenant = %caller.tenant))]
    pub async fn update(
        &self,
        caller: &Principal,
        id: &str,
        patch: SenderPatch,
    ) -> Result<Listed, UseCaseError> {
        caller.require_admin()?;
        if id == DEFAULT_SENDER_ID {
            if matches!(patch.reply_to, Some(Some(_))) {
                return Err(UseCaseError::Invalid(vec![FieldViolation {
                    field: "reply_to",
                    code: "no_direct_replies",
                    message: NO_DIRECT_REPLIES.to_owned(),
                }]));
            }
            return Err(default_is_read_only());
        }
        let current = self.find(caller, id).await?;
        let mut v = Violations::default();
        let display_name = optional(&patch.display_name, |raw| v.display_name(raw));
        let reply_to = optional(&patch.reply_to, |raw| v.email("reply_to", raw));
        v.finish()?;
        let mut next = current.clone();
        if let Some(display_name) = display_name {
            next.display_name = display_name;
        }
        if let Some(reply_to) = reply_to {
            next.reply_to = reply_to;
        }
        next.version += 1;
        self.save(&next).await?;
        self.listed(next).await
    }

    /// Deletes a sender; an `email` sender's SES identity goes with it.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn delete(&self, caller: &Principal, id: &str) -> Result<(), UseCaseError> {
        caller.require_admin()?;
        if id == DEFAULT_SENDER_ID {
            return Err(default_is_read_only());
        }
        let sender = self.find(caller, id).await?;
        let held = self.take_for_delete(&sender).await?;
        if let Authorization::Email(_) = held.authorization {
            self.ses.delete(held.from_email.as_str()).await?;
        }
        self.store.remove_sender(&held).await?;
        self.cancel(sender_ref(&held)).await;
        Ok(())
    }

    /// One delete at a time: the version is raised (conditionally) before SES is touched, so
    /// a second delete, a double click or a retry that read the same sender, stops here
    /// instead of deleting an identity the address may meanwhile name for someone else; the
    /// removal is conditional on the raised version.
    async fn take_for_delete(&self, sender: &Sender) -> Result<Sender, UseCaseError> {
        let now = self.clock.now();
        if sender.operation.is_some_and(|op| op.holds(now)) {
            return Err(UseCaseError::conflict(
                Conflict::ChangedMeanwhile,
                "The sender is being deleted by another request; try again in a minute.",
            ));
        }
        let mut held = sender.clone();
        held.operation = Some(Operation::start(OperationKind::Deleting, now));
        held.version += 1;
        match self.store.save_sender(&held).await {
            Ok(()) => Ok(held),
            Err(SaveError::Stale) => match self.store.get_sender(&sender.tenant, &sender.id).await?
            {
                None => Err(UseCaseError::NotFound),
                Some(_) => Err(UseCaseError::conflict(
                    Conflict::ChangedMeanwhile,
                    "The sender is being changed or deleted by another request; try again.",
                )),
            },
            Err(SaveError::Store(error)) => Err(error.into()),
        }
    }

    /// Asks SES now: an email sender's own identity, a subdomain sender's subdomain, or the
    /// platform identity for the default sender.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn verify(&self, caller: &Principal, id: &str) -> Result<Listed, UseCaseError> {
        let now = self.clock.now();
        let fresh_for = self.settings.account.fresh_for;
        if id == DEFAULT_SENDER_ID {
            // Every tenant shares this one: read SES at most once per `fresh_for`.
            let known = self.store.platform_status().await?;
            if known.is_none_or(|k| now - k.checked_at >= fresh_for) {
                self.refresh_platform().await?;
            }
            return self.platform().await;
        }
        let sender = self.find(caller, id).await?;
        // SES allows one identity call a second for the whole account: an address SES was
        // asked about within `fresh_for` answers what is stored.
        let Authorization::Email(verification) = &sender.authorization else {
            return self.listed(sender).await;
        };
        if verification
            .last_checked_at
            .is_some_and(|at| now - at < fresh_for)
        {
            return self.listed(sender).await;
        }
        // One check at a time: the request that stamps the check first asks SES; concurrent
        // ones answer what is stored.
        let mut claimed = sender.clone();
        let mut stamped = verification.clone();
        stamped.last_checked_at = Some(now);
        claimed.authorization = Authorization::Email(stamped);
        claimed.version += 1;
        match self.store.save_sender(&claimed).await {
            Ok(()) => {}
            Err(SaveError::Stale) => {
                let stored = self.find(caller, id).await?;
                return self.listed(stored).await;
            }
            Err(SaveError::Store(error)) => return Err(error.into()),
        }
        let refreshed = self.refresh(claimed).await?;
        self.listed(refreshed).await
    }

    /// Re-reads SES for a stored email sender and saves the result; subdomain senders follow
    /// their subdomain, which has its own refresh.
    pub async fn refresh(&self, sender: Sender) -> Result<Sender, UseCaseError> {
        if !matches!(&sender.authorization, Authorization::Email(v) if v.status != Status::Expired)
        {
            // Subdomain senders follow their subdomain; an expired address has no identity
            // to ask about until it is restarted.
            return Ok(sender);
        }
        // An answer is as old as its question: stamp it before asking.
        let asked_at = self.clock.now();
        let ses_status = match self.ses.get(sender.from_email.as_str()).await {
            // Only the identity's own status counts: `VerifiedForSendingStatus` is also true
            // for an address under someone's verified domain.
            Ok(snapshot) => snapshot.verification,
            Err(IdentityError::NotFound) => SesStatus::Failed,
            Err(error) => return Err(error.into()),
        };
        let mut current = sender;
        let mut tries = Tries::new();
        while tries.next().await {
            let Authorization::Email(verification) = &current.authorization else {
                return Ok(current);
            };
            if verification
                .last_checked_at
                .is_some_and(|seen| seen > asked_at)
            {
                return Ok(current);
            }
            let mut next = observed(&current, verification, ses_status, asked_at);
            self.due_with_expiry(&current, &mut next, asked_at);
            match self.store.save_sender(&next).await {
                Ok(()) => {
                    self.follow_up(&next).await;
                    return Ok(next);
                }
                Err(SaveError::Stale) => {
                    current = self
                        .store
                        .get_sender(&current.tenant, &current.id)
                        .await?
                        .ok_or(UseCaseError::NotFound)?;
                }
                Err(SaveError::Store(error)) => return Err(error.into()),
            }
        }
        Err(UseCaseError::conflict(
            Conflict::ChangedMeanwhile,
            "The sender is being changed by another request; try again.",
        ))
    }

    /// Mails a fresh verification link (after expiry or loss).
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn resend_verification(
        &self,
        caller: &Principal,
        id: &str,
    ) -> Result<Listed, UseCaseError> {
        caller.require_admin()?;
        if id == DEFAULT_SENDER_ID {
            return Err(default_is_read_only());
        }
        let sender = self.find(caller, id).await?;
        let Authorization::Email(verification) = &sender.authorization else {
            return Err(UseCaseError::conflict(
                Conflict::NotAnEmailSender,
                "A subdomain sender is authorized by its subdomain's DNS records; there is no email to resend.",
            ));
        };
        if verification.status == Status::Verified {
            return Err(UseCaseError::conflict(
                Conflict::AlreadyVerified,
                "This address is already verified.",
            ));
        }
        let now = self.clock.now();
        let resends = super::resend::admit(verification, &self.settings.account.resend, now)?;
        if verification.status == Status::Expired {
            return self.restart_expired(caller, sender, resends).await;
        }
        self.send_verification(&sender).await?;
        let mut next = sender.clone();
        let mut fresh = EmailVerification::sent(now);
        fresh.resends = resends;
        next.authorization = Authorization::Email(fresh);
        next.next_check_at = next_check(now, now + status::EMAIL_LINK_WINDOW, now);
        next.version += 1;
        self.save(&next).await?;
        self.follow_up(&next).await;
        self.listed(next).await
    }

    /// The sweep's check of one sender: `None` when it no longer exists.
    pub async fn check(
        &self,
        tenant: &TenantId,
        id: &SenderId,
    ) -> Result<Option<(Status, Status)>, UseCaseError> {
        let Some(current) = self.store.get_sender(tenant, id).await? else {
            self.cancel(IdentityRef::Sender {
                tenant: tenant.clone(),
                id: *id,
            })
            .await;
            return Ok(None);
        };
        let before = sender_status(&current, None).status;
        if self.expiry_due(&current) {
            let after = self.expire(current).await?;
            return Ok(Some((before, sender_status(&after, None).status)));
        }
        let after = self.refresh(current).await?;
        Ok(Some((before, sender_status(&after, None).status)))
    }

    /// Keeps the one follow-up schedule at a pending email sender's next check.
    pub(super) async fn follow_up(&self, sender: &Sender) {
        let identity = sender_ref(sender);
        let pending =
            matches!(&sender.authorization, Authorization::Email(v) if v.status == Status::Pending);
        match (pending, sender.next_check_at) {
            (true, Some(at)) => {
                if let Err(error) = self.followups.schedule(&identity, at).await {
                    tracing::warn!(%identity, %error, "no follow-up schedule; the periodic sweep will check it");
                }
            }
            _ => self.cancel(identity).await,
        }
    }

    async fn cancel(&self, identity: IdentityRef) {
        if let Err(error) = self.followups.cancel(&identity).await {
            tracing::warn!(%identity, %error, "could not remove the follow-up schedule");
        }
    }

    async fn save(&self, sender: &Sender) -> Result<(), UseCaseError> {
        self.store
            .save_sender(sender)
            .await
            .map_err(|error| match error {
                SaveError::Stale => UseCaseError::conflict(
                    Conflict::ChangedMeanwhile,
                    "The sender was changed by another request; try again.",
                ),
                SaveError::Store(error) => error.into(),
            })
    }
}

/// The sender after SES answered `ses_status` to a question asked at `at`.
fn observed(
    sender: &Sender,
    verification: &EmailVerification,
    ses_status: SesStatus,
    at: chrono::DateTime<chrono::Utc>,
) -> Sender {
    let observed = verification.observed(ses_status, at);
    let mut next = sender.clone();
    next.next_check_at = match observed.status {
        Status::Pending => next_check(verification.link_sent_at, verification.link_expires_at, at),
        Status::Verified => Some(at + crate::domains::VERIFIED_RECHECK),
        Status::Failed | Status::Expired => None,
    };
    if observed.status != verification.status {
        tracing::info!(
            event = "status_changed", tenant = %sender.tenant, identity = %sender.from_email,
            from = ?verification.status, to = ?observed.status, reason = %observed.reason,
        );
    }
    next.authorization = Authorization::Email(observed);
    next.version = sender.version + 1;
    next
}
