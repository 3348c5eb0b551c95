//! No recipient address in the logs: the feedback handler on real bounce and complaint
//! samples (`events/feedback/`), with the account-level mirror refusing the addresses (SES's
//! BadRequest, injected by the stand-in), logs every event at every level with the recipients
//! hashed at most (this service's crates at every level, the AWS SDK at INFO).

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use adapters::ses_suppression::SesAccountSuppression;
use aws_lambda_events::event::sns::SnsEvent;
use domain::notifications::logged_recipient;
use domain::reputation::Thresholds;
use feedback::handler::handle;
use support::{Harness, workspace};

/// What the JSON log formatter writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::ErrorKind::Other)?
            .extend(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn sample(name: &str) -> SnsEvent {
    let path = workspace().join("events/feedback").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[tokio::test]
async fn bounced_and_complaining_recipients_never_appear_in_the_logs() {
    let ses = testkit::ses::LocalSes::start(5).await;
    ses.control(
        "faults",
        serde_json::json!({ "rules": [{
            "operation": "PutSuppressedDestination",
            "code": "BadRequestException",
            "fraction": 1.0,
            "message": "Invalid email address jane.doe@example.net / grumpy@example.net",
        }] }),
    )
    .await;
    let mirror = Arc::new(SesAccountSuppression::new(ses.client.clone()));
    let harness = Harness::with(Thresholds::default(), Some(mirror)).await;
    let domain = harness.subdomain("demo", "marketing.example.com").await;
    harness.subdomain_sender(&domain, "news").await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        // This service's own crates at every level; the SDK at the functions' level (INFO:
        // at TRACE it logs whole requests, which no deployment should switch on).
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "info,domain=trace,adapters=trace,feedback=trace",
        ))
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    for file in ["bounce-permanent.json", "complaint.json"] {
        let summary = handle(&harness.ingest, sample(file))
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(summary.notifications, 1, "{file}");
    }
    drop(guard);

    let logs = String::from_utf8(captured.0.lock().map(|b| b.clone()).unwrap_or_default())
        .unwrap_or_default();
    assert!(
        logs.contains("mirror_refused"),
        "the refusal was logged: {logs}"
    );
    for recipient in ["jane.doe@example.net", "grumpy@example.net"] {
        assert!(
            !logs.contains(recipient),
            "{recipient} is in the logs: {logs}"
        );
        assert!(
            !logs.contains("jane.doe") && !logs.contains("grumpy@"),
            "{logs}"
        );
    }
    assert!(
        logs.contains(&logged_recipient("jane.doe@example.net")),
        "the refused recipient is logged hashed: {logs}"
    );
}
