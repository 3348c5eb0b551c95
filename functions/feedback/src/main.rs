//! The feedback Lambda: SNS (SES notifications) -> `Ingest`.

use aws_lambda_events::event::sns::SnsEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = adapters::config::load().await;
    let ingest = feedback::bootstrap::ingest_from_env(&sdk)?;
    let ingest = &ingest;
    run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        feedback::handler::handle(ingest, event.payload).await
    }))
    .await
}
