//! The `dev-server` command line: serve (what `make dev` runs), and the helpers around it.

use std::time::Duration;

/// The binary's usage text.
pub const USAGE: &str = "\
usage: dev-server [serve]                        the API on 127.0.0.1:$API_PORT (make dev)
       dev-server check                          check the settings and that every port is free
       dev-server token [--tenant T] [--roles R] [--hours H]
                                                 a dev token (default: tenant demo, roles admin, 12 h)
       dev-server feedback-event SAMPLE          a sample of events/feedback/ with fresh ids, dated now

Settings come from the environment: API_PORT MOTO_PORT SES_PORT DNS_PORT, DEV_JWT_SECRET,
LOCAL_SWEEP_SECONDS, and the service's own variables (README, Configuration).
";

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Check,
    Token(TokenRequest),
    FeedbackEvent(String),
    Help,
}

/// `dev-server token`'s options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub tenant: String,
    pub roles: Vec<String>,
    pub ttl: Duration,
}

impl Default for TokenRequest {
    fn default() -> Self {
        Self {
            tenant: "demo".to_owned(),
            roles: vec!["admin".to_owned()],
            ttl: Duration::from_secs(12 * 3600),
        }
    }
}

/// Parses the arguments after the program name; the error is a sentence.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let command = match args.next().as_deref() {
        None | Some("serve") => Command::Serve,
        Some("check") => Command::Check,
        Some("token") => Command::Token(token_options(&mut args)?),
        Some("feedback-event") => {
            let sample = args
                .next()
                .ok_or("feedback-event needs a sample name, e.g. bounce-permanent")?;
            Command::FeedbackEvent(sample)
        }
        Some("-h" | "--help" | "help") => Command::Help,
        Some(other) => return Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    if let Some(extra) = args.next() {
        return Err(format!("unexpected argument `{extra}`\n\n{USAGE}"));
    }
    Ok(command)
}

fn token_options(args: &mut impl Iterator<Item = String>) -> Result<TokenRequest, String> {
    let mut request = TokenRequest::default();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        match flag.as_str() {
            "--tenant" => request.tenant = value,
            "--roles" => {
                request.roles = value
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|role| !role.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            "--hours" => {
                let hours: u64 = value
                    .parse()
                    .ok()
                    .filter(|hours| (1..=24 * 30).contains(hours))
                    .ok_or_else(|| format!("--hours {value}: give a whole number from 1 to 720"))?;
                request.ttl = Duration::from_secs(hours * 3600);
            }
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn commands_and_token_options() {
        assert_eq!(parse(args("")), Ok(Command::Serve));
        assert_eq!(parse(args("check")), Ok(Command::Check));
        assert_eq!(
            parse(args("token")),
            Ok(Command::Token(TokenRequest::default()))
        );
        let Ok(Command::Token(request)) =
            parse(args("token --tenant acme --roles viewer,auditor --hours 2"))
        else {
            panic!("a token command");
        };
        assert_eq!(request.tenant, "acme");
        assert_eq!(request.roles, ["viewer", "auditor"]);
        assert_eq!(request.ttl, Duration::from_secs(7200));
        let Ok(Command::Token(request)) = parse(args("token --roles ,")) else {
            panic!("a token command");
        };
        assert!(request.roles.is_empty(), "no roles at all is a valid token");
        assert_eq!(
            parse(args("feedback-event complaint")),
            Ok(Command::FeedbackEvent("complaint".to_owned()))
        );
    }

    #[test]
    fn bad_command_lines_say_why() {
        assert!(
            parse(args("serve now"))
                .unwrap_err()
                .contains("unexpected argument `now`")
        );
        assert!(
            parse(args("tokens"))
                .unwrap_err()
                .contains("unknown command `tokens`")
        );
        assert!(
            parse(args("token --tenant"))
                .unwrap_err()
                .contains("`--tenant` needs a value")
        );
        assert!(
            parse(args("token --hours 0"))
                .unwrap_err()
                .contains("1 to 720")
        );
        assert!(parse(args("feedback-event")).is_err());
    }
}
