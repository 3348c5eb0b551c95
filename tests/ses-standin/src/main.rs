//! `ses-standin`: runs the local SESv2 stand-in until Ctrl-C. See the crate README.

use std::process::ExitCode;

use ses_standin::{StandIn, cli};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match cli::parse(std::env::args().skip(1), |var| std::env::var(var).ok()) {
        Ok(config) => config,
        Err(cli::CliError::Help) => {
            print!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let standin = match StandIn::start(config).await {
        Ok(standin) => standin,
        Err(error) => {
            eprintln!("ses-standin: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "ses-standin listening: SESv2 API {} , DNS {} (UDP+TCP); Ctrl-C stops it",
        standin.endpoint_url(),
        standin.dns_addr()
    );
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("ses-standin: cannot wait for Ctrl-C: {error}");
    }
    standin.shutdown().await;
    ExitCode::SUCCESS
}
