//! Verification of subdomains: asking SES (by hand, by the sweep, by a follow-up), restarting
//! after the 72-hour window, and keeping the one follow-up schedule in step.

use chrono::{DateTime, Utc};

use super::{Domain, DomainId, Domains, OperationKind};
use crate::error::{Conflict, UseCaseError};
use crate::ports::{IdentityError, SaveError};
use crate::retry::Tries;
use crate::status::{SesStatus, Status, dns_deadline_reason};
use crate::tenant::{Principal, TenantId};
use crate::verification::IdentityRef;

impl Domains {
    /// Asks SES now and stores what it says. A newer stored observation is never overwritten.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn verify(&self, caller: &Principal, id: &str) -> Result<Domain, UseCaseError> {
        let current = self.get(caller, id).await?;
        // SES allows one identity call a second for the whole account: a subdomain SES was
        // asked about within `fresh_for` answers what is stored.
        let now = self.clock.now();
        let fresh_for = self.settings().account.fresh_for;
        if current
            .last_checked_at
            .is_some_and(|at| now - at < fresh_for)
        {
            return Ok(current);
        }
        // One check at a time: the request that stamps the check first asks SES; concurrent
        // ones answer what is stored.
        let mut claimed = current;
        claimed.last_checked_at = Some(now);
        claimed.version += 1;
        match self.store.save_domain(&claimed).await {
            Ok(()) => self.refresh(claimed).await,
            Err(SaveError::Stale) => self.get(caller, id).await,
            Err(SaveError::Store(error)) => Err(error.into()),
        }
    }

    /// The sweep's check of one subdomain: `None` when it no longer exists.
    pub async fn check(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Option<(Status, Status)>, UseCaseError> {
        let Some(current) = self.store.get_domain(tenant, id).await? else {
            self.cancel(IdentityRef::Domain {
                tenant: tenant.clone(),
                id: *id,
            })
            .await;
            return Ok(None);
        };
        let before = current.status;
        if self.expiry_due(&current) {
            let after = self.expire(current).await?;
            return Ok(Some((before, after.status)));
        }
        let after = self.refresh(current).await?;
        Ok(Some((before, after.status)))
    }

    /// Re-reads SES for a stored subdomain and saves the result, then moves its follow-up.
    /// The SES answer is time-stamped when it was asked for; if a newer answer was stored
    /// meanwhile (a concurrent verify or sweep), that one stands. An answer about an earlier
    /// incarnation of the identity (a restart began after the question) is dropped, and so is
    /// one asked while another operation is changing the identity.
    pub async fn refresh(&self, mut current: Domain) -> Result<Domain, UseCaseError> {
        // An answer is as old as its question: stamp it before asking.
        let observed_at = self.clock.now();
        let asked_about = current.generation;
        // Released: there is no identity to ask about until it is restarted.
        if current.status == Status::Expired || being_changed(&current, observed_at) {
            return Ok(current);
        }
        let answer = self.ses.get(current.name.as_str()).await;
        let mut tries = Tries::new();
        while tries.next().await {
            if current
                .last_checked_at
                .is_some_and(|seen| seen > observed_at)
                || current.generation != asked_about
                || being_changed(&current, self.clock.now())
            {
                return Ok(current);
            }
            let mut next = match &answer {
                Ok(snapshot) => {
                    let mut next = current.observed(snapshot, observed_at);
                    self.dns_paced(&mut next, observed_at);
                    next
                }
                Err(IdentityError::NotFound) => identity_gone(&current, observed_at),
                Err(error) => return Err(error.clone().into()),
            };
            self.due_with_expiry(&current, &mut next, observed_at);
            match self.store.save_domain(&next).await {
                Ok(()) => {
                    log_transition(&current, &next);
                    self.follow_up(&next).await;
                    return Ok(next);
                }
                Err(SaveError::Stale) => {
                    current = self
                        .store
                        .get_domain(&current.tenant, &current.id)
                        .await?
                        .ok_or(UseCaseError::NotFound)?;
                }
                Err(SaveError::Store(error)) => return Err(error.into()),
            }
        }
        Err(UseCaseError::conflict(
            Conflict::ChangedMeanwhile,
            "The subdomain is being changed by another request; try again.",
        ))
    }

    /// Starts verification again with a fresh SES identity: new DKIM tokens (so new records),
    /// a new 72-hour deadline and new follow-ups. Not for a verified subdomain.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn restart(&self, caller: &Principal, id: &str) -> Result<Domain, UseCaseError> {
        caller.require_admin()?;
        let current = self.get(caller, id).await?;
        if current.status == Status::Verified && current.mail_from_status.is_none() {
            // Half set up (the MAIL FROM setting never made it): repair, do not refuse.
            return self.repair_mail_from(current).await;
        }
        if current.status == Status::Verified {
            return Err(UseCaseError::conflict(
                Conflict::AlreadyVerified,
                "This subdomain is verified; there is nothing to restart.",
            ));
        }
        let held = self.take(&current, OperationKind::Restarting).await?;
        // An expired subdomain gave its name up: claim it again first (409 if taken).
        let expired = current.status == Status::Expired;
        let held = if expired {
            self.reclaim(held).await?
        } else {
            held
        };
        // Re-created by the ownership rule (tags): fresh tokens, nothing inherited.
        let setup = match self.provision(&held, true).await {
            Ok(setup) => setup,
            Err(error) => {
                // The next check finds the identity as it is (gone: red, restart again).
                if expired {
                    self.unclaim(&held).await;
                } else {
                    self.release(&held).await;
                }
                return Err(error.into());
            }
        };
        let now = self.clock.now();
        let mut next = Domain::new(
            held.tenant.clone(),
            held.name.clone(),
            held.mail_from.clone(),
            now,
        );
        next.id = held.id;
        next.created_at = held.created_at;
        next.dkim_tokens = setup.tokens;
        next.signing_zone = setup.signing_zone;
        next.mail_from_status = Some(SesStatus::Pending);
        next.operation = None;
        next.generation = held.generation;
        next.version = held.version + 1;
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
        log_transition(&current, &next);
        self.follow_up(&next).await;
        Ok(next)
    }

    /// Puts the one follow-up schedule at the subdomain's next check while it is pending, and
    /// removes it otherwise (the daily re-check of verified ones is the periodic sweep's).
    pub(super) async fn follow_up(&self, domain: &Domain) {
        let identity = IdentityRef::Domain {
            tenant: domain.tenant.clone(),
            id: domain.id,
        };
        match (domain.status, domain.next_check_at) {
            (Status::Pending, Some(at)) => {
                if let Err(error) = self.followups.schedule(&identity, at).await {
                    tracing::warn!(%identity, %error, "no follow-up schedule; the periodic sweep will check it");
                }
            }
            _ => self.cancel(identity).await,
        }
    }

    pub(super) async fn cancel_follow_up(&self, domain: &Domain) {
        self.cancel(IdentityRef::Domain {
            tenant: domain.tenant.clone(),
            id: domain.id,
        })
        .await;
    }

    async fn cancel(&self, identity: IdentityRef) {
        if let Err(error) = self.followups.cancel(&identity).await {
            tracing::warn!(%identity, %error, "could not remove the follow-up schedule; it will find nothing to do");
        }
    }
}

/// Whether another operation holds the identity at `now`: what SES says now may be half-way.
fn being_changed(domain: &Domain, now: DateTime<Utc>) -> bool {
    domain.operation.is_some_and(|op| op.holds(now))
}

/// The SES identity vanished (deleted outside the service): red until restarted.
fn identity_gone(current: &Domain, now: DateTime<Utc>) -> Domain {
    let mut next = current.clone();
    next.dkim_status = SesStatus::Failed;
    next.status = Status::Failed;
    next.status_reason = if now >= current.verification_deadline {
        dns_deadline_reason()
    } else {
        "The SES identity no longer exists; restart verification".to_owned()
    };
    next.last_checked_at = Some(now);
    next.next_check_at = None;
    next.version = current.version + 1;
    next
}

/// One structured event per status change: tenant, identity, from, to, reason.
fn log_transition(before: &Domain, after: &Domain) {
    if before.status != after.status || before.status_reason != after.status_reason {
        tracing::info!(
            event = "status_changed",
            tenant = %after.tenant,
            identity = %after.name,
            from = ?before.status,
            to = ?after.status,
            reason = %after.status_reason,
        );
    }
}
