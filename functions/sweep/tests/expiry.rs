//! Claims that were never proven lapse (issue 11), over moto and the SES stand-in with a
//! manual clock: a red subdomain or email sender is released after its grace (SES identity
//! deleted, name freed, status `expired`), another tenant can then take the name, and before
//! that the 409 says the name is held pending verification. Each change, the expiry and the
//! restart too, is a status-change event in the outbox.

use crate::support;

use chrono::Duration;
use domain::error::{Conflict, UseCaseError};
use domain::senders::{Authorization, Listed, NewSender, Sender};
use domain::status::Status;
use domain::tenant::{Principal, TenantId};
use support::{Harness, Unlimited};

fn globex() -> Principal {
    Principal::new(TenantId::parse("globex").expect("tenant"), true)
}

fn conflict(error: UseCaseError) -> Conflict {
    match error {
        UseCaseError::Conflict(conflict, _) => conflict,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// The status changes of identity `id` the host platform is told of (the outbox), in order.
async fn moves(harness: &Harness, id: &str) -> Vec<(Status, Status)> {
    let events = harness.store.outbox(100).await.expect("outbox");
    events
        .iter()
        .filter(|e| e.id == id)
        .map(|e| (e.from, e.to))
        .collect()
}

async fn in_ses(harness: &Harness, identity: &str) -> bool {
    match harness
        .ses
        .client
        .get_email_identity()
        .email_identity(identity)
        .send()
        .await
    {
        Ok(_) => true,
        Err(error)
            if error
                .as_service_error()
                .is_some_and(|e| e.is_not_found_exception()) =>
        {
            false
        }
        Err(error) => panic!("get_email_identity: {error:?}"),
    }
}

#[tokio::test]
async fn an_unproven_subdomain_is_held_pending_then_released_after_its_grace_and_taken_by_another_tenant()
 {
    let harness = Harness::start().await;
    let domain = harness.add_domain("squat").await;
    let name = domain.name.to_string();

    // While acme's unproven claim holds it: 409, held pending verification, holder unnamed.
    let refused = harness
        .domains
        .add(&globex(), &name)
        .await
        .expect_err("held");
    let detail = refused.to_string();
    assert_eq!(conflict(refused), Conflict::SubdomainPendingElsewhere);
    assert!(!detail.contains("acme"), "{detail}");

    // Red at the end of the 72-hour window; still held (and still refused) during the grace.
    harness.advance(Duration::hours(72)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(harness.stored(&domain).await.status, Status::Failed);
    harness
        .advance(Duration::days(7) - Duration::minutes(1))
        .await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.expired, 0, "{report:?}");
    let refused = harness
        .domains
        .add(&globex(), &name)
        .await
        .expect_err("held");
    assert_eq!(conflict(refused), Conflict::SubdomainPendingElsewhere);
    assert!(in_ses(&harness, &name).await);

    // The grace ends: released.
    harness.advance(Duration::minutes(1)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.expired, 1, "{report:?}");
    let expired = harness.stored(&domain).await;
    assert_eq!(expired.status, Status::Expired);
    assert!(
        expired.status_reason.contains("Restart"),
        "{}",
        expired.status_reason
    );
    assert_eq!(expired.next_check_at, None);
    assert!(
        !in_ses(&harness, &name).await,
        "its SES identity is deleted"
    );
    // A verify of an expired subdomain keeps it expired (there is no identity to ask).
    let verified = harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verify");
    assert_eq!(verified.status, Status::Expired);

    // Another tenant takes the name now.
    let taken = harness
        .domains
        .add(&globex(), &name)
        .await
        .expect("free now");
    assert_eq!(taken.status, Status::Pending);

    // Acme still sees it, expired; restarting it re-claims, which now fails with the 409.
    let refused = harness
        .domains
        .restart(&harness.admin, &domain.id.to_string())
        .await
        .expect_err("taken meanwhile");
    assert_eq!(conflict(refused), Conflict::SubdomainPendingElsewhere);
    assert_eq!(harness.stored(&domain).await.status, Status::Expired);
}

#[tokio::test]
async fn an_expired_subdomain_restarts_and_claims_its_name_and_quota_again() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("again").await;
    harness.advance(Duration::hours(72)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    harness.advance(Duration::days(7)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(harness.stored(&domain).await.status, Status::Expired);

    let restarted = harness
        .domains
        .restart(&harness.admin, &domain.id.to_string())
        .await
        .expect("restarted");
    assert_eq!(restarted.status, Status::Pending);
    assert_eq!(restarted.dkim_tokens.len(), 3, "a fresh identity");
    assert!(in_ses(&harness, domain.name.as_str()).await);
    // Held again: another tenant is refused.
    let refused = harness
        .domains
        .add(&globex(), domain.name.as_str())
        .await
        .expect_err("held again");
    assert_eq!(conflict(refused), Conflict::SubdomainPendingElsewhere);
    // And the same tenant adding the same name again finds its own subdomain.
    let again = harness
        .domains
        .add(&harness.admin, domain.name.as_str())
        .await
        .expect_err("already added");
    assert!(matches!(again, UseCaseError::Exists { .. }), "{again:?}");

    harness.publish(&restarted).await;
    harness.advance(Duration::minutes(5)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(harness.stored(&domain).await.status, Status::Verified);
    assert_eq!(
        moves(&harness, &domain.id.to_string()).await,
        [
            (Status::Pending, Status::Failed),
            (Status::Failed, Status::Expired),
            (Status::Expired, Status::Pending),
            (Status::Pending, Status::Verified),
        ],
        "every change, the expiry and the restart too, reaches the host platform"
    );
    // A verified holder: the refusal no longer says "pending".
    let refused = harness
        .domains
        .add(&globex(), domain.name.as_str())
        .await
        .expect_err("held");
    assert_eq!(conflict(refused), Conflict::SubdomainHeldElsewhere);
}

#[tokio::test]
async fn a_red_identity_that_was_once_green_is_removed_from_ses_after_its_grace() {
    let harness = Harness::start().await;
    let domain = harness.add_domain("faded").await;
    harness.publish(&domain).await;
    harness
        .domains
        .verify(&harness.admin, &domain.id.to_string())
        .await
        .expect("verified");
    // The identity disappears from under the service's feet... no: its records vanish and
    // SES gives up on them (72 hours of TemporaryFailure, then Failed).
    harness.unpublish(&domain).await;
    let mut red_at = None;
    for _ in 0..8 {
        harness.advance(Duration::hours(24)).await;
        harness.sweep.run(&Unlimited).await.expect("swept");
        if harness.stored(&domain).await.status == Status::Failed {
            red_at = Some(harness.now());
            break;
        }
    }
    let red_at = red_at.expect("red once SES gives up");
    assert!(in_ses(&harness, domain.name.as_str()).await);
    assert_eq!(
        harness.stored(&domain).await.next_check_at,
        Some(red_at + Duration::days(7))
    );

    harness.advance(Duration::days(7)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.expired, 1, "{report:?}");
    assert_eq!(harness.stored(&domain).await.status, Status::Expired);
    assert!(
        !in_ses(&harness, domain.name.as_str()).await,
        "removed from SES"
    );
}

async fn email_sender(
    harness: &Harness,
    caller: &Principal,
    address: &str,
) -> Result<Sender, UseCaseError> {
    let created = harness
        .senders
        .create(
            caller,
            NewSender {
                kind: "email".to_owned(),
                from_email: address.to_owned(),
                ..NewSender::default()
            },
        )
        .await?;
    match created {
        Listed::Tenant { sender, .. } => Ok(*sender),
        Listed::Platform { .. } => panic!("a tenant sender"),
    }
}

fn email_status(sender: &Sender) -> Status {
    match &sender.authorization {
        Authorization::Email(v) => v.status,
        Authorization::Subdomain { .. } => panic!("an email sender"),
    }
}

#[tokio::test]
async fn an_unproven_address_is_held_pending_then_released_after_its_grace_and_taken_by_another_tenant()
 {
    let harness = Harness::start().await;
    let address = format!("ceo@{}.example.org", uuid::Uuid::new_v4().simple());
    let sender = email_sender(&harness, &harness.admin, &address)
        .await
        .expect("created");

    let refused = email_sender(&harness, &globex(), &address)
        .await
        .expect_err("held");
    assert_eq!(conflict(refused), Conflict::AddressPendingElsewhere);

    // The link's 24 hours end: red, and held for the grace.
    harness.advance(Duration::hours(24)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    let stored = |harness: &Harness| {
        let senders = harness.senders.clone();
        let admin = harness.admin.clone();
        let id = sender.id.to_string();
        async move {
            match senders.get(&admin, &id).await.expect("stored") {
                Listed::Tenant { sender, .. } => *sender,
                Listed::Platform { .. } => panic!("a tenant sender"),
            }
        }
    };
    assert_eq!(email_status(&stored(&harness).await), Status::Failed);
    harness.advance(Duration::days(7)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.expired, 1, "{report:?}");
    assert_eq!(email_status(&stored(&harness).await), Status::Expired);
    assert!(
        !in_ses(&harness, &address).await,
        "its SES identity is deleted"
    );

    let taken = email_sender(&harness, &globex(), &address)
        .await
        .expect("free now");
    assert_eq!(email_status(&taken), Status::Pending);

    // Resending acme's verification re-claims, which now fails: held pending by globex.
    let refused = harness
        .senders
        .resend_verification(&harness.admin, &sender.id.to_string())
        .await
        .expect_err("taken meanwhile");
    assert_eq!(conflict(refused), Conflict::AddressPendingElsewhere);
    assert_eq!(email_status(&stored(&harness).await), Status::Expired);
}

#[tokio::test]
async fn an_expired_sender_gives_its_quota_back_and_a_restart_takes_it_again() {
    use domain::ownership::quota::SharedAccount;
    let harness = Harness::with_account(SharedAccount {
        max_senders: 1,
        expire_after: Duration::days(2),
        ..SharedAccount::default()
    })
    .await;
    let first = format!("one@{}.example.org", uuid::Uuid::new_v4().simple());
    let second = format!("two@{}.example.org", uuid::Uuid::new_v4().simple());
    let sender = email_sender(&harness, &harness.admin, &first)
        .await
        .expect("created");
    let full = email_sender(&harness, &harness.admin, &second)
        .await
        .expect_err("one sender at most");
    assert!(matches!(full, UseCaseError::QuotaExceeded(_)), "{full:?}");

    // Red after 24 hours, expired after the (configured) two days of grace.
    harness.advance(Duration::hours(24)).await;
    harness.sweep.run(&Unlimited).await.expect("swept");
    harness.advance(Duration::days(2)).await;
    let report = harness.sweep.run(&Unlimited).await.expect("swept");
    assert_eq!(report.expired, 1, "{report:?}");

    // Its quota is given back: another sender fits now...
    let other = email_sender(&harness, &harness.admin, &second)
        .await
        .expect("room again");
    // ...and so the expired one cannot be restarted until that one goes.
    let refused = harness
        .senders
        .resend_verification(&harness.admin, &sender.id.to_string())
        .await
        .expect_err("quota full");
    assert!(
        matches!(refused, UseCaseError::QuotaExceeded(_)),
        "{refused:?}"
    );
    harness
        .senders
        .delete(&harness.admin, &other.id.to_string())
        .await
        .expect("deleted");

    let restarted = harness
        .senders
        .resend_verification(&harness.admin, &sender.id.to_string())
        .await
        .expect("restarted");
    let Listed::Tenant {
        sender: restarted, ..
    } = restarted
    else {
        panic!("a tenant sender")
    };
    assert_eq!(email_status(&restarted), Status::Pending);
    assert_eq!(
        moves(&harness, &sender.id.to_string()).await,
        [
            (Status::Pending, Status::Failed),
            (Status::Failed, Status::Expired),
            (Status::Expired, Status::Pending),
        ],
        "every change, the expiry and the restart too, reaches the host platform"
    );
    assert!(
        in_ses(&harness, &first).await,
        "a fresh SES identity, a fresh link"
    );
    let refused = email_sender(&harness, &globex(), &first)
        .await
        .expect_err("held again");
    assert_eq!(conflict(refused), Conflict::AddressPendingElsewhere);
}
