//! The verification status model: what SES reports, what the product shows.
//!
//! SES reports one of five statuses for DKIM, MAIL FROM and email-address verification. The
//! product folds them into three: pending (yellow), verified (green) and failed (red).
//! `VerifiedForSendingStatus` is deliberately not used: it is false for the whole time SES is
//! still looking (that is pending, not failed) and it is true for anything under a verified
//! domain, whoever owns it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long SES looks for DNS records or a click before it gives up.
pub const DNS_VERIFICATION_WINDOW: Duration = Duration::hours(72);
/// How long an email-address verification link stays valid.
pub const EMAIL_LINK_WINDOW: Duration = Duration::hours(24);

/// A status as SES reports it (DKIM, MAIL FROM or identity verification).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SesStatus {
    NotStarted,
    Pending,
    Success,
    Failed,
    TemporaryFailure,
}

/// The product's status.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Verified,
    Failed,
    /// Never proven (or failed for good) and released after the grace period: its SES
    /// identity is deleted and its name freed; restarting claims the name again.
    Expired,
}

/// The colour an admin sees.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Color {
    Green,
    Yellow,
    Red,
}

impl Status {
    pub fn color(self) -> Color {
        match self {
            Status::Verified => Color::Green,
            Status::Pending => Color::Yellow,
            Status::Failed | Status::Expired => Color::Red,
        }
    }
}

/// A status with the sentence that explains it to an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub status: Status,
    pub reason: String,
}

impl Assessment {
    fn new(status: Status, reason: impl Into<String>) -> Self {
        Self {
            status,
            reason: reason.into(),
        }
    }
}

/// Reason given when SES or the deadline gave up on DNS records.
pub fn dns_deadline_reason() -> String {
    format!(
        "DNS records were not detected within {} hours",
        DNS_VERIFICATION_WINDOW.num_hours()
    )
}

/// Reason given when an email-address verification link expired.
fn link_expired_reason() -> String {
    format!(
        "The verification link expired after {} hours; resend the verification email",
        EMAIL_LINK_WINDOW.num_hours()
    )
}

/// Folds a domain's DKIM status (which decides the colour) and its MAIL FROM status (reported
/// beside it) into the product's status. `deadline` is created + [`DNS_VERIFICATION_WINDOW`]: past it, anything not yet
/// verified is failed even if SES has not said so yet.
pub fn assess_domain(
    dkim: SesStatus,
    mail_from: Option<SesStatus>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Assessment {
    match dkim {
        SesStatus::Success => match mail_from {
            Some(SesStatus::Success) => Assessment::new(
                Status::Verified,
                "DKIM and the custom MAIL FROM domain are verified",
            ),
            Some(SesStatus::Failed) => Assessment::new(
                Status::Verified,
                "DKIM is verified; the MAIL FROM MX record was not found, so SES uses its own MAIL FROM domain",
            ),
            None => Assessment::new(
                Status::Verified,
                "DKIM is verified; the custom MAIL FROM domain is not set on the SES identity (restart verification to set it again)",
            ),
            _ => Assessment::new(
                Status::Verified,
                "DKIM is verified; SES is still checking the MAIL FROM MX record",
            ),
        },
        SesStatus::Failed => Assessment::new(Status::Failed, dns_deadline_reason()),
        _ if now >= deadline => Assessment::new(Status::Failed, dns_deadline_reason()),
        SesStatus::TemporaryFailure => Assessment::new(
            Status::Pending,
            format!(
                "The DKIM records were verified before but can no longer be found; SES keeps looking for {} hours",
                DNS_VERIFICATION_WINDOW.num_hours()
            ),
        ),
        SesStatus::Pending | SesStatus::NotStarted => Assessment::new(
            Status::Pending,
            "Waiting for the DKIM CNAME records to be published and detected by SES",
        ),
    }
}

/// Folds an email-address identity's own verification status into the product's status.
pub fn assess_email(
    verification: SesStatus,
    link_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Assessment {
    match verification {
        SesStatus::Success => Assessment::new(Status::Verified, "The address is verified"),
        SesStatus::Failed => Assessment::new(Status::Failed, link_expired_reason()),
        _ if now >= link_expires_at => Assessment::new(Status::Failed, link_expired_reason()),
        SesStatus::TemporaryFailure => Assessment::new(
            Status::Pending,
            "SES could not confirm the address yet and keeps trying",
        ),
        SesStatus::Pending | SesStatus::NotStarted => Assessment::new(
            Status::Pending,
            "A verification email was sent; the address is verified once its link is followed",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn colours_follow_status() {
        assert_eq!(Status::Verified.color(), Color::Green);
        assert_eq!(Status::Pending.color(), Color::Yellow);
        assert_eq!(Status::Failed.color(), Color::Red);
        assert_eq!(Status::Expired.color(), Color::Red);
    }

    #[test]
    fn dkim_decides_the_status() {
        let deadline = t0() + DNS_VERIFICATION_WINDOW;
        let cases = [
            (SesStatus::Success, Status::Verified),
            (SesStatus::Pending, Status::Pending),
            (SesStatus::NotStarted, Status::Pending),
            (SesStatus::TemporaryFailure, Status::Pending),
            (SesStatus::Failed, Status::Failed),
        ];
        for (dkim, want) in cases {
            for mail_from in [
                None,
                Some(SesStatus::Pending),
                Some(SesStatus::Failed),
                Some(SesStatus::Success),
            ] {
                assert_eq!(
                    assess_domain(dkim, mail_from, deadline, t0()).status,
                    want,
                    "{dkim:?} {mail_from:?}"
                );
            }
        }
    }

    #[test]
    fn the_deadline_fails_anything_not_verified() {
        let deadline = t0() + DNS_VERIFICATION_WINDOW;
        let late = deadline + Duration::seconds(1);
        assert_eq!(
            assess_domain(SesStatus::Pending, None, deadline, late).status,
            Status::Failed
        );
        assert_eq!(
            assess_domain(SesStatus::Pending, None, deadline, late).reason,
            "DNS records were not detected within 72 hours"
        );
        assert_eq!(
            assess_domain(SesStatus::Success, None, deadline, late).status,
            Status::Verified
        );
    }

    #[test]
    fn mail_from_is_reported_beside_dkim() {
        let deadline = t0() + DNS_VERIFICATION_WINDOW;
        let pending = assess_domain(SesStatus::Success, Some(SesStatus::Pending), deadline, t0());
        let done = assess_domain(SesStatus::Success, Some(SesStatus::Success), deadline, t0());
        assert_ne!(pending.reason, done.reason);
        assert!(pending.reason.contains("MAIL FROM"));
    }

    #[test]
    fn email_links_expire() {
        let expires = t0() + EMAIL_LINK_WINDOW;
        assert_eq!(
            assess_email(SesStatus::Pending, expires, t0()).status,
            Status::Pending
        );
        assert_eq!(
            assess_email(SesStatus::Pending, expires, expires).status,
            Status::Failed
        );
        assert_eq!(
            assess_email(SesStatus::Success, expires, expires).status,
            Status::Verified
        );
    }
}
