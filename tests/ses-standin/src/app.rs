//! The state every HTTP handler shares, and SES's background detection: every live identity's
//! records are looked up before and after each clock advance (the zone cannot change during
//! one, so what SES would have seen at every instant in between is known exactly), and again
//! when an identity is read (at the current instant, which is just as exact).

use std::sync::Mutex;

use futures::StreamExt;

use crate::calls::CallLog;
use crate::clock::Clock;
use crate::dns::checker::DnsChecker;
use crate::dns::record::RecordName;
use crate::dns::zone::Zone;
use crate::state::Store;
use crate::state::checks::CheckResults;
use crate::state::registry::Mailer;
use crate::sync::lock;

/// How many identities a detection pass checks at once.
const CONCURRENT_CHECKS: usize = 16;

/// Fixed facts about this running stand-in.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The region it pretends to be.
    pub region: String,
    /// `feedback-smtp.<region>.amazonses.com`.
    pub mx_target: RecordName,
    /// The prefix of verification links.
    pub link_base: String,
    /// Domains created with their records published at start and after every reset.
    pub preverified: Vec<String>,
    /// The region's `SigningHostedZone`.
    pub signing_hosted_zone: String,
    /// The account id in ARNs.
    pub account_id: String,
}

/// Everything behind the HTTP API and the control endpoints.
#[derive(Debug)]
pub struct Shared {
    /// Fixed facts.
    pub settings: Settings,
    /// The stand-in clock.
    pub clock: Clock,
    /// The served zone.
    pub zone: Zone,
    /// Account state.
    pub store: Mutex<Store>,
    /// Call counts and faults.
    pub calls: Mutex<CallLog>,
    /// Looks records up for identity checks.
    pub checker: DnsChecker,
}

impl Shared {
    /// Where verification emails link to.
    pub fn mailer(&self) -> Mailer<'_> {
        Mailer {
            region: &self.settings.region,
            link_base: &self.settings.link_base,
            signing_hosted_zone: &self.settings.signing_hosted_zone,
        }
    }

    /// Looks up the DNS records of identity `name` now and applies what was found.
    pub async fn refresh(&self, name: &str) {
        let plan = lock(&self.store).check_plan(name);
        let Some(plan) = plan.filter(|plan| !plan.is_empty()) else {
            return;
        };
        let dkim = match &plan.dkim {
            Some(cnames) => Some(self.checker.check_cnames(cnames).await),
            None => None,
        };
        let mail_from = match &plan.mail_from {
            Some(domain) => Some(
                self.checker
                    .check_mail_from_mx(domain, &self.settings.mx_target)
                    .await,
            ),
            None => None,
        };
        let soa = match &plan.soa_of {
            Some(domain) => self.checker.zone_soa(domain).await,
            None => None,
        };
        tracing::debug!(name, ?dkim, ?mail_from, "identity DNS check");
        let now = self.clock.now();
        let results = CheckResults {
            dkim,
            mail_from,
            soa,
        };
        lock(&self.store).apply_checks(&plan, results, now);
    }

    /// Refreshes `name` and the domain identities above it, whose status decides inheritance.
    pub async fn refresh_with_parents(&self, name: &str) {
        let parents = lock(&self.store).parent_domains_of(name);
        for parent in parents {
            self.refresh(&parent).await;
        }
        self.refresh(name).await;
    }

    /// Runs SES's detection over every identity at the current instant (before a list, and
    /// on both sides of a clock advance).
    pub async fn refresh_all(&self) {
        let names = lock(&self.store).identity_names();
        // Lookups of different identities are independent; a bounded number run at once.
        futures::stream::iter(names.iter())
            .for_each_concurrent(CONCURRENT_CHECKS, |name| self.refresh(name))
            .await;
    }
}

impl Shared {
    /// Moves the clock forward by `by`, running detection at the old and the new instant;
    /// returns the new instant.
    pub async fn advance_clock(&self, by: chrono::Duration) -> chrono::DateTime<chrono::Utc> {
        self.refresh_all().await;
        let now = self.clock.advance(by);
        self.refresh_all().await;
        now
    }
}
