//! An SES port for tests that holds one chosen call until the test lets it go, so a test can
//! run another operation at exactly that point (an interleaving forced, not hoped for).

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use domain::names::{DomainName, EmailAddress};
use domain::ownership::tags::Tag;
use domain::ports::{DkimSetup, EmailIdentities, IdentityError, IdentitySnapshot};
use tokio::sync::{Notify, Semaphore};

/// Which SES call to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    CreateDomain,
    SetMailFrom,
    CreateAddress,
    Get,
    Delete,
}

/// Where the held call waits: before it reaches SES, or with SES's answer in hand (a stale
/// answer, as a slow Lambda would hold it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Question,
    Answer,
}

/// The real SES port, with a gate in front of (or behind) one call.
pub struct GatedSes {
    inner: Arc<dyn EmailIdentities>,
    armed: Mutex<Option<(Call, At)>>,
    reached: Notify,
    release: Semaphore,
}

impl GatedSes {
    pub fn new(inner: Arc<dyn EmailIdentities>) -> Arc<Self> {
        Arc::new(Self {
            inner,
            armed: Mutex::new(None),
            reached: Notify::new(),
            release: Semaphore::new(0),
        })
    }

    /// Holds the next `call` (only the next one) before it reaches SES, until
    /// [`GatedSes::release`].
    pub fn hold(&self, call: Call) {
        *self.armed.lock().expect("gate lock") = Some((call, At::Question));
    }

    /// Lets the next `call` reach SES, then holds its answer until [`GatedSes::release`].
    pub fn hold_answer(&self, call: Call) {
        *self.armed.lock().expect("gate lock") = Some((call, At::Answer));
    }

    /// Waits until the held call has arrived (and is waiting).
    pub async fn reached(&self) {
        self.reached.notified().await;
    }

    /// Lets the held call go on to SES.
    pub fn release(&self) {
        self.release.add_permits(1);
    }

    async fn pass(&self, call: Call, at: At) {
        let held = {
            let mut armed = self.armed.lock().expect("gate lock");
            if *armed == Some((call, at)) {
                *armed = None;
                true
            } else {
                false
            }
        };
        if held {
            self.reached.notify_one();
            self.release
                .acquire()
                .await
                .expect("the gate stays open")
                .forget();
        }
    }
}

#[async_trait]
impl EmailIdentities for GatedSes {
    async fn create_domain(
        &self,
        name: &DomainName,
        tags: &[Tag],
    ) -> Result<DkimSetup, IdentityError> {
        self.pass(Call::CreateDomain, At::Question).await;
        let answer = self.inner.create_domain(name, tags).await;
        self.pass(Call::CreateDomain, At::Answer).await;
        answer
    }

    async fn set_mail_from(
        &self,
        name: &DomainName,
        mail_from: &DomainName,
    ) -> Result<(), IdentityError> {
        self.pass(Call::SetMailFrom, At::Question).await;
        let answer = self.inner.set_mail_from(name, mail_from).await;
        self.pass(Call::SetMailFrom, At::Answer).await;
        answer
    }

    async fn create_address(
        &self,
        address: &EmailAddress,
        tags: &[Tag],
    ) -> Result<(), IdentityError> {
        self.pass(Call::CreateAddress, At::Question).await;
        let answer = self.inner.create_address(address, tags).await;
        self.pass(Call::CreateAddress, At::Answer).await;
        answer
    }

    /// Not held: ownership reads are not part of the interleavings these tests force.
    async fn tags(&self, identity: &str) -> Result<Vec<Tag>, IdentityError> {
        self.inner.tags(identity).await
    }

    async fn get(&self, identity: &str) -> Result<IdentitySnapshot, IdentityError> {
        self.pass(Call::Get, At::Question).await;
        let answer = self.inner.get(identity).await;
        self.pass(Call::Get, At::Answer).await;
        answer
    }

    async fn delete(&self, identity: &str) -> Result<(), IdentityError> {
        self.pass(Call::Delete, At::Question).await;
        let answer = self.inner.delete(identity).await;
        self.pass(Call::Delete, At::Answer).await;
        answer
    }
}
