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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use chrono::{DateTime, Duration, Utc};

    use super::*;
    use crate::ports::clock::ManualClock;
    use crate::ports::{Spent, StoreError};

    /// Grants a token while it has some, then answers `Spent` for the account.
    struct Tokens(Mutex<u32>);

    #[async_trait]
    impl SesBudget for Tokens {
        async fn take(&self, _: &Caller, now: DateTime<Utc>) -> Result<DateTime<Utc>, TakeError> {
            let mut left = self.0.lock().map_err(|_| StoreError("poisoned".into()))?;
            match left.checked_sub(1) {
                Some(rest) => {
                    *left = rest;
                    Ok(now)
                }
                None => Err(TakeError::Spent(Spent {
                    scope: Scope::Account,
                    retry_after: Duration::seconds(60),
                })),
            }
        }
    }

    #[derive(Default)]
    struct Log(Mutex<Vec<(&'static str, CallOutcome)>>);

    impl SesCallLog for Log {
        fn record(&self, caller: &Caller, outcome: CallOutcome) {
            if let Ok(mut seen) = self.0.lock() {
                seen.push((caller.name(), outcome));
            }
        }
    }

    /// The identity calls are not under test here: each answers NotFound.
    struct NoIdentities;

    #[async_trait]
    impl EmailIdentities for NoIdentities {
        async fn create_domain(
            &self,
            _: &DomainName,
            _: &[Tag],
        ) -> Result<DkimSetup, IdentityError> {
            Err(IdentityError::NotFound)
        }
        async fn set_mail_from(&self, _: &DomainName, _: &DomainName) -> Result<(), IdentityError> {
            Err(IdentityError::NotFound)
        }
        async fn create_address(&self, _: &EmailAddress, _: &[Tag]) -> Result<(), IdentityError> {
            Err(IdentityError::NotFound)
        }
        async fn tags(&self, _: &str) -> Result<Vec<Tag>, IdentityError> {
            Err(IdentityError::NotFound)
        }
        async fn get(&self, _: &str) -> Result<IdentitySnapshot, IdentityError> {
            Err(IdentityError::NotFound)
        }
        async fn delete(&self, _: &str) -> Result<(), IdentityError> {
            Err(IdentityError::NotFound)
        }
    }

    #[derive(Default)]
    struct Listing(Mutex<u32>);

    #[async_trait]
    impl IdentityListing for Listing {
        async fn list(&self, _: u32, _: Option<String>) -> Result<IdentityPage, IdentityError> {
            if let Ok(mut calls) = self.0.lock() {
                *calls += 1;
            }
            Ok(IdentityPage {
                names: vec!["mail.example.com".to_owned()],
                next: None,
            })
        }
    }

    fn listing_behind(tokens: u32) -> (BudgetedListing, Arc<Listing>, Arc<Log>) {
        let inner = Arc::new(Listing::default());
        let log = Arc::new(Log::default());
        let clock = Arc::new(ManualClock::new(DateTime::UNIX_EPOCH));
        let ses: Arc<dyn EmailIdentities> = Arc::new(NoIdentities);
        let gate = Arc::new(BudgetedSes::new(
            ses,
            Arc::new(Tokens(Mutex::new(tokens))),
            log.clone(),
            clock,
            BudgetSettings::default(),
        ));
        (BudgetedListing::new(inner.clone(), gate), inner, log)
    }

    fn calls(listing: &Listing) -> u32 {
        listing.0.lock().map(|n| *n).unwrap_or(u32::MAX)
    }

    #[tokio::test]
    async fn the_reconcilers_listing_takes_a_token_and_is_counted_for_its_caller() {
        let (listing, inner, log) = listing_behind(1);
        let page = acting_as(Caller::Sweep, listing.list(10, None)).await;
        assert_eq!(page.map(|p| p.names.len()).ok(), Some(1));
        assert_eq!(calls(&inner), 1);
        let seen = log.0.lock().map(|s| s.clone()).unwrap_or_default();
        assert_eq!(seen, [("sweep", CallOutcome::Answered)]);
    }

    #[tokio::test]
    async fn a_spent_budget_refuses_the_listing_without_calling_ses() {
        let (listing, inner, log) = listing_behind(0);
        let refused = acting_as(Caller::Sweep, listing.list(10, None)).await;
        assert!(
            matches!(refused, Err(IdentityError::BudgetSpent(_))),
            "{refused:?}"
        );
        assert_eq!(calls(&inner), 0, "SES was not asked");
        let seen = log.0.lock().map(|s| s.clone()).unwrap_or_default();
        assert_eq!(seen, [("sweep", CallOutcome::Refused)]);
    }
}
