//! The sweep's cost follows the due identities, it survives throttling, and a concurrent
//! manual verify never loses to an older SES answer.

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use adapters::dynamo::items::DomainItem;
use adapters::ses::SesIdentities;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use chrono::Duration;
use domain::dns::DkimToken;
use domain::domains::Domain;
use domain::names::{DomainName, EmailAddress, SubdomainName};
use domain::ownership::tags::Tag;
use domain::ports::{DkimSetup, EmailIdentities, IdentityError, IdentitySnapshot};
use domain::status::{SesStatus, Status};
use domain::tenant::TenantId;
use support::{Harness, Unlimited};
use tokio::sync::Notify;

/// 1,000 verified subdomains not due for a day, and `due` pending ones due now.
async fn seed(harness: &Harness, due: usize) -> Vec<Domain> {
    let tenant = TenantId::parse("bulk").expect("tenant");
    let now = harness.now();
    let mut due_ones = Vec::new();
    let mut batch = Vec::new();
    for i in 0..(1000 + due) {
        let name = SubdomainName::parse(&format!(
            "s{i}.bulk{}.example.com",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ))
        .expect("name");
        let mail_from = DomainName::parse(&format!("bounce.{name}")).expect("mail from");
        let mut domain = Domain::new(tenant.clone(), name, mail_from, now - Duration::hours(1));
        domain.dkim_tokens = vec![DkimToken::parse("abc").expect("token")];
        if i < 1000 {
            domain.status = Status::Verified;
            domain.dkim_status = SesStatus::Success;
            domain.next_check_at = Some(now + Duration::hours(20));
        } else {
            harness
                .ses
                .client
                .create_email_identity()
                .email_identity(domain.name.as_str())
                .send()
                .await
                .expect("ses");
            domain.next_check_at = Some(now - Duration::minutes(1));
            due_ones.push(domain.clone());
        }
        batch.push(domain);
    }
    // Written straight into the table (no claims needed here), 25 items per batch.
    for chunk in batch.chunks(25) {
        let writes = chunk
            .iter()
            .map(|domain| {
                let item = serde_dynamo::to_item(DomainItem::new(domain)).expect("item");
                let put = PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .expect("put");
                WriteRequest::builder().put_request(put).build()
            })
            .collect();
        harness
            .store
            .client()
            .batch_write_item()
            .request_items(harness.store.table(), writes)
            .send()
            .await
            .expect("batch written");
    }
    due_ones
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sweep_over_1000_verified_and_10_due_costs_one_query_and_10_ses_reads() {
    let harness = Harness::start().await;
    seed(&harness, 10).await;
    harness.dynamo_calls.reset();
    let ses_before = harness.ses_reads().await;

    // The due part alone (the reconciler's slice is measured below).
    let report = harness
        .due_only_sweep()
        .run(&Unlimited)
        .await
        .expect("swept");

    assert_eq!(report.checked, 10, "{report:?}");
    assert_eq!(
        harness.ses_reads().await - ses_before,
        10,
        "one GetEmailIdentity per due identity"
    );
    let calls = harness.dynamo_calls.all();
    assert_eq!(harness.dynamo_calls.count("Scan"), 0, "{calls:?}");
    // One Query of the due index; the 10 checks each read their item and write it back.
    assert_eq!(harness.dynamo_calls.count("Query"), 1, "{calls:?}");
    assert_eq!(harness.dynamo_calls.count("GetItem"), 10, "{calls:?}");
    assert_eq!(harness.dynamo_calls.count("PutItem"), 10, "{calls:?}");

    // The reconciler's slice costs what the slice holds (here the 10 SES identities, none
    // held by a claim: looked up, read for their tags, left alone), not the 1,000 items.
    harness.dynamo_calls.reset();
    let ses_before = harness.ses_reads().await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    let found = report.reconcile.expect("the reconciler ran");
    assert_eq!((report.checked, found.examined), (0, 10), "{found:?}");
    let calls = harness.dynamo_calls.all();
    assert_eq!(harness.dynamo_calls.count("Scan"), 0, "{calls:?}");
    assert_eq!(
        harness.dynamo_calls.count("Query"),
        1,
        "the due index: {calls:?}"
    );
    // The cursor, then one claim look-up per identity; the cursor written back.
    assert_eq!(harness.dynamo_calls.count("GetItem"), 1 + 10, "{calls:?}");
    assert_eq!(harness.dynamo_calls.count("PutItem"), 1, "{calls:?}");
    assert_eq!(
        harness.ses_reads().await - ses_before,
        10,
        "one tag read per unheld identity"
    );
}

#[tokio::test]
async fn with_half_of_ses_calls_throttled_every_due_identity_is_finished_over_runs() {
    let harness = Harness::start().await;
    let mut domains = Vec::new();
    for i in 0..8 {
        let domain = harness.add_domain(&format!("thr{i}")).await;
        harness.publish(&domain).await;
        domains.push(domain);
    }
    harness.advance(Duration::minutes(5)).await;
    harness
        .ses
        .control("faults", serde_json::json!({ "throttle_fraction": 0.5 }))
        .await;

    let mut verified_seen = std::collections::HashSet::new();
    for run in 0..20 {
        let report = harness
            .sweep
            .run(&Unlimited)
            .await
            .expect("a run never fails as a whole");
        for domain in &domains {
            let status = harness.stored(domain).await.status;
            if verified_seen.contains(&domain.id) {
                assert_eq!(status, Status::Verified, "run {run}: no status regressed");
            } else if status == Status::Verified {
                verified_seen.insert(domain.id);
            } else {
                assert_eq!(status, Status::Pending, "run {run}: nothing lost");
            }
        }
        if verified_seen.len() == domains.len() {
            assert!(run > 0 || report.throttled == 0);
            return;
        }
    }
    panic!(
        "only {} of {} verified after 20 runs",
        verified_seen.len(),
        domains.len()
    );
}

/// An SES whose first answer is held back until another check has stored a newer one.
struct SlowFirstAnswer {
    inner: SesIdentities,
    held: AtomicBool,
    asked: Arc<Notify>,
    release: Arc<Notify>,
}

#[async_trait]
impl EmailIdentities for SlowFirstAnswer {
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError> {
        self.inner.create_domain(name, tags).await
    }
    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError> {
        self.inner.set_mail_from(name, mail_from).await
    }
    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError> {
        self.inner.create_address(address, tags).await
    }

    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError> {
        self.inner.tags(identity).await
    }
    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError> {
        let answer = self.inner.get(identity).await;
        if !self.held.swap(true, Ordering::SeqCst) {
            self.asked.notify_one();
            self.release.notified().await;
        }
        answer
    }
    async fn delete(&self, identity: &str) -> Result<(), IdentityError> {
        self.inner.delete(identity).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manual_verify_racing_the_sweep_keeps_the_newer_ses_answer() {
    let asked = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let (a, r) = (asked.clone(), release.clone());
    let harness = Harness::with_ses_client(move |client| {
        Arc::new(SlowFirstAnswer {
            inner: SesIdentities::new(client, None),
            held: AtomicBool::new(false),
            asked: a,
            release: r,
        })
    })
    .await;
    let domain = harness.add_domain("race").await;
    harness.advance(Duration::minutes(5)).await;

    // The sweep asks first (records not published yet: pending) and is held up...
    let sweep_world = harness.sweep.clone();
    let identity = support::domain_ref(&domain);
    let sweep = tokio::spawn(async move { sweep_world.check(&identity).await });
    asked.notified().await;
    // ...while the admin publishes the records and verifies a minute later: green.
    harness.publish(&domain).await;
    harness.advance(Duration::minutes(1)).await;
    let manual = harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verified");
    assert_eq!(manual.status, Status::Verified);
    release.notify_one();
    sweep.await.expect("joined").expect("checked");

    let stored = harness.stored(&domain).await;
    assert_eq!(
        stored.status,
        Status::Verified,
        "the older pending answer did not overwrite the newer one"
    );
    assert_eq!(stored.last_checked_at, manual.last_checked_at);
}
