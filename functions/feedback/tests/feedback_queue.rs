//! The handler on SQS batches of SNS envelopes, as Lambda polls them from the feedback queue:
//! the sample batch of `events/feedback/`, partial batch failures, and a bounce storm (scaled
//! down here; `make bench-feedback` runs the 50,000 of the issue) that must count every record
//! exactly once while batches are redelivered.

use crate::support;

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use domain::reputation::Thresholds;
use feedback::queue::handle_batch;
use futures::future::join_all;
use serde_json::json;
use support::{Harness, bounce, long_ago, new_id, tenant_id, workspace};

fn sample() -> SqsEvent {
    let path = workspace().join("events/feedback/sqs-batch.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("a Lambda SQS event")
}

/// One SQS record whose body is the SNS envelope SNS writes for `message`.
fn record(sqs_id: &str, sns_id: &str, message: &str) -> SqsMessage {
    let body = json!({
        "Type": "Notification",
        "MessageId": sns_id,
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:email-senders-feedback",
        "Message": message,
        "Timestamp": "2026-01-15T10:01:01.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    });
    serde_json::from_value(json!({
        "messageId": sqs_id,
        "receiptHandle": "AQEBexample==",
        "body": body.to_string(),
        "attributes": {},
        "messageAttributes": {},
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:feedback",
        "awsRegion": "us-east-1",
    }))
    .expect("an SQS record")
}

fn batch(records: Vec<SqsMessage>) -> SqsEvent {
    let mut event = SqsEvent::default();
    event.records = records;
    event
}

fn failed_ids(response: &aws_lambda_events::event::sqs::SqsBatchResponse) -> Vec<String> {
    response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone())
        .collect()
}

#[tokio::test]
async fn the_sample_batch_records_the_good_records_and_redelivers_only_the_bad_one() {
    let harness = Harness::start().await;
    // The sender holds its address since before the sample's mail was sent (2026-01-15):
    // feedback on mail sent before a claim is not the claim's.
    harness
        .as_of(long_ago(), async || {
            let domain = harness.subdomain("demo", "marketing.example.com").await;
            harness.subdomain_sender(&domain, "news").await;
        })
        .await;

    let (summary, response) = handle_batch(&harness.ingest, sample()).await;
    assert_eq!((summary.records, summary.notifications), (3, 2));
    assert_eq!(summary.suppressed, 2, "the hard bounce and the complaint");
    assert_eq!(
        failed_ids(&response),
        ["7b1d9c0e-1f7a-4c57-9d0b-6a3f1e2c5d03"],
        "only the body that is not an SNS envelope goes back to the queue"
    );

    // The batch's metrics, as the function writes them (EMF).
    let emf = feedback::queue::metrics("EmailSenders/test", &summary, 1).document(0);
    assert_eq!(
        emf["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
        json!([["Function"]])
    );
    assert_eq!(
        (
            &emf["FeedbackRecords"],
            &emf["FeedbackRecorded"],
            &emf["FeedbackFailed"],
            &emf["RecipientsSuppressed"]
        ),
        (&json!(3.0), &json!(2.0), &json!(1.0), &json!(2.0))
    );

    // SQS redelivers (visibility timeout, or a whole batch after a crash): nothing twice.
    let (again, response) = handle_batch(&harness.ingest, sample()).await;
    assert_eq!((again.redelivered, again.notifications), (2, 0));
    assert_eq!(failed_ids(&response).len(), 1);
}

#[tokio::test]
async fn a_storage_failure_reports_every_record_of_the_batch_for_redelivery() {
    let sdk = testkit::moto_config().await;
    let ports = adapters::wiring::ports(
        &sdk,
        &adapters::wiring::Deployment::table(testkit::unique_name("missing")),
        std::sync::Arc::new(domain::ports::clock::ManualClock::new(chrono::Utc::now())),
    );
    let ingest = ports.ingest(Thresholds::default());
    let at = chrono::Utc::now();
    let event = batch(vec![
        record(
            "q-1",
            &new_id(),
            &bounce("a@example.org", "Permanent", &["x@example.net"], at),
        ),
        record(
            "q-2",
            &new_id(),
            &bounce("a@example.org", "Permanent", &["y@example.net"], at),
        ),
    ]);
    let (_, response) = handle_batch(&ingest, event).await;
    assert_eq!(failed_ids(&response), ["q-1", "q-2"]);
}

/// Concurrent pollers: the feedback function's reserved concurrency in the template.
const POLLERS: usize = 5;
/// The event source mapping's batch size in the template.
const BATCH: usize = 10;

/// A bounce storm from one sender: `FEEDBACK_BURST` hard bounces (default 300), each to its own
/// recipient, polled in batches by concurrent pollers; every third batch is delivered twice
/// (SQS is at least once). Exactly one count and one suppression per bounce.
#[tokio::test]
async fn a_bounce_storm_counts_every_bounce_exactly_once() {
    let total: usize = std::env::var("FEEDBACK_BURST")
        .ok()
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(300);
    let harness = Harness::with(
        Thresholds {
            min_volume: u64::MAX,
            ..Thresholds::default()
        },
        None,
    )
    .await;
    let sender = harness.email_sender("storm", "campaign@example.org").await;
    let at = harness.now();
    let records: Vec<SqsMessage> = (0..total)
        .map(|i| {
            let to = format!("r{i}@example.net");
            let message = bounce("campaign@example.org", "Permanent", &[to.as_str()], at);
            record(&format!("q-{i}"), &new_id(), &message)
        })
        .collect();
    let batches: Vec<Vec<SqsMessage>> = records.chunks(BATCH).map(<[_]>::to_vec).collect();
    let mut lanes: Vec<Vec<Vec<SqsMessage>>> = vec![Vec::new(); POLLERS];
    for (i, batch) in batches.into_iter().enumerate() {
        if i % 3 == 0 {
            lanes[(i + 1) % POLLERS].push(batch.clone());
        }
        lanes[i % POLLERS].push(batch);
    }
    let started = std::time::Instant::now();
    let failures: usize = join_all(lanes.into_iter().map(|lane| {
        let ingest = &harness.ingest;
        async move {
            let mut failed = 0;
            for records in lane {
                failed += handle_batch(ingest, self::batch(records))
                    .await
                    .1
                    .batch_item_failures
                    .len();
            }
            failed
        }
    }))
    .await
    .into_iter()
    .sum();
    eprintln!(
        "bounce storm: {total} bounces in {:.1} s with {POLLERS} pollers",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(failures, 0);
    let counts = harness.sender_counts(&sender).await;
    assert_eq!(counts.hard_bounces, total as u64);
    let tenant = tenant_id("storm");
    let mut listed = 0;
    let mut after = None;
    loop {
        use domain::ports::{PageRequest, SuppressionList};
        let page = harness
            .store
            .list_suppressions(&tenant, &PageRequest { limit: 100, after })
            .await
            .expect("suppressions");
        listed += page.items.len();
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(listed, total);
}
