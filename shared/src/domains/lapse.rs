//! Subdomains that were never proven lapse: after its grace (see `verification::lifecycle`)
//! a failed subdomain's SES identity is deleted (only when tagged by this service for its
//! tenant), its names are freed and its quota given back in the same transaction as its
//! status turns `expired`. A restart claims the name again, which fails if another tenant
//! took it meanwhile. A verified subdomain whose identity lost its MAIL FROM setting is
//! repaired by setting it again.

use chrono::{DateTime, Utc};

use super::{Domain, Domains, OperationKind, service::claim_refusal};
use crate::error::{Conflict, UseCaseError};
use crate::ownership::SubdomainClaim;
use crate::ownership::tags::{self, Existing};
use crate::ports::{IdentityError, SaveError};
use crate::status::{SesStatus, Status};
use crate::verification::lifecycle::{due_with_expiry, expired_reason, expiry_due};

impl Domains {
    /// Whether the sweep should release `domain` now instead of asking SES.
    pub(super) fn expiry_due(&self, domain: &Domain) -> bool {
        expiry_due(domain.status, domain.next_check_at, self.clock.now())
    }

    /// Puts a failed subdomain's due time at the end of its grace.
    pub(super) fn due_with_expiry(&self, before: &Domain, next: &mut Domain, now: DateTime<Utc>) {
        next.next_check_at = due_with_expiry(
            next.status,
            next.next_check_at,
            (before.status, before.next_check_at),
            now,
            self.settings().account.expire_after,
        );
    }

    /// Releases a subdomain that stayed failed past its grace.
    pub(super) async fn expire(&self, current: Domain) -> Result<Domain, UseCaseError> {
        let held = self.take(&current, OperationKind::Expiring).await?;
        if let Err(error) = self.delete_own_identity(&held).await {
            self.release(&held).await;
            return Err(error.into());
        }
        let mut next = held.clone();
        next.status = Status::Expired;
        next.status_reason = expired_reason(self.settings().account.expire_after);
        next.dkim_tokens.clear();
        next.signing_zone = None;
        next.mail_from_status = None;
        next.dns_check = None;
        next.next_check_at = None;
        next.operation = None;
        next.version = held.version + 1;
        match self
            .store
            .expire_domain(&next, &SubdomainClaim::on(&next.name))
            .await
        {
            Ok(()) => {}
            Err(SaveError::Stale) => {
                return Err(UseCaseError::conflict(
                    Conflict::ChangedMeanwhile,
                    "The subdomain changed meanwhile.",
                ));
            }
            Err(SaveError::Store(error)) => return Err(error.into()),
        }
        tracing::info!(
            event = "status_changed", tenant = %next.tenant, identity = %next.name,
            from = ?current.status, to = ?next.status, reason = %next.status_reason,
        );
        self.cancel_follow_up(&next).await;
        Ok(next)
    }

    /// Deletes the subdomain's SES identity if it is this tenant's (by its tags); one made
    /// by anybody else is left alone, and one already gone is fine.
    async fn delete_own_identity(&self, domain: &Domain) -> Result<(), IdentityError> {
        let name = domain.name.as_str();
        let found = match self.ses.tags(name).await {
            Ok(found) => found,
            Err(IdentityError::NotFound) => return Ok(()),
            Err(error) => return Err(error),
        };
        match tags::decide(&found, &self.settings().account.service, &domain.tenant) {
            Existing::Adopt => {
                self.pace().await;
                self.ses.delete(name).await
            }
            Existing::Recreate | Existing::Refuse => {
                tracing::warn!(domain = %name, "not deleting an SES identity that is not this tenant's");
                Ok(())
            }
        }
    }

    /// Claims an expired subdomain's name again (the restart's first step, after its mark):
    /// refused as an add is when someone else holds it now.
    pub(super) async fn reclaim(&self, held: Domain) -> Result<Domain, UseCaseError> {
        let mut claimed = held.clone();
        claimed.version += 1;
        let claim = SubdomainClaim::on(&claimed.name);
        let limit = self.settings().account.max_subdomains;
        match self.store.reclaim_domain(&claimed, &claim, limit).await {
            Ok(()) => Ok(claimed),
            Err(error) => {
                self.release(&held).await;
                Err(claim_refusal(error))
            }
        }
    }

    /// Gives a re-claimed name back when the restart could not create the identity: the
    /// subdomain is expired again, as it was.
    pub(super) async fn unclaim(&self, claimed: &Domain) {
        let mut next = claimed.clone();
        next.operation = None;
        next.version += 1;
        if let Err(error) = self
            .store
            .expire_domain(&next, &SubdomainClaim::on(&next.name))
            .await
        {
            tracing::error!(%error, domain = %next.name, "could not give the name back after a failed restart");
        }
    }

    /// Puts the MAIL FROM setting back on a verified subdomain's identity that lost it (a
    /// Lambda that died between the two SES calls of an add): restart does this instead of
    /// refusing, and so does the reconciler.
    pub async fn repair_mail_from(&self, current: Domain) -> Result<Domain, UseCaseError> {
        let held = self.take(&current, OperationKind::Repairing).await?;
        self.pace().await;
        if let Err(error) = self
            .ses
            .set_mail_from(held.name.as_domain(), &held.mail_from)
            .await
        {
            self.release(&held).await;
            return Err(error.into());
        }
        let mut next = held;
        next.mail_from_status = Some(SesStatus::Pending);
        if next.status == Status::Verified {
            next.status_reason =
                "DKIM is verified; the custom MAIL FROM domain was set again and SES is checking its MX record"
                    .to_owned();
        }
        next.operation = None;
        next.version += 1;
        self.store
            .save_domain(&next)
            .await
            .map_err(|error| match error {
                SaveError::Stale => UseCaseError::conflict(
                    Conflict::ChangedMeanwhile,
                    "The subdomain changed meanwhile; try again.",
                ),
                SaveError::Store(error) => error.into(),
            })?;
        tracing::info!(tenant = %next.tenant, domain = %next.name, "MAIL FROM set again");
        Ok(next)
    }

    /// Saves a subdomain through the store's one save path (for the reconciler).
    pub async fn save(&self, domain: &Domain) -> Result<(), SaveError> {
        self.store.save_domain(domain).await
    }

    /// Waits for the SES pace when the use case runs in the sweep.
    pub(super) async fn pace(&self) {
        if let Some(pacer) = &self.pacer {
            pacer.wait_turn().await;
        }
    }
}
