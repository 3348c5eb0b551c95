//! Per-tenant quotas on what a tenant may hold in the shared SES account, and the settings of
//! the shared account (ownership tags, resend limits).
//!
//! The stores count a tenant's subdomains and senders in the same transaction as the claim on
//! their names, so concurrent adds cannot pass a limit together.

use std::fmt;

use chrono::Duration;

use super::tags::DEFAULT_SERVICE;

/// What a quota counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quota {
    /// The tenant's sending subdomains.
    Subdomains,
    /// The tenant's email senders (of either kind; the platform default does not count).
    Senders,
    /// The addresses the tenant's admins put on its suppression list by hand (feedback adds
    /// entries without a limit: SES decides those).
    Suppressions,
}

impl Quota {
    /// A stable name, for keys and problem details.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Subdomains => "subdomains",
            Self::Senders => "senders",
            Self::Suppressions => "suppressions",
        }
    }
}

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A limit that was reached: what, the limit and the current use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaReached {
    pub quota: Quota,
    pub limit: u32,
    pub used: u32,
}

/// How often a verification mail may be sent again for one sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResendLimits {
    /// At most `per_window` resends in any `window`.
    pub per_window: u32,
    pub window: Duration,
    /// At most this many resends in any 24 hours.
    pub per_day: u32,
}

impl Default for ResendLimits {
    fn default() -> Self {
        Self {
            per_window: 5,
            window: Duration::hours(1),
            per_day: 10,
        }
    }
}

/// The rules of one SES account shared by many tenants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAccount {
    /// The value of the `email-senders:service` tag on every identity this deployment creates.
    pub service: String,
    /// Subdomains per tenant (default 25).
    pub max_subdomains: u32,
    /// Email senders per tenant (default 100).
    pub max_senders: u32,
    /// Suppressions added by hand per tenant (default 10,000).
    pub max_suppressions: u32,
    pub resend: ResendLimits,
    /// An interactive verify of an identity SES was asked about this recently answers the
    /// stored status (default one minute).
    pub fresh_for: Duration,
    /// How long a failed identity (never proven within its SES window, or red since) stays
    /// before the sweep releases it: its SES identity deleted, its names freed, its status
    /// `expired` (default seven days).
    pub expire_after: Duration,
}

impl Default for SharedAccount {
    fn default() -> Self {
        Self {
            service: DEFAULT_SERVICE.to_owned(),
            max_subdomains: 25,
            max_senders: 100,
            max_suppressions: 10_000,
            resend: ResendLimits::default(),
            fresh_for: Duration::minutes(1),
            expire_after: Duration::days(7),
        }
    }
}

impl SharedAccount {
    pub fn limit(&self, quota: Quota) -> u32 {
        match quota {
            Quota::Subdomains => self.max_subdomains,
            Quota::Senders => self.max_senders,
            Quota::Suppressions => self.max_suppressions,
        }
    }
}
