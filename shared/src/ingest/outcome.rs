//! What handling one SNS message did, or why it failed.

use crate::notifications::ParseError;
use crate::ports::StoreError;
use crate::senders::Pause;

use crate::ports::{Attribution, MirrorError};

/// What [`Ingest::handle`](super::Ingest::handle) did with one SNS message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The SNS message was fully handled before (a redelivery): nothing was done.
    Redelivered,
    /// SES's one-off subscription message (`AmazonSnsSubscriptionSucceeded`): nothing to do.
    ControlMessage,
    /// An event type this service does not act on (Open, Click, ...) or one SES added later.
    Ignored { event_type: String },
    /// The notification's recipients were recorded.
    Recorded(Recorded),
}

/// The effect of a recorded notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `Bounce`, `Complaint`, `Delivery` or `Send`.
    pub event_type: String,
    /// Whose mail it was; `None` when no tenant holds the source address (counted on the
    /// platform's tally).
    pub owner: Option<Attribution>,
    /// Whether the source address is held now, but by a claim made after the mail was sent
    /// (`owner` is then `None`: an earlier holder's mail is nobody's now).
    pub before_claim: bool,
    /// Recipients counted now.
    pub counted: usize,
    /// Recipients counted by an earlier delivery of the same event: skipped.
    pub duplicates: usize,
    /// Recipients put on (or confirmed on) the tenant's suppression list now.
    pub suppressed: usize,
    /// The pause this notification caused, if it pushed its sender over a pause threshold.
    pub paused: Option<Pause>,
}

/// Why an SNS message could not be handled. The caller should fail the invocation so that
/// Lambda retries it and finally keeps it in the on-failure destination; whatever was
/// recorded before the failure is skipped on the retry.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Not a usable SES notification; retrying will not help, the dead-letter queue will keep it.
    #[error("the message is not a usable SES notification ({code}): {0}", code = .0.code())]
    Malformed(#[source] ParseError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The recipient's suppression entry changed on every attempt.
    #[error("the suppression entry of a recipient kept changing; try again")]
    Contention,
    #[error("mirroring to the SES account-level suppression list failed: {0}")]
    Mirror(#[source] MirrorError),
}

impl IngestError {
    /// A stable name for the kind of failure, for logs and the dead-letter queue.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "MalformedNotification",
            Self::Store(_) => "StorageFailed",
            Self::Contention => "Contention",
            Self::Mirror(_) => "SuppressionMirrorFailed",
        }
    }
}
