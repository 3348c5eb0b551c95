//! What every handler shares: the use cases, built once at cold start.

use std::sync::Arc;

use domain::clock::Clock;
use domain::domains::{DomainSettings, Domains};
use domain::ports::{DomainStore, EmailIdentities, SenderStore};
use domain::senders::{SenderSettings, Senders};

#[derive(Clone)]
pub struct AppState {
    pub domains: Domains,
    pub senders: Senders,
}

impl AppState {
    /// The use cases over one store (every storage port) and one SES client.
    pub fn new<S>(
        store: Arc<S>,
        ses: Arc<dyn EmailIdentities>,
        clock: Arc<dyn Clock>,
        domains: DomainSettings,
        senders: SenderSettings,
    ) -> Self
    where
        S: DomainStore + SenderStore + 'static,
    {
        Self {
            domains: Domains::new(store.clone(), ses.clone(), clock.clone(), domains),
            senders: Senders::new(store.clone(), store, ses, clock, senders),
        }
    }
}
