//! Conformance with the published SESv2 model: every operation the stand-in serves is replayed
//! through aws-sdk-sesv2, and every raw answer (success and each modeled error) is checked
//! against `model/sesv2-service-2.json` (botocore 1.44.5; see `model/README.md`).

mod model;
mod replay;

use std::collections::BTreeSet;

use crate::common::Harness;
use model::Model;
use replay::{Recorder, replay};
use serde_json::json;
use ses_standin::{OPERATIONS, ROUTES};

/// `{Anything}` placeholders made equal, so `{EmailIdentity}` matches `{identity}`.
fn route_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                shape.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => shape.push(c),
        }
    }
    shape
}

#[test]
fn every_route_and_error_list_matches_the_model() {
    let model = Model::load();
    for (operation, errors) in OPERATIONS {
        let listed: BTreeSet<String> = model.errors(operation).into_iter().collect();
        let ours: BTreeSet<String> = errors.iter().map(|e| (*e).to_owned()).collect();
        assert_eq!(ours, listed, "{operation}: modeled errors");
        let (method, uri) = model.http(operation);
        let uri = uri.split('?').next().unwrap_or_default().to_owned();
        assert!(
            ROUTES.iter().any(|(verb, path, name)| {
                *name == operation && *verb == method && route_shape(path) == route_shape(&uri)
            }),
            "{operation}: the model routes it as {method} {uri}"
        );
    }
    for (_, _, operation) in ROUTES {
        assert!(
            OPERATIONS.iter().any(|(name, _)| *name == operation),
            "{operation} is routed but has no modeled errors"
        );
    }
}

#[tokio::test]
async fn every_answer_matches_the_model() {
    let model = Model::load();
    let harness = Harness::start().await;
    let recorder = Recorder::default();
    let ses = recorder.client(&harness).await;
    for operation in replay::ORDER {
        let result = replay(&ses, &harness, operation).await;
        let answer = recorder.last();
        assert!(result.is_ok(), "{operation} failed: {result:?} {answer:?}");
        let problems = model.check_output(operation, &answer);
        assert!(problems.is_empty(), "{operation}: {problems:#?}");
        assert!(
            answer
                .request_id
                .as_deref()
                .is_some_and(|id| id.len() == 36),
            "{operation}: x-amzn-RequestId {:?}",
            answer.request_id
        );
    }
}

#[tokio::test]
async fn every_modeled_error_of_every_operation_matches_the_model() {
    let model = Model::load();
    let harness = Harness::start().await;
    let recorder = Recorder::default();
    let ses = recorder.client(&harness).await;
    let mut checked = 0;
    for (operation, errors) in OPERATIONS {
        for code in errors.iter() {
            let rule = json!({ "rules": [{ "operation": operation, "code": code, "count": 1 }] });
            let (status, reply) = harness.post("/_local/faults", rule).await;
            assert_eq!(status, 200, "{reply}");
            let result = replay(&ses, &harness, operation).await;
            let answer = recorder.last();
            assert_eq!(
                result.err().flatten().as_deref(),
                Some(*code),
                "{operation}: the SDK did not read {code}"
            );
            let problems = model.check_error(operation, code, &answer);
            assert!(problems.is_empty(), "{problems:#?}");
            assert!(
                answer.request_id.is_some(),
                "{operation} {code}: no request id"
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        OPERATIONS.iter().map(|(_, e)| e.len()).sum::<usize>()
    );
}

#[tokio::test]
async fn natural_errors_match_the_model_too() {
    let model = Model::load();
    let harness = Harness::start().await;
    let recorder = Recorder::default();
    let ses = recorder.client(&harness).await;

    let missing = ses
        .get_email_identity()
        .email_identity("nobody.example.com")
        .send()
        .await;
    assert!(missing.is_err());
    let problems = model.check_error("GetEmailIdentity", "NotFoundException", &recorder.last());
    assert!(problems.is_empty(), "{problems:#?}");

    let unknown_set = ses
        .create_email_identity()
        .email_identity("example.com")
        .configuration_set_name("no-such-set")
        .send()
        .await;
    assert!(unknown_set.is_err());
    let problems = model.check_error("CreateEmailIdentity", "NotFoundException", &recorder.last());
    assert!(problems.is_empty(), "{problems:#?}");

    let bad_tags = ses
        .create_email_identity()
        .email_identity("example.com")
        .tags(replay::tag("aws:reserved", "x"))
        .send()
        .await;
    assert!(bad_tags.is_err());
    let problems = model.check_error(
        "CreateEmailIdentity",
        "BadRequestException",
        &recorder.last(),
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_checker_itself_catches_drift() {
    let model = Model::load();
    let answer = |body: &str| model::Answer {
        status: 200,
        error_type: None,
        request_id: None,
        body: body.as_bytes().to_vec(),
    };
    let wrong_enum = answer(
        r#"{"SuppressedDestination":{"EmailAddress":"a@b.c","Reason":"SPAM","LastUpdateTime":1.5}}"#,
    );
    assert!(
        !model
            .check_output("GetSuppressedDestination", &wrong_enum)
            .is_empty()
    );
    let missing_required = answer(r#"{}"#);
    assert!(
        !model
            .check_output("ListTagsForResource", &missing_required)
            .is_empty()
    );
    let unknown_member = answer(r#"{"Tags":[],"Extra":1}"#);
    assert!(
        !model
            .check_output("ListTagsForResource", &unknown_member)
            .is_empty()
    );
    let iso_timestamp = answer(
        r#"{"SuppressedDestination":{"EmailAddress":"a@b.c","Reason":"BOUNCE","LastUpdateTime":"2025-01-01T00:00:00Z"}}"#,
    );
    assert!(
        !model
            .check_output("GetSuppressedDestination", &iso_timestamp)
            .is_empty()
    );
    let good = answer(r#"{"Tags":[{"Key":"k","Value":"v"}]}"#);
    assert_eq!(
        model.check_output("ListTagsForResource", &good),
        Vec::<String>::new()
    );
    let wrong_status = model::Answer {
        status: 400,
        error_type: Some("NotFoundException".to_owned()),
        request_id: None,
        body: br#"{"message":"x"}"#.to_vec(),
    };
    assert!(
        !model
            .check_error("GetEmailIdentity", "NotFoundException", &wrong_status)
            .is_empty()
    );
}
