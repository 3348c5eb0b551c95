//! Complaints: recipients who marked a message as unwanted.

use chrono::{DateTime, Utc};

/// A complaint event (`complaint` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// `complaintFeedbackType`, present only when the mailbox provider sent a feedback report.
    pub feedback_type: Option<ComplaintFeedbackType>,
    /// `complaintSubType`: `null` or `OnAccountSuppressionList` so far, kept verbatim.
    pub sub_type: Option<String>,
    /// `feedbackId`: SES's id for this complaint, stable across SNS retries.
    pub feedback_id: Option<String>,
    /// `complainedRecipients`, as bare addresses, never empty.
    pub recipients: Vec<String>,
    /// When the complaint was reported (`None` if absent or unreadable).
    pub timestamp: Option<DateTime<Utc>>,
}

impl Complaint {
    /// Whether the recipients should be suppressed: every complaint does, except an explicit
    /// `not-spam` report (the recipient said the message is fine). A complaint without a
    /// feedback report suppresses too: most providers send none.
    pub fn suppresses(&self) -> bool {
        self.feedback_type != Some(ComplaintFeedbackType::NotSpam)
    }
}

/// `complaintFeedbackType` (the ARF feedback types, RFC 5965 and IANA registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplaintFeedbackType {
    /// `abuse`: unsolicited or abusive mail.
    Abuse,
    /// `auth-failure`: failed authentication.
    AuthFailure,
    /// `fraud`: fraud or phishing.
    Fraud,
    /// `not-spam`: the recipient says the message is not spam.
    NotSpam,
    /// `other`.
    Other,
    /// `virus`: the message carried a virus.
    Virus,
    /// A value SES did not document when this was written, kept verbatim.
    Unknown(String),
}

impl ComplaintFeedbackType {
    /// Reads a `complaintFeedbackType` value (case-sensitive, as SES writes it).
    pub fn from_wire(raw: &str) -> Self {
        match raw {
            "abuse" => Self::Abuse,
            "auth-failure" => Self::AuthFailure,
            "fraud" => Self::Fraud,
            "not-spam" => Self::NotSpam,
            "other" => Self::Other,
            "virus" => Self::Virus,
            unknown => Self::Unknown(unknown.to_owned()),
        }
    }

    /// The value as SES writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Abuse => "abuse",
            Self::AuthFailure => "auth-failure",
            Self::Fraud => "fraud",
            Self::NotSpam => "not-spam",
            Self::Other => "other",
            Self::Virus => "virus",
            Self::Unknown(raw) => raw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complaint(feedback_type: Option<&str>) -> Complaint {
        Complaint {
            feedback_type: feedback_type.map(ComplaintFeedbackType::from_wire),
            sub_type: None,
            feedback_id: None,
            recipients: vec!["r@example.com".into()],
            timestamp: None,
        }
    }

    #[test]
    fn only_not_spam_does_not_suppress() {
        assert!(!complaint(Some("not-spam")).suppresses());
        for wire in [
            "abuse",
            "auth-failure",
            "fraud",
            "other",
            "virus",
            "brand-new",
        ] {
            assert!(complaint(Some(wire)).suppresses(), "{wire}");
        }
        assert!(complaint(None).suppresses());
    }

    #[test]
    fn feedback_types_round_trip() {
        for wire in [
            "abuse",
            "auth-failure",
            "fraud",
            "not-spam",
            "other",
            "virus",
            "new",
        ] {
            assert_eq!(ComplaintFeedbackType::from_wire(wire).as_str(), wire);
        }
        assert_eq!(
            ComplaintFeedbackType::from_wire("Abuse"),
            ComplaintFeedbackType::Unknown("Abuse".into())
        );
    }
}
