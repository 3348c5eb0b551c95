//! One in-process SES stand-in per test, on free loopback ports.

use ses_standin::{Config, RunningStandIn, StandIn};

/// A running stand-in and an SESv2 client pointed at it. Dropping it stops the stand-in.
pub struct LocalSes {
    pub standin: RunningStandIn,
    pub client: aws_sdk_sesv2::Client,
    /// A plain HTTP client for the `/_local/` control endpoints.
    pub http: reqwest::Client,
}

impl LocalSes {
    /// Starts a fresh stand-in with the given seed (tokens and fault injection are deterministic).
    pub async fn start(seed: u64) -> Self {
        let config = Config::default().with_seed(seed);
        let standin = StandIn::start(config)
            .await
            .expect("the SES stand-in starts");
        let sdk = crate::sdk_config(&standin.endpoint_url()).await;
        Self {
            client: aws_sdk_sesv2::Client::new(&sdk),
            standin,
            http: reqwest::Client::new(),
        }
    }

    /// `POST /_local/<path>` with a JSON body; panics on a non-2xx answer.
    pub async fn control(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}/_local/{path}", self.standin.endpoint_url());
        let response = self
            .http
            .post(&url)
            .json(&body)
            .send()
            .await
            .expect("control call");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert!(status.is_success(), "POST {url} answered {status}: {text}");
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    }

    /// `GET /_local/<path>` as JSON.
    pub async fn read(&self, path: &str) -> serde_json::Value {
        let url = format!("{}/_local/{path}", self.standin.endpoint_url());
        self.http
            .get(&url)
            .send()
            .await
            .expect("control call")
            .json()
            .await
            .expect("json")
    }

    /// Advances the stand-in's clock.
    pub async fn advance(&self, seconds: i64) {
        self.control("clock/advance", serde_json::json!({ "seconds": seconds }))
            .await;
    }
}
