//! `BudgetedSes` and `BudgetedListing` over fakes: what is admitted, refused, retried and counted.

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
    // The identity calls are not under test here.
    let ses: Arc<dyn EmailIdentities> = Arc::new(Throttling::default());
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

/// An SES whose `delete` answers TooManyRequests `throttles` times, then succeeds; it counts
/// every call.
#[derive(Default)]
struct Throttling {
    throttles: Mutex<u32>,
    calls: Mutex<u32>,
}

impl Throttling {
    fn new(throttles: u32) -> Self {
        Self {
            throttles: Mutex::new(throttles),
            calls: Mutex::default(),
        }
    }

    fn calls(&self) -> u32 {
        self.calls.lock().map(|n| *n).unwrap_or(u32::MAX)
    }
}

#[async_trait]
impl EmailIdentities for Throttling {
    async fn create_domain(&self, _: &DomainName, _: &[Tag]) -> Result<DkimSetup, IdentityError> {
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
        let mut calls = self.calls.lock().map_err(|_| IdentityError::NotFound)?;
        *calls += 1;
        let mut left = self.throttles.lock().map_err(|_| IdentityError::NotFound)?;
        match left.checked_sub(1) {
            Some(rest) => {
                *left = rest;
                Err(IdentityError::Throttled)
            }
            None => Ok(()),
        }
    }
}

fn gate_over(
    ses: Arc<Throttling>,
    budget: Arc<dyn SesBudget>,
    clock: Arc<ManualClock>,
) -> (BudgetedSes, Arc<Log>) {
    gate_with(ses, budget, clock, BudgetSettings::default())
}

fn gate_with(
    ses: Arc<Throttling>,
    budget: Arc<dyn SesBudget>,
    clock: Arc<ManualClock>,
    settings: BudgetSettings,
) -> (BudgetedSes, Arc<Log>) {
    let log = Arc::new(Log::default());
    let gate = BudgetedSes::new(ses, budget, log.clone(), clock, settings);
    (gate, log)
}

fn epoch_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(DateTime::UNIX_EPOCH))
}

fn seen(log: &Log) -> Vec<CallOutcome> {
    log.0
        .lock()
        .map(|s| s.iter().map(|(_, outcome)| *outcome).collect())
        .unwrap_or_default()
}

fn left(tokens: &Tokens) -> u32 {
    tokens.0.lock().map(|n| *n).unwrap_or(u32::MAX)
}

#[tokio::test]
async fn a_throttled_call_is_retried_with_a_token_of_its_own() {
    let ses = Arc::new(Throttling::new(1));
    let tokens = Arc::new(Tokens(Mutex::new(10)));
    let (gate, log) = gate_over(ses.clone(), tokens.clone(), epoch_clock());
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Ok(()));
    assert_eq!(ses.calls(), 2);
    assert_eq!(left(&tokens), 8, "each attempt took a token");
    assert_eq!(seen(&log), [CallOutcome::Throttled, CallOutcome::Answered]);
}

#[tokio::test]
async fn a_call_throttled_every_time_stops_after_its_attempts() {
    let ses = Arc::new(Throttling::new(u32::MAX));
    let tokens = Arc::new(Tokens(Mutex::new(10)));
    let (gate, log) = gate_over(ses.clone(), tokens.clone(), epoch_clock());
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Err(IdentityError::Throttled));
    assert_eq!(ses.calls(), ATTEMPTS);
    assert_eq!(left(&tokens), 10 - ATTEMPTS);
    assert_eq!(seen(&log), vec![CallOutcome::Throttled; ATTEMPTS as usize]);
}

#[tokio::test]
async fn no_retry_goes_out_without_a_token_the_throttle_is_the_answer() {
    let ses = Arc::new(Throttling::new(1));
    let tokens = Arc::new(Tokens(Mutex::new(1)));
    let (gate, log) = gate_over(ses.clone(), tokens.clone(), epoch_clock());
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Err(IdentityError::Throttled));
    assert_eq!(ses.calls(), 1, "the retry found no token and was not made");
    assert_eq!(seen(&log), [CallOutcome::Throttled, CallOutcome::Refused]);
}

/// Grants every take at the instant asked for, but its first `slow` answers arrive `delay`
/// later (a slow table). Records the instants asked for.
struct SlowGrants {
    clock: Arc<ManualClock>,
    delay: Duration,
    slow: u32,
    asked: Mutex<Vec<DateTime<Utc>>>,
}

impl SlowGrants {
    fn new(clock: Arc<ManualClock>, delay: Duration, slow: u32) -> Self {
        Self {
            clock,
            delay,
            slow,
            asked: Mutex::default(),
        }
    }

    fn asked(&self) -> Vec<DateTime<Utc>> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl SesBudget for SlowGrants {
    async fn take(&self, _: &Caller, now: DateTime<Utc>) -> Result<DateTime<Utc>, TakeError> {
        let mut asked = self
            .asked
            .lock()
            .map_err(|_| StoreError("poisoned".into()))?;
        asked.push(now);
        if asked.len() <= self.slow as usize {
            self.clock.advance(self.delay);
        }
        Ok(now)
    }
}

fn ms(n: i64) -> Duration {
    Duration::milliseconds(n)
}

#[tokio::test]
async fn a_slot_that_passed_while_the_budget_answered_is_not_used() {
    let clock = epoch_clock();
    let budget = Arc::new(SlowGrants::new(clock.clone(), ms(1000), 1));
    let ses = Arc::new(Throttling::new(0));
    let (gate, log) = gate_over(ses.clone(), budget.clone(), clock);
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Ok(()));
    assert_eq!(
        budget.asked().len(),
        2,
        "the late grant was dropped and another slot taken"
    );
    assert_eq!(ses.calls(), 1);
    assert_eq!(seen(&log), [CallOutcome::Answered]);
}

#[tokio::test]
async fn a_grant_answered_within_its_grace_is_used() {
    let clock = epoch_clock();
    let budget = Arc::new(SlowGrants::new(clock.clone(), ms(390), 1));
    let ses = Arc::new(Throttling::new(0));
    let (gate, _) = gate_over(ses.clone(), budget.clone(), clock);
    // The grace is a fifth of the interval: 200 ms at the default one call a second. The first
    // take asks for a slot a grace ahead, so an answer within twice the grace is in time.
    assert_eq!(gate.grace(), ms(200));
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Ok(()));
    assert_eq!(budget.asked().len(), 1);
    assert_eq!(ses.calls(), 1);
}

#[tokio::test]
async fn a_slow_budget_is_asked_for_a_slot_as_far_ahead_as_it_takes_to_answer() {
    let clock = epoch_clock();
    // Every answer takes 500 ms, more than the starting lead and the grace together.
    let budget = Arc::new(SlowGrants::new(clock.clone(), ms(500), u32::MAX));
    let ses = Arc::new(Throttling::new(0));
    let (gate, _) = gate_over(ses.clone(), budget.clone(), clock);
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Ok(()));
    let epoch = DateTime::UNIX_EPOCH;
    assert_eq!(
        budget.asked(),
        [epoch + ms(200), epoch + ms(500) + ms(500)],
        "the first take asked a grace ahead and its grant came too late; the second asked \
         as far ahead as the first took to answer, and its grant came in time"
    );
    assert_eq!(ses.calls(), 1);
}

#[tokio::test]
async fn within_a_burst_a_late_grant_is_still_used() {
    let clock = epoch_clock();
    // 100 calls a second, 100 back to back: the interval is 10 ms, the burst 990 ms long.
    let settings = BudgetSettings {
        per_second: 100.0,
        burst: 100,
        ..BudgetSettings::default()
    };
    let budget = Arc::new(SlowGrants::new(clock.clone(), ms(500), u32::MAX));
    let ses = Arc::new(Throttling::new(0));
    let (gate, _) = gate_with(ses.clone(), budget.clone(), clock, settings);
    assert_eq!(gate.grace(), ms(2 + 990));
    let deleted = acting_as(Caller::Sweep, gate.delete("mail.example.com")).await;
    assert_eq!(deleted, Ok(()));
    assert_eq!(
        budget.asked().len(),
        1,
        "a 500 ms answer is within the burst"
    );
    assert_eq!(ses.calls(), 1);
}
