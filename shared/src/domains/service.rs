//! The subdomain use cases: add, read, list, delete. Verification lives in `checks.rs`.

use std::sync::Arc;

use super::{Domain, DomainId, OperationKind};
use crate::error::{Conflict, Existing, FieldViolation, UseCaseError};
use crate::names::{DomainName, EmailAddress, MailFromLabel, SubdomainName};
use crate::ownership::SubdomainClaim;
use crate::ownership::quota::SharedAccount;
use crate::ownership::tags::{self, Existing as Tagged};
use crate::ports::clock::Clock;
use crate::ports::{
    DkimSetup, DnsLookup, DomainStore, EmailIdentities, FollowUps, IdentityError, Pacer, Page,
    PageRequest, SubdomainClaimError,
};
use crate::status::SesStatus;
use crate::tenant::Principal;

/// Deployment settings the subdomain rules depend on.
#[derive(Debug, Clone)]
pub struct DomainSettings {
    /// The platform's own sending domain: it and everything under or above it is off limits.
    pub platform_domain: Option<DomainName>,
    pub mail_from_label: MailFromLabel,
    pub dmarc_rua: Option<EmailAddress>,
    /// The SES region, which names the MAIL FROM MX target.
    pub region: String,
    /// Ownership tags and per-tenant quotas in the shared SES account.
    pub account: SharedAccount,
}

/// The subdomain use cases, over the store and SES ports.
#[derive(Clone)]
pub struct Domains {
    pub(super) store: Arc<dyn DomainStore>,
    pub(super) ses: Arc<dyn EmailIdentities>,
    pub(super) followups: Arc<dyn FollowUps>,
    pub(super) clock: Arc<dyn Clock>,
    /// DNS for the record checks; without it, records are served unchecked.
    pub(super) dns: Option<Arc<dyn DnsLookup>>,
    /// Paces the extra SES calls of the sweep's lifecycle work; none in the API.
    pub(super) pacer: Option<Arc<dyn Pacer>>,
    settings: Arc<DomainSettings>,
}

impl Domains {
    pub fn new(
        store: Arc<dyn DomainStore>,
        ses: Arc<dyn EmailIdentities>,
        followups: Arc<dyn FollowUps>,
        clock: Arc<dyn Clock>,
        settings: DomainSettings,
    ) -> Self {
        Self {
            store,
            ses,
            followups,
            clock,
            dns: None,
            pacer: None,
            settings: Arc::new(settings),
        }
    }

    /// Checks records through `dns`.
    pub fn with_dns(mut self, dns: Arc<dyn DnsLookup>) -> Self {
        self.dns = Some(dns);
        self
    }

    /// Paces the SES calls the sweep's lifecycle work adds (expiry, repair).
    pub fn with_pacer(mut self, pacer: Arc<dyn Pacer>) -> Self {
        self.pacer = Some(pacer);
        self
    }

    pub fn settings(&self) -> &DomainSettings {
        &self.settings
    }

    /// Adds a subdomain: claims the name, creates the SES identity with its MAIL FROM domain.
    /// If SES fails, the claim is released, so nothing is left behind.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn add(&self, caller: &Principal, raw_name: &str) -> Result<Domain, UseCaseError> {
        caller.require_admin()?;
        let name = self.parse_name(raw_name)?;
        let mail_from = name.mail_from_domain(&self.settings.mail_from_label);
        let domain = Domain::new(caller.tenant.clone(), name, mail_from, self.clock.now());
        let claim = SubdomainClaim::on(&domain.name);
        self.store
            .insert_domain(&domain, &claim, self.settings.account.max_subdomains)
            .await
            .map_err(claim_refusal)?;
        match self.provision(&domain, false).await {
            Ok(setup) => {
                let domain = self.record_setup(domain, setup).await;
                // The first answer already says what is in the way (an MX or SPF at the MAIL
                // FROM name, a CNAME where records must go, a strict DMARC policy above).
                let domain = match self.look(domain.clone()).await {
                    Ok(looked) => looked,
                    Err(error) => {
                        tracing::warn!(%error, domain = %domain.name, "no DNS look at add");
                        domain
                    }
                };
                self.follow_up(&domain).await;
                Ok(domain)
            }
            Err(error) => {
                if let Err(release) = self.store.remove_domain(&domain, &claim).await {
                    tracing::error!(%release, domain = %domain.name, "could not release the claim after SES failed");
                }
                Err(error.into())
            }
        }
    }

    pub async fn get(&self, caller: &Principal, id: &str) -> Result<Domain, UseCaseError> {
        let id = DomainId::parse(id).ok_or(UseCaseError::NotFound)?;
        self.store
            .get_domain(&caller.tenant, &id)
            .await?
            .ok_or(UseCaseError::NotFound)
    }

    pub async fn list(
        &self,
        caller: &Principal,
        page: &PageRequest,
    ) -> Result<Page<Domain>, UseCaseError> {
        Ok(self.store.list_domains(&caller.tenant, page).await?)
    }

    /// Deletes the subdomain, its SES identity and its claims. Refused while senders use it.
    ///
    /// Safe to run twice at once and to retry: the delete first marks the subdomain (see
    /// `guard`), which a concurrent delete, restart or new sender on it cannot pass; the
    /// senders are read (strongly consistent) only after the mark, so none can slip in; and
    /// the final removal is conditional on the marked version, so its claims are released once.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn delete(&self, caller: &Principal, id: &str) -> Result<(), UseCaseError> {
        caller.require_admin()?;
        let domain = self.get(caller, id).await?;
        let held = self.take(&domain, OperationKind::Deleting).await?;
        let senders = match self.store.senders_on_domain(&caller.tenant, &held.id).await {
            Ok(senders) => senders,
            Err(error) => {
                self.release(&held).await;
                return Err(error.into());
            }
        };
        if !senders.is_empty() {
            self.release(&held).await;
            return Err(UseCaseError::conflict(
                Conflict::SubdomainInUse,
                format!(
                    "Senders still use this subdomain; delete them first: {}",
                    senders.join(", ")
                ),
            ));
        }
        if let Err(error) = self.ses.delete(held.name.as_str()).await {
            self.release(&held).await;
            return Err(error.into());
        }
        self.store
            .remove_domain(&held, &SubdomainClaim::on(&held.name))
            .await?;
        self.cancel_follow_up(&held).await;
        Ok(())
    }

    fn parse_name(&self, raw: &str) -> Result<SubdomainName, UseCaseError> {
        let name = SubdomainName::parse(raw).map_err(|error| {
            UseCaseError::Invalid(vec![FieldViolation {
                field: "name",
                code: error.code(),
                message: error.to_string(),
            }])
        })?;
        if let Some(platform) = &self.settings.platform_domain
            && (name.as_domain().is_same_or_under(platform)
                || platform.is_same_or_under(name.as_domain()))
        {
            return Err(UseCaseError::Invalid(vec![FieldViolation {
                field: "name",
                code: "platform_domain",
                message: format!(
                    "{platform} is the platform's own sending domain; use a subdomain of your own domain"
                ),
            }]));
        }
        Ok(name)
    }

    /// Creates the SES identity tagged for the tenant, then sets its MAIL FROM domain. An
    /// identity that exists already is adopted only when tagged for this tenant (a retry
    /// after a partial failure) and `fresh` is false, re-created when this service made it,
    /// and otherwise refused untouched ([`tags::decide`]).
    pub(super) async fn provision(
        &self,
        domain: &Domain,
        fresh: bool,
    ) -> Result<DkimSetup, IdentityError> {
        let name = domain.name.as_domain();
        let service = &self.settings.account.service;
        let tags = tags::for_tenant(service, &domain.tenant);
        let setup = match self.ses.create_domain(name, &tags).await {
            Ok(setup) => setup,
            Err(IdentityError::AlreadyExists) => {
                let found = self.ses.tags(name.as_str()).await?;
                match tags::decide(&found, service, &domain.tenant) {
                    Tagged::Adopt if !fresh => {
                        tracing::info!(domain = %name, "adopting this tenant's SES identity left by an earlier attempt");
                        let snapshot = self.ses.get(name.as_str()).await?;
                        snapshot.dkim.map(|(_, setup)| setup).ok_or_else(|| {
                            IdentityError::Unexpected(
                                "the existing identity has no Easy DKIM".to_owned(),
                            )
                        })?
                    }
                    Tagged::Adopt | Tagged::Recreate => {
                        tracing::info!(domain = %name, "re-creating this service's SES identity so nothing is inherited");
                        self.ses.delete(name.as_str()).await?;
                        self.ses.create_domain(name, &tags).await?
                    }
                    Tagged::Refuse => {
                        tracing::warn!(domain = %name, "refusing an SES identity made outside this service");
                        return Err(IdentityError::OwnedElsewhere);
                    }
                }
            }
            Err(error) => return Err(error),
        };
        if let Err(error) = self.ses.set_mail_from(name, &domain.mail_from).await {
            if let Err(undo) = self.ses.delete(name.as_str()).await {
                tracing::error!(%undo, domain = %name, "could not delete the SES identity after MAIL FROM failed");
            }
            return Err(error);
        }
        Ok(setup)
    }

    async fn record_setup(&self, domain: Domain, setup: DkimSetup) -> Domain {
        let mut next = domain;
        next.dkim_tokens = setup.tokens;
        next.signing_zone = setup.signing_zone;
        next.mail_from_status = Some(SesStatus::Pending);
        next.operation = None;
        next.version += 1;
        if let Err(error) = self.store.save_domain(&next).await {
            // SES holds the tokens; the next verify reads them back.
            tracing::warn!(%error, domain = %next.name, "could not store the DKIM tokens; the next check will");
        }
        next
    }
}

/// Explains a refused claim on a subdomain's name.
pub(super) fn claim_refusal(error: SubdomainClaimError) -> UseCaseError {
    match error {
        SubdomainClaimError::AlreadyYours(id) => UseCaseError::Exists {
            conflict: Conflict::SubdomainAlreadyAdded,
            detail: format!("This subdomain was already added (id {id})."),
            existing: Existing::Domain(id),
        },
        SubdomainClaimError::HeldElsewhere => UseCaseError::conflict(
            Conflict::SubdomainHeldElsewhere,
            "This subdomain, or a domain above or below it, is registered by another account. \
             Choose another subdomain, or contact support if you own it.",
        ),
        SubdomainClaimError::HeldPendingVerification => UseCaseError::conflict(
            Conflict::SubdomainPendingElsewhere,
            "This subdomain, or a domain above it, is held by another account that has not \
             verified it yet. An unproven claim lapses after its verification window and a \
             grace period; try again later, or contact support if you own it.",
        ),
        SubdomainClaimError::QuotaReached(reached) => UseCaseError::QuotaExceeded(reached),
        SubdomainClaimError::Store(error) => error.into(),
    }
}
