//! What every handler shares: the use cases, built once at cold start.

use std::sync::Arc;

use domain::clock::Clock;
use domain::domains::{DomainSettings, Domains};
use domain::ports::{DomainStore, EmailIdentities, FollowUps, SenderStore};
use domain::senders::{SenderSettings, Senders};

#[derive(Clone)]
pub struct AppState {
    pub domains: Domains,
    pub senders: Senders,
}

impl AppState {
    /// The use cases over one store (every storage port), one SES client and the follow-up
    /// scheduler.
    pub fn new<S>(
        store: Arc<S>,
        ses: Arc<dyn EmailIdentities>,
        followups: Arc<dyn FollowUps>,
        clock: Arc<dyn Clock>,
        domains: DomainSettings,
        senders: SenderSettings,
    ) -> Self
    where
        S: DomainStore + SenderStore + 'static,
    {
        Self {
            domains: Domains::new(
                store.clone(),
                ses.clone(),
                followups.clone(),
                clock.clone(),
                domains,
            ),
            senders: Senders::new(store.clone(), store, ses, followups, clock, senders),
        }
    }
}
