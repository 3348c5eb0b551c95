//! The state every HTTP handler shares, and the DNS refresh SES would run in the background
//! (here run on demand, when an identity is read).

use std::sync::Mutex;

use crate::calls::CallLog;
use crate::clock::Clock;
use crate::dns::checker::DnsChecker;
use crate::dns::record::RecordName;
use crate::dns::zone::Zone;
use crate::state::Store;
use crate::state::checks::CheckResults;
use crate::state::registry::Mailer;
use crate::sync::lock;

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
        tracing::debug!(name, ?dkim, ?mail_from, "identity DNS check");
        let now = self.clock.now();
        lock(&self.store).apply_checks(&plan, CheckResults { dkim, mail_from }, now);
    }

    /// Refreshes `name` and the domain identities above it, whose status decides inheritance.
    pub async fn refresh_with_parents(&self, name: &str) {
        let parents = lock(&self.store).parent_domains_of(name);
        for parent in parents {
            self.refresh(&parent).await;
        }
        self.refresh(name).await;
    }

    /// Refreshes every identity (before a list, so statuses and inheritance are current).
    pub async fn refresh_all(&self) {
        let names = lock(&self.store).identity_names();
        for name in names {
            self.refresh(&name).await;
        }
    }
}
