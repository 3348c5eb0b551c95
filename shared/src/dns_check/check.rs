//! The verdict on one record, as the API shows it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Observations;
use super::dmarc_policy::AppliedPolicy;
use super::observed::{Answer, Lookup, QueryType};

/// How a record stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    /// Published as asked.
    Ok,
    /// Not there.
    Missing,
    /// There, but not as asked: SES will not accept it.
    Wrong,
    /// A recommended record that is absent or weak, or a lookup that did not answer.
    Warning,
}

/// What is wrong, as a stable code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DnsProblem))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Nothing at the name.
    Missing,
    /// Found at `<name>.<zone>`: the DNS provider appended its zone to a complete name.
    ZoneAppended,
    /// Another type where this one belongs (a TXT for a CNAME, an address where a proxying
    /// provider flattened the CNAME).
    WrongType,
    /// The right type with another target, priority or content.
    WrongValue,
    /// Two SPF records, two DMARC records, more than one MX for MAIL FROM.
    MultipleRecords,
    /// A CNAME beside other data, or where other records must go.
    Conflict,
    /// The SPF record needs more than 10 DNS lookups.
    SpfLookupLimit,
    /// An SPF or DMARC record that does not parse.
    Syntax,
}

/// A record DNS returned.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: QueryType,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u16>,
    /// Seconds caches may keep it.
    pub ttl: u32,
}

impl From<&Answer> for FoundRecord {
    fn from(answer: &Answer) -> Self {
        Self {
            name: answer.name.clone(),
            kind: answer.kind,
            value: answer.value.clone(),
            priority: answer.priority,
            ttl: answer.ttl,
        }
    }
}

/// A staged recommendation. Advice never makes a record `wrong` or a status red.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub code: AdviceCode,
    pub message: String,
}

/// The advice codes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceCode {
    /// No DMARC policy applies: start with `p=none` and reports.
    StartWithNone,
    /// The policy has no `rua=`: nobody sees the reports that tell when to tighten it.
    AddReports,
    /// `p=none` with reports: once they show only aligned mail, move to quarantine.
    MoveToQuarantine,
    /// Quarantine: once reports stay clean, move to reject.
    MoveToReject,
    /// `aspf=s`: SPF never aligns, because SES's MAIL FROM is a subdomain of the sender's.
    StrictSpfAlignment,
    /// A quarantine or reject policy from above applies before the records are in place.
    StrictPolicyAbove,
}

/// The check of one record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub state: CheckState,
    /// `null` when the record is fine.
    pub problem: Option<Problem>,
    /// What DNS returned at the name (and, for `zone_appended`, where it was found).
    pub found: Vec<FoundRecord>,
    /// One sentence an IT person can act on; `null` when there is nothing to do.
    pub fix: Option<String>,
    pub checked_at: DateTime<Utc>,
    /// Until when resolvers may still hold the answer seen (its TTL, or the SOA's negative TTL
    /// for a missing name): a change made now may not show before then.
    pub until: Option<DateTime<Utc>>,
    /// DMARC only: the policy that applies to the subdomain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<AppliedPolicy>,
    /// SPF only: DNS lookups the record needs, across includes (the limit is 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spf_lookups: Option<u32>,
    /// Staged recommendations (DMARC); they never turn the status red.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<Advice>,
}

impl Check {
    /// A verdict, `until` derived from what was found or from the negative answer.
    pub fn new(
        state: CheckState,
        problem: Option<Problem>,
        found: Vec<FoundRecord>,
        fix: Option<String>,
        negative: Option<&Lookup>,
        now: DateTime<Utc>,
    ) -> Self {
        let ttl = found
            .iter()
            .map(|f| f.ttl)
            .max()
            .or_else(|| negative.and_then(Lookup::negative_ttl));
        Self {
            state,
            problem,
            found,
            fix,
            checked_at: now,
            until: ttl.map(|ttl| now + Duration::seconds(i64::from(ttl))),
            policy: None,
            spf_lookups: None,
            advice: Vec::new(),
        }
    }

    pub fn ok(found: Vec<FoundRecord>, now: DateTime<Utc>) -> Self {
        Self::new(CheckState::Ok, None, found, None, None, now)
    }

    /// The lookup itself failed: nothing can be said about the record.
    pub fn unanswered(name: &str, reason: &str, now: DateTime<Utc>) -> Self {
        Self::new(
            CheckState::Warning,
            None,
            Vec::new(),
            Some(format!(
                "DNS gave no answer for {name} ({reason}); check that the zone's name servers \
                 answer, then run the check again."
            )),
            None,
            now,
        )
    }

    /// Fails the record: neither ok nor a mere warning.
    pub fn is_failing(&self) -> bool {
        matches!(self.state, CheckState::Missing | CheckState::Wrong)
    }
}

/// The records found at `name` of the given types, owned by the name itself.
pub fn found_at(obs: &super::Observations, name: &str, kinds: &[QueryType]) -> Vec<FoundRecord> {
    let mut out: Vec<FoundRecord> = Vec::new();
    for kind in kinds {
        if let Some(lookup) = obs.get(name, *kind) {
            for answer in lookup.at(name, *kind) {
                let record = FoundRecord::from(answer);
                if !out.contains(&record) {
                    out.push(record);
                }
            }
        }
    }
    out
}

/// The lookup of `kind` at `name`, or the check a record gets when DNS gave no answer for it
/// (not looked up, or the lookup failed): one rule for every record's checker.
pub fn answered<'a>(
    obs: &'a Observations,
    name: &str,
    kind: QueryType,
    now: DateTime<Utc>,
) -> Result<&'a Lookup, Box<Check>> {
    let Some(lookup) = obs.get(name, kind) else {
        return Err(Box::new(Check::unanswered(name, "not looked up", now)));
    };
    match lookup.failed() {
        Some(reason) => Err(Box::new(Check::unanswered(name, reason, now))),
        None => Ok(lookup),
    }
}
