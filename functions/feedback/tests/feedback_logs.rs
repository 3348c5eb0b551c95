//! No recipient address in the logs: the feedback handler on real bounce and complaint
//! samples (`events/feedback/`), with the account-level mirror refusing the addresses (SES's
//! BadRequest, injected by the stand-in), logs every event at every level with the recipients
//! hashed at most (this service's crates at every level, the AWS SDK at INFO).

use crate::support;

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use adapters::ses_suppression::SesAccountSuppression;
use aws_lambda_events::event::sns::SnsEvent;
use domain::notifications::logged_recipient;
use domain::reputation::Thresholds;
use feedback::handler::handle;
use support::{Harness, workspace};
use tracing_subscriber::filter::{EnvFilter, FilterExt, dynamic_filter_fn};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::prelude::*;

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

thread_local! {
    /// Where the formatter writes what this thread logs, while a test captures it.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Captures what this thread logs (a `#[tokio::test]` runs on one thread) until dropped.
///
/// The logs go through one global subscriber, not one set for this thread alone
/// (`tracing::subscriber::set_default`): this test shares its process with the crate's other
/// tests, and tracing caches for each call site, process-wide, whether a subscriber wants its
/// events. With a subscriber of this thread alone, a call site first reached by another test's
/// thread would be cached as wanted by nobody, and its events here would be lost, which would
/// make the "no recipient in the logs" checks below pass without having seen those events.
struct Capturing;

impl Capturing {
    fn start(captured: &Captured) -> Self {
        static GLOBAL: Once = Once::new();
        GLOBAL.call_once(|| {
            let json = tracing_subscriber::fmt::layer()
                .json()
                .with_span_events(FmtSpan::FULL)
                .with_writer(|| CAPTURE.with_borrow(Clone::clone).unwrap_or_default())
                // This service's own crates at every level; the SDK at the functions' level
                // (INFO: at TRACE it logs whole requests, which no deployment should switch on).
                // Only on a capturing thread: the other tests log nothing. A dynamic filter,
                // asked at every event, as the thread decides (a plain `filter_fn` is cached per
                // call site like the rest).
                .with_filter(
                    EnvFilter::new("info,domain=trace,adapters=trace,feedback=trace").and(
                        dynamic_filter_fn(|_, _| CAPTURE.with_borrow(Option::is_some)),
                    ),
                );
            tracing::subscriber::set_global_default(tracing_subscriber::registry().with(json))
                .expect("no other global subscriber in the feedback tests");
        });
        CAPTURE.set(Some(captured.clone()));
        // Call sites reached before the subscriber was set were cached as wanted by nobody.
        tracing::callsite::rebuild_interest_cache();
        Self
    }
}

impl Drop for Capturing {
    fn drop(&mut self) {
        CAPTURE.set(None);
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
    let guard = Capturing::start(&captured);
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
