//! The simulation: subdomains created over a day, their records published at random moments of
//! the 72-hour window (some wrong first and fixed later, some never), the real sweep (periodic
//! runs every 15 minutes, plus the follow-up schedules firing at their instants) over the SES
//! stand-in with a detection delay, on one manual clock moved from event to event.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use domain::domains::{DomainSettings, Domains};
use domain::names::{DomainName, EmailAddress, MailFromLabel};
use domain::ownership::quota::SharedAccount;
use domain::ports::clock::{Clock, ManualClock};
use domain::ports::{DnsLookup, DomainStore, EmailIdentities};
use domain::senders::{DefaultSender, SenderSettings, Senders};
use domain::tenant::{Principal, TenantId};
use domain::verification::{Budget, Sweep};
use ses_standin::{Config, DnsRecord, RecordName, RecordType, RunningStandIn, StandIn};

use super::counting::{CountingDns, CountingSes};
use super::memory::{MemoryFollowUps, MemoryStore};

/// The periodic sweep's rate (infra/template.yaml: `rate(15 minutes)`).
pub const PERIOD: Duration = Duration::minutes(15);
/// SES notices published records after a delay random within these bounds.
pub const DETECTION: (Duration, Duration) = (Duration::minutes(1), Duration::minutes(30));

/// One simulated subdomain: offsets from the start of the simulation.
#[derive(Debug, Clone)]
pub struct Planned {
    pub name: String,
    pub created: Duration,
    /// A wrong DKIM CNAME published first.
    pub wrong_at: Option<Duration>,
    /// The records published as SES wants them.
    pub good_at: Option<Duration>,
}

/// The same plan for both designs, from a seed.
pub fn plan(count: usize, seed: u64) -> Vec<Planned> {
    let mut rng = SplitMix(seed);
    let window = Duration::hours(72).num_seconds();
    (0..count)
        .map(|i| {
            let created = Duration::seconds(rng.below(Duration::hours(24).num_seconds()));
            let roll = rng.below(100);
            let (wrong_at, good_at) = if roll < 70 {
                (None, Some(created + Duration::seconds(rng.below(window))))
            } else if roll < 85 {
                let wrong = created + Duration::seconds(rng.below(window * 5 / 6));
                let fix = Duration::seconds(3600 + rng.below(11 * 3600));
                (Some(wrong), Some(wrong + fix))
            } else {
                (None, None)
            };
            Planned {
                name: format!("mail.org{i}.com"),
                created,
                wrong_at,
                good_at,
            }
        })
        .collect()
}

struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, bound: i64) -> i64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        i64::try_from(z % bound.max(1).unsigned_abs()).unwrap_or(0)
    }
}

struct Unlimited;

impl Budget for Unlimited {
    fn has_time(&self) -> bool {
        true
    }
}

/// What one design did, per subdomain.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// From the records being right to green, for those that turned green.
    pub lags: Vec<Duration>,
    pub published: usize,
    pub ses_reads: Vec<u32>,
    pub dns_lookups: Vec<u32>,
    /// Lookups of names no subdomain owns (SPF includes), spread over all in the mean.
    pub dns_shared: u32,
}

/// One design's world: its own stand-in, clock, store and follow-ups.
pub struct World {
    standin: RunningStandIn,
    clock: Arc<ManualClock>,
    store: Arc<MemoryStore>,
    followups: Arc<MemoryFollowUps>,
    ses: Arc<CountingSes>,
    dns: Option<Arc<CountingDns>>,
    domains: Domains,
    sweep: Sweep,
    start: DateTime<Utc>,
}

impl World {
    /// `dns_driven`: the sweep looks at DNS first (DNS_RESOLVER set); otherwise today's
    /// cadence, SES alone, from the same code.
    async fn start(dns_driven: bool, seed: u64) -> Self {
        let config = Config::default()
            .with_seed(seed)
            .with_detection_delay(DETECTION.0, DETECTION.1);
        let standin = StandIn::start(config).await.expect("the stand-in starts");
        let sdk = testkit::sdk_config(&standin.endpoint_url()).await;
        let real: Arc<dyn EmailIdentities> = Arc::new(adapters::ses::SesIdentities::new(
            aws_sdk_sesv2::Client::new(&sdk),
            None,
        ));
        let ses = Arc::new(CountingSes::new(real));
        let start = standin.control().now();
        let clock = Arc::new(ManualClock::new(start));
        let store = Arc::new(MemoryStore::new(clock.clone()));
        let followups = Arc::new(MemoryFollowUps::default());
        let settings = DomainSettings {
            platform_domain: None,
            mail_from_label: MailFromLabel::default(),
            dmarc_rua: None,
            region: "us-east-1".to_owned(),
            account: SharedAccount::default(),
        };
        let mut domains = Domains::new(
            store.clone(),
            ses.clone(),
            followups.clone(),
            clock.clone(),
            settings,
        );
        let dns = if dns_driven {
            let resolver: Arc<dyn DnsLookup> =
                Arc::new(adapters::dns::StubLookup::server(standin.dns_addr()));
            let counting = Arc::new(CountingDns::new(resolver));
            domains = domains.with_dns(counting.clone());
            Some(counting)
        } else {
            None
        };
        let platform = DomainName::parse("mail.platform.test").expect("platform");
        let senders = Senders::new(
            store.clone(),
            store.clone() as Arc<dyn DomainStore>,
            ses.clone(),
            followups.clone(),
            clock.clone(),
            SenderSettings {
                platform_domain: Some(platform),
                default_sender: DefaultSender {
                    email: EmailAddress::parse("no-reply@mail.platform.test").expect("address"),
                    display_name: None,
                    identity: "mail.platform.test".to_owned(),
                },
                account: SharedAccount::default(),
            },
        );
        let sweep = Sweep::new(
            store.clone(),
            domains.clone(),
            senders,
            Arc::new(adapters::pacing::RatePacer::new(1_000_000.0)),
            clock.clone(),
        );
        Self {
            standin,
            clock,
            store,
            followups,
            ses,
            dns,
            domains,
            sweep,
            start,
        }
    }

    /// Moves both clocks to `at`. The stand-in detects an identity when it is read and right
    /// before and after each change to its records (`change`), which is exact and spares a
    /// detection of every identity at every step.
    fn move_to(&self, at: DateTime<Utc>) {
        let by = at - self.clock.now();
        if by > Duration::zero() {
            self.clock.advance(by);
            self.standin.control().advance_clock_quietly(by);
        }
    }

    /// Changes the records of `name` the way `how` does, with SES's detection on both sides.
    async fn change(&self, name: &str, how: fn(&Self, &str)) {
        self.standin.control().detect(name).await;
        how(self, name);
        self.standin.control().detect(name).await;
    }

    fn publish_right(&self, name: &str) {
        let control = self.standin.control();
        if let Ok(records) = control.required_records(name)
            && let Some(first) = records.first()
        {
            control.remove_records(&first.name, Some(RecordType::Cname), None);
        }
        control
            .publish_identity_records(name)
            .expect("the identity's records");
    }

    fn publish_wrong(&self, name: &str) {
        let control = self.standin.control();
        control
            .publish_identity_records(name)
            .expect("the identity's records");
        let records = control.required_records(name).expect("records");
        let first = &records[0];
        control.remove_records(&first.name, Some(RecordType::Cname), None);
        let elsewhere = RecordName::parse("wrong.dkim.example.net").expect("name");
        control
            .publish_record(DnsRecord::cname(first.name.clone(), elsewhere))
            .expect("published");
    }
}

enum Event {
    Create(usize),
    Wrong(usize),
    Good(usize),
    Run,
}

/// Runs one design over the plan and reports per subdomain.
pub async fn simulate(plan: &[Planned], dns_driven: bool, seed: u64) -> Outcome {
    let world = World::start(dns_driven, seed).await;
    let mut events: Vec<(Duration, u8, Event)> = Vec::new();
    for (i, p) in plan.iter().enumerate() {
        events.push((p.created, 0, Event::Create(i)));
        if let Some(at) = p.wrong_at {
            events.push((at, 1, Event::Wrong(i)));
        }
        if let Some(at) = p.good_at {
            events.push((at, 1, Event::Good(i)));
        }
    }
    let last = plan.iter().map(|p| p.created).max().unwrap_or_default();
    let end = last + Duration::hours(73);
    let mut run = PERIOD;
    while run <= end {
        events.push((run, 2, Event::Run));
        run += PERIOD;
    }
    events.sort_by_key(|(at, order, _)| (*at, *order));

    let mut ids = vec![None; plan.len()];
    let mut queue = events.into_iter().peekable();
    loop {
        let next_fixed = queue.peek().map(|(at, _, _)| world.start + *at);
        let next_followup = world.followups.next();
        let at = match (next_fixed, next_followup) {
            (None, _) => break,
            (Some(a), Some(b)) if b < a => b,
            (Some(a), _) => a,
        };
        world.move_to(at);
        if next_followup.is_some_and(|b| b <= at) && next_fixed.is_none_or(|a| a > at) {
            for identity in world.followups.take_due(at) {
                let _ = world.sweep.check(&identity).await;
            }
            continue;
        }
        let Some((_, _, event)) = queue.next() else {
            break;
        };
        match event {
            Event::Create(i) => {
                let caller = Principal::new(
                    TenantId::parse(&format!("t{}", i % 50)).expect("tenant"),
                    true,
                );
                let added = world.domains.add(&caller, &plan[i].name).await;
                ids[i] = added.ok().map(|d| d.id);
            }
            Event::Wrong(i) => world.change(&plan[i].name, World::publish_wrong).await,
            Event::Good(i) => world.change(&plan[i].name, World::publish_right).await,
            Event::Run => {
                let _ = world.sweep.run(&Unlimited).await;
            }
        }
    }
    outcome(&world, plan, &ids)
}

fn outcome(world: &World, plan: &[Planned], ids: &[Option<domain::domains::DomainId>]) -> Outcome {
    let mut lags = Vec::new();
    let mut published = 0;
    for (p, id) in plan.iter().zip(ids) {
        let Some(good) = p.good_at.filter(|at| *at < p.created + Duration::hours(72)) else {
            continue;
        };
        published += 1;
        if let Some(green) = id.and_then(|id| world.store.green_at(&id)) {
            lags.push(green - (world.start + good));
        }
    }
    let ses_reads = plan.iter().map(|p| world.ses.reads_of(&p.name)).collect();
    let (dns_lookups, dns_shared) = match &world.dns {
        Some(dns) => {
            let (owned, shared) = dns.by_owner(owner);
            let per = (0..plan.len())
                .map(|i| owned.get(&i).copied().unwrap_or(0))
                .collect();
            (per, shared)
        }
        None => (vec![0; plan.len()], 0),
    };
    Outcome {
        lags,
        published,
        ses_reads,
        dns_lookups,
        dns_shared,
    }
}

/// The subdomain a looked-up name belongs to: `...org<i>.com`.
fn owner(name: &str) -> Option<usize> {
    let base = name.trim_end_matches('.').strip_suffix(".com")?;
    let label = base.rsplit('.').next()?;
    label.strip_prefix("org")?.parse().ok()
}
