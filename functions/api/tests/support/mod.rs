//! The API test harness: the real router over DynamoDB (moto, a table of its own) and SES (a stand-in of
//! its own), driven with API Gateway event JSON through lambda_http's own conversion.

pub mod gate;

use std::sync::Arc;

use adapters::dns::StubLookup;
use adapters::dynamo::{DynamoStore, schema};
use adapters::ses::SesIdentities;
use api::auth::AuthConfig;
use api::state::AppState;
use axum::Router;
use domain::domains::DomainSettings;
use domain::names::{DisplayName, DomainName, EmailAddress, MailFromLabel};
use domain::ownership::quota::SharedAccount;
use domain::ports::EmailIdentities;
use domain::ports::clock::SystemClock;
use domain::reputation::Thresholds;
use domain::senders::{DefaultSender, SenderSettings};
use domain::wiring::Ports;
use http_body_util::BodyExt;
use serde_json::Value;
use testkit::apigw::ApiRequest;
use testkit::ses::LocalSes;
use tower::ServiceExt;

pub const PLATFORM_DOMAIN: &str = "mail.platform.test";
pub const DEFAULT_SENDER: &str = "no-reply@mail.platform.test";

pub struct Harness {
    pub router: Router,
    pub ses: LocalSes,
    pub store: DynamoStore,
    pub ports: Ports,
}

/// A response: status, content type, parsed JSON body (Null when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub location: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl Harness {
    pub async fn start() -> Self {
        Self::with_ses(LocalSes::start(7).await).await
    }

    pub async fn with_ses(ses: LocalSes) -> Self {
        Self::with_configuration_set(ses, None).await
    }

    /// A test API whose SES identities name `configuration_set` (SES_CONFIGURATION_SET).
    pub async fn with_configuration_set(ses: LocalSes, configuration_set: Option<&str>) -> Self {
        Self::build(
            ses,
            configuration_set,
            SharedAccount::default(),
            |identities| identities,
        )
        .await
    }

    /// A test API with the shared-account rules `account` (quotas, resend limits).
    pub async fn with_account(account: SharedAccount) -> Self {
        Self::build(LocalSes::start(7).await, None, account, |identities| {
            identities
        })
        .await
    }

    /// A test API whose SES port is `gate` around the stand-in's (see [`gate::GatedSes`]).
    pub async fn gated() -> (Self, Arc<gate::GatedSes>) {
        let mut gated = None;
        let api = Self::build(
            LocalSes::start(7).await,
            None,
            SharedAccount::default(),
            |identities| {
                let gate = gate::GatedSes::new(identities);
                gated = Some(gate.clone());
                gate as Arc<dyn EmailIdentities>
            },
        )
        .await;
        (api, gated.expect("the gate was built"))
    }

    async fn build(
        ses: LocalSes,
        configuration_set: Option<&str>,
        account: SharedAccount,
        wrap: impl FnOnce(Arc<dyn EmailIdentities>) -> Arc<dyn EmailIdentities>,
    ) -> Self {
        let dynamo = testkit::dynamodb().await;
        let table = testkit::unique_name("senders");
        schema::create_table(&dynamo, &table)
            .await
            .expect("table created");
        let store = DynamoStore::new(dynamo, table);
        let identities =
            SesIdentities::new(ses.client.clone(), configuration_set.map(str::to_owned));
        let (settings, sender_settings) = settings(account);
        let ports = Ports::over_store(
            Arc::new(store.clone()),
            wrap(Arc::new(identities)),
            Arc::new(SystemClock),
        )
        .with_dns(Some(Arc::new(StubLookup::server(ses.standin.dns_addr()))));
        let state = AppState::new(&ports, settings, sender_settings, Thresholds::default());
        let router = api::app::router(state, AuthConfig::default());
        Self {
            router,
            ses,
            store,
            ports,
        }
    }

    /// The API's router over other `ports` (e.g. these behind the SES budget), with the
    /// harness's settings.
    pub fn router_over(&self, ports: &Ports) -> Router {
        let (domains, senders) = settings(SharedAccount::default());
        let state = AppState::new(ports, domains, senders, Thresholds::default());
        api::app::router(state, AuthConfig::default())
    }
}

/// The harness's subdomain and sender settings under the shared-account rules `account`.
pub fn settings(account: SharedAccount) -> (DomainSettings, SenderSettings) {
    {
        let settings = DomainSettings {
            platform_domain: Some(DomainName::parse(PLATFORM_DOMAIN).expect("platform domain")),
            mail_from_label: MailFromLabel::default(),
            dmarc_rua: None,
            region: "us-east-1".to_owned(),
            account: account.clone(),
        };
        let default_sender = DefaultSender {
            email: EmailAddress::parse(DEFAULT_SENDER).expect("default sender"),
            display_name: Some(DisplayName::parse("Surveys Platform").expect("name")),
            identity: PLATFORM_DOMAIN.to_owned(),
        };
        let sender_settings = SenderSettings {
            platform_domain: settings.platform_domain.clone(),
            default_sender,
            account,
        };
        (settings, sender_settings)
    }
}

impl Harness {
    pub async fn send(&self, request: ApiRequest) -> Reply {
        self.send_event(&request.to_event()).await
    }

    /// Sends raw API Gateway event JSON (as `cargo lambda invoke --data-file` would) through
    /// lambda_http's conversion to the router.
    pub async fn send_event(&self, event: &str) -> Reply {
        send_event_to(&self.router, event).await
    }
}

/// Sends `request` to `router` as an API Gateway event.
pub async fn send_to(router: &Router, request: ApiRequest) -> Reply {
    send_event_to(router, &request.to_event()).await
}

/// Sends raw API Gateway event JSON to `router` through lambda_http's conversion.
pub async fn send_event_to(router: &Router, event: &str) -> Reply {
    {
        let request = lambda_http::request::from_str(event).expect("a valid API Gateway event");
        let response = router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible router");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("a JSON body")
        };
        Reply {
            status,
            content_type,
            retry_after,
            location,
            headers,
            body,
        }
    }
}

impl Harness {
    /// An admin of `tenant` sending `method path` with an optional JSON body.
    pub async fn admin(
        &self,
        tenant: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut request = ApiRequest::new(method, path).claims(tenant, &["admin"]);
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    /// Publishes the records SES wants for `name` in the stand-in's DNS.
    pub async fn publish_records(&self, name: &str) {
        self.ses
            .control(
                &format!("identities/{name}/publish-records"),
                serde_json::json!({}),
            )
            .await;
    }

    /// How many items the table holds (to prove a rejected request wrote nothing). A
    /// tenant's quota counter back at zero counts as nothing kept.
    pub async fn item_count(&self) -> usize {
        let output = self
            .store
            .client()
            .scan()
            .table_name(self.store.table())
            .send()
            .await
            .expect("scan");
        let idle_counter =
            |item: &std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>| {
                item.get("sk")
                    .and_then(|v| v.as_s().ok())
                    .is_some_and(|sk| sk.starts_with("Q#"))
                    && item
                        .get("used")
                        .and_then(|v| v.as_n().ok())
                        .is_some_and(|n| n == "0")
            };
        output
            .items
            .unwrap_or_default()
            .iter()
            .filter(|item| !idle_counter(item))
            .count()
    }
}

/// A name no other test uses, under a real registrable domain.
pub fn unique_subdomain(label: &str) -> String {
    format!(
        "{label}.t{}.example.com",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

impl Harness {
    /// Adds a subdomain for `tenant` and returns its id.
    pub async fn add_domain(&self, tenant: &str, name: &str) -> String {
        let reply = self
            .admin(
                tenant,
                "POST",
                "/v1/domains",
                Some(serde_json::json!({ "name": name })),
            )
            .await;
        assert_eq!(reply.status, 201, "add {name}: {:?}", reply.body);
        reply.body["id"].as_str().expect("id").to_owned()
    }

    /// Publishes `name`'s records and verifies the subdomain: it turns green.
    pub async fn verify_domain(&self, tenant: &str, name: &str, id: &str) {
        self.publish_records(name).await;
        let reply = self
            .admin(tenant, "POST", &format!("/v1/domains/{id}/verify"), None)
            .await;
        assert_eq!(reply.body["color"], "green", "{:?}", reply.body);
    }

    /// Adds an email sender for `tenant`: 201, yellow until its link is followed. Returns its id.
    pub async fn add_email_sender(&self, tenant: &str, address: &str) -> String {
        let created = self
            .admin(
                tenant,
                "POST",
                "/v1/senders",
                Some(serde_json::json!({ "kind": "email", "from_email": address })),
            )
            .await;
        assert_eq!(created.status, 201, "add {address}: {:?}", created.body);
        assert_eq!(created.body["color"], "yellow", "{:?}", created.body);
        created.body["id"].as_str().expect("id").to_owned()
    }

    /// Follows the newest link mailed to `address` and verifies sender `id`: it turns green.
    pub async fn confirm_email_sender(&self, tenant: &str, address: &str, id: &str) {
        assert_eq!(self.follow(&self.latest_link(address).await).await, 200);
        let verified = self
            .admin(tenant, "POST", &format!("/v1/senders/{id}/verify"), None)
            .await;
        assert_eq!(verified.body["color"], "green", "{:?}", verified.body);
    }

    /// The newest verification link the stand-in mailed to `address`.
    pub async fn latest_link(&self, address: &str) -> String {
        let outbox = self.ses.read("outbox").await;
        outbox["messages"]
            .as_array()
            .and_then(|m| m.iter().rev().find(|m| m["to"] == address))
            .and_then(|m| m["link"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no verification mail to {address}: {outbox}"))
    }

    /// Follows a verification link as the mailbox owner would; returns the HTTP status.
    pub async fn follow(&self, link: &str) -> u16 {
        self.ses
            .http
            .get(link)
            .send()
            .await
            .expect("link")
            .status()
            .as_u16()
    }
}

impl Harness {
    /// The feedback use case over this API's table (default thresholds, no mirror), as the
    /// feedback function runs it.
    pub fn ingest(&self) -> domain::ingest::Ingest {
        self.ports.ingest(Thresholds::default())
    }

    /// Feeds one SES notification (an SNS record's `Message`) to the feedback use case.
    pub async fn feed(&self, message: &Value) {
        let sns_message_id = uuid::Uuid::new_v4().to_string();
        self.ingest()
            .handle(&sns_message_id, &message.to_string(), chrono::Utc::now())
            .await
            .expect("the notification is recorded");
    }
}

/// An SES bounce notification (identity-notification format) from `source`.
pub fn bounce_notification(source: &str, kind: &str, recipients: &[&str]) -> Value {
    let now = chrono::Utc::now().to_rfc3339();
    let bounced: Vec<Value> = recipients
        .iter()
        .map(|r| serde_json::json!({ "emailAddress": r, "diagnosticCode": "smtp; 550 5.1.1 user unknown" }))
        .collect();
    serde_json::json!({
        "notificationType": "Bounce",
        "mail": { "messageId": uuid::Uuid::new_v4().to_string(), "source": source, "timestamp": now, "destination": recipients },
        "bounce": { "bounceType": kind, "bounceSubType": "General", "feedbackId": uuid::Uuid::new_v4().to_string(),
                    "bouncedRecipients": bounced, "timestamp": now }
    })
}

/// An SES complaint notification from `source`.
pub fn complaint_notification(source: &str, recipient: &str) -> Value {
    let now = chrono::Utc::now().to_rfc3339();
    serde_json::json!({
        "notificationType": "Complaint",
        "mail": { "messageId": uuid::Uuid::new_v4().to_string(), "source": source, "timestamp": now, "destination": [recipient] },
        "complaint": { "complaintFeedbackType": "abuse", "feedbackId": uuid::Uuid::new_v4().to_string(),
                       "complainedRecipients": [{ "emailAddress": recipient }], "timestamp": now }
    })
}

/// An SES delivery event (event-publishing format) from `source`.
pub fn delivery_notification(source: &str, recipients: &[String]) -> Value {
    let now = chrono::Utc::now().to_rfc3339();
    serde_json::json!({
        "eventType": "Delivery",
        "mail": { "messageId": uuid::Uuid::new_v4().to_string(), "source": source, "timestamp": now, "destination": recipients },
        "delivery": { "recipients": recipients, "timestamp": now }
    })
}
