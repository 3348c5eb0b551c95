//! What the parser requires, what it tolerates, and how it keys events for deduplication.

use domain::notifications::{
    BounceKind, BounceSubType, Event, Format, ParseError, parse_notification,
};
use serde_json::{Value, json};

/// A minimal, valid identity-notification bounce to mutate.
fn bounce() -> Value {
    json!({
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [{ "emailAddress": "jane@example.com" }],
            "feedbackId": "fb-1",
            "timestamp": "2016-01-27T14:59:38.237Z"
        },
        "mail": {
            "timestamp": "2016-01-27T14:59:38.237Z",
            "messageId": "msg-1",
            "source": "\"John\" <john@example.com>",
            "destination": ["jane@example.com"]
        }
    })
}

fn parse(value: &Value) -> Result<domain::notifications::Notification, ParseError> {
    parse_notification(&value.to_string())
}

fn code(value: &Value) -> &'static str {
    parse(value).expect_err("should be rejected").code()
}

#[test]
fn the_baseline_parses() {
    let n = parse(&bounce()).unwrap();
    assert_eq!(n.format, Format::IdentityNotification);
    assert_eq!(n.mail.source_address, "john@example.com");
    assert_eq!(n.dedup_keys(), ["feedback:fb-1:Bounce:jane@example.com"]);
}

#[test]
fn not_json_and_wrong_shapes() {
    for text in [
        "",
        "Hello from SNS!",
        "{",
        "{\"notificationType\":\"Bounce\",}",
    ] {
        let err = parse_notification(text).unwrap_err();
        assert_eq!(err.code(), "invalid_json", "{text:?}");
    }
    for text in ["[]", "42", "null", "\"Bounce\""] {
        assert_eq!(
            parse_notification(text).unwrap_err().code(),
            "unexpected_shape",
            "{text:?}"
        );
    }
    let mut wrong_type = bounce();
    wrong_type["mail"]["destination"] = json!("jane@example.com");
    assert_eq!(code(&wrong_type), "unexpected_shape");
}

#[test]
fn type_field_is_required_and_unambiguous() {
    let mut none = bounce();
    none.as_object_mut().unwrap().remove("notificationType");
    assert_eq!(code(&none), "missing_type");

    let mut blank = bounce();
    blank["notificationType"] = json!("  ");
    assert_eq!(code(&blank), "missing_type");

    let mut both = bounce();
    both["eventType"] = json!("Bounce");
    assert_eq!(code(&both), "conflicting_type");
}

#[test]
fn mail_message_id_and_source_are_required() {
    let mut no_mail = bounce();
    no_mail.as_object_mut().unwrap().remove("mail");
    assert_eq!(code(&no_mail), "missing_mail");

    for id in [json!(null), json!("   ")] {
        let mut no_id = bounce();
        no_id["mail"]["messageId"] = id;
        assert_eq!(code(&no_id), "missing_message_id");
    }

    for source in [json!(null), json!(""), json!("\"Only a name\" <>")] {
        let mut no_source = bounce();
        no_source["mail"]["source"] = source;
        assert_eq!(code(&no_source), "missing_source");
    }
}

#[test]
fn subscription_succeeded_without_mail_is_a_control_message() {
    let message = json!({
        "notificationType": "AmazonSnsSubscriptionSucceeded",
        "message": "You have successfully subscribed your Amazon SNS topic to receive 'Bounce' notifications."
    });
    let err = parse(&message).unwrap_err();
    assert_eq!(err.code(), "control_message");
    assert!(err.is_control_message());
    assert!(!ParseError::MissingMail.is_control_message());
}

#[test]
fn bounce_details_are_required() {
    let mut no_object = bounce();
    no_object.as_object_mut().unwrap().remove("bounce");
    assert_eq!(code(&no_object), "missing_event_detail");

    let mut no_kind = bounce();
    no_kind["bounce"]
        .as_object_mut()
        .unwrap()
        .remove("bounceType");
    assert_eq!(code(&no_kind), "missing_bounce_type");

    for recipients in [json!(null), json!([])] {
        let mut none = bounce();
        none["bounce"]["bouncedRecipients"] = recipients;
        assert_eq!(code(&none), "no_recipients");
    }

    for entry in [json!({ "status": "5.1.1" }), json!({ "emailAddress": " " })] {
        let mut anonymous = bounce();
        anonymous["bounce"]["bouncedRecipients"] = json!([entry]);
        assert_eq!(code(&anonymous), "missing_recipient_address");
    }
}

#[test]
fn complaint_and_delivery_details_are_required() {
    let mail = bounce()["mail"].clone();
    for (kind, key) in [("Complaint", "complaint"), ("Delivery", "delivery")] {
        let message = json!({ "eventType": kind, "mail": mail });
        assert_eq!(code(&message), "missing_event_detail", "{kind}");
        let err = parse(&message).unwrap_err();
        assert!(err.to_string().contains(key), "{err}");
    }
    let empty = json!({ "eventType": "Complaint", "mail": mail, "complaint": { "complainedRecipients": [] } });
    assert_eq!(code(&empty), "no_recipients");
    let empty = json!({ "eventType": "Delivery", "mail": mail, "delivery": { "recipients": [] } });
    assert_eq!(code(&empty), "no_recipients");
}

#[test]
fn error_codes_are_distinct() {
    let errors = [
        ParseError::InvalidJson {
            reason: String::new(),
        },
        ParseError::UnexpectedShape {
            reason: String::new(),
        },
        ParseError::MissingType,
        ParseError::ConflictingType {
            notification_type: String::new(),
            event_type: String::new(),
        },
        ParseError::ControlMessage {
            notification_type: String::new(),
        },
        ParseError::MissingMail,
        ParseError::MissingMessageId,
        ParseError::MissingSource,
        ParseError::MissingEventDetail { event: "bounce" },
        ParseError::MissingBounceType,
        ParseError::NoRecipients { event: "bounce" },
        ParseError::MissingRecipientAddress { event: "bounce" },
    ];
    let mut codes: Vec<_> = errors.iter().map(ParseError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), errors.len());
}

#[test]
fn unknown_values_and_extra_fields_are_tolerated() {
    let mut message = bounce();
    message["brandNewTopLevel"] = json!({ "nested": [1, 2, 3] });
    message["bounce"]["bounceType"] = json!("Squishy");
    message["bounce"]["bounceSubType"] = json!("BrandNewSubType");
    message["bounce"]["bouncedRecipients"][0]["newField"] = json!(true);
    message["mail"]["newField"] = json!(null);
    let n = parse(&message).unwrap();
    let Event::Bounce(b) = n.event else { panic!() };
    assert_eq!(b.kind, BounceKind::Other("Squishy".into()));
    assert!(!b.is_permanent());
    assert_eq!(
        b.sub_type,
        Some(BounceSubType::Other("BrandNewSubType".into()))
    );

    let mut unknown = bounce();
    unknown["notificationType"] = json!("Teleported");
    let n = parse(&unknown).unwrap();
    assert_eq!(n.event, Event::Unknown("Teleported".into()));
    assert!(n.dedup_keys().is_empty());
}

#[test]
fn bad_timestamps_never_fail() {
    for timestamp in [
        json!("yesterday"),
        json!(12),
        json!(null),
        json!({}),
        json!("2018-10-08T14:05:45 +0000"),
    ] {
        let mut message = bounce();
        message["mail"]["timestamp"] = timestamp.clone();
        message["bounce"]["timestamp"] = timestamp.clone();
        let n = parse(&message).unwrap_or_else(|err| panic!("{timestamp}: {err}"));
        assert_eq!(
            n.mail.timestamp.is_some(),
            timestamp.as_str().is_some_and(|s| s.starts_with("2018"))
        );
    }
}

#[test]
fn recipients_with_display_names_are_bare() {
    let mut message = bounce();
    message["bounce"]["bouncedRecipients"] = json!([
        { "emailAddress": "\"Doe, Jane <boss>\" <Jane@Example.COM>" },
        { "emailAddress": "jane@example.com" }
    ]);
    let n = parse(&message).unwrap();
    let Event::Bounce(b) = &n.event else { panic!() };
    assert_eq!(b.recipients[0].email, "Jane@Example.COM");
    assert_eq!(
        n.dedup_keys(),
        [
            "feedback:fb-1:Bounce:Jane@example.com",
            "feedback:fb-1:Bounce:jane@example.com"
        ],
        "domain lower-cased, local part kept"
    );
}

#[test]
fn duplicate_recipients_yield_one_key() {
    let mut message = bounce();
    message["bounce"]["bouncedRecipients"] =
        json!([{ "emailAddress": "jane@example.com" }, { "emailAddress": "jane@EXAMPLE.com" }]);
    assert_eq!(
        parse(&message).unwrap().dedup_keys(),
        ["feedback:fb-1:Bounce:jane@example.com"]
    );
}

#[test]
fn without_feedback_id_keys_fall_back_to_message_id_and_type() {
    let mut message = bounce();
    message["bounce"]
        .as_object_mut()
        .unwrap()
        .remove("feedbackId");
    assert_eq!(
        parse(&message).unwrap().dedup_keys(),
        ["message:msg-1:Bounce:jane@example.com"]
    );
}

#[test]
fn the_same_bounce_in_both_formats_has_the_same_keys() {
    let identity = bounce();
    let mut published = bounce();
    let object = published.as_object_mut().unwrap();
    object.remove("notificationType");
    object.insert("eventType".into(), json!("Bounce"));
    published["mail"]["tags"] = json!({ "ses:configuration-set": ["ConfigSet"] });
    let (identity, published) = (parse(&identity).unwrap(), parse(&published).unwrap());
    assert_eq!(published.format, Format::EventPublishing);
    assert_eq!(
        published.mail.tag("ses:configuration-set"),
        Some("ConfigSet")
    );
    assert_eq!(identity.dedup_keys(), published.dedup_keys());
}

#[test]
fn trailing_newline_and_whitespace_are_fine() {
    let text = format!("\n  {}\n", bounce());
    assert!(parse_notification(&text).is_ok());
}
