//! Deployment settings every function reads the same way, from the environment.

use aws_config::SdkConfig;
use domain::domains::DomainSettings;
use domain::names::{DisplayName, DomainName, EmailAddress, MailFromLabel};
use domain::senders::{DefaultSender, SenderSettings};

use crate::config::{ConfigError, parsed_or, required};

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

/// The platform default sender from `DEFAULT_SENDER_EMAIL` and `DEFAULT_SENDER_NAME` (its SES
/// identity follows [`DefaultSender::new`]).
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
    Ok(SenderSettings {
        default_sender: DefaultSender::new(email, display_name, platform_domain.as_ref()),
        platform_domain,
    })
}
