//! The account-wide SES budget: SES allows about one identity call per second for the whole
//! account, so every SES identity call of the API, the sweep and the follow-ups takes a token
//! from one shared bucket first (see `ses_budget`).

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

use super::StoreError;
use crate::tenant::TenantId;

/// Who is about to call SES. The API acts for a tenant and comes first; the sweep and the
/// follow-ups check in the background.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    /// An interactive request of a tenant's user (verify, resend, create, restart, delete).
    Api(TenantId),
    /// The periodic sweep.
    Sweep,
    /// A one-time follow-up check of one identity.
    FollowUp,
    /// Anything else (a bootstrap, a tool): background priority.
    Internal,
}

impl Caller {
    /// Whether the call is interactive (a user waits for it): it comes before background ones.
    pub fn is_interactive(&self) -> bool {
        matches!(self, Self::Api(_))
    }

    /// A stable name, for metrics and logs: `api`, `sweep`, `follow-up`, `internal`.
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Api(_) => "api",
            Self::Sweep => "sweep",
            Self::FollowUp => "follow-up",
            Self::Internal => "internal",
        }
    }

    pub fn tenant(&self) -> Option<&TenantId> {
        match self {
            Self::Api(tenant) => Some(tenant),
            _ => None,
        }
    }
}

/// Which budget was spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole account's (every tenant and the sweep share it).
    Account,
    /// The caller's tenant's share of the interactive calls.
    Tenant,
}

/// No token now: which budget, and how long until one may be free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    pub scope: Scope,
    pub retry_after: Duration,
}

/// Why no token was granted.
#[derive(Debug, thiserror::Error)]
pub enum TakeError {
    #[error("the SES budget is spent; retry after {}ms", .0.retry_after.num_milliseconds())]
    Spent(Spent),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The shared bucket (one item in the table, conditional updates, so it holds across
/// concurrent Lambdas).
#[async_trait]
pub trait SesBudget: Send + Sync {
    /// Takes one token for `caller` at `now`. The answer is the instant the call may go out:
    /// `now`, or for an interactive caller a slot booked a little ahead, which it waits for.
    async fn take(&self, caller: &Caller, now: DateTime<Utc>) -> Result<DateTime<Utc>, TakeError>;
}

/// What became of one SES identity call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    /// SES answered (success or any error but a throttle).
    Answered,
    /// SES answered TooManyRequests.
    Throttled,
    /// The budget refused it: SES was not called.
    Refused,
}

/// Where SES calls are counted by caller (EMF metrics in the Lambdas).
pub trait SesCallLog: Send + Sync {
    fn record(&self, caller: &Caller, outcome: CallOutcome);
}

/// Counts nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoCallLog;

impl SesCallLog for NoCallLog {
    fn record(&self, _: &Caller, _: CallOutcome) {}
}
