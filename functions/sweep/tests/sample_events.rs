//! Every sample input under events/sweep/ is what Scheduler delivers, and the handler runs it.

use crate::support;

use std::path::PathBuf;

use support::{Harness, Unlimited};
use sweep::handler::{SweepInput, SweepOutput, run};

fn samples() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events/sweep");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("events/sweep exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            (
                path.display().to_string(),
                std::fs::read_to_string(&path).expect("readable"),
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn every_sample_input_runs() {
    let harness = Harness::start().await;
    let samples = samples();
    assert!(samples.len() >= 3, "periodic and targeted samples exist");
    for (path, json) in samples {
        let input: SweepInput =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
        let output = run(&harness.sweep, input.clone(), &Unlimited)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        match (input, output) {
            (SweepInput::Sweep {}, SweepOutput::Sweep(report)) => {
                assert!(!report.stopped_early, "{path}")
            }
            (SweepInput::Check { .. }, SweepOutput::Check(outcome)) => {
                // The sample ids are not in this fresh table: the check says so, it does not fail.
                assert_eq!(
                    serde_json::to_value(outcome).expect("json")["outcome"],
                    "gone",
                    "{path}"
                );
            }
            (input, output) => panic!("{path}: {input:?} answered {output:?}"),
        }
    }
}

#[test]
fn malformed_inputs_are_refused_so_the_invocation_fails_into_the_dead_letter_queue() {
    for bad in [
        r#"{}"#,
        r#"{"kind":"explode"}"#,
        r#"{"kind":"check"}"#,
        r#"{"kind":"check","identity":{"type":"domain","tenant":"demo","id":"not-a-uuid"}}"#,
        r#"{"kind":"check","identity":{"type":"domain","tenant":"","id":"01936f3e-7a54-7d2b-9c1e-3f5a8b2c4d6e"}}"#,
        r#"{"kind":"sweep","extra":1}"#,
        r#"{"version":"0","detail-type":"Scheduled Event","detail":{}}"#,
    ] {
        assert!(
            serde_json::from_str::<SweepInput>(bad).is_err(),
            "{bad} must not be accepted"
        );
    }
}
