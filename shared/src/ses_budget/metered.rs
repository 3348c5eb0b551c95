//! [`BudgetedSes`]: the SES port behind the budget. Every call takes a token for the current
//! [`Caller`] first and is counted by caller ([`SesCallLog`]).
//!
//! The caller is set around a whole request or invocation with [`acting_as`] (the API for the
//! request's tenant, the sweep handler for a run or a follow-up) rather than passed to every
//! use case: the SES port's signature, used throughout, stays as it is.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

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
    /// How long the budget takes to answer (ms, see [`Self::learn`]): takes ask for a slot
    /// that far ahead, so a slow table does not make every grant arrive after its slot.
    lead_ms: AtomicI64,
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
            lead_ms: AtomicI64::new(0),
        }
        .starting_lead()
    }

    /// Before the first answer, slots are asked for a grace ahead.
    fn starting_lead(self) -> Self {
        let grace = self.grace().num_milliseconds();
        self.lead_ms.store(grace, Ordering::Relaxed);
        self
    }

    /// Learns from one answer that took `took_ms`: the lead rises to a slower answer at once
    /// and decays by an eighth with each faster one, so it follows the slow answers of a busy
    /// table rather than the fast ones between them.
    fn learn(&self, took_ms: i64) {
        let old = self.lead_ms.load(Ordering::Relaxed);
        self.lead_ms
            .store(took_ms.max(old * 7 / 8), Ordering::Relaxed);
    }

    /// How long a caller keeps trying for a slot: an interactive one for as long as it may book
    /// ahead, a background one for `background_wait`.
    fn patience(&self, caller: &Caller) -> std::time::Duration {
        let patience = if caller.is_interactive() {
            self.settings.interactive_wait
        } else {
            self.settings.background_wait
        };
        patience.to_std().unwrap_or_default()
    }

    /// How late a granted slot may still be used: a fifth of the interval between two calls,
    /// plus the burst's length (calls the bucket lets go back to back may as well go a little
    /// late). A grant that reaches the caller later than that (the budget's table answered
    /// slowly) is dropped and another slot taken. So at a burst of 1 (the default) calls go
    /// out at most a fifth of an interval late and stay at least four fifths of an interval
    /// apart, never bunched up behind a slow answer.
    fn grace(&self) -> chrono::Duration {
        let rule = self.settings.account(false);
        chrono::Duration::milliseconds(rule.interval_ms / 5 + rule.burst_ms)
    }

    /// How far ahead to ask for a slot: how long the budget takes to answer, at most one
    /// interval and the burst's length.
    fn lead(&self) -> chrono::Duration {
        let rule = self.settings.account(false);
        let most = rule.interval_ms + rule.burst_ms;
        chrono::Duration::milliseconds(self.lead_ms.load(Ordering::Relaxed).clamp(0, most))
    }

    /// Waits for a token. Interactive callers wait at most for the slot they booked (never
    /// more than `interactive_wait`) and are refused at once when none is near; background
    /// callers wait for a free slot up to `background_wait`. A slot is asked for as of the
    /// moment the budget's answer is expected ([`Self::lead`]); one that passed all the same
    /// is not used: the caller takes another while its patience lasts.
    async fn admit(&self, caller: &Caller) -> Result<(), IdentityError> {
        let started = tokio::time::Instant::now();
        let patience = self.patience(caller);
        loop {
            let asked = self.clock.now();
            let taken = self.budget.take(caller, asked + self.lead()).await;
            let answered = self.clock.now();
            self.learn((answered - asked).num_milliseconds());
            match taken {
                Ok(at) => {
                    if answered <= at + self.grace() {
                        if let Ok(wait) = (at - answered).to_std() {
                            tokio::time::sleep(wait).await;
                        }
                        return Ok(());
                    }
                    let late_ms = (answered - at).num_milliseconds();
                    tracing::info!(caller = caller.name(), late_ms, "SES budget slot missed");
                    if started.elapsed() >= patience {
                        return Err(self.refuse(caller, self.grace().to_std().unwrap_or_default()));
                    }
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
                        tracing::info!(
                            caller = caller.name(),
                            scope = ?spent.scope,
                            retry_after_ms = spent.retry_after.num_milliseconds(),
                            "SES budget spent"
                        );
                        return Err(self.refuse(caller, wait));
                    }
                    // Jittered, so waiting sweeps do not all ask at the same instant.
                    let jitter = std::time::Duration::from_millis(rand::rng().random_range(0..50));
                    tokio::time::sleep(wait + jitter).await;
                }
            }
        }
    }

    fn refuse(&self, caller: &Caller, wait: std::time::Duration) -> IdentityError {
        self.log.record(caller, CallOutcome::Refused);
        IdentityError::BudgetSpent(wait)
    }

    /// One SES call, admitted and counted: up to [`ATTEMPTS`] attempts while SES answers
    /// TooManyRequests (someone outside the budget used the account's rate), each admitted by
    /// the budget like a call of its own. The SDK makes one attempt per call
    /// (`adapters::ses`), so no attempt reaches SES unadmitted. When the budget has no slot for
    /// another attempt, the throttle is the answer.
    async fn call<T, F, Fut>(&self, call: F) -> Result<T, IdentityError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, IdentityError>>,
    {
        let caller = current_caller();
        self.admit(&caller).await?;
        let mut attempt = 1;
        loop {
            let result = call().await;
            if !matches!(result, Err(IdentityError::Throttled)) {
                self.log.record(&caller, CallOutcome::Answered);
                return result;
            }
            self.log.record(&caller, CallOutcome::Throttled);
            if attempt == ATTEMPTS || self.admit(&caller).await.is_err() {
                return result;
            }
            attempt += 1;
        }
    }
}

/// SES calls per use of the port, counting retries after a throttle.
const ATTEMPTS: u32 = 3;

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
        self.gate.call(|| self.inner.list(size, next.clone())).await
    }
}

#[async_trait]
impl EmailIdentities for BudgetedSes {
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError> {
        self.call(|| self.inner.create_domain(name, tags)).await
    }

    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError> {
        self.call(|| self.inner.set_mail_from(name, mail_from))
            .await
    }

    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError> {
        self.call(|| self.inner.create_address(address, tags)).await
    }

    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError> {
        self.call(|| self.inner.tags(identity)).await
    }

    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError> {
        self.call(|| self.inner.get(identity)).await
    }

    async fn delete(&self, identity: &str) -> Result<(), IdentityError> {
        self.call(|| self.inner.delete(identity)).await
    }
}

#[cfg(test)]
#[path = "metered_tests.rs"]
mod tests;
