//! Building the API from its environment, once per cold start.

use std::sync::Arc;

use adapters::config::{ConfigError, optional, parsed_or, required};
use adapters::dynamo::DynamoStore;
use adapters::ses::SesIdentities;
use aws_config::SdkConfig;
use domain::clock::SystemClock;
use domain::domains::DomainSettings;
use domain::names::{DisplayName, DomainName, EmailAddress, MailFromLabel};
use domain::senders::{DefaultSender, SenderSettings};

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

/// Subdomain rules from `PLATFORM_DOMAIN`, `MAIL_FROM_LABEL`, `DMARC_RUA` and the SDK region.
pub fn domain_settings_from_env(sdk: &SdkConfig) -> Result<DomainSettings, ConfigError> {
    Ok(DomainSettings {
        platform_domain: parsed_or("PLATFORM_DOMAIN", None, |raw| {
            DomainName::parse(raw).map(Some)
        })?,
        mail_from_label: parsed_or(
            "MAIL_FROM_LABEL",
            MailFromLabel::default(),
            MailFromLabel::parse,
        )?,
        dmarc_rua: parsed_or("DMARC_RUA", None, |raw| EmailAddress::parse(raw).map(Some))?,
        region: sdk
            .region()
            .map(|r| r.to_string())
            .ok_or(ConfigError::Missing("AWS_REGION"))?,
    })
}

/// The platform default sender from `DEFAULT_SENDER_EMAIL` and `DEFAULT_SENDER_NAME`. Its SES
/// identity is the platform domain when the address is under it, else the address itself.
pub fn sender_settings_from_env(
    platform_domain: Option<DomainName>,
) -> Result<SenderSettings, ConfigError> {
    let email = EmailAddress::parse(&required("DEFAULT_SENDER_EMAIL")?).map_err(|e| {
        ConfigError::Invalid {
            name: "DEFAULT_SENDER_EMAIL",
            reason: e.to_string(),
        }
    })?;
    let display_name = parsed_or("DEFAULT_SENDER_NAME", None, |raw| {
        DisplayName::parse(raw).map(Some)
    })?;
    let identity = match &platform_domain {
        Some(domain) if email.domain().is_same_or_under(domain) => domain.to_string(),
        _ => email.to_string(),
    };
    Ok(SenderSettings {
        platform_domain,
        default_sender: DefaultSender {
            email,
            display_name,
            identity,
        },
    })
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
        Arc::new(SystemClock),
        domain_settings,
        sender_settings,
    ))
}
