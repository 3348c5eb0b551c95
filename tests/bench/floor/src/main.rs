//! The floor of `make bench`: what every function pays before its own code runs. It loads the
//! SDK configuration, builds the DynamoDB, SESv2 and Scheduler clients, and answers each event
//! with `{}`; the functions are measured against its init, first response, RSS and size.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let clients = (
        aws_sdk_dynamodb::Client::new(&sdk),
        aws_sdk_sesv2::Client::new(&sdk),
        aws_sdk_scheduler::Client::new(&sdk),
    );
    let clients = &clients;
    run(service_fn(move |_event: LambdaEvent<Value>| async move {
        // Keep the clients alive, as a function holds its adapters.
        let _ = clients;
        Ok::<Value, Error>(Value::Object(Default::default()))
    }))
    .await
}
