//! Building the API from its environment, once per cold start.

use adapters::SdkConfig;
use adapters::config::{ConfigError, optional};
use adapters::feedback_settings::thresholds_from_env;
use adapters::settings::{domain_settings_from_env, sender_settings_from_env};
use adapters::wiring::ports_from_env;
use domain::wiring::Ports;

use crate::auth::AuthConfig;
use crate::state::AppState;

/// The claim names and roles, from `TENANT_CLAIM`, `ROLES_CLAIM`, `ADMIN_ROLE`, `KNOWN_ROLES`.
pub fn auth_from_env() -> AuthConfig {
    let defaults = AuthConfig::default();
    AuthConfig {
        tenant_claim: optional("TENANT_CLAIM").unwrap_or(defaults.tenant_claim),
        roles_claim: optional("ROLES_CLAIM").unwrap_or(defaults.roles_claim),
        admin_role: optional("ADMIN_ROLE").unwrap_or(defaults.admin_role),
        known_roles: optional("KNOWN_ROLES")
            .map(|raw| {
                raw.split(',')
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect()
            })
            .unwrap_or(defaults.known_roles),
    }
}

/// The handlers' state over `ports`, with the settings of the environment.
pub fn state(ports: &Ports, sdk: &SdkConfig) -> Result<AppState, ConfigError> {
    let domain_settings = domain_settings_from_env(sdk)?;
    let sender_settings = sender_settings_from_env(domain_settings.platform_domain.clone())?;
    Ok(AppState::new(
        ports,
        domain_settings,
        sender_settings,
        thresholds_from_env()?,
    ))
}

/// The handlers' state over the deployment's adapters (see `adapters::wiring`).
pub fn state_from_env(sdk: &SdkConfig) -> Result<AppState, ConfigError> {
    state(&ports_from_env(sdk)?, sdk)
}
