//! The feedback Lambda: SQS batches of SNS envelopes (SES notifications) -> `Ingest`.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = adapters::config::load().await;
    let ingest = feedback::bootstrap::ingest_from_env(&sdk)?;
    let ingest = &ingest;
    let namespace = &adapters::metrics::namespace_from_env();
    run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let (summary, response) = feedback::queue::handle_batch(ingest, event.payload).await;
        let failed = response.batch_item_failures.len();
        feedback::queue::metrics(namespace, &summary, failed).flush();
        Ok::<SqsBatchResponse, Error>(response)
    }))
    .await
}
