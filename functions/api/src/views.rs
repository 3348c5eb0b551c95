//! The API's wire shapes, built from domain values. The API owns its JSON; the domain does not.

use chrono::{DateTime, Utc};
use domain::dns::DnsRecord;
use domain::domains::{Domain, DomainSettings};
use domain::senders::{Authorization, DEFAULT_SENDER_ID, Listed};
use domain::status::{Color, SesStatus, Status};
use serde::Serialize;
use utoipa::ToSchema;

/// A page of items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListView<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A DNS record to publish.
pub type RecordView = DnsRecord;

/// A sending subdomain.
#[derive(Debug, Serialize, ToSchema)]
pub struct DomainView {
    pub id: String,
    pub name: String,
    pub status: Status,
    pub color: Color,
    pub status_reason: String,
    pub dkim_status: SesStatus,
    pub mail_from_domain: String,
    pub mail_from_status: Option<SesStatus>,
    pub created_at: DateTime<Utc>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub verification_deadline: DateTime<Utc>,
    pub records: Vec<RecordView>,
}

impl DomainView {
    pub fn new(domain: &Domain, settings: &DomainSettings) -> Self {
        Self {
            id: domain.id.to_string(),
            name: domain.name.to_string(),
            status: domain.status,
            color: domain.status.color(),
            status_reason: domain.status_reason.clone(),
            dkim_status: domain.dkim_status,
            mail_from_domain: domain.mail_from.to_string(),
            mail_from_status: domain.mail_from_status,
            created_at: domain.created_at,
            last_checked_at: domain.last_checked_at,
            verification_deadline: domain.verification_deadline,
            records: domain.records(&settings.region, settings.dmarc_rua.as_ref()),
        }
    }
}

/// A sender: the platform default or one of the tenant's.
#[derive(Debug, Serialize, ToSchema)]
pub struct SenderView {
    pub id: String,
    /// `subdomain`, `email` or `platform_default`.
    #[schema(value_type = String, example = "email")]
    pub kind: &'static str,
    pub from_email: String,
    pub display_name: Option<String>,
    /// The `From` header this sender produces.
    pub from_header: String,
    pub reply_to: Option<String>,
    pub status: Status,
    pub color: Color,
    pub status_reason: String,
    pub created_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
    /// When the current verification link expires (email senders).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_expires_at: Option<DateTime<Utc>>,
    /// True for the platform default sender: it cannot be edited or deleted, and it accepts
    /// no direct replies.
    pub read_only: bool,
}

impl From<Listed> for SenderView {
    fn from(listed: Listed) -> Self {
        match listed {
            Listed::Platform { sender, status } => Self {
                id: DEFAULT_SENDER_ID.to_owned(),
                kind: "platform_default",
                from_header: match &sender.display_name {
                    Some(name) => name.render_mailbox(&sender.email),
                    None => sender.email.to_string(),
                },
                from_email: sender.email.to_string(),
                display_name: sender.display_name.map(|n| n.to_string()),
                reply_to: None,
                status: status.status,
                color: status.status.color(),
                status_reason: status.reason,
                created_at: None,
                domain_id: None,
                verification_expires_at: None,
                read_only: true,
            },
            Listed::Tenant { sender, status } => Self {
                id: sender.id.to_string(),
                kind: match sender.authorization {
                    Authorization::Subdomain { .. } => "subdomain",
                    Authorization::Email(_) => "email",
                },
                from_header: sender.from_header(),
                from_email: sender.from_email.to_string(),
                display_name: sender.display_name.as_ref().map(|n| n.to_string()),
                reply_to: sender.reply_to.as_ref().map(|a| a.to_string()),
                status: status.status,
                color: status.status.color(),
                status_reason: status.reason,
                created_at: Some(sender.created_at),
                domain_id: sender.domain_id().map(|id| id.to_string()),
                verification_expires_at: match &sender.authorization {
                    Authorization::Email(v) => Some(v.link_expires_at),
                    Authorization::Subdomain { .. } => None,
                },
                read_only: false,
            },
        }
    }
}
