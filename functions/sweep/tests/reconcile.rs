//! The reconciler (issue 17), over moto and the SES stand-in: orphans of this service are
//! deleted and identities made by anyone else left alone; a verified subdomain whose identity
//! lost its MAIL FROM setting is repaired (by the sweep, and by restart instead of a refusal);
//! a stale operation marker is released; the findings are the sweep's metrics.

use crate::support;

use aws_sdk_sesv2::types::Tag;
use chrono::Duration;
use domain::domains::{Operation, OperationKind};
use domain::ownership::tags::{DEFAULT_SERVICE, SERVICE_KEY, TENANT_KEY};
use domain::ports::DomainStore;
use domain::status::Status;
use support::{Harness, Unlimited};
use sweep::handler::SweepOutput;

fn unique(label: &str) -> String {
    format!(
        "{label}.t{}.example.com",
        &uuid::Uuid::new_v4().simple().to_string()[..10]
    )
}

async fn create_in_ses(harness: &Harness, name: &str, tagged: bool) {
    let mut create = harness
        .ses
        .client
        .create_email_identity()
        .email_identity(name);
    if tagged {
        for (key, value) in [(SERVICE_KEY, DEFAULT_SERVICE), (TENANT_KEY, "acme")] {
            create = create.tags(Tag::builder().key(key).value(value).build().expect("tag"));
        }
    }
    create.send().await.expect("created out of band");
}

async fn in_ses(harness: &Harness, identity: &str) -> bool {
    harness
        .ses
        .client
        .get_email_identity()
        .email_identity(identity)
        .send()
        .await
        .is_ok()
}

async fn mail_from_set(harness: &Harness, identity: &str) -> bool {
    harness
        .ses
        .client
        .get_email_identity()
        .email_identity(identity)
        .send()
        .await
        .expect("identity")
        .mail_from_attributes()
        .is_some_and(|m| !m.mail_from_domain().is_empty())
}

async fn clear_mail_from(harness: &Harness, identity: &str) {
    harness
        .ses
        .client
        .put_email_identity_mail_from_attributes()
        .email_identity(identity)
        .send()
        .await
        .expect("MAIL FROM cleared");
}

#[tokio::test]
async fn an_orphan_of_this_service_is_deleted_and_a_foreign_identity_left_alone_and_counted() {
    let harness = Harness::start().await;
    let held = harness.add_domain("held").await;
    let orphan = unique("orphan");
    let foreign = unique("console");
    let orphan_address = format!("lost@{}", unique("mail"));
    create_in_ses(&harness, &orphan, true).await;
    create_in_ses(&harness, &foreign, false).await;
    create_in_ses(&harness, &orphan_address, true).await;

    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    let found = report.reconcile.clone().expect("the reconciler ran");
    assert_eq!(found.orphans_deleted, 2, "{found:?}");
    assert!(found.foreign_left >= 1, "{found:?}");
    assert!(found.pass_completed, "{found:?}");
    assert!(!in_ses(&harness, &orphan).await, "the orphan is deleted");
    assert!(
        !in_ses(&harness, &orphan_address).await,
        "the orphan address is deleted"
    );
    assert!(
        in_ses(&harness, &foreign).await,
        "the console's identity is untouched"
    );
    assert!(
        in_ses(&harness, held.name.as_str()).await,
        "a held identity stays"
    );

    // Its findings are the sweep's metrics.
    let doc = sweep::metrics::metrics("ns", &SweepOutput::Sweep(report), std::time::Duration::ZERO)
        .document(0);
    assert_eq!(doc["OrphanIdentitiesDeleted"], serde_json::json!(2.0));
    assert_eq!(
        doc["ForeignIdentitiesLeft"],
        serde_json::json!(f64::from(found.foreign_left))
    );
    assert!(
        doc["ReconcileExamined"].as_f64().unwrap_or(0.0) >= 4.0,
        "{doc}"
    );
}

#[tokio::test]
async fn the_reconciler_walks_the_account_a_slice_per_run_from_its_stored_cursor() {
    let harness = Harness::start().await;
    let sweep = harness.sweep.clone().with_reconcile_slice(2);
    let names: Vec<String> = (0..5).map(|i| unique(&format!("o{i}"))).collect();
    for name in &names {
        create_in_ses(&harness, name, true).await;
    }
    let mut deleted = 0;
    let mut runs = 0;
    loop {
        let found = sweep
            .run(&Unlimited)
            .await
            .expect("swept")
            .reconcile
            .expect("ran");
        runs += 1;
        assert!(found.examined <= 2, "{found:?}");
        deleted += found.orphans_deleted;
        if found.pass_completed || runs > 10 {
            break;
        }
    }
    assert!(
        runs >= 3,
        "five orphans take three slices of two, not one run"
    );
    assert_eq!(deleted, 5);
    for name in &names {
        assert!(!in_ses(&harness, name).await, "{name} deleted");
    }
}

#[tokio::test]
async fn a_verified_subdomain_without_its_mail_from_is_repaired_by_the_sweep() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("half").await;
    harness.publish(&domain).await;
    harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verified");
    // A Lambda that died between the two SES calls leaves the identity without MAIL FROM.
    clear_mail_from(&harness, domain.name.as_str()).await;
    harness.advance(Duration::minutes(2)).await;
    let looked = harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verify");
    assert_eq!(looked.status, Status::Verified);
    assert_eq!(looked.mail_from_status, None);
    assert!(
        !looked.status_reason.contains("still checking"),
        "{}",
        looked.status_reason
    );

    let found = harness
        .sweep
        .run(&Unlimited)
        .await
        .expect("swept")
        .reconcile
        .expect("ran");
    assert_eq!(found.repaired, 1, "{found:?}");
    assert!(mail_from_set(&harness, domain.name.as_str()).await);
    let stored = harness.stored(&domain).await;
    assert!(stored.mail_from_status.is_some());
    assert_eq!(stored.operation, None);
}

#[tokio::test]
async fn restart_repairs_a_verified_subdomain_missing_its_mail_from_instead_of_refusing() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("fix").await;
    harness.publish(&domain).await;
    harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verified");
    clear_mail_from(&harness, domain.name.as_str()).await;
    harness.advance(Duration::minutes(2)).await;
    harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verify");

    let repaired = harness
        .domains
        .restart(&harness.admin, &domain.id.to_string())
        .await
        .expect("repaired, not refused");
    assert_eq!(repaired.status, Status::Verified);
    assert_eq!(
        repaired.dkim_tokens, domain.dkim_tokens,
        "the same identity, no new records"
    );
    assert!(mail_from_set(&harness, domain.name.as_str()).await);
    // With its MAIL FROM back, a verified subdomain has nothing to restart.
    let refused = harness
        .domains
        .restart(&harness.admin, &domain.id.to_string())
        .await
        .expect_err("nothing to restart");
    assert!(refused.to_string().contains("verified"), "{refused}");
}

#[tokio::test]
async fn a_stale_operation_marker_is_released() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("stuck").await;
    let mut stuck = harness.stored(&domain).await;
    // A delete that died after writing its marker.
    stuck.operation = Some(Operation::start(OperationKind::Deleting, harness.now()));
    stuck.version += 1;
    harness.store.save_domain(&stuck).await.expect("marked");

    let found = harness
        .sweep
        .run(&Unlimited)
        .await
        .expect("swept")
        .reconcile
        .expect("ran");
    assert_eq!(found.markers_released, 0, "a live marker is left alone");

    harness.advance(Duration::minutes(3)).await;
    let found = harness
        .sweep
        .run(&Unlimited)
        .await
        .expect("swept")
        .reconcile
        .expect("ran");
    assert_eq!(found.markers_released, 1, "{found:?}");
    assert_eq!(harness.stored(&domain).await.operation, None);
    harness
        .domains
        .delete(&harness.admin, &domain.id.to_string())
        .await
        .expect("the subdomain can be deleted again");
}

#[tokio::test]
async fn a_red_subdomain_without_a_due_time_is_given_the_end_of_its_grace() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("legacy").await;
    harness.advance(Duration::hours(72)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    // As written before expiry existed: red, never due again.
    let mut legacy = harness.stored(&domain).await;
    assert_eq!(legacy.status, Status::Failed);
    legacy.next_check_at = None;
    legacy.version += 1;
    harness.store.save_domain(&legacy).await.expect("saved");

    let found = harness
        .sweep
        .run(&Unlimited)
        .await
        .expect("swept")
        .reconcile
        .expect("ran");
    assert_eq!(found.expiry_scheduled, 1, "{found:?}");
    assert_eq!(
        harness.stored(&domain).await.next_check_at,
        Some(harness.now() + Duration::days(7))
    );
    harness.advance(Duration::days(7)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.expired, 1, "{report:?}");
}
