//! Messages the stand-in "sends": SES's address-verification emails, kept for tests to read.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The sender SES uses for verification emails.
pub const VERIFICATION_SENDER: &str = "no-reply-aws@amazon.com";

/// One sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    /// Sequence number, from 1.
    pub id: u64,
    /// Sender address.
    pub from: String,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// The verification link in the body.
    pub link: String,
    /// When it was sent (stand-in clock).
    pub sent_at: DateTime<Utc>,
}

/// The list of sent messages.
#[derive(Debug, Default)]
pub struct Outbox {
    messages: Vec<OutboxMessage>,
}

impl Outbox {
    /// Records a verification email to `to` carrying `link`.
    pub fn send_verification(&mut self, to: &str, link: String, region: &str, now: DateTime<Utc>) {
        let region_name = region_display_name(region);
        let body = format!(
            "Dear Amazon Web Services Customer,\n\n\
             We have received a request to authorize this email address for use with Amazon SES \
             and Amazon Pinpoint in region {region_name}. If you requested this verification, \
             please go to the following URL to confirm that you are authorized to use this email \
             address:\n\n{link}\n\n\
             Your request will not be processed unless you confirm the address using this URL. \
             This link expires 24 hours after your original verification request.\n\n\
             If you did NOT request to verify this email address, do not click on the link.\n\n\
             Sincerely,\n\nThe Amazon Web Services Team\n"
        );
        let id = self.messages.len() as u64 + 1;
        self.messages.push(OutboxMessage {
            id,
            from: VERIFICATION_SENDER.to_owned(),
            to: to.to_owned(),
            subject: format!(
                "Amazon Web Services \u{2013} Email Address Verification Request in region {region_name}"
            ),
            body,
            link,
            sent_at: now,
        });
    }

    /// All messages, oldest first.
    pub fn messages(&self) -> &[OutboxMessage] {
        &self.messages
    }

    /// Forgets every message.
    pub fn clear(&mut self) {
        self.messages.clear();
    }
}

/// The console name SES uses for a region in its emails, or the code when unknown.
fn region_display_name(region: &str) -> String {
    let name = match region {
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-1" => "US West (N. California)",
        "us-west-2" => "US West (Oregon)",
        "eu-west-1" => "Europe (Ireland)",
        "eu-west-2" => "Europe (London)",
        "eu-central-1" => "Europe (Frankfurt)",
        "ap-southeast-2" => "Asia Pacific (Sydney)",
        other => other,
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_mail_carries_the_link() {
        let mut outbox = Outbox::default();
        let now = DateTime::from_timestamp(1_735_689_600, 0).unwrap();
        outbox.send_verification(
            "a@example.com",
            "http://x/_local/verify/t".into(),
            "us-east-1",
            now,
        );
        let [message] = outbox.messages() else {
            panic!("one message expected")
        };
        assert_eq!(message.from, VERIFICATION_SENDER);
        assert_eq!(message.to, "a@example.com");
        assert!(message.subject.ends_with("US East (N. Virginia)"));
        assert!(message.body.contains("http://x/_local/verify/t"));
        outbox.clear();
        assert!(outbox.messages().is_empty());
    }
}
