//! Whose mail a notification is about: the claim that held its source address when the mail
//! was sent.

use chrono::{DateTime, Duration, Utc};

use crate::names::EmailAddress;
use crate::ownership::covering_names;
use crate::ports::StoreError;

use crate::ports::{Attribution, FeedbackStore, Holder};

/// How far SES's clock (`mail.timestamp`) and the clock that stamped a claim may disagree.
/// A new holder's identity must be verified before it sends anything, so its mail comes
/// minutes after its claim; the allowance only keeps clock skew, second-rounded timestamps and a
/// sender that starts sending at once (a subdomain sender is authorized on creation) from
/// passing the holder's first mail over. Two minutes: well inside any hand-over, which takes a
/// delete by one tenant and a new verification by another.
pub const CLOCK_SKEW: Duration = Duration::minutes(2);

/// What [`attribute`] found for a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attributed {
    /// This tenant's sender or subdomain held the address when the mail was sent.
    Held(Attribution),
    /// Nobody holds the address: the platform's own mail, or mail from outside this service.
    Nobody,
    /// The address is held now, but only since after the mail was sent: the mail was an
    /// earlier holder's, whose claim is gone. Not the current holder's to count.
    ClaimedLater {
        /// The earliest of the current claims on the address (for the log).
        claimed_at: DateTime<Utc>,
    },
}

impl Attributed {
    pub fn owner(&self) -> Option<&Attribution> {
        match self {
            Self::Held(owner) => Some(owner),
            Self::Nobody | Self::ClaimedLater { .. } => None,
        }
    }
}

/// The tenant and sender (or subdomain) behind `source_address`, the bare address of
/// `mail.source`, when the mail was sent at `sent_at` (`mail.timestamp`).
///
/// A sender with exactly that From address comes first (every kind of sender claims its
/// address); else the tenant subdomain that holds the address's domain, the nearest one first
/// (SES lets a verified subdomain send from any name below it). A claim made after `sent_at`
/// did not send the mail and is passed over: a broader claim that is older may have (a
/// subdomain's mail from an address it later gave a sender of its own), else the mail was
/// an earlier holder's. Without `sent_at` the current holder is taken.
pub async fn attribute(
    store: &dyn FeedbackStore,
    source_address: &str,
    sent_at: Option<DateTime<Utc>>,
) -> Result<Attributed, StoreError> {
    let Ok(address) = EmailAddress::parse(source_address) else {
        return Ok(Attributed::Nobody);
    };
    let mut later: Option<DateTime<Utc>> = None;
    let mut consider = |holder: Holder| match (sent_at, holder.claimed_at) {
        (Some(sent), Some(claimed)) if sent + CLOCK_SKEW < claimed => {
            later = Some(later.map_or(claimed, |seen| seen.min(claimed)));
            None
        }
        _ => Some(Attributed::Held(holder.attribution)),
    };
    if let Some(holder) = store.address_owner(&address).await?
        && let Some(found) = consider(holder)
    {
        return Ok(found);
    }
    for name in covering_names(address.domain()) {
        if let Some(holder) = store.subdomain_owner(&name).await?
            && let Some(found) = consider(holder)
        {
            return Ok(found);
        }
    }
    Ok(match later {
        Some(claimed_at) => Attributed::ClaimedLater { claimed_at },
        None => Attributed::Nobody,
    })
}
