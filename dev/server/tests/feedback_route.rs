//! `POST /_local/feedback` runs the feedback handler on the sample SNS events of
//! `events/feedback/`, without a token.

use std::path::Path;
use std::sync::Arc;

use adapters::dynamo::schema;
use adapters::wiring::{Deployment, ports};
use axum::body::Body;
use domain::ports::clock::SystemClock;
use domain::reputation::Thresholds;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn post(router: &axum::Router, body: String) -> (u16, Value) {
    let request = http::Request::post("/_local/feedback")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn sample_events_are_fed_to_the_handler_and_failures_answer_like_lambda() {
    let sdk = testkit::moto_config().await;
    let table = testkit::unique_name("local-feedback");
    schema::create_table(&aws_sdk_dynamodb::Client::new(&sdk), &table)
        .await
        .unwrap();
    let ingest =
        ports(&sdk, &Deployment::table(table), Arc::new(SystemClock)).ingest(Thresholds::default());
    let router = dev_server::feedback::router(ingest);

    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/feedback/delivery.json");
    let (status, summary) = post(&router, std::fs::read_to_string(sample).unwrap()).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(
        (
            summary["counted"].as_u64(),
            summary["unattributed"].as_u64()
        ),
        (Some(1), Some(1))
    );

    let (status, error) = post(&router, "{\"Records\": 1}".to_owned()).await;
    assert_eq!(
        (status, error["errorType"].as_str()),
        (400, Some("InvalidSnsEvent"))
    );

    let mut malformed: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/feedback/send.json"),
        )
        .unwrap(),
    )
    .unwrap();
    malformed["Records"][0]["Sns"]["MessageId"] = Value::from("not-yet-seen");
    malformed["Records"][0]["Sns"]["Message"] = Value::from("{\"eventType\":\"Send\"}");
    let (status, error) = post(&router, malformed.to_string()).await;
    assert_eq!(
        (status, error["errorType"].as_str()),
        (500, Some("MalformedNotification")),
        "{error}"
    );
}
