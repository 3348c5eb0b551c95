//! The verification sweep Lambda (EventBridge Scheduler -> lambda_runtime).

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use sweep::handler::{self, SweepInput};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = adapters::config::load().await;
    let sweep = sweep::bootstrap::sweep_from_env(&sdk)?;
    run(service_fn(|event: LambdaEvent<SweepInput>| {
        handler::handle(&sweep, event)
    }))
    .await
}
