//! The outbox: a status change is written with its event in one transaction, a refused write
//! writes neither, and a save that keeps the status writes no event; the lifecycle's expiry
//! and restart (their own transactions) publish their changes the same way. Over moto.

use crate::support;

use std::sync::{Arc, Mutex};

use adapters::dynamo::DynamoStore;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use chrono::Duration;
use domain::domains::Domain;
use domain::events::IdentityKind;
use domain::ownership::SubdomainClaim;
use domain::ports::{Clock, DomainStore, SaveError, SenderStore};
use domain::senders::{Authorization, EmailVerification, Pause, Sender};
use domain::status::Status;
use domain::verification::lifecycle::expired_reason;
use support::World;

fn verified(domain: &Domain) -> Domain {
    let mut next = domain.clone();
    next.status = Status::Verified;
    next.status_reason = "DKIM and the custom MAIL FROM domain are verified".to_owned();
    next.version += 1;
    next
}

#[tokio::test]
async fn a_status_change_is_written_with_its_event_in_one_transaction() {
    let world = World::start().await;
    let domain = world.pending_domain("acme").await;
    assert!(world.outbox().await.is_empty(), "creating is not an event");
    world.clock.advance(Duration::minutes(5));

    let next = verified(&domain);
    world.store.save_domain(&next).await.expect("save");

    let stored = world
        .store
        .get_domain(&domain.tenant, &domain.id)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(stored.status, Status::Verified);
    let outbox = world.outbox().await;
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    let event = &outbox[0].event;
    assert_eq!(event.tenant, domain.tenant);
    assert_eq!(event.kind, IdentityKind::Subdomain);
    assert_eq!(event.id, domain.id.to_string());
    assert_eq!(event.name, domain.name.to_string());
    assert_eq!((event.from, event.to), (Status::Pending, Status::Verified));
    assert_eq!(event.reason, next.status_reason);
    assert_eq!(
        event.occurred_at,
        world.clock.now(),
        "stamped by the store's clock"
    );
    assert_eq!(
        outbox[0].expires_at,
        (event.occurred_at + domain::events::OUTBOX_RETENTION).timestamp()
    );
}

#[tokio::test]
async fn a_save_that_keeps_the_status_writes_no_event() {
    let world = World::start().await;
    let domain = world.pending_domain("acme").await;
    let mut stamped = domain.clone();
    stamped.last_checked_at = Some(support::now());
    stamped.status_reason = "still waiting, in other words".to_owned();
    stamped.version += 1;
    world.store.save_domain(&stamped).await.expect("save");
    assert!(world.outbox().await.is_empty());

    // ...and the next change is one event, from what was stored.
    let next = verified(&stamped);
    world.store.save_domain(&next).await.expect("save");
    let outbox = world.outbox().await;
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].event.from, Status::Pending);
}

/// Runs `write` once, on another thread, just before the first `TransactWriteItems` is sent:
/// a change that commits between the store's read and its write.
#[derive(Clone)]
struct BeforeTransaction(Arc<Mutex<Option<RacingWrite>>>);

type RacingWrite = Box<dyn FnOnce() + Send>;

impl std::fmt::Debug for BeforeTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BeforeTransaction")
    }
}

impl Intercept for BeforeTransaction {
    fn name(&self) -> &'static str {
        "BeforeTransaction"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if cfg.load::<Metadata>().map(Metadata::name) == Some("TransactWriteItems") {
            let write = self.0.lock().ok().and_then(|mut w| w.take());
            if let Some(write) = write {
                std::thread::spawn(write)
                    .join()
                    .map_err(|_| "the racing write panicked")?;
            }
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_refused_status_change_writes_neither_the_status_nor_its_event() {
    let world = World::start().await;
    let domain = world.pending_domain("acme").await;

    // Another request stamps the subdomain after this save read it, before it writes.
    let mut other = domain.clone();
    other.last_checked_at = Some(support::now());
    other.version += 1;
    let racing_store = world.store.clone();
    let race = BeforeTransaction(Arc::new(Mutex::new(Some(Box::new(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime
            .block_on(racing_store.save_domain(&other))
            .expect("racing save");
    })))));
    let client = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::config::Builder::from(&world.sdk)
            .interceptor(race.clone())
            .build(),
    );
    let store = adapters::dynamo::DynamoStore::new(client, world.table.clone());

    let result = store.save_domain(&verified(&domain)).await;

    assert!(matches!(result, Err(SaveError::Stale)), "{result:?}");
    assert!(race.0.lock().expect("lock").is_none(), "the race ran");
    let stored = world
        .store
        .get_domain(&domain.tenant, &domain.id)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(stored.status, Status::Pending);
    assert_eq!(
        stored.version,
        domain.version + 1,
        "the other request's save stands"
    );
    assert!(
        world.outbox().await.is_empty(),
        "no event for a change never made"
    );
}

/// An email sender, inserted as the API's create does (read from JSON, so fields added later
/// with their defaults do not break this test).
async fn email_sender(world: &World, status: &str) -> Sender {
    let now = support::now();
    let sender: Sender = serde_json::from_value(serde_json::json!({
        "id": uuid::Uuid::now_v7(),
        "tenant": "acme",
        "authorization": {
            "kind": "email", "ses_status": "SUCCESS", "status": status,
            "reason": "The address is verified",
            "link_sent_at": now, "link_expires_at": now + Duration::hours(24),
            "last_checked_at": null
        },
        "from_email": format!("{}@example.org", testkit::unique_name("news")),
        "display_name": null, "reply_to": null, "paused": null, "resumed": null,
        "created_at": now, "next_check_at": null, "version": 1
    }))
    .expect("sender");
    world
        .store
        .insert_sender(&sender, &[], 100)
        .await
        .expect("insert sender");
    sender
}

#[tokio::test]
async fn a_pause_and_a_resume_are_sender_events() {
    let world = World::start().await;
    let sender = email_sender(&world, "verified").await;
    assert!(world.outbox().await.is_empty());

    let mut paused = sender.clone();
    paused.paused = Some(Pause {
        reason: "The bounce rate reached 5.2% over the last 7 days.".to_owned(),
        at: support::now(),
    });
    paused.version += 1;
    world.store.save_sender(&paused).await.expect("pause");
    let mut resumed = paused.clone();
    resumed.paused = None;
    resumed.version += 1;
    world.store.save_sender(&resumed).await.expect("resume");

    let mut events: Vec<_> = world.outbox().await.into_iter().map(|i| i.event).collect();
    events.sort_by_key(|e| e.event_id);
    let moves: Vec<_> = events.iter().map(|e| (e.kind, e.from, e.to)).collect();
    assert_eq!(
        moves,
        [
            (IdentityKind::Sender, Status::Verified, Status::Failed),
            (IdentityKind::Sender, Status::Failed, Status::Verified),
        ]
    );
    assert!(
        events[0].reason.starts_with("Paused: The bounce rate"),
        "{}",
        events[0].reason
    );
    assert_eq!(events[0].name, sender.from_email.to_string());
    assert_eq!(events[0].id, sender.id.to_string());
}

/// The status changes waiting in the outbox, in the order they were made.
async fn moves(world: &World) -> Vec<(IdentityKind, Status, Status)> {
    let mut events: Vec<_> = world.outbox().await.into_iter().map(|i| i.event).collect();
    events.sort_by_key(|e| e.event_id);
    events.iter().map(|e| (e.kind, e.from, e.to)).collect()
}

/// `domain` as the sweep's expiry saves it (`domains::lapse`): expired, its SES state gone.
fn expired(domain: &Domain) -> Domain {
    let mut next = domain.clone();
    next.status = Status::Expired;
    next.status_reason = expired_reason(Duration::days(7));
    next.dkim_tokens.clear();
    next.next_check_at = None;
    next.version += 1;
    next
}

#[tokio::test]
async fn a_subdomain_that_expires_and_restarts_publishes_both_changes() {
    let world = World::start().await;
    let domain = world.pending_domain("acme").await;
    let claim = SubdomainClaim::on(&domain.name);

    // Never proven: pending → expired, with the claim released in the same transaction.
    let gone = expired(&domain);
    world
        .store
        .expire_domain(&gone, &claim)
        .await
        .expect("expire");
    let events: Vec<_> = world.outbox().await.into_iter().map(|i| i.event).collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (events[0].kind, events[0].from, events[0].to),
        (IdentityKind::Subdomain, Status::Pending, Status::Expired)
    );
    assert_eq!(events[0].reason, gone.status_reason);
    assert_eq!(events[0].id, domain.id.to_string());
    assert_eq!(events[0].name, domain.name.to_string());

    // The restart claims the name again (still expired: no event), then starts pending.
    let mut claimed = gone.clone();
    claimed.version += 1;
    world
        .store
        .reclaim_domain(&claimed, &claim, 100)
        .await
        .expect("reclaim");
    let mut restarted = claimed.clone();
    restarted.status = Status::Pending;
    restarted.status_reason = "Waiting for the DNS records".to_owned();
    restarted.version += 1;
    world.store.save_domain(&restarted).await.expect("restart");

    assert_eq!(
        moves(&world).await,
        [
            (IdentityKind::Subdomain, Status::Pending, Status::Expired),
            (IdentityKind::Subdomain, Status::Expired, Status::Pending),
        ]
    );
}

#[tokio::test]
async fn a_failed_subdomain_that_expires_publishes_failed_to_expired() {
    let world = World::start().await;
    let domain = world.pending_domain("acme").await;
    let mut failed = domain.clone();
    failed.status = Status::Failed;
    failed.status_reason = "Not verified within 72 hours".to_owned();
    failed.version += 1;
    world.store.save_domain(&failed).await.expect("fail");

    world
        .store
        .expire_domain(&expired(&failed), &SubdomainClaim::on(&domain.name))
        .await
        .expect("expire");

    assert_eq!(
        moves(&world).await,
        [
            (IdentityKind::Subdomain, Status::Pending, Status::Failed),
            (IdentityKind::Subdomain, Status::Failed, Status::Expired),
        ]
    );
}

#[tokio::test]
async fn an_email_sender_that_expires_and_restarts_publishes_both_changes() {
    let world = World::start().await;
    let sender = email_sender(&world, "failed").await;
    assert!(world.outbox().await.is_empty());

    // As `senders::lapse` saves it: the address released, the status expired.
    let mut gone = sender.clone();
    if let Authorization::Email(verification) = &mut gone.authorization {
        verification.status = Status::Expired;
        verification.reason = expired_reason(Duration::days(7));
    }
    gone.version += 1;
    world.store.expire_sender(&gone).await.expect("expire");
    let events: Vec<_> = world.outbox().await.into_iter().map(|i| i.event).collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (events[0].kind, events[0].from, events[0].to),
        (IdentityKind::Sender, Status::Failed, Status::Expired)
    );
    assert_eq!(events[0].id, sender.id.to_string());
    assert_eq!(events[0].name, sender.from_email.to_string());

    // The restart claims the address again with a fresh link: pending, in one transaction.
    let mut restarted = gone.clone();
    restarted.authorization = Authorization::Email(EmailVerification::sent(support::now()));
    restarted.version += 1;
    world
        .store
        .reclaim_sender(&restarted, &[], 100)
        .await
        .expect("reclaim");

    assert_eq!(
        moves(&world).await,
        [
            (IdentityKind::Sender, Status::Failed, Status::Expired),
            (IdentityKind::Sender, Status::Expired, Status::Pending),
        ]
    );
}

/// A store whose first transaction runs `write` (on the table's own store) just before it
/// is sent, and the interceptor to ask whether it ran.
fn racing(
    world: &World,
    write: impl FnOnce(DynamoStore) -> RacingWrite,
) -> (DynamoStore, BeforeTransaction) {
    let race = BeforeTransaction(Arc::new(Mutex::new(Some(write(world.store.clone())))));
    let client = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::config::Builder::from(&world.sdk)
            .interceptor(race.clone())
            .build(),
    );
    (DynamoStore::new(client, world.table.clone()), race)
}

#[tokio::test]
async fn a_refused_subdomain_expiry_writes_neither_the_status_nor_its_event() {
    let world = World::start().await;
    let domain = world.pending_domain("acme").await;

    // A check stamps the subdomain after the expiry read it, before its transaction.
    let mut other = domain.clone();
    other.last_checked_at = Some(support::now());
    other.version += 1;
    let (store, race) = racing(&world, |racer| {
        Box::new(move || block_on(racer.save_domain(&other)).expect("racing save"))
    });

    let result = store
        .expire_domain(&expired(&domain), &SubdomainClaim::on(&domain.name))
        .await;

    assert!(matches!(result, Err(SaveError::Stale)), "{result:?}");
    assert!(race.0.lock().expect("lock").is_none(), "the race ran");
    let stored = world
        .store
        .get_domain(&domain.tenant, &domain.id)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(stored.status, Status::Pending);
    assert!(
        world.outbox().await.is_empty(),
        "no event for an expiry never made"
    );
}

#[tokio::test]
async fn a_refused_sender_expiry_writes_neither_the_status_nor_its_event() {
    let world = World::start().await;
    let sender = email_sender(&world, "failed").await;
    let mut gone = sender.clone();
    if let Authorization::Email(verification) = &mut gone.authorization {
        verification.status = Status::Expired;
    }
    gone.version += 1;

    // A check stamps the sender after the expiry read it, before its transaction.
    let mut other = sender.clone();
    other.next_check_at = Some(support::now());
    other.version += 1;
    let (store, race) = racing(&world, |racer| {
        Box::new(move || block_on(racer.save_sender(&other)).expect("racing save"))
    });

    let result = store.expire_sender(&gone).await;

    assert!(matches!(result, Err(SaveError::Stale)), "{result:?}");
    assert!(race.0.lock().expect("lock").is_none(), "the race ran");
    let stored = world
        .store
        .get_sender(&sender.tenant, &sender.id)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(
        stored.version,
        sender.version + 1,
        "the check's save stands"
    );
    assert!(
        world.outbox().await.is_empty(),
        "no event for an expiry never made"
    );
}

/// Runs a future to its end on a runtime of its own (the racing write's thread).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}
