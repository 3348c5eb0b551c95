//! `dev-server serve` (what `make dev` runs last): the API's router behind the dev JWT
//! authorizer, the feedback route, the periodic sweep and the events relay, against moto and
//! the SES stand-in.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::middleware::from_fn_with_state;
use domain::tenant::TenantId;

use crate::authorizer::{authorize, mint_token};
use crate::settings::{self, PORTS};
use crate::{bootstrap, dev_session, feedback, relay, sweeper};

type Error = Box<dyn std::error::Error>;

/// Serves until Ctrl-C.
pub async fn run() -> Result<(), Error> {
    let setting = bootstrap::setting;
    let secret = settings::jwt_secret(setting)?;
    let port = settings::port(&PORTS[0], setting)?;
    let sdk = adapters::config::load().await;
    let table = adapters::config::required("TABLE_NAME")?;
    bootstrap::ensure_table(&aws_sdk_dynamodb::Client::new(&sdk), &table).await?;
    // One composition (`adapters::wiring`) behind the API, the sweep and the feedback route.
    let ports = adapters::wiring::ports_from_env(&sdk)?;
    let state = api::bootstrap::state(&ports, &sdk)?;
    sweeper::spawn(
        sweep::bootstrap::sweep(&ports.sweep_ports(), &sdk)?,
        sweeper::interval(),
    );
    if let Err(error) = relay::spawn(&sdk, &table).await {
        tracing::warn!(%error, "no local events relay: status-change events stay in the outbox");
    }
    let router = api::app::router(state, api::bootstrap::auth_from_env())
        .layer(from_fn_with_state(secret.clone(), authorize))
        .merge(feedback::router(::feedback::bootstrap::ingest(&ports)?))
        .merge(dev_session::router(secret.clone()));
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = tokio::net::TcpListener::bind(address).await.map_err(|error| {
        format!("cannot listen on {address} (API_PORT, for the API): {error}; choose another port, e.g. `make dev API_PORT={}`", u32::from(port) + 10)
    })?;
    let token = mint_token(
        &secret,
        &TenantId::parse("demo")?,
        &["admin"],
        Duration::from_secs(12 * 3600),
    );
    let api = format!("http://{address}");
    let ses = std::env::var("AWS_ENDPOINT_URL_SESV2").unwrap_or_default();
    println!("{}", ready_banner(&api, &ses, &token));
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// What `make dev` prints once it serves: the last line is meant to be pasted as it is.
pub fn ready_banner(api: &str, ses: &str, token: &str) -> String {
    format!(
        "\nThe Email Senders screen is at {api}/ (signed in as tenant \"demo\"'s admin; it switches tenants).\n\
         The API is ready at {api}. The token below is an admin of tenant \"demo\", valid 12 h;\n\
         other tenants and roles: `make token TENANT=acme ROLES=viewer`. Current feedback samples:\n\
         `make feedback SAMPLE=bounce-permanent`. Paste this line into the shell you try the API from:\n\n\
         export API={api} SES={ses} TOKEN={token}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_ends_with_a_line_a_shell_can_run() {
        let banner = ready_banner("http://127.0.0.1:3000", "http://127.0.0.1:5056", "a.b.c");
        let last = banner.trim_end().lines().last().unwrap();
        assert_eq!(
            last,
            "export API=http://127.0.0.1:3000 SES=http://127.0.0.1:5056 TOKEN=a.b.c"
        );
    }
}
