//! A feedback test harness: the real `Ingest` over DynamoDB (moto, a table of its own), senders
//! seeded through the storage ports, SES notifications built as SES writes them and wrapped
//! in the Lambda SNS envelope of a real fixture.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use adapters::dynamo::{DynamoStore, schema};
use adapters::wiring::{self, Deployment};
use aws_lambda_events::event::sns::SnsEvent;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::domains::Domain;
use domain::ingest::Ingest;
use domain::names::{EmailAddress, MailFromLabel, SubdomainName};
use domain::ownership::SubdomainClaim;
use domain::ports::clock::ManualClock;
use domain::ports::{AccountSuppression, Attribution, DailyCounters, Subject};
use domain::ports::{DomainStore, SenderStore};
use domain::reputation::{Counts, Reputations, Thresholds};
use domain::senders::{Authorization, EmailVerification, Sender, SenderId};
use domain::tenant::TenantId;
use domain::wiring::Ports;
use serde_json::{Value, json};

/// A store, a clock and the use cases over them.
pub struct Harness {
    pub store: Arc<DynamoStore>,
    pub ports: Ports,
    pub clock: Arc<ManualClock>,
    pub thresholds: Thresholds,
    pub ingest: Ingest,
}

impl Harness {
    /// Default thresholds, no mirror.
    pub async fn start() -> Self {
        Self::with(Thresholds::default(), None).await
    }

    pub async fn with(thresholds: Thresholds, mirror: Option<Arc<dyn AccountSuppression>>) -> Self {
        let sdk = testkit::moto_config().await;
        let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
        let table = testkit::unique_name("feedback");
        schema::create_table(&dynamo, &table)
            .await
            .expect("table created");
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let ports = wiring::ports(&sdk, &Deployment::table(&table), clock.clone())
            .with_account_suppression(mirror);
        let ingest = ports.ingest(thresholds);
        let store = Arc::new(DynamoStore::new(dynamo, table));
        Self {
            store,
            ports,
            clock,
            thresholds,
            ingest,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        domain::ports::clock::Clock::now(self.clock.as_ref())
    }

    /// Sets the clock to `at` (earlier or later). Holders made while it shows an earlier time
    /// claimed their names then: feedback on mail sent before a claim is not the claim's.
    pub fn set_clock(&self, at: DateTime<Utc>) {
        self.clock.advance(at - self.now());
    }

    /// Runs `make` with the clock at `at`, then puts the clock back.
    pub async fn as_of<T>(&self, at: DateTime<Utc>, make: impl AsyncFnOnce() -> T) -> T {
        let now = self.now();
        self.set_clock(at);
        let made = make().await;
        self.set_clock(now);
        made
    }

    pub fn reputations(&self) -> Reputations {
        self.ports.reputations(self.thresholds)
    }

    /// A subdomain of `tenant`, claimed as the API would claim it.
    pub async fn subdomain(&self, tenant: &str, name: &str) -> Domain {
        let name = SubdomainName::parse(name).expect("subdomain name");
        let mail_from = name.mail_from_domain(&MailFromLabel::default());
        let domain = Domain::new(tenant_id(tenant), name, mail_from, self.now());
        self.store
            .insert_domain(&domain, &SubdomainClaim::on(&domain.name), u32::MAX)
            .await
            .expect("domain inserted");
        domain
    }

    /// A sender on `domain` with the address `local@<domain>`.
    pub async fn subdomain_sender(&self, domain: &Domain, local: &str) -> Sender {
        let address = format!("{local}@{}", domain.name);
        let authorization = Authorization::Subdomain {
            domain_id: domain.id,
        };
        self.sender(domain.tenant.as_str(), &address, authorization)
            .await
    }

    /// An email-address sender.
    pub async fn email_sender(&self, tenant: &str, address: &str) -> Sender {
        let authorization = Authorization::Email(EmailVerification::sent(self.now()));
        self.sender(tenant, address, authorization).await
    }

    async fn sender(&self, tenant: &str, address: &str, authorization: Authorization) -> Sender {
        let sender = Sender {
            id: SenderId::generate(),
            tenant: tenant_id(tenant),
            authorization,
            from_email: EmailAddress::parse(address).expect("address"),
            display_name: None,
            reply_to: None,
            paused: None,
            resumed: None,
            created_at: self.now(),
            next_check_at: None,
            version: 1,
            operation: None,
            generation: 0,
        };
        self.store
            .insert_sender(&sender, &[], u32::MAX)
            .await
            .expect("sender inserted");
        sender
    }

    pub async fn reload(&self, sender: &Sender) -> Sender {
        self.store
            .get_sender(&sender.tenant, &sender.id)
            .await
            .expect("read")
            .expect("sender exists")
    }

    /// A sender's or subdomain's counts summed over `[from, to]`.
    pub async fn counts(
        &self,
        tenant: &TenantId,
        subject: Subject,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Counts {
        let owner = Attribution {
            tenant: tenant.clone(),
            subject,
        };
        self.store
            .days(&owner, from, to)
            .await
            .expect("counters")
            .into_iter()
            .map(|(_, counts)| counts)
            .sum()
    }

    /// A sender's counts today.
    pub async fn sender_counts(&self, sender: &Sender) -> Counts {
        let today = self.now().date_naive();
        self.counts(&sender.tenant, Subject::Sender(sender.id), today, today)
            .await
    }

    /// The platform tally of unattributed mail for `day` (zero when absent).
    pub async fn unattributed(&self, day: NaiveDate) -> Counts {
        let item = self
            .store
            .client()
            .get_item()
            .table_name(self.store.table())
            .key(
                "pk",
                aws_sdk_dynamodb::types::AttributeValue::S("U#unattributed".into()),
            )
            .key(
                "sk",
                aws_sdk_dynamodb::types::AttributeValue::S(format!("C#{}", day.format("%Y-%m-%d"))),
            )
            .consistent_read(true)
            .send()
            .await
            .expect("get")
            .item
            .unwrap_or_default();
        let number = |name: &str| {
            item.get(name)
                .and_then(|v| v.as_n().ok())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        Counts {
            sends: number("sends"),
            deliveries: number("deliveries"),
            hard_bounces: number("hard_bounces"),
            soft_bounces: number("soft_bounces"),
            complaints: number("complaints"),
        }
    }
}

/// A time before every recorded notification the tests replay (the oldest, the SES
/// documentation's, are from 2016).
pub fn long_ago() -> DateTime<Utc> {
    DateTime::from_timestamp(1_262_304_000, 0).unwrap_or_default() // 2010-01-01
}

pub fn tenant_id(raw: &str) -> TenantId {
    TenantId::parse(raw).expect("tenant id")
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The SES fixtures copied into the project (`shared/tests/data/ses`).
pub fn fixture(relative: &str) -> String {
    let path = workspace().join("shared/tests/data/ses").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A Lambda SNS event with one record per `(MessageId, Message)`, built on a real SNS-to-Lambda
/// fixture (aws-lambda-rust-runtime's `example-sns-event.json`).
pub fn sns_event(records: &[(String, String)]) -> SnsEvent {
    let envelope: Value = serde_json::from_str(&fixture(
        "sns-lambda-envelopes/aws-lambda-rust-runtime-example-sns-event.json",
    ))
    .expect("envelope");
    let template = envelope["Records"][0].clone();
    let records: Vec<Value> = records
        .iter()
        .map(|(id, message)| {
            let mut record = template.clone();
            record["Sns"]["MessageId"] = json!(id);
            record["Sns"]["Message"] = json!(message);
            record
        })
        .collect();
    serde_json::from_value(json!({ "Records": records })).expect("an SNS event")
}

/// One record with a fresh MessageId.
pub fn one(message: &str) -> SnsEvent {
    sns_event(&[(new_id(), message.to_owned())])
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn mail(source: &str, destination: &[&str], at: DateTime<Utc>) -> Value {
    json!({
        "messageId": format!("m-{}", new_id()),
        "source": source,
        "timestamp": at.to_rfc3339(),
        "destination": destination,
        "sendingAccountId": "123456789012",
    })
}

/// An identity-notification bounce.
pub fn bounce(source: &str, kind: &str, recipients: &[&str], at: DateTime<Utc>) -> String {
    let bounced: Vec<Value> = recipients
        .iter()
        .map(|r| json!({ "emailAddress": r, "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown" }))
        .collect();
    json!({
        "notificationType": "Bounce",
        "mail": mail(source, recipients, at),
        "bounce": {
            "bounceType": kind,
            "bounceSubType": if kind == "Permanent" { "General" } else { "MailboxFull" },
            "feedbackId": format!("f-{}", new_id()),
            "bouncedRecipients": bounced,
            "timestamp": (at + Duration::seconds(5)).to_rfc3339(),
        }
    })
    .to_string()
}

/// An identity-notification complaint with the given feedback type.
pub fn complaint(
    source: &str,
    feedback_type: &str,
    recipients: &[&str],
    at: DateTime<Utc>,
) -> String {
    let complained: Vec<Value> = recipients
        .iter()
        .map(|r| json!({ "emailAddress": r }))
        .collect();
    json!({
        "notificationType": "Complaint",
        "mail": mail(source, recipients, at),
        "complaint": {
            "complaintFeedbackType": feedback_type,
            "feedbackId": format!("f-{}", new_id()),
            "complainedRecipients": complained,
            "timestamp": (at + Duration::seconds(5)).to_rfc3339(),
        }
    })
    .to_string()
}

/// An event-publishing delivery.
pub fn delivery(source: &str, recipients: &[&str], at: DateTime<Utc>) -> String {
    json!({
        "eventType": "Delivery",
        "mail": mail(source, recipients, at),
        "delivery": { "recipients": recipients, "timestamp": at.to_rfc3339(), "smtpResponse": "250 OK" }
    })
    .to_string()
}

/// An event-publishing send.
pub fn send(source: &str, recipients: &[&str], at: DateTime<Utc>) -> String {
    json!({ "eventType": "Send", "mail": mail(source, recipients, at), "send": {} }).to_string()
}
