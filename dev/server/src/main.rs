//! `make dev`: the API on http://127.0.0.1:3000 against moto and the SES stand-in.

use std::time::Duration;

use axum::middleware::from_fn_with_state;
use domain::tenant::TenantId;
use dev_server::authorizer::{DevJwtSecret, authorize, mint_token};
use dev_server::bootstrap;

const LISTEN: &str = "127.0.0.1:3000";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    bootstrap::apply_defaults();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let sdk = adapters::config::load().await;
    let table = adapters::config::required("TABLE_NAME")?;
    bootstrap::ensure_table(&aws_sdk_dynamodb::Client::new(&sdk), &table).await?;
    let state = api::bootstrap::state_from_env(&sdk)?;
    dev_server::sweeper::spawn(
        sweep::bootstrap::sweep_from_env(&sdk)?,
        dev_server::sweeper::interval(),
    );
    let secret = DevJwtSecret::from_env()?;
    let token = mint_token(
        &secret,
        &TenantId::parse("demo")?,
        &["admin"],
        Duration::from_secs(12 * 3600),
    );
    let router = api::app::router(state, api::bootstrap::auth_from_env())
        .layer(from_fn_with_state(secret, authorize))
        .merge(dev_server::feedback::router(
            feedback::bootstrap::ingest_from_env(&sdk)?,
        ));
    let listener = tokio::net::TcpListener::bind(LISTEN).await?;
    println!("\nAPI      http://{LISTEN}  (tenant \"demo\", admin, valid 12 h)");
    println!("TOKEN    export TOKEN={token}");
    println!(
        "FEEDBACK curl -s -X POST http://{LISTEN}/_local/feedback -H 'content-type: application/json' --data-binary @events/feedback/bounce-permanent.json"
    );
    println!(
        "TRY      curl -s -X POST http://{LISTEN}/v1/domains -H \"authorization: Bearer $TOKEN\" -H 'content-type: application/json' -d '{{\"name\":\"marketing.example.com\"}}'\n"
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
