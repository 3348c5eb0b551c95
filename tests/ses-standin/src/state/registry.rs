//! Identity operations: create, read (with inheritance), list, delete, MAIL FROM.

use chrono::{DateTime, Utc};

use super::identity::{BehaviorOnMxFailure, Identity, IdentityType, MailFrom, Tag, Verification};
use super::lifecycle::{DnsVerification, Status};
use super::link::LinkVerification;
use super::tokens::{dkim_tokens, random_text};
use super::{Store, StoreError};
use crate::dns::record::RecordName;
use crate::names::{DomainName, IdentityName};

/// What CreateEmailIdentity asks for.
#[derive(Debug, Clone)]
pub struct NewIdentity {
    /// The identity name.
    pub name: IdentityName,
    /// Tags.
    pub tags: Vec<Tag>,
    /// The default configuration set.
    pub configuration_set: Option<String>,
}

/// Where verification emails link to, which region they name, and where the region's Easy
/// DKIM CNAMEs point.
#[derive(Debug, Clone, Copy)]
pub struct Mailer<'a> {
    /// The region named in the email.
    pub region: &'a str,
    /// The link prefix, e.g. `http://127.0.0.1:5056/_local/verify/`.
    pub link_base: &'a str,
    /// The region's `SigningHostedZone`.
    pub signing_hosted_zone: &'a str,
}

/// An identity as read at one instant, with the inheritance-aware sending flag.
#[derive(Debug, Clone)]
pub struct IdentitySnapshot {
    /// The stored identity.
    pub identity: Identity,
    /// Its own verification status.
    pub status: Status,
    /// True when it is verified itself or covered by a verified parent domain.
    pub verified_for_sending: bool,
}

impl Store {
    /// Creates an identity: DKIM tokens for a domain, a mailed link for an address.
    pub fn create(
        &mut self,
        new: NewIdentity,
        now: DateTime<Utc>,
        mailer: Mailer<'_>,
    ) -> Result<IdentitySnapshot, StoreError> {
        let key = new.name.as_str().to_owned();
        if self.identities.contains_key(&key) {
            return Err(StoreError::AlreadyExists(format!(
                "Email identity {key} already exists."
            )));
        }
        if let Some(set) = &new.configuration_set
            && !self.configuration_sets.contains_key(set)
        {
            return Err(StoreError::NotFound(format!(
                "Configuration set <{set}> does not exist."
            )));
        }
        if self.identities.len() >= self.settings.identity_quota {
            return Err(StoreError::LimitExceeded(format!(
                "Maximum number of identities ({}) reached for this account in this region.",
                self.settings.identity_quota
            )));
        }
        super::tags::validate_new(&new.tags)?;
        let verification = match &new.name {
            IdentityName::Domain(domain) => {
                self.domain_verification(domain, now, mailer.signing_hosted_zone)?
            }
            IdentityName::Email(email) => {
                let token = random_text(&mut self.link_rng, 40);
                let link = format!("{}{token}", mailer.link_base);
                self.outbox
                    .send_verification(email.as_str(), link, mailer.region, now);
                Verification::Email(LinkVerification::sent(token, now))
            }
        };
        let identity = Identity {
            name: new.name,
            serial: self.next_serial,
            created_at: now,
            tags: new.tags,
            configuration_set: new.configuration_set,
            verification,
            mail_from: None,
            behavior_on_mx_failure: BehaviorOnMxFailure::default(),
        };
        self.next_serial += 1;
        self.identities.insert(key.clone(), identity);
        self.get(&key, now)
    }

    fn domain_verification(
        &mut self,
        domain: &DomainName,
        now: DateTime<Utc>,
        hosted_zone: &str,
    ) -> Result<Verification, StoreError> {
        let generation = self
            .generations
            .entry(domain.as_str().to_owned())
            .or_default();
        let tokens = dkim_tokens(self.seed, domain, *generation);
        *generation += 1;
        let cnames = tokens
            .iter()
            .map(|token| {
                let name = RecordName::parse(&token.record_name(domain));
                let target = RecordName::parse(&token.record_target(hosted_zone));
                name.and_then(|name| Ok((name, target?)))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| StoreError::BadRequest(format!("{domain} is too long for DKIM")))?;
        Ok(Verification::Domain {
            tokens,
            cnames,
            dkim: DnsVerification::start(now),
            hosted_zone: hosted_zone.to_owned(),
            soa: None,
        })
    }

    /// Reads an identity at `now` (applying link expiry).
    pub fn get(&mut self, name: &str, now: DateTime<Utc>) -> Result<IdentitySnapshot, StoreError> {
        let identity = self
            .identities
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        let status = identity.status_at(now);
        let identity = identity.clone();
        let verified_for_sending = status == Status::Success || self.covered_by_parent(&identity);
        Ok(IdentitySnapshot {
            identity,
            status,
            verified_for_sending,
        })
    }

    /// True when another, verified domain identity covers `identity` (SES inheritance).
    fn covered_by_parent(&self, identity: &Identity) -> bool {
        self.identities
            .values()
            .any(|other| is_parent(other, identity) && other.status() == Status::Success)
    }

    /// Deletes an identity (its suppression-list entries and DNS records stay).
    pub fn delete(&mut self, name: &str) -> Result<(), StoreError> {
        self.identities
            .remove(name)
            .map(drop)
            .ok_or_else(|| not_found(name))
    }

    /// Sets (or with `None` clears) the custom MAIL FROM domain; it must lie strictly below the
    /// identity's domain. Setting a new domain restarts its 72 h MX check.
    pub fn put_mail_from(
        &mut self,
        name: &str,
        domain: Option<DomainName>,
        behavior: Option<BehaviorOnMxFailure>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let identity = self
            .identities
            .get_mut(name)
            .ok_or_else(|| not_found(name))?;
        if let Some(domain) = &domain
            && !domain.is_strict_subdomain_of(identity.name.domain())
        {
            return Err(StoreError::BadRequest(format!(
                "MAIL FROM domain {domain} must be a subdomain of {}",
                identity.name.domain()
            )));
        }
        let unchanged = identity.mail_from.as_ref().map(|m| &m.domain) == domain.as_ref();
        if !unchanged {
            identity.mail_from = domain.map(|domain| MailFrom {
                domain,
                check: DnsVerification::start(now),
            });
        }
        identity.behavior_on_mx_failure = behavior.unwrap_or_default();
        Ok(())
    }

    /// The stored identity called `name`.
    pub fn identity(&self, name: &str) -> Option<&Identity> {
        self.identities.get(name)
    }

    /// The domain identities that would cover identity `name` once verified.
    pub fn parent_domains_of(&self, name: &str) -> Vec<String> {
        let Some(identity) = self.identities.get(name) else {
            return Vec::new();
        };
        self.identities
            .iter()
            .filter(|(_, other)| is_parent(other, identity))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// Every identity name, in order.
    pub fn identity_names(&self) -> Vec<String> {
        self.identities.keys().cloned().collect()
    }
}

/// True when `parent` is another, domain identity whose verification would cover `child`.
fn is_parent(parent: &Identity, child: &Identity) -> bool {
    parent.serial != child.serial
        && parent.identity_type() == IdentityType::Domain
        && parent.covers(&child.name)
}

fn not_found(name: &str) -> StoreError {
    StoreError::NotFound(format!("Email identity {name} does not exist."))
}
