//! Test controls: the in-process [`StandInControl`] handle, and the same operations over HTTP
//! under `/_local/` (see the README). Nothing here is counted or throttled.

pub mod records;
pub mod routes;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::app::Shared;
use crate::calls::{CallCounts, FaultError, Faults};
use crate::dns::checker::MAIL_FROM_MX_PREFERENCE;
use crate::dns::record::{DnsRecord, RecordData, RecordName, RecordType};
use crate::dns::zone::ZoneError;
use crate::names::IdentityName;
use crate::outbox::OutboxMessage;
use crate::state::StoreError;
use crate::state::identity::{Identity, Verification};
use crate::state::lifecycle::Status;
use crate::state::registry::NewIdentity;
use crate::sync::lock;

/// The SPF value SES recommends at a custom MAIL FROM domain.
pub const MAIL_FROM_SPF: &str = "v=spf1 include:amazonses.com ~all";

/// A control request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    /// No identity by that name.
    #[error("unknown identity `{0}`")]
    UnknownIdentity(String),
    /// The zone refused a record.
    #[error(transparent)]
    Zone(#[from] ZoneError),
}

/// In-process controls of one running stand-in. Cloning shares the same stand-in.
#[derive(Debug, Clone)]
pub struct StandInControl {
    shared: Arc<Shared>,
}

impl StandInControl {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// The stand-in clock's current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    /// How far the clock has been advanced.
    pub fn clock_offset(&self) -> Duration {
        self.shared.clock.offset()
    }

    /// Moves the clock forward, running SES's detection over every identity at the old and
    /// at the new instant (so deadlines that fall in between are applied as SES would);
    /// returns the new instant.
    pub async fn advance_clock(&self, by: Duration) -> DateTime<Utc> {
        self.shared.advance_clock(by).await
    }

    /// The detection delay bounds `(min, max)`.
    pub fn detection_delay(&self) -> (Duration, Duration) {
        lock(&self.shared.store).detection_delay()
    }

    /// Sets the detection delay bounds: SES reports records found once they have been there
    /// for a random time within `min..=max` (deterministic from the seed).
    pub fn set_detection_delay(&self, min: Duration, max: Duration) {
        lock(&self.shared.store).set_detection_delay(min, max);
    }

    /// Creates a configuration set (as CreateConfigurationSet would, without counting a call).
    pub fn create_configuration_set(&self, name: &str) -> Result<(), StoreError> {
        lock(&self.shared.store).create_configuration_set(name, Vec::new())
    }

    /// The configuration sets that exist.
    pub fn configuration_sets(&self) -> Vec<String> {
        lock(&self.shared.store).configuration_sets()
    }

    /// Publishes a record in the served zone; `Ok(false)` when it was already there.
    pub fn publish_record(&self, record: DnsRecord) -> Result<bool, ZoneError> {
        self.shared.zone.publish(record)
    }

    /// Removes records at `name` (narrowed by type and data when given); returns the count.
    pub fn remove_records(
        &self,
        name: &RecordName,
        kind: Option<RecordType>,
        data: Option<&RecordData>,
    ) -> usize {
        self.shared.zone.remove(name, kind, data)
    }

    /// Every record in the zone.
    pub fn records(&self) -> Vec<DnsRecord> {
        self.shared.zone.records()
    }

    /// The records SES wants for an identity: 3 DKIM CNAMEs for a domain, plus the MAIL FROM
    /// MX (preference 10, as SES's console shows it) and SPF TXT when a MAIL FROM domain is set.
    pub fn required_records(&self, identity: &str) -> Result<Vec<DnsRecord>, ControlError> {
        let key = IdentityName::parse(identity)
            .map(|name| name.as_str().to_owned())
            .map_err(|_| ControlError::UnknownIdentity(identity.to_owned()))?;
        let store = lock(&self.shared.store);
        let found = store
            .identity(&key)
            .ok_or_else(|| ControlError::UnknownIdentity(identity.to_owned()))?;
        Ok(required_records(found, &self.shared.settings.mx_target))
    }

    /// Publishes [`Self::required_records`]; returns them.
    pub fn publish_identity_records(&self, identity: &str) -> Result<Vec<DnsRecord>, ControlError> {
        let records = self.required_records(identity)?;
        for record in &records {
            self.shared.zone.publish(record.clone())?;
        }
        Ok(records)
    }

    /// Removes [`Self::required_records`] from the zone; returns them.
    pub fn unpublish_identity_records(
        &self,
        identity: &str,
    ) -> Result<Vec<DnsRecord>, ControlError> {
        let records = self.required_records(identity)?;
        for record in &records {
            self.shared
                .zone
                .remove(&record.name, None, Some(&record.data));
        }
        Ok(records)
    }

    /// Every verification email sent so far, oldest first.
    pub fn outbox(&self) -> Vec<OutboxMessage> {
        lock(&self.shared.store).outbox.messages().to_vec()
    }

    /// Follows a verification link by its token: the identity name and its new status.
    pub fn follow_link(&self, token: &str) -> Result<(String, Status), StoreError> {
        let now = self.shared.clock.now();
        lock(&self.shared.store).follow_link(token, now)
    }

    /// Sets the injected faults.
    pub fn set_faults(&self, faults: Faults) -> Result<Faults, FaultError> {
        let faults = faults.validated()?;
        lock(&self.shared.calls).set_faults(faults.clone());
        Ok(faults)
    }

    /// The injected faults.
    pub fn faults(&self) -> Faults {
        lock(&self.shared.calls).faults()
    }

    /// Enforces SES's rate (`None`: off); see [`crate::Config::rate_limit`].
    pub fn set_rate_limit(&self, per_second: Option<u32>) {
        lock(&self.shared.calls).set_rate_limit(per_second);
    }

    /// The rate limit in force (calls per second), if any.
    pub fn rate_limit(&self) -> Option<u32> {
        lock(&self.shared.calls).rate_limit()
    }

    /// SESv2 calls received so far, per operation.
    pub fn calls(&self) -> CallCounts {
        lock(&self.shared.calls).counts()
    }

    /// Forgets identities, suppressions, outbox, zone records, call counts and faults, and puts
    /// the clock back to its start.
    /// The identities of [`crate::Config::preverified`] are created again, records published.
    pub fn reset(&self) {
        lock(&self.shared.store).reset();
        lock(&self.shared.calls).reset();
        self.shared.zone.clear();
        self.shared.clock.reset();
        self.seed_preverified();
    }

    /// Creates each preverified domain identity and publishes its records (not counted as
    /// calls), so SES's first check finds it verified.
    pub(crate) fn seed_preverified(&self) {
        for name in &self.shared.settings.preverified {
            let Ok(parsed) = IdentityName::parse(name) else {
                tracing::warn!(identity = name, "not an identity name; not preverified");
                continue;
            };
            let new = NewIdentity {
                name: parsed,
                tags: Vec::new(),
                configuration_set: None,
            };
            let now = self.shared.clock.now();
            let created = lock(&self.shared.store).create(new, now, self.shared.mailer());
            if let Err(error) = created {
                tracing::warn!(identity = name, %error, "preverified identity not created");
                continue;
            }
            if let Err(error) = self.publish_identity_records(name) {
                tracing::warn!(identity = name, %error, "preverified identity's records not published");
            }
        }
    }
}

fn required_records(identity: &Identity, mx_target: &RecordName) -> Vec<DnsRecord> {
    let mut records = Vec::new();
    if let Verification::Domain { cnames, .. } = &identity.verification {
        records.extend(
            cnames
                .iter()
                .map(|(name, target)| DnsRecord::cname(name.clone(), target.clone())),
        );
    }
    if let Some(mail_from) = &identity.mail_from {
        let name = RecordName::from_domain(&mail_from.domain);
        records.push(DnsRecord {
            name: name.clone(),
            data: RecordData::Mx {
                priority: MAIL_FROM_MX_PREFERENCE,
                exchange: mx_target.clone(),
            },
        });
        records.push(DnsRecord {
            name,
            data: RecordData::Txt(MAIL_FROM_SPF.to_owned()),
        });
    }
    records
}
