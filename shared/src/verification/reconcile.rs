//! The reconciler: a slice of the SES account per sweep run, compared with the table.
//!
//! Each run reads one page of `ListEmailIdentities` from a stored cursor and looks at each
//! identity: one held by an item is checked for half-done work (an operation marker left by a
//! Lambda that died mid-way is released; an identity without its MAIL FROM setting, as its
//! last check stored it, is read and gets it back); one held by nobody is deleted when this service's tags are on it (an orphan) and
//! left alone otherwise (the console's, another application's, the platform's own). A red
//! item with no due time (written before expiry existed) is given the end of its grace. Every SES
//! call waits for the pacer. Items whose identity is gone are found by their own checks (the
//! daily re-check of verified ones turns them red). What it found is the run's report, which
//! the sweep function writes as metrics.

use std::sync::Arc;

use serde::Serialize;

use super::Budget;
use crate::domains::{Domain, Domains};
use crate::error::UseCaseError;
use crate::names::{DomainName, EmailAddress};
use crate::ownership::tags;
use crate::ports::clock::Clock;
use crate::ports::{
    EmailIdentities, IdentityError, IdentityListing, Pacer, ReconcileStore, SaveError, SenderStore,
};
use crate::senders::{Authorization, Sender};
use crate::status::Status;

/// Identities looked at per run unless the deployment says otherwise.
pub const DEFAULT_SLICE: u32 = 20;

/// What one slice found and did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ReconcileReport {
    /// Identities looked at.
    pub examined: u32,
    /// Tagged by this service, held by no item: deleted.
    pub orphans_deleted: u32,
    /// Not tagged by this service and held by no item: left alone.
    pub foreign_left: u32,
    /// Identities that had lost their MAIL FROM setting: set again.
    pub repaired: u32,
    /// Operation markers whose lease had run out: released.
    pub markers_released: u32,
    /// Red items with no due time (written before expiry existed): given the end of their
    /// grace, so they expire like the others.
    pub expiry_scheduled: u32,
    /// Identities that could not be looked at (SES or the table failed); next pass.
    pub failed: u32,
    /// True when this slice ended a pass through the whole account.
    pub pass_completed: bool,
}

/// The reconciler over the SES listing and the table.
#[derive(Clone)]
pub struct Reconciler {
    listing: Arc<dyn IdentityListing>,
    ses: Arc<dyn EmailIdentities>,
    store: Arc<dyn ReconcileStore>,
    senders: Arc<dyn SenderStore>,
    domains: Domains,
    pacer: Arc<dyn Pacer>,
    clock: Arc<dyn Clock>,
    service: String,
    slice: u32,
}

/// What the table says about one identity.
enum Held {
    Domain(Box<Domain>),
    Sender(Box<Sender>),
    Nobody,
}

impl Reconciler {
    pub fn new(
        listing: Arc<dyn IdentityListing>,
        ses: Arc<dyn EmailIdentities>,
        store: Arc<dyn ReconcileStore>,
        senders: Arc<dyn SenderStore>,
        domains: Domains,
        pacer: Arc<dyn Pacer>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let service = domains.settings().account.service.clone();
        Self {
            listing,
            ses,
            store,
            senders,
            domains,
            pacer,
            clock,
            service,
            slice: DEFAULT_SLICE,
        }
    }

    /// Looks at `slice` identities per run.
    pub fn with_slice(mut self, slice: u32) -> Self {
        self.slice = slice.max(1);
        self
    }

    /// One slice. The cursor moves on only when the whole slice was looked at, so a run cut
    /// short by its deadline does the same slice again next time.
    #[tracing::instrument(skip_all)]
    pub async fn run(&self, budget: &dyn Budget) -> Result<ReconcileReport, UseCaseError> {
        let mut report = ReconcileReport::default();
        let cursor = self.store.reconcile_cursor().await?;
        self.pacer.wait_turn().await;
        let page = self.listing.list(self.slice, cursor).await?;
        for name in &page.names {
            if !budget.has_time() {
                return Ok(report);
            }
            report.examined += 1;
            if let Err(error) = self.examine(name, &mut report).await {
                tracing::warn!(identity = %name, %error, "reconciler: left for the next pass");
                report.failed += 1;
            }
        }
        self.store
            .save_reconcile_cursor(page.next.as_deref())
            .await?;
        report.pass_completed = page.next.is_none();
        Ok(report)
    }

    async fn examine(&self, name: &str, report: &mut ReconcileReport) -> Result<(), UseCaseError> {
        match self.held(name).await? {
            Held::Sender(sender) => self.examine_sender(*sender, report).await,
            Held::Domain(domain) => self.examine_domain(*domain, report).await,
            Held::Nobody => self.examine_orphan(name, report).await,
        }
    }

    async fn held(&self, name: &str) -> Result<Held, UseCaseError> {
        if name.contains('@') {
            let Ok(address) = EmailAddress::parse(name) else {
                return Ok(Held::Nobody);
            };
            return Ok(match self.store.sender_holding(&address).await? {
                Some(sender) => Held::Sender(Box::new(sender)),
                None => Held::Nobody,
            });
        }
        let Ok(domain) = DomainName::parse(name) else {
            return Ok(Held::Nobody);
        };
        Ok(match self.store.domain_holding(&domain).await? {
            Some(held) if held.status != Status::Expired => Held::Domain(Box::new(held)),
            _ => Held::Nobody,
        })
    }

    /// An identity no item holds: this service's is deleted, anyone else's left alone.
    async fn examine_orphan(
        &self,
        name: &str,
        report: &mut ReconcileReport,
    ) -> Result<(), UseCaseError> {
        self.pacer.wait_turn().await;
        let found = match self.ses.tags(name).await {
            Ok(found) => found,
            Err(IdentityError::NotFound) => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        if !tags::by_service(&found, &self.service) {
            report.foreign_left += 1;
            return Ok(());
        }
        // Read once more, consistently: a create in flight writes its claim before SES.
        if !matches!(self.held(name).await?, Held::Nobody) {
            return Ok(());
        }
        self.pacer.wait_turn().await;
        self.ses.delete(name).await?;
        tracing::info!(identity = %name, "reconciler: deleted an orphan identity of this service");
        report.orphans_deleted += 1;
        Ok(())
    }

    /// A red email sender with no due time gets the end of its grace.
    async fn examine_sender(
        &self,
        sender: Sender,
        report: &mut ReconcileReport,
    ) -> Result<(), UseCaseError> {
        let red =
            matches!(&sender.authorization, Authorization::Email(v) if v.status == Status::Failed);
        if !red || sender.next_check_at.is_some() {
            return Ok(());
        }
        let mut next = sender;
        next.next_check_at = Some(self.clock.now() + self.grace());
        next.version += 1;
        match self.senders.save_sender(&next).await {
            Ok(()) => report.expiry_scheduled += 1,
            Err(SaveError::Stale) => {}
            Err(SaveError::Store(error)) => return Err(error.into()),
        }
        Ok(())
    }

    fn grace(&self) -> chrono::Duration {
        self.domains.settings().account.expire_after
    }

    /// A subdomain's identity: a stale marker is released, a missing MAIL FROM set again.
    async fn examine_domain(
        &self,
        domain: Domain,
        report: &mut ReconcileReport,
    ) -> Result<(), UseCaseError> {
        let now = self.clock.now();
        let mut domain = domain;
        match domain.operation {
            Some(op) if op.holds(now) => return Ok(()),
            Some(op) => {
                let mut next = domain.clone();
                next.operation = None;
                next.version += 1;
                match self.domains.save(&next).await {
                    Ok(()) => {}
                    Err(SaveError::Stale) => return Ok(()),
                    Err(SaveError::Store(error)) => return Err(error.into()),
                }
                tracing::info!(domain = %next.name, kind = ?op.kind, "reconciler: released a stale operation marker");
                report.markers_released += 1;
                domain = next;
            }
            None => {}
        }
        if domain.status == Status::Failed && domain.next_check_at.is_none() {
            let mut next = domain.clone();
            next.next_check_at = Some(now + self.grace());
            next.version += 1;
            match self.domains.save(&next).await {
                Ok(()) => report.expiry_scheduled += 1,
                Err(SaveError::Stale) => {}
                Err(SaveError::Store(error)) => return Err(error.into()),
            }
            return Ok(());
        }
        // The last answer stored says SES had its MAIL FROM: nothing to ask (each check
        // stores what SES said, so a setting lost since shows up there first).
        if domain.mail_from_status.is_some() {
            return Ok(());
        }
        self.pacer.wait_turn().await;
        let snapshot = match self.ses.get(domain.name.as_str()).await {
            Ok(snapshot) => snapshot,
            Err(IdentityError::NotFound) => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        if snapshot.mail_from.is_none() {
            self.domains.repair_mail_from(domain).await?;
            report.repaired += 1;
        }
        Ok(())
    }
}
