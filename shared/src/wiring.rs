//! The one composition of the use cases over the ports.
//!
//! The three Lambda bootstraps, the dev server and the tests all fill in [`Ports`] (the
//! adapters crate does it from an `SdkConfig`; tests do it over moto and the SES stand-in)
//! and build every use case here, so production and tests run the same wiring.

use std::sync::Arc;

use crate::domains::{DomainSettings, Domains};
use crate::idempotency::Idempotency;
use crate::ingest::Ingest;
use crate::ports::{
    AccountSuppression, Clock, DailyCounters, DnsLookup, DomainStore, DueIndex, EmailIdentities,
    FeedbackStore, FollowUps, IdempotencyKeys, IdentityListing, NoFollowUps, Pacer, ReconcileStore,
    SenderStore, SesBudget, SesCallLog, SuppressionList,
};
use crate::reputation::{Reputations, Thresholds};
use crate::senders::{SenderSettings, Senders};
use crate::ses_budget::{BudgetSettings, BudgetedListing, BudgetedSes};
use crate::suppressions::SuppressionLists;
use crate::verification::{Reconciler, Sweep};

/// One adapter for every port: those of the subdomain and sender use cases and the sweep
/// ([`SweepPorts`]), and the rest.
#[derive(Clone)]
pub struct Ports {
    pub verification: SweepPorts,
    pub suppressions: Arc<dyn SuppressionList>,
    pub counters: Arc<dyn DailyCounters>,
    pub feedback: Arc<dyn FeedbackStore>,
    pub idempotency_keys: Arc<dyn IdempotencyKeys>,
    /// The SES account-level suppression list, when suppressions are mirrored to it.
    pub account_suppression: Option<Arc<dyn AccountSuppression>>,
}

impl Ports {
    /// Every storage port from one store (the DynamoDB store implements them all), without
    /// follow-up schedules or an account-level mirror.
    pub fn over_store<S>(
        store: Arc<S>,
        ses: Arc<dyn EmailIdentities>,
        clock: Arc<dyn Clock>,
    ) -> Self
    where
        S: DomainStore
            + SenderStore
            + SuppressionList
            + DailyCounters
            + FeedbackStore
            + DueIndex
            + ReconcileStore
            + IdempotencyKeys
            + 'static,
    {
        Self {
            verification: SweepPorts {
                domains: store.clone(),
                senders: store.clone(),
                due: store.clone(),
                reconcile: store.clone(),
                ses,
                listing: None,
                followups: Arc::new(NoFollowUps),
                dns: None,
                clock,
            },
            suppressions: store.clone(),
            counters: store.clone(),
            feedback: store.clone(),
            idempotency_keys: store,
            account_suppression: None,
        }
    }

    /// Every SES call through the account-wide budget, as [`SweepPorts::with_ses_budget`].
    pub fn with_ses_budget(
        self,
        budget: Arc<dyn SesBudget>,
        log: Arc<dyn SesCallLog>,
        clock: Arc<dyn Clock>,
        settings: BudgetSettings,
    ) -> Self {
        Self {
            verification: self
                .verification
                .with_ses_budget(budget, log, clock, settings),
            ..self
        }
    }

    pub fn with_dns(mut self, dns: Option<Arc<dyn DnsLookup>>) -> Self {
        self.verification.dns = dns;
        self
    }

    pub fn with_listing(mut self, listing: Option<Arc<dyn IdentityListing>>) -> Self {
        self.verification.listing = listing;
        self
    }

    pub fn with_followups(mut self, followups: Arc<dyn FollowUps>) -> Self {
        self.verification.followups = followups;
        self
    }

    pub fn with_account_suppression(self, mirror: Option<Arc<dyn AccountSuppression>>) -> Self {
        Self {
            account_suppression: mirror,
            ..self
        }
    }

    pub fn domains(&self, settings: DomainSettings) -> Domains {
        self.verification.domains(settings)
    }

    pub fn senders(&self, settings: SenderSettings) -> Senders {
        self.verification.senders(settings)
    }

    /// `Idempotency-Key` handling for the API's creates.
    pub fn idempotency(&self) -> Idempotency {
        Idempotency::new(
            self.idempotency_keys.clone(),
            self.verification.clock.clone(),
        )
    }

    pub fn suppression_lists(&self) -> SuppressionLists {
        SuppressionLists::new(self.suppressions.clone(), self.verification.clock.clone())
    }

    pub fn reputations(&self, thresholds: Thresholds) -> Reputations {
        Reputations::new(
            self.counters.clone(),
            self.verification.senders.clone(),
            self.verification.clock.clone(),
            thresholds,
        )
    }

    /// Feedback ingestion, mirroring to the account-level list when there is one.
    pub fn ingest(&self, thresholds: Thresholds) -> Ingest {
        self.ingest_ports().ingest(thresholds)
    }

    /// The part of these ports that feedback ingestion uses.
    pub fn ingest_ports(&self) -> IngestPorts {
        IngestPorts {
            feedback: self.feedback.clone(),
            suppressions: self.suppressions.clone(),
            counters: self.counters.clone(),
            senders: self.verification.senders.clone(),
            account_suppression: self.account_suppression.clone(),
            clock: self.verification.clock.clone(),
        }
    }

    /// The part of these ports that the subdomain and sender use cases and the sweep use.
    pub fn sweep_ports(&self) -> SweepPorts {
        self.verification.clone()
    }

    /// The verification sweep, its SES reads paced by `pacer`, with a reconciler slice per
    /// run when the SES listing is there.
    pub fn sweep(
        &self,
        domains: DomainSettings,
        senders: SenderSettings,
        pacer: Arc<dyn Pacer>,
    ) -> Sweep {
        self.verification.sweep(domains, senders, pacer)
    }
}

/// The ports of the subdomain and sender use cases and the verification sweep, and no others.
/// The sweep function builds only these: every adapter behind a port is linked in through its
/// vtable, so a function built over all of [`Ports`] carries the code of the idempotency,
/// feedback, counter and suppression calls it never makes.
#[derive(Clone)]
pub struct SweepPorts {
    pub domains: Arc<dyn DomainStore>,
    pub senders: Arc<dyn SenderStore>,
    pub due: Arc<dyn DueIndex>,
    /// The reconciler's view of the table.
    pub reconcile: Arc<dyn ReconcileStore>,
    pub ses: Arc<dyn EmailIdentities>,
    /// The SES account's identity listing; without it the sweep runs no reconciler.
    pub listing: Option<Arc<dyn IdentityListing>>,
    pub followups: Arc<dyn FollowUps>,
    /// DNS for the record checks; without it the sweep asks SES on its cadence alone.
    pub dns: Option<Arc<dyn DnsLookup>>,
    pub clock: Arc<dyn Clock>,
}

impl SweepPorts {
    /// Every SES call through the account-wide budget (`ses_budget`), counted by caller in
    /// `log`; `clock` times the bucket and must be the wall clock shared by every function.
    pub fn with_ses_budget(
        self,
        budget: Arc<dyn SesBudget>,
        log: Arc<dyn SesCallLog>,
        clock: Arc<dyn Clock>,
        settings: BudgetSettings,
    ) -> Self {
        let gate = Arc::new(BudgetedSes::new(
            self.ses.clone(),
            budget,
            log,
            clock,
            settings,
        ));
        // The reconciler's listing is an SES call too: the same budget admits it.
        let listing = self.listing.clone().map(|inner| {
            Arc::new(BudgetedListing::new(inner, gate.clone())) as Arc<dyn IdentityListing>
        });
        Self {
            ses: gate,
            listing,
            ..self
        }
    }

    pub fn domains(&self, settings: DomainSettings) -> Domains {
        let domains = Domains::new(
            self.domains.clone(),
            self.ses.clone(),
            self.followups.clone(),
            self.clock.clone(),
            settings,
        );
        match &self.dns {
            Some(dns) => domains.with_dns(dns.clone()),
            None => domains,
        }
    }

    pub fn senders(&self, settings: SenderSettings) -> Senders {
        Senders::new(
            self.senders.clone(),
            self.domains.clone(),
            self.ses.clone(),
            self.followups.clone(),
            self.clock.clone(),
            settings,
        )
    }

    /// The verification sweep, its SES reads paced by `pacer`, with a reconciler slice per
    /// run when the SES listing is there.
    pub fn sweep(
        &self,
        domains: DomainSettings,
        senders: SenderSettings,
        pacer: Arc<dyn Pacer>,
    ) -> Sweep {
        let sweep = Sweep::new(
            self.due.clone(),
            self.domains(domains),
            self.senders(senders),
            pacer.clone(),
            self.clock.clone(),
        );
        match &self.listing {
            Some(listing) => {
                let reconciler = Reconciler::new(
                    listing.clone(),
                    self.ses.clone(),
                    self.reconcile.clone(),
                    self.senders.clone(),
                    sweep.domains().clone(),
                    pacer,
                    self.clock.clone(),
                );
                sweep.with_reconciler(reconciler)
            }
            None => sweep,
        }
    }
}

/// The ports feedback ingestion needs and no others. The feedback function builds only these:
/// every adapter behind a port is linked in through its vtable, so a function built over all of
/// [`Ports`] carries the code of every SES, Scheduler and DNS call the others make.
#[derive(Clone)]
pub struct IngestPorts {
    pub feedback: Arc<dyn FeedbackStore>,
    pub suppressions: Arc<dyn SuppressionList>,
    pub counters: Arc<dyn DailyCounters>,
    /// For pausing a sender whose rates cross a pause threshold.
    pub senders: Arc<dyn SenderStore>,
    /// The SES account-level suppression list, when suppressions are mirrored to it.
    pub account_suppression: Option<Arc<dyn AccountSuppression>>,
    pub clock: Arc<dyn Clock>,
}

impl IngestPorts {
    /// Feedback ingestion, mirroring to the account-level list when there is one.
    pub fn ingest(&self, thresholds: Thresholds) -> Ingest {
        let reputations = Reputations::new(
            self.counters.clone(),
            self.senders.clone(),
            self.clock.clone(),
            thresholds,
        );
        let ingest = Ingest::new(
            self.feedback.clone(),
            self.suppressions.clone(),
            reputations,
            self.clock.clone(),
        );
        match &self.account_suppression {
            Some(mirror) => ingest.with_account_mirror(mirror.clone()),
            None => ingest,
        }
    }
}
