//! `make dev`: the API on http://127.0.0.1:3000 against moto and the SES stand-in.

use std::time::Duration;

use axum::middleware::from_fn_with_state;
use domain::tenant::TenantId;
use local_dev::authorizer::{DevJwtSecret, authorize, mint_token};
use local_dev::bootstrap;

/// Where the API listens unless `LOCAL_DEV_LISTEN` says otherwise (the browser tests pick a
/// free port).
const LISTEN: &str = "127.0.0.1:3000";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Before the runtime starts its worker threads: `set_var` is only sound while the
    // process has a single thread.
    bootstrap::apply_defaults();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve())
}

/// One composition (`adapters::wiring`) behind the API, the sweep and the feedback route.
async fn serve() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let sdk = adapters::config::load().await;
    let table = adapters::config::required("TABLE_NAME")?;
    bootstrap::ensure_table(&aws_sdk_dynamodb::Client::new(&sdk), &table).await?;
    let ports = adapters::wiring::ports_from_env(&sdk)?;
    let state = api::bootstrap::state(&ports, &sdk)?;
    local_dev::sweeper::spawn(
        sweep::bootstrap::sweep(&ports, &sdk)?,
        local_dev::sweeper::interval(),
    );
    let secret = DevJwtSecret::from_env()?;
    let token = mint_token(
        &secret,
        &TenantId::parse("demo")?,
        &["admin"],
        Duration::from_secs(12 * 3600),
    );
    let router = api::app::router(state, api::bootstrap::auth_from_env())
        .layer(from_fn_with_state(secret.clone(), authorize))
        .merge(local_dev::feedback::router(feedback::bootstrap::ingest(
            &ports,
        )?))
        .merge(local_dev::dev_session::router(secret));
    let listen = std::env::var("LOCAL_DEV_LISTEN").unwrap_or_else(|_| LISTEN.to_owned());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("\nSCREEN   http://{listen}/  (Email Senders, signed in as tenant \"demo\"'s admin)");
    println!("API      http://{listen}  (tenant \"demo\", admin, valid 12 h)");
    println!("TOKEN    export TOKEN={token}");
    println!(
        "FEEDBACK curl -s -X POST http://{listen}/_local/feedback -H 'content-type: application/json' --data-binary @events/feedback/bounce-permanent.json"
    );
    println!(
        "TRY      curl -s -X POST http://{listen}/v1/domains -H \"authorization: Bearer $TOKEN\" -H 'content-type: application/json' -d '{{\"name\":\"marketing.example.com\"}}'\n"
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
