//! Shared test harness: one in-process stand-in per test on OS-chosen ports, the real
//! aws-sdk-sesv2 client pointed at it, and a reqwest client for `/_local/`.

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::config::{Credentials, Region};
use serde_json::{Value, json};
use ses_standin::{Config, RunningStandIn, StandIn};

/// A started stand-in with clients.
pub struct Harness {
    pub standin: RunningStandIn,
    pub ses: Client,
    pub http: reqwest::Client,
}

impl Harness {
    /// Starts a stand-in with the default config (seed 0, loopback, port 0).
    pub async fn start() -> Self {
        Self::start_with(Config::default()).await
    }

    /// Starts a stand-in with `config`.
    pub async fn start_with(config: Config) -> Self {
        let standin = StandIn::start(config).await.unwrap();
        let ses = ses_client(&standin, RetryConfig::standard()).await;
        Self {
            standin,
            ses,
            http: reqwest::Client::new(),
        }
    }

    /// An SDK client that never retries, so call counts are exact.
    pub async fn ses_without_retries(&self) -> Client {
        ses_client(&self.standin, RetryConfig::disabled()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.standin.endpoint_url())
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn delete(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .delete(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Publishes one record through `/_local/dns/records`.
    pub async fn publish(&self, name: &str, kind: &str, value: &str, priority: Option<u16>) {
        let body = json!({ "name": name, "type": kind, "value": value, "priority": priority });
        let (status, reply) = self.post("/_local/dns/records", body).await;
        assert!(
            status == 201 || status == 200,
            "publish failed: {status} {reply}"
        );
    }

    /// Publishes every record SES wants for `identity`.
    pub async fn publish_identity(&self, identity: &str) -> Value {
        let path = format!("/_local/identities/{identity}/publish-records");
        let (status, reply) = self.post(&path, json!({})).await;
        assert_eq!(status, 200, "{reply}");
        reply
    }

    /// Removes every record SES wants for `identity`.
    pub async fn unpublish_identity(&self, identity: &str) {
        let path = format!("/_local/identities/{identity}/unpublish-records");
        let (status, reply) = self.post(&path, json!({})).await;
        assert_eq!(status, 200, "{reply}");
    }

    /// Moves the stand-in clock forward.
    pub async fn advance_hours(&self, hours: i64) {
        let (status, reply) = self
            .post("/_local/clock/advance", json!({ "seconds": hours * 3600 }))
            .await;
        assert_eq!(status, 200, "{reply}");
    }

    /// The outbox messages.
    pub async fn outbox(&self) -> Vec<Value> {
        let (_, reply) = self.get("/_local/outbox").await;
        reply["messages"].as_array().cloned().unwrap_or_default()
    }

    /// Creates an identity and returns its DKIM tokens (empty for an address).
    pub async fn create(&self, identity: &str) -> Vec<String> {
        let output = self
            .ses
            .create_email_identity()
            .email_identity(identity)
            .send()
            .await
            .unwrap();
        output
            .dkim_attributes()
            .map(|dkim| dkim.tokens().to_vec())
            .unwrap_or_default()
    }

    /// GetEmailIdentity.
    pub async fn read(
        &self,
        identity: &str,
    ) -> aws_sdk_sesv2::operation::get_email_identity::GetEmailIdentityOutput {
        self.ses
            .get_email_identity()
            .email_identity(identity)
            .send()
            .await
            .unwrap()
    }
}

async fn ses_client(standin: &RunningStandIn, retry: RetryConfig) -> Client {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(standin.endpoint_url())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .retry_config(retry)
        .load()
        .await;
    Client::new(&config)
}
