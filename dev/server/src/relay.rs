//! Plays the events relay locally: there is no DynamoDB stream to trigger it, so every
//! `LOCAL_RELAY_SECONDS` (default 2) it reads the outbox and publishes what waits there to the
//! event bus in moto (`EVENT_BUS_NAME`, default `email-senders-local`, created if missing),
//! through the same `Relay` the Lambda uses. Each published event is logged
//! (`status_event_published`).

use std::time::Duration;

use adapters::SdkConfig;
use adapters::dynamo::DynamoStore;
use adapters::event_bus::{EventBus, Relay};

/// The local bus's name.
pub fn bus_name() -> String {
    adapters::config::optional("EVENT_BUS_NAME").unwrap_or_else(|| "email-senders-local".to_owned())
}

/// Creates the bus in moto unless it is there, then starts the relay in the background.
pub async fn spawn(sdk: &SdkConfig, table: &str) -> Result<(), String> {
    let client = aws_sdk_eventbridge::Client::new(sdk);
    let bus = bus_name();
    if client.describe_event_bus().name(&bus).send().await.is_err() {
        client
            .create_event_bus()
            .name(&bus)
            .send()
            .await
            .map_err(|e| format!("could not create the event bus {bus}: {e}"))?;
    }
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(sdk), table);
    let relay = Relay::new(EventBus::new(client, bus), store);
    let every = interval();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if let Err(error) = relay.drain(100).await {
                tracing::warn!(%error, "local events relay could not read the outbox");
            }
        }
    });
    Ok(())
}

fn interval() -> Duration {
    let seconds = std::env::var("LOCAL_RELAY_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    Duration::from_secs(seconds.max(1))
}
