//! The JSON as SES sends it. Everything is optional here so that the parser, not serde, decides
//! what is required and reports it with a precise [`ParseError`](super::ParseError). Unknown
//! fields are ignored.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::timestamp::lenient;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Notification {
    pub notification_type: Option<String>,
    pub event_type: Option<String>,
    pub mail: Option<Mail>,
    pub bounce: Option<Bounce>,
    pub complaint: Option<Complaint>,
    pub delivery: Option<Delivery>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Mail {
    pub message_id: Option<String>,
    pub source: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<DateTime<Utc>>,
    pub destination: Option<Vec<String>>,
    pub tags: Option<BTreeMap<String, Vec<String>>>,
    pub sending_account_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Bounce {
    pub bounce_type: Option<String>,
    pub bounce_sub_type: Option<String>,
    pub bounced_recipients: Option<Vec<BouncedRecipient>>,
    pub feedback_id: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BouncedRecipient {
    pub email_address: Option<String>,
    pub action: Option<String>,
    pub status: Option<String>,
    pub diagnostic_code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Complaint {
    pub complained_recipients: Option<Vec<ComplainedRecipient>>,
    pub complaint_feedback_type: Option<String>,
    pub complaint_sub_type: Option<String>,
    pub feedback_id: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ComplainedRecipient {
    pub email_address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Delivery {
    pub recipients: Option<Vec<String>>,
    pub smtp_response: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<DateTime<Utc>>,
}
