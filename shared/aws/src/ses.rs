//! `EmailIdentities` over the SESv2 API.

use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sesv2::types::{
    BehaviorOnMxFailure, DkimStatus, MailFromDomainStatus, Tag as SesTag, VerificationStatus,
};
use domain::dns::DkimToken;
use domain::names::{DomainName, EmailAddress};
use domain::ownership::tags::Tag;
use domain::ports::{DkimSetup, EmailIdentities, IdentityError, IdentitySnapshot};
use domain::status::SesStatus;

/// SESv2 identities, optionally tagged with a configuration set for event publishing.
#[derive(Debug, Clone)]
pub struct SesIdentities {
    client: Client,
    configuration_set: Option<String>,
}

impl SesIdentities {
    /// Identities through `client`, set to one attempt per call (`ses_retry`: retries are the
    /// SES budget's, so each is admitted).
    pub fn new(client: Client, configuration_set: Option<String>) -> Self {
        Self {
            client: crate::ses_retry::one_attempt(&client),
            configuration_set,
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// Maps a CreateEmailIdentity failure: there, `NotFoundException` can only mean that the
    /// configuration set does not exist, and `LimitExceededException` that the account's
    /// identity quota is full.
    fn create_error<E, R>(&self, error: SdkError<E, R>) -> IdentityError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let code = error.as_service_error().and_then(|e| e.code());
        match code {
            Some(crate::ses_retry::QUOTA_ERROR) => {
                IdentityError::QuotaExhausted(DisplayErrorContext(&error).to_string())
            }
            Some("NotFoundException") => IdentityError::ConfigurationSetMissing(format!(
                "SES has no configuration set `{}` (SES_CONFIGURATION_SET): {}",
                self.configuration_set.as_deref().unwrap_or_default(),
                DisplayErrorContext(&error)
            )),
            _ => identity_error(error),
        }
    }
}

/// Maps an SDK error to the port's error using the service's typed error codes.
pub(crate) fn identity_error<E, R>(error: SdkError<E, R>) -> IdentityError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let code = error
        .as_service_error()
        .and_then(|e| e.code())
        .map(str::to_owned);
    match code.as_deref() {
        Some("AlreadyExistsException") => IdentityError::AlreadyExists,
        Some("NotFoundException") => IdentityError::NotFound,
        Some("TooManyRequestsException" | "ConcurrentModificationException") => {
            IdentityError::Throttled
        }
        Some("LimitExceededException") => {
            IdentityError::QuotaExhausted(DisplayErrorContext(&error).to_string())
        }
        Some("BadRequestException" | "InvalidParameterValue") => {
            IdentityError::Rejected(DisplayErrorContext(&error).to_string())
        }
        _ => IdentityError::Unavailable(DisplayErrorContext(&error).to_string()),
    }
}

fn ses_tags(tags: &[Tag]) -> Result<Vec<SesTag>, IdentityError> {
    tags.iter()
        .map(|t| {
            SesTag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .map_err(|e| IdentityError::Unexpected(e.to_string()))
        })
        .collect()
}

fn ses_status(raw: &str) -> SesStatus {
    match raw {
        "SUCCESS" => SesStatus::Success,
        "FAILED" => SesStatus::Failed,
        "TEMPORARY_FAILURE" => SesStatus::TemporaryFailure,
        "NOT_STARTED" => SesStatus::NotStarted,
        _ => SesStatus::Pending,
    }
}

fn dkim_setup(tokens: &[String], zone: Option<&str>) -> Result<DkimSetup, IdentityError> {
    let tokens = tokens
        .iter()
        .map(|t| DkimToken::parse(t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| IdentityError::Unexpected(e.to_string()))?;
    Ok(DkimSetup {
        tokens,
        signing_zone: zone.map(str::to_owned),
    })
}

#[async_trait]
impl EmailIdentities for SesIdentities {
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError> {
        let output = self
            .client
            .create_email_identity()
            .email_identity(name.as_str())
            .set_tags(Some(ses_tags(tags)?))
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map_err(|error| self.create_error(error))?;
        let dkim = output.dkim_attributes().ok_or_else(|| {
            IdentityError::Unexpected("SES returned no DKIM attributes".to_owned())
        })?;
        dkim_setup(dkim.tokens(), dkim.signing_hosted_zone())
    }

    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError> {
        self.client
            .put_email_identity_mail_from_attributes()
            .email_identity(name.as_str())
            .mail_from_domain(mail_from.as_str())
            .behavior_on_mx_failure(BehaviorOnMxFailure::UseDefaultValue)
            .send()
            .await
            .map_err(identity_error)?;
        Ok(())
    }

    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError> {
        self.client
            .create_email_identity()
            .email_identity(address.as_str())
            .set_tags(Some(ses_tags(tags)?))
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map_err(|error| self.create_error(error))?;
        Ok(())
    }

    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError> {
        let output = self
            .client
            .get_email_identity()
            .email_identity(identity)
            .send()
            .await
            .map_err(identity_error)?;
        let verification = output
            .verification_status()
            .map(|s: &VerificationStatus| ses_status(s.as_str()))
            .unwrap_or(SesStatus::Pending);
        let dkim = match output.dkim_attributes() {
            Some(dkim) if !dkim.tokens().is_empty() => {
                let status = dkim
                    .status()
                    .map(|s: &DkimStatus| ses_status(s.as_str()))
                    .unwrap_or(SesStatus::Pending);
                Some((
                    status,
                    dkim_setup(dkim.tokens(), dkim.signing_hosted_zone())?,
                ))
            }
            _ => None,
        };
        // SES always answers `MailFromAttributes`; without a MAIL FROM domain it is unset.
        let mail_from = output
            .mail_from_attributes()
            .filter(|m| !m.mail_from_domain().is_empty())
            .map(|m| {
                let status: &MailFromDomainStatus = m.mail_from_domain_status();
                (m.mail_from_domain().to_owned(), ses_status(status.as_str()))
            });
        let last_checked_at = output
            .verification_info()
            .and_then(|info| info.last_checked_timestamp())
            .and_then(|t| chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos()));
        Ok(IdentitySnapshot {
            verification,
            dkim,
            mail_from,
            last_checked_at,
        })
    }

    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError> {
        let output = self
            .client
            .get_email_identity()
            .email_identity(identity)
            .send()
            .await
            .map_err(identity_error)?;
        Ok(output
            .tags()
            .iter()
            .map(|t| Tag::new(t.key(), t.value()))
            .collect())
    }

    async fn delete(&self, identity: &str) -> Result<(), IdentityError> {
        match self
            .client
            .delete_email_identity()
            .email_identity(identity)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(error) => match identity_error(error) {
                IdentityError::NotFound => Ok(()),
                other => Err(other),
            },
        }
    }
}
