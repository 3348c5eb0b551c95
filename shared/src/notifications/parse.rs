//! From the SNS `Message` string to a [`Notification`]: the only place that decides what is
//! required.

use super::address::bare_address;
use super::bounce::{Bounce, BounceKind, BounceSubType, BouncedRecipient};
use super::complaint::{Complaint, ComplaintFeedbackType};
use super::error::ParseError;
use super::notification::{Delivery, Event, Format, IGNORED_TYPES, Mail, Notification};
use super::wire;

/// The notification type SES sends, without a mail object, when a topic is attached.
const CONTROL_TYPE: &str = "AmazonSnsSubscriptionSucceeded";

/// Parses an SES notification in either format (identity notification or event publishing).
///
/// Unknown event types, unknown subtypes and extra fields are accepted; missing data the
/// service needs is rejected with a [`ParseError`] naming what is missing. Timestamps never
/// cause a rejection.
pub fn parse_notification(message: &str) -> Result<Notification, ParseError> {
    let wire: wire::Notification =
        serde_json::from_str(message).map_err(|err| ParseError::from_json(&err))?;
    let (format, type_name) = format_and_type(wire.notification_type, wire.event_type)?;
    let mail = match wire.mail {
        Some(mail) => parse_mail(mail)?,
        None if type_name == CONTROL_TYPE => {
            return Err(ParseError::ControlMessage {
                notification_type: type_name,
            });
        }
        None => return Err(ParseError::MissingMail),
    };
    let event = match type_name.as_str() {
        "Bounce" => Event::Bounce(parse_bounce(wire.bounce)?),
        "Complaint" => Event::Complaint(parse_complaint(wire.complaint)?),
        "Delivery" => Event::Delivery(parse_delivery(wire.delivery)?),
        "Send" => Event::Send,
        known if IGNORED_TYPES.contains(&known) => Event::Ignored(type_name),
        _ => Event::Unknown(type_name),
    };
    Ok(Notification {
        format,
        mail,
        event,
    })
}

fn format_and_type(
    notification_type: Option<String>,
    event_type: Option<String>,
) -> Result<(Format, String), ParseError> {
    let present = |value: Option<String>| value.filter(|name| !name.trim().is_empty());
    match (present(notification_type), present(event_type)) {
        (Some(name), None) => Ok((Format::IdentityNotification, name)),
        (None, Some(name)) => Ok((Format::EventPublishing, name)),
        (Some(notification_type), Some(event_type)) => Err(ParseError::ConflictingType {
            notification_type,
            event_type,
        }),
        (None, None) => Err(ParseError::MissingType),
    }
}

fn parse_mail(mail: wire::Mail) -> Result<Mail, ParseError> {
    let message_id = mail
        .message_id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .ok_or(ParseError::MissingMessageId)?;
    let source = mail.source.ok_or(ParseError::MissingSource)?;
    let source_address = bare_address(&source).ok_or(ParseError::MissingSource)?;
    Ok(Mail {
        message_id,
        source,
        source_address,
        timestamp: mail.timestamp,
        destination: mail.destination.unwrap_or_default(),
        tags: mail.tags.unwrap_or_default(),
        sending_account_id: mail.sending_account_id,
    })
}

fn parse_bounce(bounce: Option<wire::Bounce>) -> Result<Bounce, ParseError> {
    const EVENT: &str = "bounce";
    let bounce = bounce.ok_or(ParseError::MissingEventDetail { event: EVENT })?;
    let kind = bounce
        .bounce_type
        .as_deref()
        .map(BounceKind::from_wire)
        .ok_or(ParseError::MissingBounceType)?;
    let recipients = non_empty(bounce.bounced_recipients, EVENT)?
        .into_iter()
        .map(|recipient| {
            Ok(BouncedRecipient {
                email: recipient_address(recipient.email_address.as_deref(), EVENT)?,
                action: recipient.action,
                status: recipient.status,
                diagnostic_code: recipient.diagnostic_code,
            })
        })
        .collect::<Result<_, ParseError>>()?;
    Ok(Bounce {
        kind,
        sub_type: bounce
            .bounce_sub_type
            .as_deref()
            .map(BounceSubType::from_wire),
        feedback_id: bounce.feedback_id,
        recipients,
        timestamp: bounce.timestamp,
    })
}

fn parse_complaint(complaint: Option<wire::Complaint>) -> Result<Complaint, ParseError> {
    const EVENT: &str = "complaint";
    let complaint = complaint.ok_or(ParseError::MissingEventDetail { event: EVENT })?;
    let recipients = non_empty(complaint.complained_recipients, EVENT)?
        .into_iter()
        .map(|recipient| recipient_address(recipient.email_address.as_deref(), EVENT))
        .collect::<Result<_, _>>()?;
    Ok(Complaint {
        feedback_type: complaint
            .complaint_feedback_type
            .as_deref()
            .map(ComplaintFeedbackType::from_wire),
        sub_type: complaint.complaint_sub_type,
        feedback_id: complaint.feedback_id,
        recipients,
        timestamp: complaint.timestamp,
    })
}

fn parse_delivery(delivery: Option<wire::Delivery>) -> Result<Delivery, ParseError> {
    const EVENT: &str = "delivery";
    let delivery = delivery.ok_or(ParseError::MissingEventDetail { event: EVENT })?;
    let recipients = non_empty(delivery.recipients, EVENT)?
        .iter()
        .map(|recipient| recipient_address(Some(recipient), EVENT))
        .collect::<Result<_, _>>()?;
    Ok(Delivery {
        recipients,
        timestamp: delivery.timestamp,
        smtp_response: delivery.smtp_response,
    })
}

fn non_empty<T>(recipients: Option<Vec<T>>, event: &'static str) -> Result<Vec<T>, ParseError> {
    recipients
        .filter(|list| !list.is_empty())
        .ok_or(ParseError::NoRecipients { event })
}

fn recipient_address(raw: Option<&str>, event: &'static str) -> Result<String, ParseError> {
    raw.and_then(bare_address)
        .ok_or(ParseError::MissingRecipientAddress { event })
}
