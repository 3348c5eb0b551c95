//! What every handler shares: the use cases, built once at cold start.

use domain::domains::{DomainSettings, Domains};
use domain::reputation::{Reputations, Thresholds};
use domain::senders::{SenderSettings, Senders};
use domain::suppressions::SuppressionLists;
use domain::wiring::Ports;

#[derive(Clone)]
pub struct AppState {
    pub domains: Domains,
    pub senders: Senders,
    pub suppressions: SuppressionLists,
    pub reputations: Reputations,
}

impl AppState {
    /// The API's use cases over `ports` (see `domain::wiring`).
    pub fn new(
        ports: &Ports,
        domains: DomainSettings,
        senders: SenderSettings,
        thresholds: Thresholds,
    ) -> Self {
        let max_suppressions = domains.account.max_suppressions;
        Self {
            domains: ports.domains(domains),
            senders: ports.senders(senders),
            suppressions: ports.suppression_lists().with_limit(max_suppressions),
            reputations: ports.reputations(thresholds),
        }
    }
}
