//! The HTTP API Lambda: API Gateway (HTTP API, JWT authorizer) -> axum router.

use lambda_http::{Error, run, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let sdk = adapters::config::load().await;
    let state = api::bootstrap::state_from_env(&sdk)?;
    let router = api::app::router(state, api::bootstrap::auth_from_env());
    let namespace = adapters::metrics::namespace_from_env();
    run(api::metrics::layer(
        router,
        namespace,
        api::metrics::stdout(),
    ))
    .await
}
