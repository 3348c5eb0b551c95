//! The sender use cases that change a sender: edit, delete, verify, resend.

use super::input::{SenderPatch, Violations, optional};
use super::service::require_admin;
use super::{Authorization, DEFAULT_SENDER_ID, EmailVerification, Listed, Sender, Senders};
use crate::error::{FieldViolation, UseCaseError};
use crate::ports::{IdentityError, SaveError};
use crate::status::{SesStatus, Status};
use crate::tenant::Principal;

/// The answer to any attempt to set a Reply-To on the default sender.
pub const NO_DIRECT_REPLIES: &str = "direct replies are not supported with the default sender";

fn default_is_read_only() -> UseCaseError {
    UseCaseError::Conflict(
        "The default sender is managed by the platform and cannot be changed or deleted; direct replies are not supported with the default sender."
            .to_owned(),
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
        require_admin(caller)?;
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
        require_admin(caller)?;
        if id == DEFAULT_SENDER_ID {
            return Err(default_is_read_only());
        }
        let sender = self.find(caller, id).await?;
        if let Authorization::Email(_) = sender.authorization {
            self.ses.delete(sender.from_email.as_str()).await?;
        }
        self.store.remove_sender(&sender).await?;
        Ok(())
    }

    /// Asks SES now: an email sender's own identity, a subdomain sender's subdomain, or the
    /// platform identity for the default sender.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn verify(&self, caller: &Principal, id: &str) -> Result<Listed, UseCaseError> {
        if id == DEFAULT_SENDER_ID {
            self.refresh_platform().await?;
            return self.platform().await;
        }
        let sender = self.find(caller, id).await?;
        let refreshed = self.refresh(sender).await?;
        self.listed(refreshed).await
    }

    /// Re-reads SES for a stored email sender and saves the result; subdomain senders follow
    /// their subdomain, which has its own refresh.
    pub async fn refresh(&self, sender: Sender) -> Result<Sender, UseCaseError> {
        let Authorization::Email(verification) = &sender.authorization else {
            return Ok(sender);
        };
        let answer = self.ses.get(sender.from_email.as_str()).await;
        let now = self.clock.now();
        let ses_status = match answer {
            // Only the identity's own status counts: `VerifiedForSendingStatus` is also true
            // for an address under someone's verified domain.
            Ok(snapshot) => snapshot.verification,
            Err(IdentityError::NotFound) => SesStatus::Failed,
            Err(error) => return Err(error.into()),
        };
        let observed = verification.observed(ses_status, now);
        let mut next = sender.clone();
        next.next_check_at = match observed.status {
            Status::Pending => Some(now + chrono::Duration::minutes(15)),
            Status::Verified => Some(now + crate::domains::VERIFIED_RECHECK),
            Status::Failed => None,
        };
        if observed.status != verification.status {
            tracing::info!(
                event = "status_changed", tenant = %sender.tenant, identity = %sender.from_email,
                from = ?verification.status, to = ?observed.status, reason = %observed.reason,
            );
        }
        next.authorization = Authorization::Email(observed);
        next.version += 1;
        self.save(&next).await?;
        Ok(next)
    }

    /// Mails a fresh verification link (after expiry or loss).
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn resend_verification(
        &self,
        caller: &Principal,
        id: &str,
    ) -> Result<Listed, UseCaseError> {
        require_admin(caller)?;
        if id == DEFAULT_SENDER_ID {
            return Err(default_is_read_only());
        }
        let sender = self.find(caller, id).await?;
        let Authorization::Email(verification) = &sender.authorization else {
            return Err(UseCaseError::Conflict(
                "A subdomain sender is authorized by its subdomain's DNS records; there is no email to resend.".to_owned(),
            ));
        };
        if verification.status == Status::Verified {
            return Err(UseCaseError::Conflict(
                "This address is already verified.".to_owned(),
            ));
        }
        self.ses.delete(sender.from_email.as_str()).await?;
        self.send_verification(&sender.from_email).await?;
        let now = self.clock.now();
        let mut next = sender.clone();
        next.authorization = Authorization::Email(EmailVerification::sent(now));
        next.next_check_at = Some(now + chrono::Duration::minutes(5));
        next.version += 1;
        self.save(&next).await?;
        self.listed(next).await
    }

    async fn save(&self, sender: &Sender) -> Result<(), UseCaseError> {
        self.store
            .save_sender(sender)
            .await
            .map_err(|error| match error {
                SaveError::Stale => UseCaseError::Conflict(
                    "The sender was changed by another request; try again.".to_owned(),
                ),
                SaveError::Store(error) => error.into(),
            })
    }
}
