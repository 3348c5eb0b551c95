//! The age of the sweep's backlog (the `OldestDueAge` metric): how long the identity due
//! longest ago has waited, read from the first entry of the `due` index in moto.

use crate::support;

use chrono::Duration;
use support::{Harness, Unlimited};

#[tokio::test]
async fn the_backlog_age_is_the_wait_of_the_identity_due_longest_ago() {
    let harness = Harness::start().await;
    assert_eq!(
        harness.sweep.backlog_age().await.expect("age"),
        Duration::zero(),
        "an empty index has no backlog"
    );

    let first = harness.add_domain("first").await;
    harness.advance(Duration::minutes(5)).await;
    harness.add_domain("second").await;
    let due_at = harness
        .stored(&first)
        .await
        .next_check_at
        .expect("a pending subdomain has its next check");
    assert_eq!(
        harness.sweep.backlog_age().await.expect("age"),
        Duration::zero(),
        "nothing is due yet"
    );

    harness.advance(Duration::hours(3)).await;
    let age = harness.sweep.backlog_age().await.expect("age");
    let expected = harness.now() - due_at;
    assert!(
        (age - expected).num_seconds().abs() <= 1,
        "age {age} is the wait of the older of the two ({expected})"
    );
    assert!(age > Duration::hours(2));

    harness.sweep.run(&Unlimited).await.expect("sweep");
    let after = harness.sweep.backlog_age().await.expect("age");
    assert!(
        after < age,
        "a sweep that checks everything clears the backlog: {after}"
    );
}
