//! Deployment settings every function reads the same way, from the environment.

use aws_config::SdkConfig;
use domain::domains::DomainSettings;
use domain::names::{DisplayName, DomainName, EmailAddress, MailFromLabel};
use domain::ownership::quota::{ResendLimits, SharedAccount};
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
        account: shared_account_from_env()?,
    })
}

fn count(raw: &str) -> Result<u32, String> {
    raw.parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{raw}` is not a positive whole number"))
}

fn seconds(raw: &str) -> Result<chrono::Duration, String> {
    count(raw).map(|s| chrono::Duration::seconds(i64::from(s)))
}

fn hours(raw: &str) -> Result<chrono::Duration, String> {
    count(raw).map(|h| chrono::Duration::hours(i64::from(h)))
}

/// The shared SES account's rules: `SES_OWNERSHIP_SERVICE` (tag value), `MAX_SUBDOMAINS_PER_TENANT`,
/// `MAX_SENDERS_PER_TENANT`, `MAX_SUPPRESSIONS_PER_TENANT` (added by hand), `RESEND_PER_WINDOW`,
/// `RESEND_WINDOW_SECONDS`, `RESEND_PER_DAY`, `VERIFY_FRESH_SECONDS`,
/// `EXPIRE_FAILED_AFTER_HOURS`; defaults in
/// [`SharedAccount::default`].
pub fn shared_account_from_env() -> Result<SharedAccount, ConfigError> {
    let d = SharedAccount::default();
    Ok(SharedAccount {
        service: parsed_or("SES_OWNERSHIP_SERVICE", d.service, |raw| {
            Ok::<_, String>(raw.to_owned())
        })?,
        max_subdomains: parsed_or("MAX_SUBDOMAINS_PER_TENANT", d.max_subdomains, count)?,
        max_senders: parsed_or("MAX_SENDERS_PER_TENANT", d.max_senders, count)?,
        max_suppressions: parsed_or("MAX_SUPPRESSIONS_PER_TENANT", d.max_suppressions, count)?,
        resend: ResendLimits {
            per_window: parsed_or("RESEND_PER_WINDOW", d.resend.per_window, count)?,
            window: parsed_or("RESEND_WINDOW_SECONDS", d.resend.window, seconds)?,
            per_day: parsed_or("RESEND_PER_DAY", d.resend.per_day, count)?,
        },
        fresh_for: parsed_or("VERIFY_FRESH_SECONDS", d.fresh_for, seconds)?,
        expire_after: parsed_or("EXPIRE_FAILED_AFTER_HOURS", d.expire_after, hours)?,
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
        account: shared_account_from_env()?,
        default_sender: DefaultSender::new(email, display_name, platform_domain.as_ref()),
        platform_domain,
    })
}
