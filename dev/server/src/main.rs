//! `make dev`'s server and its helpers (`dev-server --help`).

use std::process::ExitCode;

use dev_server::cli::{self, Command, TokenRequest};
use dev_server::{authorizer, bootstrap, sample, serve, settings};
use domain::tenant::TenantId;

fn main() -> ExitCode {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(error) => return fail(&error),
    };
    let outcome = match command {
        Command::Help => {
            print!("{}", cli::USAGE);
            Ok(())
        }
        Command::Check => settings::check(bootstrap::setting).map_err(|e| e.to_string()),
        Command::Token(request) => token(&request),
        Command::FeedbackEvent(name) => feedback_event(&name),
        Command::Serve => serve_until_stopped(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(error: &str) -> ExitCode {
    eprintln!("dev-server: {error}");
    ExitCode::FAILURE
}

fn serve_until_stopped() -> Result<(), String> {
    // The defaults are set before the runtime starts any thread.
    bootstrap::apply_defaults();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(serve::run()).map_err(|e| e.to_string())
}

fn token(request: &TokenRequest) -> Result<(), String> {
    let secret = settings::jwt_secret(bootstrap::setting).map_err(|e| e.to_string())?;
    let tenant = TenantId::parse(&request.tenant)
        .map_err(|e| format!("--tenant {:?}: {e}", request.tenant))?;
    let roles: Vec<&str> = request.roles.iter().map(String::as_str).collect();
    println!(
        "{}",
        authorizer::mint_token(&secret, &tenant, &roles, request.ttl)
    );
    eprintln!(
        "(a dev token for tenant \"{tenant}\", roles [{}], valid {} h; send it as `authorization: Bearer <token>`)",
        roles.join(", "),
        request.ttl.as_secs() / 3600
    );
    Ok(())
}

fn feedback_event(name: &str) -> Result<(), String> {
    let file = sample::sample_file(&sample::samples_dir(), name)?;
    let text = std::fs::read_to_string(&file)
        .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    let event: serde_json::Value = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not JSON: {error}", file.display()))?;
    let fresh = sample::freshen(&event, chrono::Utc::now(), || {
        uuid::Uuid::new_v4().to_string()
    })?;
    println!("{fresh}");
    Ok(())
}
