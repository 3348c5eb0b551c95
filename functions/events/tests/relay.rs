//! The relay: outbox events reach the host platform's queue behind the EventBridge bus at
//! least once, and exactly once per `event_id` after deduplication, also when the first
//! publish fails. The stream records are moto's, read with GetRecords; the bus and the queue
//! are moto's too. A partial PutEvents failure (which moto cannot produce) is mocked.

use crate::support;

use adapters::event_bus::{EventBus, Relay};
use aws_sdk_eventbridge::operation::put_events::PutEventsOutput;
use aws_sdk_eventbridge::types::PutEventsResultEntry;
use aws_smithy_mocks::{MockResponseInterceptor, mock};
use domain::ports::DomainStore;
use domain::status::Status;
use events::handler::handle;
use serde_json::Value;
use support::{World, deduplicated};

fn sequence(record: &Value) -> u128 {
    record["dynamodb"]["SequenceNumber"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("sequence number")
}

async fn verify(world: &World, tenant: &str) -> domain::domains::Domain {
    let domain = world.pending_domain(tenant).await;
    let mut next = domain.clone();
    next.status = Status::Verified;
    next.status_reason = "DKIM and the custom MAIL FROM domain are verified".to_owned();
    next.version += 1;
    world.store.save_domain(&next).await.expect("save");
    next
}

#[tokio::test]
async fn an_event_whose_first_publish_failed_is_delivered_again_and_counted_once() {
    let world = World::start().await;
    let domain = verify(&world, "acme").await;
    let records = world.stream_records().await;
    let outbox_records = records
        .iter()
        .filter(|r| r["dynamodb"]["Keys"]["pk"]["S"] == "E#outbox")
        .count();
    assert_eq!(outbox_records, 1, "the change's one event is on the stream");

    // The first publish fails: the bus is not there yet (EventBridge refuses the call).
    let relay = world.relay();
    let (summary, response) = handle(&relay, world.lambda_event(&records)).await;
    assert_eq!(summary.published, 0);
    assert_eq!(response.batch_item_failures.len(), 1, "{response:?}");
    let failed: u128 = response.batch_item_failures[0]
        .item_identifier
        .as_deref()
        .and_then(|s| s.parse().ok())
        .expect("a sequence number");
    assert_eq!(world.outbox().await.len(), 1, "kept until delivered");

    // Lambda delivers the stream again from the failed record on; now the bus is there.
    world.create_bus().await;
    let again: Vec<Value> = records
        .into_iter()
        .filter(|r| sequence(r) >= failed)
        .collect();
    let (summary, response) = handle(&relay, world.lambda_event(&again)).await;
    assert_eq!(summary.published, 1);
    assert!(response.batch_item_failures.is_empty(), "{response:?}");
    assert!(world.outbox().await.is_empty(), "forgotten once delivered");

    // A batch can be delivered twice (a timeout after the publish): the event goes out
    // twice, with one id.
    let (summary, _) = handle(&relay, world.lambda_event(&again)).await;
    assert_eq!(summary.published, 1);

    let received = world.received().await;
    assert_eq!(received.len(), 2, "at least once: {received:?}");
    let events = deduplicated(&received);
    assert_eq!(events.len(), 1, "exactly once per event_id");
    let event = events.values().next().expect("one event");
    assert_eq!(event.id, domain.id.to_string());
    assert_eq!((event.from, event.to), (Status::Pending, Status::Verified));
    assert_eq!(received[0]["source"], domain::events::SOURCE);
    assert_eq!(received[0]["detail-type"], domain::events::DETAIL_TYPE);
}

#[tokio::test]
async fn a_partial_put_events_failure_reports_only_the_refused_event() {
    let world = World::start().await;
    verify(&world, "acme").await;
    verify(&world, "globex").await;
    let records: Vec<Value> = world
        .stream_records()
        .await
        .into_iter()
        .filter(|r| r["dynamodb"]["Keys"]["pk"]["S"] == "E#outbox")
        .collect();
    assert_eq!(records.len(), 2);

    // EventBridge takes the first entry and refuses the second (FailedEntryCount 1).
    let rule = mock!(aws_sdk_eventbridge::Client::put_events).then_output(|| {
        PutEventsOutput::builder()
            .failed_entry_count(1)
            .entries(PutEventsResultEntry::builder().event_id("eb-1").build())
            .entries(
                PutEventsResultEntry::builder()
                    .error_code("InternalFailure")
                    .error_message("try again")
                    .build(),
            )
            .build()
    });
    let client = aws_sdk_eventbridge::Client::from_conf(
        aws_sdk_eventbridge::Config::builder()
            .behavior_version_latest()
            .region(aws_sdk_eventbridge::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_eventbridge::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(MockResponseInterceptor::new().with_rule(&rule))
            .build(),
    );
    let relay = Relay::new(EventBus::new(client, "bus"), world.store.clone());

    let (summary, response) = handle(&relay, world.lambda_event(&records)).await;

    assert_eq!((summary.published, summary.failed), (1, 1));
    let reported: Vec<_> = response
        .batch_item_failures
        .iter()
        .filter_map(|f| f.item_identifier.clone())
        .collect();
    assert_eq!(
        reported,
        [records[1]["dynamodb"]["SequenceNumber"]
            .as_str()
            .expect("seq")
            .to_owned()]
    );
    let left = world.outbox().await;
    assert_eq!(left.len(), 1, "only the delivered event is forgotten");
    let second_id = records[1]["dynamodb"]["NewImage"]["event_id"]["S"].as_str();
    assert_eq!(Some(left[0].event.event_id.to_string().as_str()), second_id);
}

#[tokio::test]
async fn the_sample_stream_event_arrives_as_the_sample_status_event() {
    let world = World::start().await;
    world.create_bus().await;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../events");
    let read = |path: &str| -> Value {
        let text = std::fs::read_to_string(format!("{root}/{path}")).expect(path);
        serde_json::from_str(&text).expect(path)
    };
    let stream_event = read("relay/outbox-insert.json");
    let status_event = read("status/subdomain-verified.json");
    let event = serde_json::from_value(stream_event).expect("a DynamoDB stream event");

    let (summary, response) = handle(&world.relay(), event).await;

    assert_eq!(summary.published, 1, "{response:?}");
    let received = world.received().await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["detail"], status_event["detail"]);
    assert_eq!(received[0]["source"], status_event["source"]);
    assert_eq!(received[0]["detail-type"], status_event["detail-type"]);
}

#[tokio::test]
async fn a_record_that_is_not_an_outbox_event_is_reported_not_dropped() {
    let world = World::start().await;
    world.create_bus().await;
    let event = serde_json::from_value(serde_json::json!({"Records": [{
        "eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": {"pk": {"S": "E#outbox"}, "sk": {"S": "E#x"}},
            "NewImage": {"pk": {"S": "E#outbox"}, "sk": {"S": "E#x"}, "to": {"S": "nowhere"}},
            "SequenceNumber": "42", "SizeBytes": 10, "StreamViewType": "NEW_IMAGE"
        }
    }]}))
    .expect("event");
    let (summary, response) = handle(&world.relay(), event).await;
    assert_eq!(summary.failed, 1);
    assert_eq!(
        response.batch_item_failures[0].item_identifier.as_deref(),
        Some("42")
    );
    assert!(world.received().await.is_empty());
}
