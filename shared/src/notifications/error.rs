//! Why an SNS message is not a usable SES feedback notification.

/// Why [`parse_notification`](super::parse_notification) rejected a message.
///
/// Every variant is permanent: the same bytes fail the same way on every SNS retry, so a caller
/// should log the [`code`](Self::code) and move on (or dead-letter the message), not retry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The message is not JSON at all (for example a plain-text SNS test message).
    #[error("the message is not valid JSON: {reason}")]
    InvalidJson {
        /// What the JSON parser reported.
        reason: String,
    },
    /// The message is JSON, but not an object of the expected shape (a field has the wrong type).
    #[error("the message does not have the shape of an SES notification: {reason}")]
    UnexpectedShape {
        /// What the JSON parser reported.
        reason: String,
    },
    /// Neither `notificationType` nor `eventType` is present.
    #[error("the message has neither a notificationType nor an eventType")]
    MissingType,
    /// Both `notificationType` and `eventType` are present, so the format is ambiguous.
    #[error(
        "the message has both notificationType {notification_type:?} and eventType {event_type:?}"
    )]
    ConflictingType {
        /// The `notificationType` value.
        notification_type: String,
        /// The `eventType` value.
        event_type: String,
    },
    /// An SES control message about the subscription itself (`AmazonSnsSubscriptionSucceeded`),
    /// sent once when a topic is attached to an identity. It has no `mail` object and nothing to
    /// act on; see [`ParseError::is_control_message`].
    #[error("the message is the SES control message {notification_type:?}, not feedback")]
    ControlMessage {
        /// The `notificationType` value.
        notification_type: String,
    },
    /// The `mail` object is missing.
    #[error("the notification has no mail object")]
    MissingMail,
    /// `mail.messageId` is missing or blank.
    #[error("the notification's mail object has no messageId")]
    MissingMessageId,
    /// `mail.source` is missing or holds no address.
    #[error("the notification's mail object has no source address")]
    MissingSource,
    /// The event-specific object (`bounce`, `complaint`, `delivery`) is missing.
    #[error("the {event} notification has no {event} object")]
    MissingEventDetail {
        /// The JSON key that is missing.
        event: &'static str,
    },
    /// A bounce without `bounceType`: whether to suppress cannot be decided.
    #[error("the bounce has no bounceType")]
    MissingBounceType,
    /// A bounce, complaint or delivery that names no recipient.
    #[error("the {event} names no recipients")]
    NoRecipients {
        /// The event object that lists no recipient.
        event: &'static str,
    },
    /// A recipient entry without an email address.
    #[error("a recipient of the {event} has no email address")]
    MissingRecipientAddress {
        /// The event object holding the faulty recipient.
        event: &'static str,
    },
}

impl ParseError {
    /// A stable, machine-readable code for logs and metrics (never changes once released).
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson { .. } => "invalid_json",
            Self::UnexpectedShape { .. } => "unexpected_shape",
            Self::MissingType => "missing_type",
            Self::ConflictingType { .. } => "conflicting_type",
            Self::ControlMessage { .. } => "control_message",
            Self::MissingMail => "missing_mail",
            Self::MissingMessageId => "missing_message_id",
            Self::MissingSource => "missing_source",
            Self::MissingEventDetail { .. } => "missing_event_detail",
            Self::MissingBounceType => "missing_bounce_type",
            Self::NoRecipients { .. } => "no_recipients",
            Self::MissingRecipientAddress { .. } => "missing_recipient_address",
        }
    }

    /// True for the SES control message that is expected once per subscription and should be
    /// acknowledged quietly rather than reported as a malformed notification.
    pub fn is_control_message(&self) -> bool {
        matches!(self, Self::ControlMessage { .. })
    }

    pub(super) fn from_json(err: &serde_json::Error) -> Self {
        let reason = err.to_string();
        if err.is_data() {
            Self::UnexpectedShape { reason }
        } else {
            Self::InvalidJson { reason }
        }
    }
}
