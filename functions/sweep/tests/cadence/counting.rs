//! Counting wrappers around the real SES and DNS adapters: SES reads per identity, DNS lookups
//! per name, so the simulation reports each design's cost per identity.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use domain::dns_check::{Lookup, QueryType};
use domain::names::{DomainName, EmailAddress};
use domain::ownership::tags::Tag;
use domain::ports::{DkimSetup, DnsLookup, EmailIdentities, IdentityError, IdentitySnapshot};

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// GetEmailIdentity calls (what the sweep spends the SES budget on), by identity.
pub struct CountingSes {
    inner: Arc<dyn EmailIdentities>,
    pub reads: Mutex<HashMap<String, u32>>,
}

impl CountingSes {
    pub fn new(inner: Arc<dyn EmailIdentities>) -> Self {
        Self {
            inner,
            reads: Mutex::default(),
        }
    }

    pub fn reads_of(&self, identity: &str) -> u32 {
        locked(&self.reads).get(identity).copied().unwrap_or(0)
    }
}

#[async_trait]
impl EmailIdentities for CountingSes {
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError> {
        self.inner.create_domain(name, tags).await
    }
    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError> {
        self.inner.set_mail_from(name, mail_from).await
    }
    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError> {
        self.inner.create_address(address, tags).await
    }
    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError> {
        self.inner.tags(identity).await
    }
    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError> {
        *locked(&self.reads).entry(identity.to_owned()).or_default() += 1;
        self.inner.get(identity).await
    }
    async fn delete(&self, identity: &str) -> Result<(), IdentityError> {
        self.inner.delete(identity).await
    }
}

/// DNS lookups, by name looked up.
pub struct CountingDns {
    inner: Arc<dyn DnsLookup>,
    pub names: Mutex<HashMap<String, u32>>,
}

impl CountingDns {
    pub fn new(inner: Arc<dyn DnsLookup>) -> Self {
        Self {
            inner,
            names: Mutex::default(),
        }
    }

    /// Lookups per owner: the first of `owners` that `name` ends with (the rest under `None`,
    /// e.g. SPF includes such as `amazonses.com`).
    pub fn by_owner(&self, owner_of: impl Fn(&str) -> Option<usize>) -> (HashMap<usize, u32>, u32) {
        let mut owned: HashMap<usize, u32> = HashMap::new();
        let mut other = 0;
        for (name, n) in locked(&self.names).iter() {
            match owner_of(name) {
                Some(owner) => *owned.entry(owner).or_default() += n,
                None => other += n,
            }
        }
        (owned, other)
    }
}

#[async_trait]
impl DnsLookup for CountingDns {
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup {
        *locked(&self.names)
            .entry(name.to_ascii_lowercase())
            .or_default() += 1;
        self.inner.lookup(name, kind).await
    }
}
