//! The API's wire shapes, built from domain values. The API owns its JSON; the domain does not.

use chrono::{DateTime, NaiveDate, Utc};
use domain::dns::DnsRecord;
use domain::domains::{Domain, DomainSettings};
use domain::reputation::{Level, SenderReputation};
use domain::senders::{Authorization, DEFAULT_SENDER_ID, Listed};
use domain::status::{Color, SesStatus, Status};
use domain::suppressions::{AddedBy, SuppressionEntry, SuppressionReason};
use serde::Serialize;
use utoipa::ToSchema;

/// A page of items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListView<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

mod dns;

pub use dns::RecordView;

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
    /// When SES was last asked about the identity.
    pub last_checked_at: Option<DateTime<Utc>>,
    /// Until this instant a verify answers the stored status without asking SES (SES's budget
    /// is shared by every account; `VERIFY_FRESH_SECONDS` after `last_checked_at`).
    pub fresh_until: Option<DateTime<Utc>>,
    /// When the service checks again by itself (while pending), if it will.
    pub next_check_at: Option<DateTime<Utc>>,
    pub verification_deadline: DateTime<Utc>,
    pub records: Vec<DnsRecord>,
    /// What the last DNS check found in the way: records present but wrong (an MX or SPF
    /// already at the MAIL FROM name, a CNAME where records must go) and a strict DMARC policy
    /// above. Empty when nothing is in the way or no check was made.
    pub dns_warnings: Vec<RecordView>,
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
            fresh_until: domain
                .last_checked_at
                .map(|at| at + settings.account.fresh_for),
            next_check_at: domain.next_check_at,
            verification_deadline: domain.verification_deadline,
            records: domain.records(&settings.region, settings.dmarc_rua.as_ref()),
            dns_warnings: domain
                .in_the_way()
                .into_iter()
                .map(RecordView::from)
                .collect(),
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
    /// When SES was last asked about an email sender's own identity (a subdomain sender follows
    /// its subdomain's `last_checked_at`). A verify within
    /// `VERIFY_FRESH_SECONDS` of it answers the stored status without asking SES.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_checked_at: Option<DateTime<Utc>>,
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
                from_header: sender.from_header(),
                from_email: sender.email.to_string(),
                display_name: sender.display_name.map(|n| n.to_string()),
                reply_to: None,
                status: status.status,
                color: status.status.color(),
                status_reason: status.reason,
                created_at: None,
                domain_id: None,
                verification_expires_at: None,
                last_checked_at: None,
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
                last_checked_at: match &sender.authorization {
                    Authorization::Email(v) => v.last_checked_at,
                    Authorization::Subdomain { .. } => None,
                },
                read_only: false,
            },
        }
    }
}

/// A recipient on the tenant's suppression list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuppressionView {
    /// The address, its domain lower-cased.
    pub email: String,
    /// `hard_bounce` or `complaint`.
    #[schema(value_type = String, example = "hard_bounce")]
    pub reason: SuppressionReason,
    /// `feedback` (SES reported it) or `admin` (added by hand).
    #[schema(value_type = String, example = "feedback")]
    pub added_by: AddedBy,
    /// The sender whose mail bounced or was complained about.
    pub sender: Option<String>,
    /// The bounce sub type (`General`, `NoEmail`, ...) or complaint feedback type (`abuse`, ...).
    pub detail: Option<String>,
    /// The receiving server's diagnostic, e.g. `smtp; 550 5.1.1 user unknown`.
    pub diagnostic: Option<String>,
    /// The first suppressing event, or when an admin added it.
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// How many hard bounces and complaints SES reported for it.
    pub events: u64,
}

impl From<SuppressionEntry> for SuppressionView {
    fn from(entry: SuppressionEntry) -> Self {
        Self {
            email: entry.recipient,
            reason: entry.reason,
            added_by: entry.added_by,
            sender: entry.sender,
            detail: entry.detail,
            diagnostic: entry.diagnostic,
            first_at: entry.first_at,
            last_at: entry.last_at,
            events: entry.events,
        }
    }
}

/// Message outcomes over the window.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsView {
    pub sends: u64,
    pub deliveries: u64,
    pub hard_bounces: u64,
    pub soft_bounces: u64,
    pub complaints: u64,
}

/// The days the rates cover: `days` days ending `end` (today, UTC), inclusive.
#[derive(Debug, Serialize, ToSchema)]
pub struct WindowView {
    pub days: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The rates at which senders are warned and paused (fractions: 0.05 is 5%).
#[derive(Debug, Serialize, ToSchema)]
pub struct ThresholdsView {
    pub bounce_warning: f64,
    pub bounce_pause: f64,
    pub complaint_warning: f64,
    pub complaint_pause: f64,
    /// Messages the window must hold before a sender can be paused.
    pub min_volume: u64,
}

/// Why and since when a sender is paused.
#[derive(Debug, Serialize, ToSchema)]
pub struct PauseView {
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A sender's bounce and complaint rates over the rolling window.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReputationView {
    pub sender_id: String,
    pub window: WindowView,
    /// After an admin resumed the sender: only what happened since counts.
    pub counted_since: Option<DateTime<Utc>>,
    pub counts: CountsView,
    /// The rates' denominator: sends when any were counted, else deliveries plus bounces.
    pub volume: u64,
    /// Hard bounces over volume.
    pub bounce_rate: f64,
    /// Complaints over volume.
    pub complaint_rate: f64,
    /// `healthy`, `warning` or `paused`: what the rates call for.
    #[schema(value_type = String, example = "healthy")]
    pub level: Level,
    /// Red while the sender is paused, else the level's colour.
    pub color: Color,
    /// Which rate, its threshold and the window, when not healthy.
    pub reason: Option<String>,
    /// Set while the sender is paused; an admin can resume it.
    pub paused: Option<PauseView>,
    pub thresholds: ThresholdsView,
}

impl From<SenderReputation> for ReputationView {
    fn from(standing: SenderReputation) -> Self {
        let color = standing.color();
        let reputation = standing.reputation;
        let counts = reputation.counts;
        let thresholds = standing.thresholds;
        Self {
            sender_id: standing.sender_id.to_string(),
            window: WindowView {
                days: thresholds.window_days,
                start: reputation.window_start,
                end: reputation.window_end,
            },
            counted_since: standing.counted_since,
            counts: CountsView {
                sends: counts.sends,
                deliveries: counts.deliveries,
                hard_bounces: counts.hard_bounces,
                soft_bounces: counts.soft_bounces,
                complaints: counts.complaints,
            },
            volume: reputation.volume,
            bounce_rate: reputation.bounce_rate,
            complaint_rate: reputation.complaint_rate,
            level: reputation.level,
            color,
            reason: reputation.reason,
            paused: standing.paused.map(|pause| PauseView {
                reason: pause.reason,
                at: pause.at,
            }),
            thresholds: ThresholdsView {
                bounce_warning: thresholds.bounce_warning,
                bounce_pause: thresholds.bounce_pause,
                complaint_warning: thresholds.complaint_warning,
                complaint_pause: thresholds.complaint_pause,
                min_volume: thresholds.min_volume,
            },
        }
    }
}
