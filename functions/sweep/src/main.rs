//! The verification sweep Lambda (EventBridge Scheduler -> lambda_runtime).

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use sweep::handler::{self, SweepInput};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = adapters::config::load().await;
    let sweep = sweep::bootstrap::sweep_from_env(&sdk)?;
    let namespace = &adapters::metrics::namespace_from_env();
    let sweep = &sweep;
    run(service_fn(
        move |event: LambdaEvent<SweepInput>| async move {
            let started = std::time::Instant::now();
            let output = handler::handle(sweep, event).await?;
            let mut metrics = sweep::metrics::metrics(namespace, &output, started.elapsed());
            if matches!(output, handler::SweepOutput::Sweep(_)) {
                match sweep.backlog_age().await {
                    // A negative age cannot happen (backlog_age floors at zero).
                    Ok(age) => {
                        sweep::metrics::backlog(&mut metrics, age.to_std().unwrap_or_default())
                    }
                    Err(error) => tracing::warn!(%error, "backlog age unknown"),
                }
            }
            adapters::dns_counts::DNS_LOOKUPS.take_into(&mut metrics);
            metrics.flush();
            Ok::<_, handler::SweepError>(output)
        },
    ))
    .await
}
