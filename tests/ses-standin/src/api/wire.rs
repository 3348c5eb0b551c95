//! SESv2 identity request and response bodies, spelled as the REST-JSON model spells them.
//! Timestamps are epoch seconds, as the SDK reads them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::errors::ApiError;
use crate::state::identity::Verification;
use crate::state::identity::{BehaviorOnMxFailure, IdentityType, SoaRecord, Tag};
use crate::state::lifecycle::{CheckError, Status};
use crate::state::registry::IdentitySnapshot;

/// Parses a JSON body; an empty body reads as `{}`. Malformed JSON is a `BadRequestException`.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|error| ApiError::BadRequest(format!("Invalid request body: {error}")))
}

/// The JSON `{}` SES answers with when an operation has no output.
pub type Empty = axum::Json<serde_json::Map<String, serde_json::Value>>;

/// An empty output.
pub fn empty() -> Empty {
    axum::Json(serde_json::Map::new())
}

/// Epoch seconds with millisecond precision.
pub fn epoch(instant: DateTime<Utc>) -> f64 {
    instant.timestamp_millis() as f64 / 1000.0
}

/// CreateEmailIdentity's body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateEmailIdentityRequest {
    /// The domain or address.
    pub email_identity: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// BYODKIM or key-length settings.
    pub dkim_signing_attributes: Option<DkimSigningAttributes>,
    /// Default configuration set.
    pub configuration_set_name: Option<String>,
}

/// The part of `DkimSigningAttributes` the stand-in looks at.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DkimSigningAttributes {
    /// BYODKIM selector (unsupported).
    pub domain_signing_selector: Option<String>,
    /// BYODKIM private key (unsupported).
    pub domain_signing_private_key: Option<String>,
}

/// PutEmailIdentityMailFromAttributes's body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MailFromRequest {
    /// The MAIL FROM domain; absent or empty clears it.
    pub mail_from_domain: Option<String>,
    /// What to do on MX failure.
    pub behavior_on_mx_failure: Option<BehaviorOnMxFailure>,
}

/// `DkimAttributes`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DkimAttributes {
    signing_enabled: bool,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signing_hosted_zone: Option<String>,
    signing_attributes_origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_signing_key_length: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_signing_key_length: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_key_generation_timestamp: Option<f64>,
}

impl DkimAttributes {
    fn of(snapshot: &IdentitySnapshot) -> Self {
        let identity = &snapshot.identity;
        match &identity.verification {
            Verification::Domain {
                tokens,
                dkim,
                hosted_zone,
                ..
            } => Self {
                signing_enabled: true,
                status: dkim.status(),
                tokens: Some(tokens.iter().map(|t| t.as_str().to_owned()).collect()),
                signing_hosted_zone: Some(hosted_zone.clone()),
                signing_attributes_origin: "AWS_SES",
                next_signing_key_length: Some("RSA_2048_BIT"),
                current_signing_key_length: Some("RSA_2048_BIT"),
                last_key_generation_timestamp: Some(epoch(identity.created_at)),
            },
            Verification::Email(_) => Self {
                signing_enabled: false,
                status: Status::NotStarted,
                tokens: None,
                signing_hosted_zone: None,
                signing_attributes_origin: "AWS_SES",
                next_signing_key_length: None,
                current_signing_key_length: None,
                last_key_generation_timestamp: None,
            },
        }
    }
}

/// CreateEmailIdentity's response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateEmailIdentityResponse {
    identity_type: IdentityType,
    verified_for_sending_status: bool,
    dkim_attributes: DkimAttributes,
}

impl From<&IdentitySnapshot> for CreateEmailIdentityResponse {
    fn from(snapshot: &IdentitySnapshot) -> Self {
        Self {
            identity_type: snapshot.identity.identity_type(),
            verified_for_sending_status: snapshot.verified_for_sending,
            dkim_attributes: DkimAttributes::of(snapshot),
        }
    }
}

/// `VerificationInfo`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerificationInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    last_checked_timestamp: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_success_timestamp: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_type: Option<CheckError>,
    #[serde(rename = "SOARecord", skip_serializing_if = "Option::is_none")]
    soa_record: Option<SoaRecord>,
}

/// `MailFromAttributes`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MailFromAttributes {
    #[serde(skip_serializing_if = "Option::is_none")]
    mail_from_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail_from_domain_status: Option<Status>,
    behavior_on_mx_failure: BehaviorOnMxFailure,
}

/// GetEmailIdentity's response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetEmailIdentityResponse {
    identity_type: IdentityType,
    feedback_forwarding_status: bool,
    verified_for_sending_status: bool,
    dkim_attributes: DkimAttributes,
    mail_from_attributes: MailFromAttributes,
    policies: BTreeMap<String, String>,
    tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    configuration_set_name: Option<String>,
    verification_status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification_info: Option<VerificationInfo>,
}

impl From<&IdentitySnapshot> for GetEmailIdentityResponse {
    fn from(snapshot: &IdentitySnapshot) -> Self {
        let identity = &snapshot.identity;
        let verification_info = match &identity.verification {
            Verification::Domain { dkim, soa, .. } => Some(VerificationInfo {
                last_checked_timestamp: dkim.last_checked().map(epoch),
                last_success_timestamp: dkim.last_success().map(epoch),
                error_type: dkim.last_error(),
                soa_record: soa.clone(),
            }),
            Verification::Email(link) => link.verified_at().map(|at| VerificationInfo {
                last_checked_timestamp: Some(epoch(at)),
                last_success_timestamp: Some(epoch(at)),
                error_type: None,
                soa_record: None,
            }),
        };
        Self {
            identity_type: identity.identity_type(),
            feedback_forwarding_status: true,
            verified_for_sending_status: snapshot.verified_for_sending,
            dkim_attributes: DkimAttributes::of(snapshot),
            mail_from_attributes: MailFromAttributes {
                mail_from_domain: identity.mail_from.as_ref().map(|m| m.domain.to_string()),
                mail_from_domain_status: identity.mail_from.as_ref().map(|m| m.check.status()),
                behavior_on_mx_failure: identity.behavior_on_mx_failure,
            },
            policies: BTreeMap::new(),
            tags: identity.tags.clone(),
            configuration_set_name: identity.configuration_set.clone(),
            verification_status: snapshot.status,
            verification_info,
        }
    }
}
