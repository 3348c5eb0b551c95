//! Building the API from its environment, once per cold start.

use std::sync::Arc;

use adapters::config::{ConfigError, optional, required};
use adapters::dynamo::DynamoStore;
use adapters::feedback_settings::thresholds_from_env;
use adapters::ses::SesIdentities;
use adapters::settings::{domain_settings_from_env, sender_settings_from_env};
use aws_config::SdkConfig;
use domain::ports::clock::SystemClock;

use crate::auth::AuthConfig;
use crate::state::AppState;

/// The claim names and admin role, from `TENANT_CLAIM`, `ROLES_CLAIM`, `ADMIN_ROLE`.
pub fn auth_from_env() -> AuthConfig {
    let defaults = AuthConfig::default();
    AuthConfig {
        tenant_claim: optional("TENANT_CLAIM").unwrap_or(defaults.tenant_claim),
        roles_claim: optional("ROLES_CLAIM").unwrap_or(defaults.roles_claim),
        admin_role: optional("ADMIN_ROLE").unwrap_or(defaults.admin_role),
    }
}

/// The handlers' state over DynamoDB (`TABLE_NAME`) and SES (`SES_CONFIGURATION_SET`).
pub fn state_from_env(sdk: &SdkConfig) -> Result<AppState, ConfigError> {
    let store = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::new(sdk),
        required("TABLE_NAME")?,
    ));
    let ses = Arc::new(SesIdentities::new(
        aws_sdk_sesv2::Client::new(sdk),
        optional("SES_CONFIGURATION_SET"),
    ));
    let domain_settings = domain_settings_from_env(sdk)?;
    let sender_settings = sender_settings_from_env(domain_settings.platform_domain.clone())?;
    Ok(AppState::new(
        store,
        ses,
        adapters::config::followups(sdk),
        Arc::new(SystemClock),
        domain_settings,
        sender_settings,
    )
    .with_thresholds(thresholds_from_env()?))
}
