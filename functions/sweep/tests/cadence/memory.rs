//! In-memory stand-ins for the table and the follow-up schedules, for the cadence simulation
//! only: 1,000 identities checked every 15 minutes for four simulated days is hundreds of
//! thousands of reads and writes, minutes of moto per design. The product's own tests run the
//! same use cases over moto (tests/dns_driven.rs, tests/lifecycle.rs); what this simulation
//! measures is the cadence (when SES and DNS are asked), which the store does not decide.
//!
//! It keeps what the sweep relies on: optimistic versions on save, the due index (next check
//! at or before now, oldest first), one follow-up per identity. Name claims and quotas are
//! not modelled (every simulated name is distinct). Senders are not simulated: that store is
//! empty.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::domains::{Domain, DomainId};
use domain::names::DomainName;
use domain::ownership::SubdomainClaim;
use domain::ports::clock::Clock;
use domain::ports::{
    AddressClaimError, DomainStore, DueIndex, FollowUpError, FollowUps, Page, PageRequest,
    SaveError, SenderStore, StoreError, SubdomainClaimError,
};
use domain::senders::{PlatformStatus, Sender, SenderId};
use domain::status::Status;
use domain::tenant::TenantId;
use domain::verification::IdentityRef;

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Subdomains by id, and when each first turned green (on the product's clock).
pub struct MemoryStore {
    domains: Mutex<HashMap<DomainId, Domain>>,
    green_at: Mutex<HashMap<DomainId, DateTime<Utc>>>,
    clock: Arc<dyn Clock>,
}

impl MemoryStore {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            domains: Mutex::default(),
            green_at: Mutex::default(),
            clock,
        }
    }

    /// When the subdomain was first saved verified.
    pub fn green_at(&self, id: &DomainId) -> Option<DateTime<Utc>> {
        locked(&self.green_at).get(id).copied()
    }

    fn stored(&self, domain: &Domain) {
        if domain.status == Status::Verified {
            locked(&self.green_at)
                .entry(domain.id)
                .or_insert_with(|| self.clock.now());
        }
        locked(&self.domains).insert(domain.id, domain.clone());
    }
}

#[async_trait]
impl DomainStore for MemoryStore {
    async fn insert_domain(
        &self,
        domain: &Domain,
        _claim: &SubdomainClaim,
        _limit: u32,
    ) -> Result<(), SubdomainClaimError> {
        self.stored(domain);
        Ok(())
    }

    async fn get_domain(
        &self,
        tenant: &TenantId,
        id: &DomainId,
    ) -> Result<Option<Domain>, StoreError> {
        Ok(locked(&self.domains)
            .get(id)
            .filter(|d| &d.tenant == tenant)
            .cloned())
    }

    async fn list_domains(
        &self,
        tenant: &TenantId,
        _page: &PageRequest,
    ) -> Result<Page<Domain>, StoreError> {
        let items = locked(&self.domains)
            .values()
            .filter(|d| &d.tenant == tenant)
            .cloned()
            .collect();
        Ok(Page { items, next: None })
    }

    async fn save_domain(&self, domain: &Domain) -> Result<(), SaveError> {
        let current = locked(&self.domains).get(&domain.id).map(|d| d.version);
        if current != Some(domain.version.saturating_sub(1)) {
            return Err(SaveError::Stale);
        }
        self.stored(domain);
        Ok(())
    }

    async fn remove_domain(&self, domain: &Domain, _: &SubdomainClaim) -> Result<(), StoreError> {
        locked(&self.domains).remove(&domain.id);
        Ok(())
    }

    async fn expire_domain(&self, domain: &Domain, _: &SubdomainClaim) -> Result<(), SaveError> {
        self.save_domain(domain).await
    }

    async fn reclaim_domain(
        &self,
        domain: &Domain,
        _: &SubdomainClaim,
        _: u32,
    ) -> Result<(), SubdomainClaimError> {
        self.save_domain(domain)
            .await
            .map_err(|_| SubdomainClaimError::Store(StoreError("changed meanwhile".into())))
    }

    async fn senders_on_domain(
        &self,
        _: &TenantId,
        _: &DomainId,
    ) -> Result<Vec<String>, StoreError> {
        Ok(Vec::new())
    }
}

fn parse_cursor(raw: &str) -> Option<(DateTime<Utc>, String)> {
    let (at, id) = raw.split_once(' ')?;
    let at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
    Some((at, id.to_owned()))
}

#[async_trait]
impl DueIndex for MemoryStore {
    async fn due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        after: Option<String>,
    ) -> Result<Page<IdentityRef>, StoreError> {
        let mut due: Vec<(DateTime<Utc>, DomainId, TenantId)> = locked(&self.domains)
            .values()
            .filter_map(|d| {
                d.next_check_at
                    .filter(|at| *at <= now)
                    .map(|at| (at, d.id, d.tenant.clone()))
            })
            .collect();
        due.sort_by_key(|a| (a.0, a.1.to_string()));
        // A cursor on the key, as DynamoDB's LastEvaluatedKey is, not an offset: the items a
        // run checks leave the due range, and an offset would skip as many still due.
        let cursor = after.as_deref().and_then(parse_cursor);
        let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
        let page: Vec<&(DateTime<Utc>, DomainId, TenantId)> = due
            .iter()
            .filter(|(at, id, _)| cursor.as_ref().is_none_or(|c| (*at, id.to_string()) > *c))
            .take(limit)
            .collect();
        let more = page.len() == limit;
        let next = page
            .last()
            .filter(|_| more)
            .map(|(at, id, _)| format!("{} {id}", at.to_rfc3339()));
        let items = page
            .into_iter()
            .map(|(_, id, tenant)| IdentityRef::Domain {
                tenant: tenant.clone(),
                id: *id,
            })
            .collect();
        Ok(Page { items, next })
    }

    async fn oldest_due(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(locked(&self.domains)
            .values()
            .filter_map(|d| d.next_check_at.filter(|at| *at <= now))
            .min())
    }
}

/// No senders in the simulation.
#[async_trait]
impl SenderStore for MemoryStore {
    async fn insert_sender(
        &self,
        _: &Sender,
        _: &[DomainName],
        _: u32,
    ) -> Result<(), AddressClaimError> {
        Err(AddressClaimError::Store(StoreError(
            "no senders here".into(),
        )))
    }
    async fn get_sender(&self, _: &TenantId, _: &SenderId) -> Result<Option<Sender>, StoreError> {
        Ok(None)
    }
    async fn list_senders(
        &self,
        _: &TenantId,
        _: &PageRequest,
    ) -> Result<Page<Sender>, StoreError> {
        Ok(Page {
            items: Vec::new(),
            next: None,
        })
    }
    async fn save_sender(&self, _: &Sender) -> Result<(), SaveError> {
        Err(SaveError::Stale)
    }
    async fn expire_sender(&self, _: &Sender) -> Result<(), SaveError> {
        Err(SaveError::Stale)
    }
    async fn reclaim_sender(
        &self,
        _: &Sender,
        _: &[DomainName],
        _: u32,
    ) -> Result<(), AddressClaimError> {
        Err(AddressClaimError::Store(StoreError(
            "no senders here".into(),
        )))
    }
    async fn remove_sender(&self, _: &Sender) -> Result<(), StoreError> {
        Ok(())
    }
    async fn subdomain_holder(&self, _: &DomainName) -> Result<Option<TenantId>, StoreError> {
        Ok(None)
    }
    async fn platform_status(&self) -> Result<Option<PlatformStatus>, StoreError> {
        Ok(None)
    }
    async fn save_platform_status(&self, _: &PlatformStatus) -> Result<(), StoreError> {
        Ok(())
    }
}

/// One-time follow-ups, as EventBridge Scheduler keeps them: one per identity; the simulation
/// fires those that are due.
#[derive(Default)]
pub struct MemoryFollowUps {
    at: Mutex<HashMap<IdentityRef, DateTime<Utc>>>,
}

impl MemoryFollowUps {
    /// The earliest follow-up still to fire.
    pub fn next(&self) -> Option<DateTime<Utc>> {
        locked(&self.at).values().min().copied()
    }

    /// Removes and returns the follow-ups due at or before `now` (a fired one-time schedule
    /// does not fire again).
    pub fn take_due(&self, now: DateTime<Utc>) -> Vec<IdentityRef> {
        let mut at = locked(&self.at);
        let due: Vec<IdentityRef> = at
            .iter()
            .filter(|(_, when)| **when <= now)
            .map(|(identity, _)| identity.clone())
            .collect();
        for identity in &due {
            at.remove(identity);
        }
        due
    }
}

#[async_trait]
impl FollowUps for MemoryFollowUps {
    async fn schedule(
        &self,
        identity: &IdentityRef,
        at: DateTime<Utc>,
    ) -> Result<(), FollowUpError> {
        locked(&self.at).insert(identity.clone(), at);
        Ok(())
    }

    async fn cancel(&self, identity: &IdentityRef) -> Result<(), FollowUpError> {
        locked(&self.at).remove(identity);
        Ok(())
    }
}
