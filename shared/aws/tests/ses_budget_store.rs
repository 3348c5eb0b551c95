//! The SES budget's bucket in DynamoDB (moto): concurrent takers never overdraw it, background
//! callers leave the next slot to interactive ones, and a tenant's share is its own.

use std::sync::Arc;

use adapters::dynamo::{DynamoBudget, DynamoStore, schema};
use chrono::{DateTime, Duration, Utc};
use domain::ports::{Caller, Scope, SesBudget, TakeError};
use domain::ses_budget::BudgetSettings;
use domain::tenant::TenantId;

async fn budget(settings: BudgetSettings) -> Arc<DynamoBudget> {
    let client = testkit::dynamodb().await;
    let table = testkit::unique_name("budget");
    schema::create_table(&client, &table).await.expect("table");
    Arc::new(DynamoBudget::new(DynamoStore::new(client, table), settings))
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
}

fn tenant(raw: &str) -> Caller {
    Caller::Api(TenantId::parse(raw).expect("tenant"))
}

fn spent(result: Result<DateTime<Utc>, TakeError>) -> (Scope, Duration) {
    match result {
        Err(TakeError::Spent(spent)) => (spent.scope, spent.retry_after),
        other => panic!("expected a spent budget, got {other:?}"),
    }
}

#[tokio::test]
async fn forty_concurrent_takers_at_one_instant_get_exactly_the_burst() {
    let budget = budget(BudgetSettings {
        burst: 3,
        ..BudgetSettings::default()
    })
    .await;
    let takers = (0..40).map(|_| {
        let budget = budget.clone();
        tokio::spawn(async move { budget.take(&Caller::Sweep, at(0)).await })
    });
    let mut granted = 0;
    for taker in takers {
        match taker.await.expect("taker ran") {
            Ok(when) => {
                assert_eq!(when, at(0), "a burst token goes out at once");
                granted += 1;
            }
            Err(TakeError::Spent(_)) => {}
            Err(TakeError::Store(error)) => panic!("{error}"),
        }
    }
    assert_eq!(granted, 3);
    // The sustained rate: one more a second later, not two.
    assert!(budget.take(&Caller::Sweep, at(1)).await.is_ok());
    assert!(budget.take(&Caller::Sweep, at(1)).await.is_err());
}

#[tokio::test]
async fn concurrent_interactive_bookings_get_distinct_slots_a_second_apart() {
    let budget = budget(BudgetSettings {
        tenant_burst: 20,
        ..BudgetSettings::default()
    })
    .await;
    let takers = (0..10).map(|i| {
        let budget = budget.clone();
        tokio::spawn(async move { budget.take(&tenant(&format!("t{i}")), at(0)).await })
    });
    let mut slots = Vec::new();
    for taker in takers {
        if let Ok(when) = taker.await.expect("taker ran") {
            slots.push(when);
        }
    }
    slots.sort();
    // Now, then booked 1 s and 2 s ahead (the interactive wait); nobody else.
    assert_eq!(slots, vec![at(0), at(1), at(2)]);
}

#[tokio::test]
async fn interactive_calls_come_before_background_ones() {
    let budget = budget(BudgetSettings::default()).await;
    assert_eq!(budget.take(&Caller::Sweep, at(0)).await.ok(), Some(at(0)));
    // The next slot is a second away: the sweep is told to come back, the user books it.
    let (scope, wait) = spent(budget.take(&Caller::FollowUp, at(0)).await);
    assert_eq!((scope, wait), (Scope::Account, Duration::seconds(1)));
    assert_eq!(budget.take(&tenant("a"), at(0)).await.ok(), Some(at(1)));
    // When the sweep comes back, that slot is gone: it waits for the next free one.
    let (_, wait) = spent(budget.take(&Caller::Sweep, at(1)).await);
    assert_eq!(wait, Duration::seconds(1));
    assert_eq!(budget.take(&Caller::Sweep, at(2)).await.ok(), Some(at(2)));
}

#[tokio::test]
async fn one_tenant_spends_its_own_share_and_the_others_still_get_theirs() {
    let budget = budget(BudgetSettings {
        per_second: 100.0,
        tenant_per_minute: 6,
        tenant_burst: 2,
        ..BudgetSettings::default()
    })
    .await;
    let greedy = tenant("greedy");
    let mut now = at(0);
    assert!(budget.take(&greedy, now).await.is_ok());
    now += Duration::milliseconds(10);
    assert!(budget.take(&greedy, now).await.is_ok());
    now += Duration::milliseconds(10);
    let (scope, wait) = spent(budget.take(&greedy, now).await);
    assert_eq!(scope, Scope::Tenant);
    assert!(
        wait > Duration::seconds(9) && wait <= Duration::seconds(10),
        "{wait}"
    );
    // Another tenant and the sweep are not held back by it.
    assert!(budget.take(&tenant("other"), now).await.is_ok());
    now += Duration::milliseconds(10);
    assert!(budget.take(&Caller::Sweep, now).await.is_ok());
}

#[tokio::test]
async fn a_tenant_token_is_given_back_when_the_account_refuses() {
    let budget = budget(BudgetSettings {
        tenant_burst: 1,
        tenant_per_minute: 1,
        interactive_wait: Duration::zero(),
        ..BudgetSettings::default()
    })
    .await;
    assert!(budget.take(&Caller::Sweep, at(0)).await.is_ok());
    // The account has no slot: refused for the account, and the tenant keeps its token...
    let (scope, _) = spent(budget.take(&tenant("a"), at(0)).await);
    assert_eq!(scope, Scope::Account);
    // ...which it spends when the account has room again.
    assert_eq!(budget.take(&tenant("a"), at(1)).await.ok(), Some(at(1)));
}
