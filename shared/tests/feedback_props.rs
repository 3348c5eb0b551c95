//! Property tests: no input makes the feedback parser panic, and what it accepts is sound.

use domain::notifications::{Event, bare_address, dedup_form, parse_notification};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys SES uses, so that generated objects often reach deep into the parser.
const KEYS: &[&str] = &[
    "notificationType",
    "eventType",
    "mail",
    "bounce",
    "complaint",
    "delivery",
    "messageId",
    "source",
    "timestamp",
    "destination",
    "tags",
    "sendingAccountId",
    "bounceType",
    "bounceSubType",
    "bouncedRecipients",
    "complainedRecipients",
    "recipients",
    "emailAddress",
    "feedbackId",
    "complaintFeedbackType",
    "complaintSubType",
    "smtpResponse",
    "action",
    "status",
];

const TYPES: &[&str] = &[
    "Bounce",
    "Complaint",
    "Delivery",
    "Send",
    "Open",
    "AmazonSnsSubscriptionSucceeded",
    "",
];

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        proptest::sample::select(TYPES).prop_map(Value::from),
        ".*".prop_map(Value::String),
        "[a-zA-Z\" <>@().]{0,30}".prop_map(Value::String),
    ]
    .boxed()
}

fn json_value() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec(
                    (
                        prop_oneof![
                            proptest::sample::select(KEYS).prop_map(str::to_owned),
                            ".{0,8}"
                        ],
                        inner
                    ),
                    0..8,
                )
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
            ]
        })
        .boxed()
}

/// Mostly plausible, sometimes arbitrary, sometimes absent: one field of a generated message.
///
/// Strategies are boxed here and below: the unboxed value trees overflow a test thread's stack.
fn field(plausible: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        12 => plausible.prop_map(Some),
        1 => leaf().prop_map(Some),
        1 => Just(None),
    ]
    .boxed()
}

fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    let entries = fields
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_owned(), value?)));
    Value::Object(entries.collect())
}

fn address() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-z]{1,8}@[a-zA-Z]{1,8}\\.com",
        "\"[a-zA-Z <>]{0,8}\" <[a-z]{1,8}@[a-z]{1,8}\\.com>",
        "[ <>\"@]{0,4}",
    ]
    .prop_map(Value::String)
}

fn recipients(entry: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    proptest::collection::vec(entry, 0..4)
        .prop_map(Value::Array)
        .boxed()
}

fn recipient() -> BoxedStrategy<Value> {
    field(address())
        .prop_map(|email| object(vec![("emailAddress", email)]))
        .boxed()
}

/// Objects shaped like SES notifications, so that generated input often parses.
fn notification_like() -> BoxedStrategy<Value> {
    let mail = (
        field("[a-z0-9-]{0,12}".prop_map(Value::String)),
        field(address()),
        field("2016-01-27T14:59:38.237Z|yesterday".prop_map(Value::String)),
        field(recipients(address())),
    )
        .prop_map(|(id, source, timestamp, destination)| {
            object(vec![
                ("messageId", id),
                ("source", source),
                ("timestamp", timestamp),
                ("destination", destination),
            ])
        })
        .boxed();
    let bounce = (
        field("Permanent|Transient|Undetermined|Odd".prop_map(Value::String)),
        field(recipients(recipient())),
        field("[a-z0-9-]{0,8}".prop_map(Value::String)),
    )
        .prop_map(|(kind, list, id)| {
            object(vec![
                ("bounceType", kind),
                ("bouncedRecipients", list),
                ("feedbackId", id),
            ])
        })
        .boxed();
    let complaint = (
        field(recipients(recipient())),
        field("abuse|not-spam|new".prop_map(Value::String)),
    )
        .prop_map(|(list, kind)| {
            object(vec![
                ("complainedRecipients", list),
                ("complaintFeedbackType", kind),
            ])
        })
        .boxed();
    let delivery = field(recipients(address())).prop_map(|list| object(vec![("recipients", list)]));
    (
        proptest::sample::select(&["notificationType", "eventType"][..]),
        field(proptest::sample::select(TYPES).prop_map(Value::from)),
        field(mail),
        field(bounce),
        field(complaint),
        field(delivery),
    )
        .prop_map(|(type_key, kind, mail, bounce, complaint, delivery)| {
            object(vec![
                (type_key, kind),
                ("mail", mail),
                ("bounce", bounce),
                ("complaint", complaint),
                ("delivery", delivery),
            ])
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in ".*") {
        let _ = parse_notification(&text);
    }

    #[test]
    fn arbitrary_json_never_panics_and_accepted_input_is_sound(
        value in prop_oneof![json_value(), notification_like()],
    ) {
        if let Ok(notification) = parse_notification(&value.to_string()) {
            let sent_type = ["notificationType", "eventType"]
                .iter()
                .find_map(|key| value.get(*key)?.as_str());
            prop_assert_eq!(sent_type, Some(notification.event.type_name()));
            let id = &notification.mail.message_id;
            prop_assert!(!id.is_empty() && id.trim() == id);
            prop_assert!(!notification.mail.source_address.is_empty());
            let recipients = match &notification.event {
                Event::Bounce(b) => b.recipients.len(),
                Event::Complaint(c) => c.recipients.len(),
                Event::Delivery(d) => d.recipients.len(),
                _ => usize::MAX,
            };
            prop_assert!(recipients > 0);
            prop_assert!(notification.dedup_keys().len() <= recipients);
        }
    }

    #[test]
    fn bare_address_never_panics_and_is_trimmed(mailbox in ".*") {
        if let Some(address) = bare_address(&mailbox) {
            prop_assert!(!address.is_empty());
            prop_assert_eq!(address.trim(), address.as_str());
        }
    }

    #[test]
    fn display_names_never_leak_into_the_address(
        name in "[^\"\\\\]{0,20}",
        local in "[a-zA-Z0-9._+-]{1,16}",
        domain in "[a-zA-Z0-9-]{1,16}\\.[a-z]{2,6}",
    ) {
        let address = format!("{local}@{domain}");
        prop_assert_eq!(bare_address(&format!("\"{name}\" <{address}>")), Some(address.clone()));
        prop_assert_eq!(bare_address(&format!(" {address} ")), Some(address));
    }

    #[test]
    fn dedup_form_is_idempotent_and_keeps_the_local_part(local in "[^@]{1,16}", domain in ".{0,16}") {
        let once = dedup_form(&format!("{local}@{domain}"));
        prop_assert_eq!(dedup_form(&once), once.clone());
        prop_assert!(once.starts_with(local.trim_start()));
    }
}
