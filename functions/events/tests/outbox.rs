//! The outbox: a status change is written with its event in one transaction, a refused write
//! writes neither, and a save that keeps the status writes no event. Over moto.

mod support;

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use chrono::Duration;
use domain::domains::Domain;
use domain::events::IdentityKind;
use domain::ports::{Clock, DomainStore, SaveError, SenderStore};
use domain::senders::{Pause, Sender};
use domain::status::Status;
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
