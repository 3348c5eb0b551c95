//! Building the relay from its environment, once per cold start.

use adapters::SdkConfig;
use adapters::config::{ConfigError, required};
use adapters::dynamo::DynamoStore;
use adapters::event_bus::{EventBus, Relay};

/// The relay to `EVENT_BUS_NAME` (a name or an ARN), deleting from `TABLE_NAME`'s outbox.
pub fn relay_from_env(sdk: &SdkConfig) -> Result<Relay, ConfigError> {
    let bus = EventBus::new(
        aws_sdk_eventbridge::Client::new(sdk),
        required("EVENT_BUS_NAME")?,
    );
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(sdk), required("TABLE_NAME")?);
    Ok(Relay::new(bus, store))
}
