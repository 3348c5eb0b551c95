//! What every handler shares: the use cases, built once at cold start.

use std::sync::Arc;

use domain::domains::{DomainSettings, Domains};
use domain::ports::clock::Clock;
use domain::ports::{DailyCounters, SuppressionList};
use domain::ports::{DomainStore, EmailIdentities, FollowUps, SenderStore};
use domain::reputation::{Reputations, Thresholds};
use domain::senders::{SenderSettings, Senders};
use domain::suppressions::SuppressionLists;

#[derive(Clone)]
pub struct AppState {
    pub domains: Domains,
    pub senders: Senders,
    pub suppressions: SuppressionLists,
    /// With the default thresholds until [`AppState::with_thresholds`].
    pub reputations: Reputations,
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
        S: DomainStore + SenderStore + SuppressionList + DailyCounters + 'static,
    {
        Self {
            domains: Domains::new(
                store.clone(),
                ses.clone(),
                followups.clone(),
                clock.clone(),
                domains,
            ),
            suppressions: SuppressionLists::new(store.clone(), clock.clone()),
            reputations: Reputations::new(
                store.clone(),
                store.clone(),
                clock.clone(),
                Thresholds::default(),
            ),
            senders: Senders::new(store.clone(), store, ses, followups, clock, senders),
        }
    }

    /// The reputation thresholds a deployment configured.
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Self {
        self.reputations = self.reputations.with_thresholds(thresholds);
        self
    }
}
