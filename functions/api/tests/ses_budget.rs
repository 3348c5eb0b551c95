//! The account-wide SES budget, black box: the API and the sweep over moto and the SES
//! stand-in, the stand-in enforcing SES's own rate and counting calls per second.

use crate::support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use adapters::dynamo::DynamoBudget;
use adapters::pacing::RatePacer;
use domain::ports::clock::SystemClock;
use domain::ports::{CallOutcome, Caller, SesCallLog};
use domain::ses_budget::{BudgetSettings, acting_as};
use domain::tenant::TenantId;
use domain::verification::{CheckOutcome, IdentityRef};
use futures::StreamExt;
use support::{Harness, settings, unique_subdomain};
use testkit::apigw::ApiRequest;

/// SES calls by caller name and outcome, as the EMF writer would count them.
#[derive(Default)]
struct Recorded(Mutex<BTreeMap<(&'static str, String), u32>>);

impl SesCallLog for Recorded {
    fn record(&self, caller: &Caller, outcome: CallOutcome) {
        let mut counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *counts
            .entry((caller.name(), format!("{outcome:?}")))
            .or_default() += 1;
    }
}

impl Recorded {
    fn get(&self, caller: &'static str, outcome: &str) -> u32 {
        let counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        counts
            .get(&(caller, outcome.to_owned()))
            .copied()
            .unwrap_or(0)
    }
}

fn wall_second() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A thousand verifies of one tenant's ten subdomains, fired as fast as the API takes them
/// (faster than the "in a minute"), while the sweep checks another tenant's due
/// subdomain. The stand-in enforces SES's one call per second, counted by wall-clock second;
/// the deployment's budget is set below it (one call every two seconds): a call may go out up
/// to a fifth of the interval after its slot, and the SDK's request needs a moment more to
/// reach the stand-in on a loaded test machine, so calls booked exactly a second apart could
/// land in one wall-clock second and prove nothing about the budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_verifies_keeps_to_the_budget_and_the_sweep_still_checks_another_tenant() {
    // Set up without the budget, then flood through it.
    let api = Harness::start().await;
    let mut flooded = Vec::new();
    for i in 0..10 {
        let name = unique_subdomain(&format!("flood{i}"));
        let id = api.add_domain("tenant-a", &name).await;
        api.publish_records(&name).await;
        flooded.push(id);
    }
    let other = unique_subdomain("other");
    let other_id = api.add_domain("tenant-b", &other).await;
    api.publish_records(&other).await;

    let log = Arc::new(Recorded::default());
    let budget = BudgetSettings {
        per_second: 0.5,
        // A third of the account's rate for one tenant, as by default, and a burst short
        // enough for that share to bite within the few seconds the flood lasts.
        tenant_per_minute: 10,
        tenant_burst: 2,
        // As many slots to wait for as the default gives the sweep at one call a second.
        background_wait: chrono::Duration::seconds(10),
        ..BudgetSettings::default()
    };
    let ports = api.ports.clone().with_ses_budget(
        Arc::new(DynamoBudget::new(api.store.clone(), budget.clone())),
        log.clone(),
        Arc::new(SystemClock),
        budget,
    );
    let router = api.router_over(&ports);
    let (domain_settings, sender_settings) = settings(Default::default());
    let sweep = ports.sweep(
        domain_settings,
        sender_settings,
        Arc::new(RatePacer::new(1000.0)),
    );
    api.ses
        .control("rate-limit", serde_json::json!({ "per_second": 1 }))
        .await;
    // Start on a fresh wall-clock second, so the setup's calls are not counted.
    let first_second = wall_second() + 1;
    while wall_second() < first_second {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    let flood = {
        let router = router.clone();
        let flooded = flooded.clone();
        tokio::spawn(async move {
            futures::stream::iter(0..1000)
                .map(|i| {
                    let router = router.clone();
                    let path = format!("/v1/domains/{}/verify", flooded[i % flooded.len()]);
                    async move {
                        let request = ApiRequest::new("POST", &path).claims("tenant-a", &["admin"]);
                        support::send_to(&router, request).await
                    }
                })
                // 4 at a time: moto answers one request at a time, and a deeper queue there delays
                // the budget's answers by seconds (the README's note on the budget).
                .buffer_unordered(4)
                .collect::<Vec<_>>()
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let identity = IdentityRef::Domain {
        tenant: TenantId::parse("tenant-b").expect("tenant"),
        id: domain::domains::DomainId::parse(&other_id).expect("a domain id"),
    };
    let checked = acting_as(Caller::Sweep, sweep.check(&identity)).await;
    let replies = flood.await.expect("the flood ran");

    assert!(
        matches!(checked, Ok(CheckOutcome::Checked { .. })),
        "the other tenant's due subdomain was checked: {checked:?}"
    );
    let shown = api
        .admin("tenant-b", "GET", &format!("/v1/domains/{other_id}"), None)
        .await;
    assert!(
        shown.body["last_checked_at"].is_string(),
        "{:?}",
        shown.body
    );

    let calls = api.ses.standin.control().calls();
    let during: BTreeMap<_, _> = calls
        .per_second
        .range(first_second..)
        .map(|(s, n)| (*s, *n))
        .collect();
    assert!(
        during.values().all(|n| *n <= 1),
        "at most one SES call a second: {during:?}"
    );
    assert_eq!(calls.rate_limited, 0, "SES never had to throttle");

    let refused: Vec<_> = replies.iter().filter(|r| r.status == 429).collect();
    assert!(
        replies.iter().all(|r| r.status == 200 || r.status == 429),
        "{:?}",
        replies.iter().find(|r| r.status != 200 && r.status != 429)
    );
    assert!(!refused.is_empty(), "the flood met the budget");
    for reply in &refused {
        assert_eq!(
            reply.body["type"],
            "https://email-senders.dev/problems/ses-budget-spent"
        );
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json")
        );
        let wait: u64 = reply
            .retry_after
            .as_deref()
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!((1..=60).contains(&wait), "{wait}");
    }
    // By caller, as the EMF metrics count them.
    assert!(log.get("sweep", "Answered") >= 1);
    assert!(log.get("api", "Answered") >= 1);
    assert!(log.get("api", "Refused") >= 1);
}

/// A verify within a minute of the last SES check answers what is stored, and says until when
/// it will (`fresh_until`), so the screen can tell the user when a real check happens again.
#[tokio::test]
async fn a_fresh_verify_answers_the_stored_status_and_says_until_when() {
    let api = Harness::start().await;
    let name = unique_subdomain("fresh");
    let id = api.add_domain("tenant-a", &name).await;
    let path = format!("/v1/domains/{id}/verify");
    let first = api.admin("tenant-a", "POST", &path, None).await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    let checked: chrono::DateTime<chrono::Utc> = first.body["last_checked_at"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("last_checked_at");
    let until: chrono::DateTime<chrono::Utc> = first.body["fresh_until"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("fresh_until");
    assert_eq!(until - checked, chrono::Duration::seconds(60));
    let asked = api.ses.standin.control().calls().count("GetEmailIdentity");
    let again = api.admin("tenant-a", "POST", &path, None).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["fresh_until"], first.body["fresh_until"]);
    assert_eq!(
        api.ses.standin.control().calls().count("GetEmailIdentity"),
        asked,
        "SES was not asked again"
    );
}
