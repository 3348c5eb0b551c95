//! The sender use cases: list, read, create. Changes live in `changes.rs`.

use std::sync::Arc;

use chrono::Duration;

use super::input::NewSender;
use super::state::{platform_status, sender_status};
use super::{
    Authorization, DEFAULT_SENDER_ID, DefaultSender, PlatformStatus, Sender, SenderId,
    SenderSettings,
};
use crate::error::UseCaseError;
use crate::ownership::tags::{self, Existing};
use crate::ports::clock::Clock;
use crate::ports::{
    DomainStore, EmailIdentities, FollowUps, IdentityError, Pacer, Page, PageRequest, SenderStore,
};
use crate::status::{Assessment, SesStatus, Status};
use crate::tenant::Principal;

/// How long a read of the platform identity's status is trusted (SES allows one call a second
/// per account, so listings must not ask each time).
pub const PLATFORM_STATUS_TTL: Duration = Duration::minutes(15);

/// A sender as listed: the platform default or one of the tenant's, with its live status.
#[derive(Debug, Clone)]
pub enum Listed {
    Platform {
        sender: DefaultSender,
        status: Assessment,
    },
    Tenant {
        sender: Box<Sender>,
        status: Assessment,
    },
}

/// The sender use cases.
#[derive(Clone)]
pub struct Senders {
    pub(super) store: Arc<dyn SenderStore>,
    pub(super) domains: Arc<dyn DomainStore>,
    pub(super) ses: Arc<dyn EmailIdentities>,
    pub(super) followups: Arc<dyn FollowUps>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) settings: Arc<SenderSettings>,
    /// Paces the extra SES calls of the sweep's lifecycle work; none in the API.
    pub(super) pacer: Option<Arc<dyn Pacer>>,
}

impl Senders {
    pub fn new(
        store: Arc<dyn SenderStore>,
        domains: Arc<dyn DomainStore>,
        ses: Arc<dyn EmailIdentities>,
        followups: Arc<dyn FollowUps>,
        clock: Arc<dyn Clock>,
        settings: SenderSettings,
    ) -> Self {
        Self {
            store,
            domains,
            ses,
            followups,
            clock,
            settings: Arc::new(settings),
            pacer: None,
        }
    }

    /// Paces the SES calls the sweep's lifecycle work adds (expiry).
    pub fn with_pacer(mut self, pacer: Arc<dyn Pacer>) -> Self {
        self.pacer = Some(pacer);
        self
    }

    /// A page of senders; the first page starts with the platform default sender.
    pub async fn list(
        &self,
        caller: &Principal,
        page: &PageRequest,
    ) -> Result<Page<Listed>, UseCaseError> {
        let mut items = Vec::new();
        let mut request = page.clone();
        if page.after.is_none() {
            items.push(self.platform().await?);
            request.limit = page.limit.saturating_sub(1);
            if request.limit == 0 {
                return Ok(Page {
                    items,
                    next: Some(PageRequest::FIRST_STORED.to_owned()),
                });
            }
        }
        let stored = self.store.list_senders(&caller.tenant, &request).await?;
        for sender in stored.items {
            items.push(self.listed(sender).await?);
        }
        Ok(Page {
            items,
            next: stored.next,
        })
    }

    pub async fn get(&self, caller: &Principal, id: &str) -> Result<Listed, UseCaseError> {
        if id == DEFAULT_SENDER_ID {
            return self.platform().await;
        }
        let sender = self.find(caller, id).await?;
        self.listed(sender).await
    }

    /// Creates a sender. An `email` sender asks SES to mail a verification link; a
    /// `subdomain` sender needs no SES call.
    #[tracing::instrument(skip(self, input), fields(tenant = %caller.tenant))]
    pub async fn create(
        &self,
        caller: &Principal,
        input: NewSender,
    ) -> Result<Listed, UseCaseError> {
        caller.require_admin()?;
        let (sender, covering) = self.validate_new(caller, &input).await?;
        let limit = self.settings.account.max_senders;
        if let Err(error) = self.store.insert_sender(&sender, &covering, limit).await {
            return Err(self.claim_refusal(error, caller, &covering).await);
        }
        if let Authorization::Email(_) = sender.authorization
            && let Err(error) = self.send_verification(&sender).await
        {
            if let Err(release) = self.store.remove_sender(&sender).await {
                tracing::error!(%release, "could not release the address after SES failed");
            }
            return Err(error.into());
        }
        self.follow_up(&sender).await;
        self.listed(sender).await
    }

    pub(super) async fn find(&self, caller: &Principal, id: &str) -> Result<Sender, UseCaseError> {
        let id = SenderId::parse(id).ok_or(UseCaseError::NotFound)?;
        self.store
            .get_sender(&caller.tenant, &id)
            .await?
            .ok_or(UseCaseError::NotFound)
    }

    pub(super) async fn listed(&self, sender: Sender) -> Result<Listed, UseCaseError> {
        let domain = match sender.domain_id() {
            Some(id) => self.domains.get_domain(&sender.tenant, &id).await?,
            None => None,
        };
        let status = sender_status(&sender, domain.as_ref());
        Ok(Listed::Tenant {
            sender: Box::new(sender),
            status,
        })
    }

    /// The default sender with its status, read from SES at most every [`PLATFORM_STATUS_TTL`].
    pub async fn platform(&self) -> Result<Listed, UseCaseError> {
        let now = self.clock.now();
        let known = self.store.platform_status().await?;
        let fresh = known
            .as_ref()
            .is_some_and(|k| now - k.checked_at < PLATFORM_STATUS_TTL);
        let status = if fresh {
            known
        } else {
            self.refresh_platform().await.ok().or(known)
        };
        let sender = self.settings.default_sender.clone();
        Ok(Listed::Platform {
            sender,
            status: platform_status(status.as_ref()),
        })
    }

    /// Reads the platform identity from SES now and stores what it says.
    pub async fn refresh_platform(&self) -> Result<PlatformStatus, UseCaseError> {
        let identity = self.settings.default_sender.identity.clone();
        let (status, reason) = match self.ses.get(&identity).await {
            Ok(snapshot) if snapshot.verification == SesStatus::Success => (
                Status::Verified,
                format!("The platform identity {identity} is verified"),
            ),
            Ok(_) => (
                Status::Pending,
                format!("The platform identity {identity} is not verified in SES yet"),
            ),
            Err(IdentityError::NotFound) => (
                Status::Failed,
                format!(
                    "The platform identity {identity} does not exist in SES; the platform team must set it up"
                ),
            ),
            Err(error) => {
                tracing::warn!(%error, %identity, "could not read the platform identity");
                return Err(error.into());
            }
        };
        let status = PlatformStatus {
            identity: identity.clone(),
            status,
            reason,
            checked_at: self.clock.now(),
        };
        self.store.save_platform_status(&status).await?;
        Ok(status)
    }

    /// Creates the SES identity for a sender's address, tagged for its tenant, so that SES
    /// mails a fresh link. An identity this service made before is re-created: the holder
    /// must prove the mailbox again, never inherit an earlier verification (for an address,
    /// adopting means a fresh link). One made outside the service is refused untouched.
    pub(super) async fn send_verification(&self, sender: &Sender) -> Result<(), IdentityError> {
        let address = &sender.from_email;
        let service = &self.settings.account.service;
        let tags = tags::for_tenant(service, &sender.tenant);
        match self.ses.create_address(address, &tags).await {
            Err(IdentityError::AlreadyExists) => {
                let found = self.ses.tags(address.as_str()).await?;
                match tags::decide(&found, service, &sender.tenant) {
                    Existing::Adopt | Existing::Recreate => {
                        self.ses.delete(address.as_str()).await?;
                        self.ses.create_address(address, &tags).await
                    }
                    Existing::Refuse => {
                        tracing::warn!(
                            "refusing an SES address identity made outside this service"
                        );
                        Err(IdentityError::OwnedElsewhere)
                    }
                }
            }
            other => other,
        }
    }
}
