//! What every handler shares: the use cases, built once at cold start.

use domain::domains::Domains;

#[derive(Clone)]
pub struct AppState {
    pub domains: Domains,
}
