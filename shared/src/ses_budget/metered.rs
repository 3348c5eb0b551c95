//! [`BudgetedSes`]: the SES port behind the budget. Every call takes a token for the current
//! [`Caller`] first and is counted by caller ([`SesCallLog`]).
//!
//! The caller is set around a whole request or invocation with [`acting_as`] (the API for the
//! request's tenant, the sweep handler for a run or a follow-up) rather than passed to every
//! use case: the SES port's signature, used throughout, stays as it is.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use rand::Rng;

use super::BudgetSettings;
use crate::names::{DomainName, EmailAddress};
use crate::ownership::tags::Tag;
use crate::ports::clock::Clock;
use crate::ports::{
    CallOutcome, Caller, DkimSetup, EmailIdentities, IdentityError, IdentityListing, IdentityPage,
    IdentitySnapshot, Scope, SesBudget, SesCallLog, TakeError,
};

tokio::task_local! {
    static CALLER: Caller;
}

/// Runs `work` with every SES call in it charged to `caller`.
pub async fn acting_as<F: Future>(caller: Caller, work: F) -> F::Output {
    CALLER.scope(caller, work).await
}

/// The caller SES calls are charged to here ([`Caller::Internal`] outside [`acting_as`]).
pub fn current_caller() -> Caller {
    CALLER.try_with(Caller::clone).unwrap_or(Caller::Internal)
}

/// The SES port with every call admitted by the budget first.
pub struct BudgetedSes {
    inner: Arc<dyn EmailIdentities>,
    budget: Arc<dyn SesBudget>,
    log: Arc<dyn SesCallLog>,
    clock: Arc<dyn Clock>,
    settings: BudgetSettings,
}

impl BudgetedSes {
    /// `clock` times the bucket; it must be the same wall clock in every function.
    pub fn new(
        inner: Arc<dyn EmailIdentities>,
        budget: Arc<dyn SesBudget>,
        log: Arc<dyn SesCallLog>,
        clock: Arc<dyn Clock>,
        settings: BudgetSettings,
    ) -> Self {
        Self {
            inner,
            budget,
            log,
            clock,
            settings,
        }
    }

    /// Waits for a token. Interactive callers wait at most for the slot they booked (never
    /// more than `interactive_wait`) and are refused at once when none is near; background
    /// callers wait for a free slot up to `background_wait`.
    async fn admit(&self, caller: &Caller) -> Result<(), IdentityError> {
        let started = tokio::time::Instant::now();
        let patience = self.settings.background_wait.to_std().unwrap_or_default();
        loop {
            let now = self.clock.now();
            match self.budget.take(caller, now).await {
                Ok(at) => {
                    if let Ok(wait) = (at - now).to_std() {
                        tokio::time::sleep(wait).await;
                    }
                    return Ok(());
                }
                Err(TakeError::Store(error)) => {
                    // SES still throttles by itself; the table being down must not stop checks.
                    tracing::warn!(%error, "SES budget unreadable: calling SES without it");
                    return Ok(());
                }
                Err(TakeError::Spent(spent)) => {
                    let wait = spent.retry_after.to_std().unwrap_or_default();
                    let gives_up = caller.is_interactive()
                        || spent.scope == Scope::Tenant
                        || started.elapsed() + wait > patience;
                    if gives_up {
                        self.log.record(caller, CallOutcome::Refused);
                        tracing::info!(
                            caller = caller.name(),
                            scope = ?spent.scope,
                            retry_after_ms = spent.retry_after.num_milliseconds(),
                            "SES budget spent"
                        );
                        return Err(IdentityError::BudgetSpent(wait));
                    }
                    // Jittered, so waiting sweeps do not all ask at the same instant.
                    let jitter = std::time::Duration::from_millis(rand::rng().random_range(0..50));
                    tokio::time::sleep(wait + jitter).await;
                }
            }
        }
    }

    /// One SES call, admitted and counted.
    async fn call<T, F>(&self, call: F) -> Result<T, IdentityError>
    where
        F: Future<Output = Result<T, IdentityError>>,
    {
        let caller = current_caller();
        self.admit(&caller).await?;
        let result = call.await;
        let outcome = match &result {
            Err(IdentityError::Throttled) => CallOutcome::Throttled,
            _ => CallOutcome::Answered,
        };
        self.log.record(&caller, outcome);
        result
    }
}

/// The account's identity listing (the reconciler's `ListEmailIdentities`) behind the same
/// budget: a call to SES like any other.
pub struct BudgetedListing {
    inner: Arc<dyn IdentityListing>,
    gate: Arc<BudgetedSes>,
}

impl BudgetedListing {
    pub fn new(inner: Arc<dyn IdentityListing>, gate: Arc<BudgetedSes>) -> Self {
        Self { inner, gate }
    }
}

#[async_trait]
impl IdentityListing for BudgetedListing {
    async fn list(&self, size: u32, next: Option<String>) -> Result<IdentityPage, IdentityError> {
        self.gate.call(self.inner.list(size, next)).await
    }
}

#[async_trait]
impl EmailIdentities for BudgetedSes {
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError> {
        self.call(self.inner.create_domain(name, tags)).await
    }

    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError> {
        self.call(self.inner.set_mail_from(name, mail_from)).await
    }

    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError> {
        self.call(self.inner.create_address(address, tags)).await
    }

    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError> {
        self.call(self.inner.tags(identity)).await
    }

    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError> {
        self.call(self.inner.get(identity)).await
    }

    async fn delete(&self, identity: &str) -> Result<(), IdentityError> {
        self.call(self.inner.delete(identity)).await
    }
}
