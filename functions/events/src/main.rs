//! The events Lambda (DynamoDB stream of the table's outbox -> EventBridge).

use aws_lambda_events::event::dynamodb::Event;
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = adapters::config::load().await;
    let relay = events::bootstrap::relay_from_env(&sdk)?;
    let relay = &relay;
    let namespace = &adapters::metrics::namespace_from_env();
    run(service_fn(move |event: LambdaEvent<Event>| async move {
        let (summary, response) = events::handler::handle(relay, event.payload).await;
        events::handler::metrics(namespace, &summary).flush();
        Ok::<DynamoDbEventResponse, Error>(response)
    }))
    .await
}
