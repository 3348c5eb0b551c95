//! Bounces: which recipients SES could not deliver to, and whether that is final.

use chrono::{DateTime, Utc};

/// A bounce event (`bounce` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// `bounceType`.
    pub kind: BounceKind,
    /// `bounceSubType`, or `None` when SES sent none.
    pub sub_type: Option<BounceSubType>,
    /// `feedbackId`: SES's id for this bounce, stable across SNS retries.
    pub feedback_id: Option<String>,
    /// `bouncedRecipients`, never empty.
    pub recipients: Vec<BouncedRecipient>,
    /// When the bounce was reported (`None` if absent or unreadable).
    pub timestamp: Option<DateTime<Utc>>,
}

impl Bounce {
    /// True for a hard bounce: the address should not be mailed again.
    pub fn is_permanent(&self) -> bool {
        self.kind == BounceKind::Permanent
    }
}

/// One entry of `bouncedRecipients`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BouncedRecipient {
    /// The bare address (display names such as `"Jane" <jane@example.com>` removed).
    pub email: String,
    /// DSN `action`, e.g. `failed` or `delayed`, when SES had a DSN.
    pub action: Option<String>,
    /// DSN `status`, e.g. `5.1.1`.
    pub status: Option<String>,
    /// DSN `diagnosticCode`, e.g. `smtp; 550 5.1.1 user unknown`.
    pub diagnostic_code: Option<String>,
}

/// `bounceType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BounceKind {
    /// A hard bounce: remove the address.
    Permanent,
    /// A soft bounce: the address may work later.
    Transient,
    /// SES could not tell.
    Undetermined,
    /// A value SES did not document when this was written, kept verbatim.
    Other(String),
}

impl BounceKind {
    /// Reads a `bounceType` value (case-sensitive, as SES writes it).
    pub fn from_wire(raw: &str) -> Self {
        match raw {
            "Permanent" => Self::Permanent,
            "Transient" => Self::Transient,
            "Undetermined" => Self::Undetermined,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The value as SES writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Permanent => "Permanent",
            Self::Transient => "Transient",
            Self::Undetermined => "Undetermined",
            Self::Other(raw) => raw,
        }
    }
}

/// `bounceSubType`. SES adds values over time, so unknown ones are kept, never rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BounceSubType {
    /// `Undetermined` (with bounce type Undetermined).
    Undetermined,
    /// `General` (Permanent or Transient).
    General,
    /// `NoEmail` (Permanent): the address does not exist.
    NoEmail,
    /// `SuppressionEntry` (Permanent): on SES's global suppression list.
    SuppressionEntry,
    /// `OnAccountSuppressionList` (Permanent): on this account's suppression list.
    OnAccountSuppressionList,
    /// `MailboxFull` (Transient).
    MailboxFull,
    /// `MessageTooLarge` (Transient).
    MessageTooLarge,
    /// `ContentRejected` (Transient).
    ContentRejected,
    /// `AttachmentRejected` (Transient).
    AttachmentRejected,
    /// Any other value, kept verbatim.
    Other(String),
}

impl BounceSubType {
    /// Every documented value, with its wire spelling.
    pub const KNOWN: [(&'static str, BounceSubType); 9] = [
        ("Undetermined", Self::Undetermined),
        ("General", Self::General),
        ("NoEmail", Self::NoEmail),
        ("SuppressionEntry", Self::SuppressionEntry),
        ("OnAccountSuppressionList", Self::OnAccountSuppressionList),
        ("MailboxFull", Self::MailboxFull),
        ("MessageTooLarge", Self::MessageTooLarge),
        ("ContentRejected", Self::ContentRejected),
        ("AttachmentRejected", Self::AttachmentRejected),
    ];

    /// Reads a `bounceSubType` value (case-sensitive, as SES writes it).
    pub fn from_wire(raw: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(wire, _)| *wire == raw)
            .map_or_else(|| Self::Other(raw.to_owned()), |(_, known)| known.clone())
    }

    /// The value as SES writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(raw) => raw,
            known => Self::KNOWN
                .iter()
                .find(|(_, candidate)| candidate == known)
                .map_or("", |(wire, _)| wire),
        }
    }

    /// False for a value this code does not know.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Other(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_types_round_trip() {
        for (wire, known) in BounceSubType::KNOWN {
            let parsed = BounceSubType::from_wire(wire);
            assert_eq!(parsed, known);
            assert_eq!(parsed.as_str(), wire);
            assert!(parsed.is_known());
        }
        let invented = BounceSubType::from_wire("SRETeamEatenByDinosaurs");
        assert_eq!(invented.as_str(), "SRETeamEatenByDinosaurs");
        assert!(!invented.is_known());
    }

    #[test]
    fn kinds_round_trip_and_unknown_is_kept() {
        for wire in ["Permanent", "Transient", "Undetermined", "permanent"] {
            assert_eq!(BounceKind::from_wire(wire).as_str(), wire);
        }
        assert_eq!(
            BounceKind::from_wire("permanent"),
            BounceKind::Other("permanent".into())
        );
    }
}
