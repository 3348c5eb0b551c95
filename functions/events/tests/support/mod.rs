//! The events test harness: a table of its own in moto with its stream on, the store over it
//! (events stamped by a manual clock), and, when asked, an EventBridge bus of its own whose
//! rule sends every status event to an SQS queue: the host platform's side.

use std::collections::HashMap;
use std::sync::Arc;

use adapters::dynamo::outbox::{OUTBOX_PK, OutboxItem};
use adapters::dynamo::{DynamoStore, schema};
use adapters::event_bus::{EventBus, Relay};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_eventbridge::types::Target;
use chrono::{DateTime, DurationRound, Utc};
use domain::domains::Domain;
use domain::events::{DETAIL_TYPE, SOURCE, StatusChanged};
use domain::names::{MailFromLabel, SubdomainName};
use domain::ownership::SubdomainClaim;
use domain::ports::DomainStore;
use domain::ports::clock::ManualClock;
use domain::tenant::TenantId;
use serde_json::Value;

pub struct World {
    pub sdk: aws_config::SdkConfig,
    pub dynamo: aws_sdk_dynamodb::Client,
    pub table: String,
    pub stream_arn: String,
    pub store: DynamoStore,
    pub clock: Arc<ManualClock>,
    pub bus: String,
    pub eventbridge: aws_sdk_eventbridge::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub queue_url: String,
}

pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(chrono::Duration::seconds(1))
        .unwrap_or(now)
}

impl World {
    /// A table with its stream and a queue; the bus is only named (see [`World::create_bus`]).
    pub async fn start() -> Self {
        let sdk = testkit::moto_config().await;
        let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
        let table = testkit::unique_name("events");
        schema::create_table(&dynamo, &table).await.expect("table");
        let stream_arn = schema::enable_stream(&dynamo, &table)
            .await
            .expect("stream");
        let clock = Arc::new(ManualClock::new(now()));
        let store = DynamoStore::new(dynamo.clone(), table.clone()).with_clock(clock.clone());
        let sqs = aws_sdk_sqs::Client::new(&sdk);
        let queue_url = sqs
            .create_queue()
            .queue_name(testkit::unique_name("host"))
            .send()
            .await
            .expect("queue")
            .queue_url
            .expect("queue url");
        Self {
            eventbridge: aws_sdk_eventbridge::Client::new(&sdk),
            sdk,
            dynamo,
            table,
            stream_arn,
            store,
            clock,
            bus: testkit::unique_name("bus"),
            sqs,
            queue_url,
        }
    }

    /// Creates the bus with a rule that sends this service's status events to the queue.
    pub async fn create_bus(&self) {
        self.eventbridge
            .create_event_bus()
            .name(&self.bus)
            .send()
            .await
            .expect("bus");
        let queue_arn = self
            .sqs
            .get_queue_attributes()
            .queue_url(&self.queue_url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
            .send()
            .await
            .expect("queue attributes")
            .attributes
            .and_then(|a| {
                a.get(&aws_sdk_sqs::types::QueueAttributeName::QueueArn)
                    .cloned()
            })
            .expect("queue arn");
        let pattern = serde_json::json!({"source": [SOURCE], "detail-type": [DETAIL_TYPE]});
        self.eventbridge
            .put_rule()
            .name("status-to-host")
            .event_bus_name(&self.bus)
            .event_pattern(pattern.to_string())
            .send()
            .await
            .expect("rule");
        self.eventbridge
            .put_targets()
            .rule("status-to-host")
            .event_bus_name(&self.bus)
            .targets(
                Target::builder()
                    .id("host")
                    .arn(queue_arn)
                    .build()
                    .expect("target"),
            )
            .send()
            .await
            .expect("target");
    }

    pub fn relay(&self) -> Relay {
        self.relay_with(aws_sdk_eventbridge::Client::new(&self.sdk))
    }

    pub fn relay_with(&self, client: aws_sdk_eventbridge::Client) -> Relay {
        Relay::new(EventBus::new(client, &self.bus), self.store.clone())
    }

    /// A pending subdomain, inserted as the API's add does.
    pub async fn pending_domain(&self, tenant: &str) -> Domain {
        let name = SubdomainName::parse(&format!("{}.example.com", testkit::unique_name("m")))
            .expect("name");
        let mail_from = name.mail_from_domain(&MailFromLabel::default());
        let domain = Domain::new(
            TenantId::parse(tenant).expect("tenant"),
            name.clone(),
            mail_from,
            now(),
        );
        self.store
            .insert_domain(&domain, &SubdomainClaim::on(&name), 100)
            .await
            .expect("insert");
        domain
    }

    /// What waits in the outbox, as stored.
    pub async fn outbox(&self) -> Vec<OutboxItem> {
        let items = self
            .dynamo
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(OUTBOX_PK.to_owned()))
            .consistent_read(true)
            .send()
            .await
            .expect("outbox query")
            .items
            .unwrap_or_default();
        items
            .into_iter()
            .map(|item| serde_dynamo::from_item(item).expect("outbox item"))
            .collect()
    }

    /// The stream's records from its start, as DynamoDB Streams' GetRecords answers them
    /// (moto's wire JSON, read with a plain request: Lambda builds its event from exactly these).
    pub async fn stream_records(&self) -> Vec<Value> {
        let call = |target: &'static str, body: Value| {
            let url = testkit::moto_endpoint();
            async move {
                reqwest::Client::new()
                    .post(url)
                    .header("X-Amz-Target", format!("DynamoDBStreams_20120810.{target}"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
                    )
                    .body(body.to_string())
                    .send()
                    .await
                    .expect("streams call")
                    .json::<Value>()
                    .await
                    .expect("streams answer")
            }
        };
        let described = call(
            "DescribeStream",
            serde_json::json!({"StreamArn": self.stream_arn}),
        )
        .await;
        let shard = described["StreamDescription"]["Shards"][0]["ShardId"]
            .as_str()
            .expect("a shard")
            .to_owned();
        let iterator = call(
            "GetShardIterator",
            serde_json::json!({"StreamArn": self.stream_arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"}),
        )
        .await["ShardIterator"]
            .as_str()
            .expect("iterator")
            .to_owned();
        let records = call("GetRecords", serde_json::json!({"ShardIterator": iterator})).await;
        records["Records"].as_array().cloned().unwrap_or_default()
    }

    /// The Lambda event of `records`: what Lambda adds to each stream record.
    pub fn lambda_event(&self, records: &[Value]) -> aws_lambda_events::event::dynamodb::Event {
        let records: Vec<Value> = records
            .iter()
            .map(|record| {
                let mut record = record.clone();
                record["eventSourceARN"] = Value::String(self.stream_arn.clone());
                record
            })
            .collect();
        serde_json::from_value(serde_json::json!({ "Records": records })).expect("lambda event")
    }

    /// Every status event the host platform's queue holds, as received (EventBridge envelopes).
    pub async fn received(&self) -> Vec<Value> {
        let mut all = Vec::new();
        loop {
            let output = self
                .sqs
                .receive_message()
                .queue_url(&self.queue_url)
                .max_number_of_messages(10)
                .send()
                .await
                .expect("receive");
            let messages = output.messages.unwrap_or_default();
            if messages.is_empty() {
                return all;
            }
            for message in messages {
                let body = message.body.as_deref().unwrap_or_default();
                all.push(serde_json::from_str(body).expect("event json"));
                self.sqs
                    .delete_message()
                    .queue_url(&self.queue_url)
                    .receipt_handle(message.receipt_handle.unwrap_or_default())
                    .send()
                    .await
                    .expect("delete");
            }
        }
    }
}

/// The host platform's side: events by `event_id`, each counted once however often it came.
pub fn deduplicated(received: &[Value]) -> HashMap<String, StatusChanged> {
    received
        .iter()
        .map(|envelope| {
            let detail: StatusChanged =
                serde_json::from_value(envelope["detail"].clone()).expect("detail");
            (detail.event_id.to_string(), detail)
        })
        .collect()
}
