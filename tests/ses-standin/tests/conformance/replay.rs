//! Replays each served operation through aws-sdk-sesv2 and records the raw answers.

use std::sync::{Arc, Mutex};

use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::config::interceptors::AfterDeserializationInterceptorContextRef;
use aws_sdk_sesv2::config::retry::RetryConfig;
use aws_sdk_sesv2::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_sesv2::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sesv2::types::{BehaviorOnMxFailure, SuppressionListReason, Tag};

use super::model::Answer;
use crate::common::Harness;

/// The order the success test replays operations in (each needs what the ones before made).
pub const ORDER: [&str; 14] = [
    "CreateConfigurationSet",
    "GetConfigurationSet",
    "CreateEmailIdentity",
    "PutEmailIdentityMailFromAttributes",
    "GetEmailIdentity",
    "ListEmailIdentities",
    "TagResource",
    "ListTagsForResource",
    "UntagResource",
    "PutSuppressedDestination",
    "GetSuppressedDestination",
    "ListSuppressedDestinations",
    "DeleteSuppressedDestination",
    "DeleteEmailIdentity",
];

const DOMAIN: &str = "example.com";
const SET: &str = "events";
const ARN: &str = "arn:aws:ses:us-east-1:123456789012:identity/example.com";
const ADDRESS: &str = "bounced@example.org";

/// Records every raw answer the SDK deserialized.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Answer>>>);

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "conformance recorder"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let response = context.response();
        let header = |name: &str| response.headers().get(name).map(str::to_owned);
        let answer = Answer {
            status: response.status().as_u16(),
            error_type: header("x-amzn-errortype"),
            request_id: header("x-amzn-requestid"),
            body: response.body().bytes().unwrap_or_default().to_vec(),
        };
        self.0.lock().unwrap().push(answer);
        Ok(())
    }
}

impl Recorder {
    /// An SDK client on the harness's stand-in that records here and never retries.
    pub async fn client(&self, harness: &Harness) -> Client {
        let config = harness
            .ses
            .config()
            .to_builder()
            .interceptor(self.clone())
            .retry_config(RetryConfig::disabled())
            .build();
        Client::from_conf(config)
    }

    /// The latest answer.
    pub fn last(&self) -> Answer {
        self.0.lock().unwrap().last().cloned().expect("an answer")
    }
}

/// A tag.
pub fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

fn code<E: ProvideErrorMetadata, R>(error: SdkError<E, R>) -> Option<String> {
    error
        .as_service_error()
        .and_then(|e| e.code())
        .map(str::to_owned)
}

/// Calls `operation` once with valid input: `Err(code)` for a service error (`None` when it
/// was no service error at all).
pub async fn replay(
    ses: &Client,
    harness: &Harness,
    operation: &str,
) -> Result<(), Option<String>> {
    match operation {
        "CreateConfigurationSet" => ses
            .create_configuration_set()
            .configuration_set_name(SET)
            .tags(tag("team", "mail"))
            .send()
            .await
            .map(drop)
            .map_err(code),
        "GetConfigurationSet" => ses
            .get_configuration_set()
            .configuration_set_name(SET)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "CreateEmailIdentity" => ses
            .create_email_identity()
            .email_identity(DOMAIN)
            .configuration_set_name(SET)
            .tags(tag("tenant", "t-1"))
            .send()
            .await
            .map(drop)
            .map_err(code),
        "PutEmailIdentityMailFromAttributes" => ses
            .put_email_identity_mail_from_attributes()
            .email_identity(DOMAIN)
            .mail_from_domain("mail.example.com")
            .behavior_on_mx_failure(BehaviorOnMxFailure::RejectMessage)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "GetEmailIdentity" => {
            // Published records and an hour on the clock: the fullest answer SES gives.
            let path = format!("/_local/identities/{DOMAIN}/publish-records");
            let _ = harness.post(&path, serde_json::json!({})).await;
            harness.advance_hours(1).await;
            ses.get_email_identity()
                .email_identity(DOMAIN)
                .send()
                .await
                .map(drop)
                .map_err(code)
        }
        "ListEmailIdentities" => ses
            .list_email_identities()
            .page_size(10)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "TagResource" => ses
            .tag_resource()
            .resource_arn(ARN)
            .tags(tag("owner", "ops"))
            .send()
            .await
            .map(drop)
            .map_err(code),
        "ListTagsForResource" => ses
            .list_tags_for_resource()
            .resource_arn(ARN)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "UntagResource" => ses
            .untag_resource()
            .resource_arn(ARN)
            .tag_keys("owner")
            .send()
            .await
            .map(drop)
            .map_err(code),
        "PutSuppressedDestination" => ses
            .put_suppressed_destination()
            .email_address(ADDRESS)
            .reason(SuppressionListReason::Bounce)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "GetSuppressedDestination" => ses
            .get_suppressed_destination()
            .email_address(ADDRESS)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "ListSuppressedDestinations" => ses
            .list_suppressed_destinations()
            .reasons(SuppressionListReason::Bounce)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "DeleteSuppressedDestination" => ses
            .delete_suppressed_destination()
            .email_address(ADDRESS)
            .send()
            .await
            .map(drop)
            .map_err(code),
        "DeleteEmailIdentity" => ses
            .delete_email_identity()
            .email_identity(DOMAIN)
            .send()
            .await
            .map(drop)
            .map_err(code),
        other => panic!("no replay for {other}"),
    }
}
