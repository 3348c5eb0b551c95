//! The sweep test harness: the real use cases over moto (DynamoDB with a table of its own,
//! Scheduler with a group of its own) and an SES stand-in of its own, with one manual clock
//! for the product and the stand-in's own clock moved alongside.

use domain::ownership::quota::SharedAccount;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::dns_check::{Lookup, QueryType};
use domain::ports::DnsLookup;

use adapters::dynamo::{DynamoStore, schema};
use adapters::pacing::RatePacer;
use adapters::scheduler::{SchedulerFollowUps, SchedulerSettings, schedule_name};
use adapters::ses::SesIdentities;
use chrono::{Duration, DurationRound, Utc};
use domain::domains::{Domain, DomainSettings, Domains};
use domain::names::{DomainName, EmailAddress, MailFromLabel};
use domain::ports::EmailIdentities;
use domain::ports::clock::{Clock, ManualClock};
use domain::senders::{DefaultSender, SenderSettings, Senders};
use domain::tenant::{Principal, TenantId};
use domain::verification::{Budget, IdentityRef, Sweep};
use domain::wiring::Ports;
use testkit::calls::CallCounter;
use testkit::ses::LocalSes;

pub const SWEEP_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:email-senders-sweep";
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/email-senders-scheduler";
pub const DLQ_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:email-senders-SchedulerDlq";

pub struct Harness {
    pub ses: LocalSes,
    pub store: DynamoStore,
    pub clock: Arc<ManualClock>,
    pub domains: Domains,
    pub senders: Senders,
    pub sweep: Sweep,
    pub scheduler: aws_sdk_scheduler::Client,
    pub group: String,
    /// DynamoDB calls made through the product's client.
    pub dynamo_calls: CallCounter,
    pub admin: Principal,
}

/// A budget that never runs out.
pub struct Unlimited;

impl Budget for Unlimited {
    fn has_time(&self) -> bool {
        true
    }
}

/// A budget with room for `n` more checks.
pub struct Checks(pub std::sync::atomic::AtomicU32);

impl Budget for Checks {
    fn has_time(&self) -> bool {
        self.0
            .fetch_update(
                std::sync::atomic::Ordering::SeqCst,
                std::sync::atomic::Ordering::SeqCst,
                |n| n.checked_sub(1),
            )
            .is_ok()
    }
}

impl Harness {
    pub async fn start() -> Self {
        Self::with_ses_client(|client| Arc::new(SesIdentities::new(client, None))).await
    }

    /// A harness whose shared-account rules (quotas, grace) are `account`.
    pub async fn with_account(account: SharedAccount) -> Self {
        Self::build(|client| Arc::new(SesIdentities::new(client, None)), account).await
    }

    /// A harness whose SES port is built by `ses` from the stand-in's client (to wrap it).
    pub async fn with_ses_client(
        ses: impl FnOnce(aws_sdk_sesv2::Client) -> Arc<dyn EmailIdentities>,
    ) -> Self {
        Self::build(ses, SharedAccount::default()).await
    }

    async fn build(
        ses: impl FnOnce(aws_sdk_sesv2::Client) -> Arc<dyn EmailIdentities>,
        account: SharedAccount,
    ) -> Self {
        let local = LocalSes::start(11).await;
        let sdk = testkit::moto_config().await;
        let dynamo_calls = CallCounter::default();
        let dynamo = aws_sdk_dynamodb::Client::from_conf(
            aws_sdk_dynamodb::config::Builder::from(&sdk)
                .interceptor(dynamo_calls.clone())
                .build(),
        );
        let table = testkit::unique_name("sweep");
        schema::create_table(&dynamo, &table).await.expect("table");
        let store = Arc::new(DynamoStore::new(dynamo, table));
        let scheduler = aws_sdk_scheduler::Client::new(&sdk);
        let group = testkit::unique_name("followups");
        scheduler
            .create_schedule_group()
            .name(&group)
            .send()
            .await
            .expect("schedule group");
        let followups = Arc::new(SchedulerFollowUps::new(
            scheduler.clone(),
            SchedulerSettings {
                group: group.clone(),
                target_arn: SWEEP_ARN.to_owned(),
                role_arn: ROLE_ARN.to_owned(),
                dead_letter_arn: Some(DLQ_ARN.to_owned()),
            },
        ));
        let now = Utc::now()
            .duration_trunc(Duration::seconds(1))
            .unwrap_or_else(|_| Utc::now());
        let clock = Arc::new(ManualClock::new(now));
        let ses_port = ses(local.client.clone());
        let platform = DomainName::parse("mail.platform.test").expect("platform");
        let listing = Arc::new(SesIdentities::new(local.client.clone(), None));
        let ports = Ports::over_store(store.clone(), ses_port, clock.clone())
            .with_followups(followups)
            .with_listing(Some(listing));
        let domain_settings = DomainSettings {
            platform_domain: Some(platform.clone()),
            mail_from_label: MailFromLabel::default(),
            dmarc_rua: None,
            region: "us-east-1".to_owned(),
            account: account.clone(),
        };
        let sender_settings = SenderSettings {
            platform_domain: Some(platform),
            default_sender: DefaultSender {
                email: EmailAddress::parse("no-reply@mail.platform.test").expect("address"),
                display_name: None,
                identity: "mail.platform.test".to_owned(),
            },
            account,
        };
        let domains = ports.domains(domain_settings.clone());
        let senders = ports.senders(sender_settings.clone());
        let sweep = ports.sweep(
            domain_settings,
            sender_settings,
            Arc::new(RatePacer::new(1000.0)),
        );
        let admin = Principal::new(TenantId::parse("acme").expect("tenant"), true);
        Self {
            ses: local,
            store: (*store).clone(),
            clock,
            domains,
            senders,
            sweep,
            scheduler,
            group,
            dynamo_calls,
            admin,
        }
    }

    /// The sweep over the due index alone, without the reconciler's slice.
    pub fn due_only_sweep(&self) -> Sweep {
        Sweep::new(
            Arc::new(self.store.clone()),
            self.domains.clone(),
            self.senders.clone(),
            Arc::new(RatePacer::new(1000.0)),
            self.clock.clone(),
        )
    }

    /// A harness whose subdomain checks look at DNS (the stand-in's zone) before asking SES.
    pub async fn dns_driven() -> Self {
        Self::dns_driven_counted().await.0
    }

    /// [`Self::dns_driven`], with the number of DNS lookups made so far.
    pub async fn dns_driven_counted() -> (Self, Arc<AtomicUsize>) {
        let mut world = Self::start().await;
        let dns = adapters::dns::StubLookup::server(world.ses.standin.dns_addr());
        let lookups = Arc::new(AtomicUsize::new(0));
        let counted = CountedDns {
            inner: dns,
            lookups: lookups.clone(),
        };
        world.domains = world.domains.clone().with_dns(Arc::new(counted));
        world.sweep = Sweep::new(
            Arc::new(world.store.clone()),
            world.domains.clone(),
            world.senders.clone(),
            Arc::new(RatePacer::new(1000.0)),
            world.clock.clone(),
        );
        (world, lookups)
    }

    /// Adds a pending subdomain for tenant `acme`.
    pub async fn add_domain(&self, label: &str) -> Domain {
        let name = format!(
            "{label}.t{}.example.com",
            &uuid::Uuid::new_v4().simple().to_string()[..10]
        );
        self.domains.add(&self.admin, &name).await.expect("added")
    }

    pub async fn publish(&self, domain: &Domain) {
        self.ses
            .control(
                &format!("identities/{}/publish-records", domain.name),
                serde_json::json!({}),
            )
            .await;
    }

    pub async fn unpublish(&self, domain: &Domain) {
        self.ses
            .control(
                &format!("identities/{}/unpublish-records", domain.name),
                serde_json::json!({}),
            )
            .await;
    }

    /// Moves the product's clock and the stand-in's clock forward together.
    pub async fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.ses.advance(by.num_seconds()).await;
    }

    pub async fn stored(&self, domain: &Domain) -> Domain {
        self.domains
            .get(&self.admin, &domain.id.to_string())
            .await
            .expect("stored")
    }

    /// The follow-up schedule of an identity: its expression and input, if it exists.
    pub async fn schedule(&self, identity: &IdentityRef) -> Option<(String, String)> {
        let found = self
            .scheduler
            .get_schedule()
            .name(schedule_name(identity))
            .group_name(&self.group)
            .send()
            .await;
        match found {
            Ok(schedule) => Some((
                schedule
                    .schedule_expression()
                    .unwrap_or_default()
                    .to_owned(),
                schedule
                    .target()
                    .map(|t| t.input().unwrap_or_default().to_owned())
                    .unwrap_or_default(),
            )),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) =>
            {
                None
            }
            Err(error) => panic!("get_schedule: {error:?}"),
        }
    }

    /// The target of an identity's follow-up schedule as Scheduler stored it.
    pub async fn schedule_target(
        &self,
        identity: &IdentityRef,
    ) -> aws_sdk_scheduler::types::Target {
        self.scheduler
            .get_schedule()
            .name(schedule_name(identity))
            .group_name(&self.group)
            .send()
            .await
            .expect("get_schedule")
            .target
            .expect("a target")
    }

    pub fn now(&self) -> chrono::DateTime<Utc> {
        self.clock.now()
    }

    /// GetEmailIdentity calls the stand-in has served.
    pub async fn ses_reads(&self) -> u64 {
        let calls = self.ses.read("calls").await;
        calls["calls"]["GetEmailIdentity"].as_u64().unwrap_or(0)
    }
}

/// The product's DNS adapter, counting its lookups.
struct CountedDns {
    inner: adapters::dns::StubLookup,
    lookups: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl DnsLookup for CountedDns {
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        self.inner.lookup(name, kind).await
    }
}

pub fn domain_ref(domain: &Domain) -> IdentityRef {
    IdentityRef::Domain {
        tenant: domain.tenant.clone(),
        id: domain.id,
    }
}
