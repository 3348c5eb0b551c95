//! The values parsed from real SES fixtures match what the files say.

use crate::feedback_common;

use chrono::{DateTime, Utc};
use domain::notifications::{
    BounceKind, BounceSubType, ComplaintFeedbackType, Event, Format, Notification,
    parse_notification,
};
use feedback_common::{parse_fixture, read};

const MOZILLA: &str = "ses-notifications/mozilla-fx-private-relay";
const EVENTPUB: &str = "ses-notifications/derived-line-numbers-stripped";

fn at(rfc3339: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc())
}

fn bounce(notification: &Notification) -> &domain::notifications::Bounce {
    match &notification.event {
        Event::Bounce(bounce) => bounce,
        other => panic!("expected a bounce, got {other:?}"),
    }
}

fn complaint(notification: &Notification) -> &domain::notifications::Complaint {
    match &notification.event {
        Event::Complaint(complaint) => complaint,
        other => panic!("expected a complaint, got {other:?}"),
    }
}

#[test]
fn simulator_bounce_is_permanent_general() {
    let n = parse_fixture(&format!(
        "{MOZILLA}/bounce_notification_from_simulator_ses_body.json"
    ));
    assert_eq!(n.format, Format::IdentityNotification);
    assert_eq!(
        n.mail.message_id,
        "0100018264c6505e-66ca92ab-0593-41de-8df9-38b09a02a206-000000"
    );
    assert_eq!(n.mail.source_address, "test@relay.example.com");
    assert_eq!(n.mail.sending_account_id.as_deref(), Some("032756942992"));
    assert_eq!(n.mail.timestamp, at("2022-08-03T17:34:54.558Z"));
    assert_eq!(n.mail.destination, ["bounce@simulator.amazonses.com"]);
    assert!(n.mail.tags.is_empty());
    let b = bounce(&n);
    assert_eq!(b.kind, BounceKind::Permanent);
    assert!(b.is_permanent());
    assert_eq!(b.sub_type, Some(BounceSubType::General));
    assert_eq!(b.timestamp, at("2022-08-03T17:34:55.000Z"));
    let feedback_id = "0100018264c6525d-e8967b05-82f8-4575-9413-34faff769528-000000";
    assert_eq!(b.feedback_id.as_deref(), Some(feedback_id));
    let [recipient] = b.recipients.as_slice() else {
        panic!("one recipient")
    };
    assert_eq!(recipient.email, "bounce@simulator.amazonses.com");
    assert_eq!(recipient.action.as_deref(), Some("failed"));
    assert_eq!(recipient.status.as_deref(), Some("5.1.1"));
    assert_eq!(
        recipient.diagnostic_code.as_deref(),
        Some("smtp; 550 5.1.1 user unknown")
    );
    assert_eq!(
        n.dedup_keys(),
        [format!(
            "feedback:{feedback_id}:Bounce:bounce@simulator.amazonses.com"
        )]
    );
}

#[test]
fn simulator_ooto_bounce_is_transient_without_dsn_fields() {
    let n = parse_fixture(&format!(
        "{MOZILLA}/ooto_bounce_notification_from_simulator_ses_body.json"
    ));
    let b = bounce(&n);
    assert_eq!(
        (b.kind.clone(), b.is_permanent()),
        (BounceKind::Transient, false)
    );
    assert_eq!(b.recipients[0].email, "ooto@simulator.amazonses.com");
    assert_eq!(
        (
            b.recipients[0].action.clone(),
            b.recipients[0].status.clone()
        ),
        (None, None)
    );
}

#[test]
fn simulator_complaint_is_abuse_with_null_subtype() {
    let n = parse_fixture(&format!(
        "{MOZILLA}/complaint_notification_from_simulator_ses_body.json"
    ));
    let c = complaint(&n);
    assert_eq!(c.feedback_type, Some(ComplaintFeedbackType::Abuse));
    assert_eq!(c.sub_type, None);
    assert!(c.suppresses());
    assert_eq!(c.recipients, ["complaint@simulator.amazonses.com"]);
    assert_eq!(c.timestamp, at("2022-08-03T17:38:31.000Z"));
}

#[test]
fn mozilla_invented_subtypes_are_kept_as_unknown() {
    for (file, invented) in [
        ("soft_bounce_sns_body.json", "SRETeamEatenByDinosaurs"),
        ("spam_bounce_sns_body.json", "StopRelayingSpamForThisUser"),
    ] {
        let n = parse_fixture(&format!("{MOZILLA}/{file}"));
        let b = bounce(&n);
        assert_eq!(b.kind, BounceKind::Transient, "{file}");
        let sub_type = b.sub_type.as_ref().unwrap();
        assert_eq!(sub_type, &BounceSubType::Other(invented.to_owned()));
        assert!(!sub_type.is_known());
    }
}

#[test]
fn mozilla_sns_envelopes_carry_known_subtypes_and_encoded_word_sources() {
    for (file, kind, sub_type) in [
        (
            "hard_bounce_sns_body.json",
            BounceKind::Permanent,
            BounceSubType::OnAccountSuppressionList,
        ),
        (
            "e5b440f-soft_bounce_sns_body.json",
            BounceKind::Transient,
            BounceSubType::MailboxFull,
        ),
        (
            "e5b440f-spam_bounce_sns_body.json",
            BounceKind::Transient,
            BounceSubType::ContentRejected,
        ),
    ] {
        let n = parse_fixture(&format!("{MOZILLA}/{file}"));
        assert!(n.mail.source.starts_with("=?utf-8?b?"), "{file}");
        assert_eq!(n.mail.source_address, "relay@unfck.email", "{file}");
        let b = bounce(&n);
        assert_eq!(
            (&b.kind, b.sub_type.as_ref()),
            (&kind, Some(&sub_type)),
            "{file}"
        );
        assert_eq!(b.recipients[0].email, "relayuser@test.com");
    }
}

#[test]
fn bounce_without_dsn_lists_both_recipients_with_feedback_keys() {
    let n = parse_fixture("ses-notifications/awsdocs-notification-02-no-dsn.json");
    let id = "00000137860315fd-869464a4-8680-4114-98d3-716fe35851f9-000000";
    assert_eq!(
        n.dedup_keys(),
        [
            format!("feedback:{id}:Bounce:jane@example.com"),
            format!("feedback:{id}:Bounce:richard@example.com")
        ]
    );
}

#[test]
fn complaint_without_feedback_report_still_suppresses() {
    let n = parse_fixture("ses-notifications/awsdocs-notification-04-no-feedback.json");
    let c = complaint(&n);
    assert_eq!(c.feedback_type, None);
    assert!(c.suppresses());
}

#[test]
fn mozilla_null_subtype_edit_does_not_change_the_dedup_identity() {
    let original = parse_fixture("ses-notifications/awsdocs-notification-03-with-feedback.json");
    let edited = parse_fixture(&format!(
        "{MOZILLA}/complaint_notification_with_feedback_example_ses_body.json"
    ));
    assert_eq!(original.dedup_keys(), edited.dedup_keys());
    assert_eq!(original.event, edited.event);
}

#[test]
fn delivery_keeps_smtp_response_and_keys_by_message_id() {
    let n = parse_fixture("ses-notifications/awsdocs-notification-05-delivery.json");
    let Event::Delivery(delivery) = &n.event else {
        panic!("{:?}", n.event)
    };
    assert_eq!(
        delivery.smtp_response.as_deref(),
        Some("250 ok:  Message 64111812 accepted")
    );
    assert_eq!(delivery.recipients, ["jane@example.com"]);
    assert_eq!(
        n.dedup_keys(),
        [
            "message:0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000:Delivery:jane@example.com"
        ]
    );
}

#[test]
fn event_publishing_examples_map_to_their_events_with_tags() {
    for (file, type_name, acted_on) in [
        ("awsdocs-eventpub-01-sns-bounce.json", "Bounce", true),
        ("awsdocs-eventpub-02-sns-complaint.json", "Complaint", true),
        ("awsdocs-eventpub-03-sns-delivery.json", "Delivery", true),
        ("awsdocs-eventpub-04-sns-send.json", "Send", true),
        ("awsdocs-eventpub-05-sns-reject.json", "Reject", false),
        ("awsdocs-eventpub-06-sns-open.json", "Open", false),
        ("awsdocs-eventpub-07-sns-click.json", "Click", false),
        (
            "awsdocs-eventpub-08-sns-failure.json",
            "Rendering Failure",
            false,
        ),
        (
            "awsdocs-eventpub-09-sns-delayed-delivery.json",
            "DeliveryDelay",
            false,
        ),
        (
            "awsdocs-eventpub-10-sns-subscription.json",
            "Subscription",
            false,
        ),
    ] {
        let n = parse_fixture(&format!("{EVENTPUB}/{file}"));
        assert_eq!(n.format, Format::EventPublishing, "{file}");
        assert_eq!(n.event.type_name(), type_name, "{file}");
        assert_eq!(
            n.mail.tag("ses:configuration-set"),
            Some("ConfigSet"),
            "{file}"
        );
        assert_eq!(n.mail.source_address, "sender@example.com", "{file}");
        assert_eq!(matches!(n.event, Event::Ignored(_)), !acted_on, "{file}");
        assert_eq!(n.dedup_keys().is_empty(), !acted_on, "{file}");
    }
}

#[test]
fn a_complaint_sharing_a_bounce_feedback_id_keeps_its_own_key() {
    // The AWS docs' bounce and complaint examples carry the same feedbackId and recipient.
    let bounce = parse_fixture(&format!("{EVENTPUB}/awsdocs-eventpub-01-sns-bounce.json"));
    let complaint = parse_fixture(&format!(
        "{EVENTPUB}/awsdocs-eventpub-02-sns-complaint.json"
    ));
    let Event::Bounce(b) = &bounce.event else {
        panic!()
    };
    let Event::Complaint(c) = &complaint.event else {
        panic!()
    };
    assert_eq!(b.feedback_id, c.feedback_id);
    assert_eq!(b.recipients[0].email, c.recipients[0]);
    assert_ne!(bounce.dedup_keys(), complaint.dedup_keys());
}

#[test]
fn event_publishing_bounce_strips_the_display_name_from_source() {
    let n = parse_fixture(&format!("{EVENTPUB}/awsdocs-eventpub-01-sns-bounce.json"));
    assert_eq!(n.mail.source, "Sender Name <sender@example.com>");
    assert_eq!(n.mail.source_address, "sender@example.com");
    assert_eq!(n.mail.tags["ses:caller-identity"], ["ses_user"]);
    assert_eq!(bounce(&n).recipients[0].status.as_deref(), Some("5.1.1"));
}

#[test]
fn real_send_event_from_a_lambda_sns_envelope() {
    let n = parse_fixture("sns-lambda-envelopes/derived-powertools-pr4069-sns_ses_event.json");
    assert_eq!(
        (n.format, &n.event),
        (Format::EventPublishing, &Event::Send)
    );
    assert_eq!(
        n.mail.tag("ses:configuration-set"),
        Some("my-first-configuration-set")
    );
    assert_eq!(n.mail.tag("ses:source-tls-version"), Some("TLSv1.3"));
    assert_eq!(
        n.dedup_keys(),
        [
            "message:0100018e77d94dc5-c421e265-f034-4575-9ecc-3ca34038e91f-000000:Send:success@simulator.amazonses.com"
        ]
    );
}

/// The "Notification contents" doc sections are single objects; wrapped (bytes unchanged) into
/// notifications they must parse, including the mail object's timestamp quirk.
#[test]
fn documented_fragments_compose_into_notifications() {
    let fragment = |n: u8, name: &str| {
        read(&format!(
            "ses-notifications/awsdocs-notification-contents-{n:02}-{name}.json"
        ))
    };
    let mail = fragment(1, "object");

    let bounce_json = format!(
        r#"{{"notificationType":"Bounce","mail":{mail},"bounce":{}}}"#,
        fragment(2, "object")
    );
    let n = parse_notification(&bounce_json).unwrap();
    assert_eq!(
        n.mail.timestamp,
        at("2018-10-08T14:05:45Z"),
        "the doc quirk is read, not rejected"
    );
    let b = bounce(&n);
    let statuses: Vec<_> = b
        .recipients
        .iter()
        .map(|r| (r.action.as_deref(), r.status.as_deref()))
        .collect();
    assert_eq!(
        statuses,
        [
            (Some("failed"), Some("5.0.0")),
            (Some("delayed"), Some("4.0.0"))
        ]
    );

    let recipient_bounce = format!(
        r#"{{"eventType":"Bounce","mail":{mail},"bounce":{{"bounceType":"Permanent","bouncedRecipients":[{}]}}}}"#,
        fragment(3, "recipients")
    );
    let n = parse_notification(&recipient_bounce).unwrap();
    assert_eq!(
        bounce(&n).recipients[0].diagnostic_code.as_deref(),
        Some("X-Postfix; unknown user")
    );
    assert_eq!(bounce(&n).sub_type, None);

    let complaint_json = format!(
        r#"{{"notificationType":"Complaint","mail":{mail},"complaint":{}}}"#,
        fragment(4, "object")
    );
    let n = parse_notification(&complaint_json).unwrap();
    assert_eq!(complaint(&n).recipients, ["recipient1@example.com"]);
    assert_eq!(
        complaint(&n).feedback_type,
        Some(ComplaintFeedbackType::Abuse)
    );

    let delivery_json = format!(
        r#"{{"notificationType":"Delivery","mail":{mail},"delivery":{}}}"#,
        fragment(6, "object")
    );
    let n = parse_notification(&delivery_json).unwrap();
    assert_eq!(n.dedup_keys().len(), 1);
    assert!(n.dedup_keys()[0].ends_with(":Delivery:success@simulator.amazonses.com"));

    let recipient = fragment(5, "recipients");
    let complained = format!(
        r#"{{"eventType":"Complaint","mail":{mail},"complaint":{{"complainedRecipients":[{recipient}]}}}}"#
    );
    assert_eq!(
        complaint(&parse_notification(&complained).unwrap()).recipients,
        ["recipient1@example.com"]
    );
}
