//! The hand-off between the account state and DNS checks (made outside the lock), and following
//! verification links.

use chrono::{DateTime, Utc};

use super::identity::{SoaRecord, Verification};
use super::lifecycle::{CheckOutcome, Status};
use super::link::LinkError;
use super::{Store, StoreError, sample_delay};
use crate::dns::record::RecordName;

/// The DNS checks one identity needs right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPlan {
    /// The identity name.
    pub name: String,
    /// Which creation of the identity the plan is for.
    pub serial: u64,
    /// The DKIM CNAMEs to look for, unless DKIM is not checked (email, or FAILED).
    pub dkim: Option<Vec<(RecordName, RecordName)>>,
    /// The MAIL FROM domain whose MX to look for, unless none is set or it FAILED.
    pub mail_from: Option<RecordName>,
    /// The domain whose zone's SOA to report (domain identities being checked).
    pub soa_of: Option<RecordName>,
}

impl CheckPlan {
    /// True when there is nothing to look up.
    pub fn is_empty(&self) -> bool {
        self.dkim.is_none() && self.mail_from.is_none()
    }
}

/// The results of a plan's lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResults {
    /// The DKIM outcome, when looked up.
    pub dkim: Option<CheckOutcome>,
    /// The MAIL FROM outcome, when looked up.
    pub mail_from: Option<CheckOutcome>,
    /// The SOA record of the zone holding the identity's domain, when found.
    pub soa: Option<SoaRecord>,
}

impl Store {
    /// What to look up for `name`; `None` for an unknown identity.
    pub fn check_plan(&self, name: &str) -> Option<CheckPlan> {
        let identity = self.identities.get(name)?;
        let dkim = match &identity.verification {
            Verification::Domain { cnames, dkim, .. } if dkim.is_live() => Some(cnames.clone()),
            _ => None,
        };
        let mail_from = identity
            .mail_from
            .as_ref()
            .filter(|mail_from| mail_from.check.is_live())
            .map(|mail_from| RecordName::from_domain(&mail_from.domain));
        let soa_of = dkim
            .is_some()
            .then(|| RecordName::from_domain(identity.name.domain()));
        Some(CheckPlan {
            name: name.to_owned(),
            serial: identity.serial,
            dkim,
            mail_from,
            soa_of,
        })
    }

    /// Applies lookups made for `plan` at `now`, unless the identity was deleted or re-created
    /// (or its MAIL FROM domain changed) meanwhile.
    pub fn apply_checks(&mut self, plan: &CheckPlan, results: CheckResults, now: DateTime<Utc>) {
        let (seed, bounds) = (self.seed, self.detection_delay);
        let delay = |what: &str| {
            let subject = format!("{}#{}#{what}", plan.name, plan.serial);
            move || sample_delay(seed, &subject, now, bounds)
        };
        let Some(identity) = self.identities.get_mut(&plan.name) else {
            return;
        };
        if identity.serial != plan.serial {
            return;
        }
        if let (Verification::Domain { dkim, soa, .. }, Some(outcome)) =
            (&mut identity.verification, results.dkim)
        {
            dkim.observe(now, outcome, delay("dkim"));
            if results.soa.is_some() {
                soa.clone_from(&results.soa);
            }
        }
        if let (Some(mail_from), Some(outcome), Some(checked)) =
            (&mut identity.mail_from, results.mail_from, &plan.mail_from)
            && RecordName::from_domain(&mail_from.domain) == *checked
        {
            mail_from.check.observe(now, outcome, delay("mail-from"));
        }
    }

    /// Follows a verification link at `now`: the identity's name and new status.
    pub fn follow_link(
        &mut self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, Status), StoreError> {
        let (name, link) = self
            .identities
            .iter_mut()
            .find_map(|(name, identity)| match &mut identity.verification {
                Verification::Email(link) if link.token() == token => Some((name.clone(), link)),
                _ => None,
            })
            .ok_or_else(|| {
                StoreError::NotFound("No identity has this verification link.".to_owned())
            })?;
        match link.follow(now) {
            Ok(status) => Ok((name, status)),
            Err(LinkError::Expired) => Err(StoreError::Gone(format!(
                "The verification link for {name} expired at {}",
                link.expires_at().to_rfc3339()
            ))),
        }
    }
}
