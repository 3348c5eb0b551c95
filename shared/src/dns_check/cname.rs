//! The DKIM CNAMEs: `<token>._domainkey.<subdomain>` -> `<token>.dkim.amazonses.com`.

use chrono::{DateTime, Utc};

use super::check::{Check, CheckState, Problem, answered, found_at};
use super::observed::{QueryType, same_name};
use super::{Observations, Subject};
use crate::dns::DnsRecord;

/// The types that may sit at a CNAME's name instead of it.
pub const OTHER_TYPES: [QueryType; 3] = [QueryType::Txt, QueryType::A, QueryType::Aaaa];

pub fn check(
    record: &DnsRecord,
    subject: &Subject<'_>,
    obs: &Observations,
    now: DateTime<Utc>,
) -> Check {
    let name = record.name.as_str();
    let lookup = match answered(obs, name, QueryType::Cname, now) {
        Ok(lookup) => lookup,
        Err(unanswered) => return *unanswered,
    };
    let cnames = found_at(obs, name, &[QueryType::Cname]);
    let others = found_at(obs, name, &OTHER_TYPES);
    let wanted = &record.value;
    match cnames.as_slice() {
        [cname] if !others.is_empty() => {
            let mut found = cnames.clone();
            found.extend(others);
            Check::new(
                CheckState::Wrong,
                Some(Problem::Conflict),
                found,
                Some(format!(
                    "Delete the other records at {name}: a name with a CNAME can hold nothing \
                     else, and it must be only the CNAME to {wanted} (now {}).",
                    cname.value
                )),
                None,
                now,
            )
        }
        [cname] if same_name(&cname.value, wanted) => Check::ok(cnames, now),
        [cname] => {
            let fix = format!(
                "Change the CNAME record at {name} to point to {wanted} (it points to {}).",
                cname.value
            );
            Check::new(
                CheckState::Wrong,
                Some(Problem::WrongValue),
                cnames,
                Some(fix),
                None,
                now,
            )
        }
        [_, _, ..] => Check::new(
            CheckState::Wrong,
            Some(Problem::MultipleRecords),
            cnames,
            Some(format!(
                "Keep a single CNAME record at {name}, pointing to {wanted}, and delete the others."
            )),
            None,
            now,
        ),
        [] if !others.is_empty() => {
            let flattened = others
                .iter()
                .any(|f| matches!(f.kind, QueryType::A | QueryType::Aaaa));
            let fix = if flattened {
                format!(
                    "{name} answers with an address, not a CNAME: turn off proxying or CNAME \
                     flattening for it, so it is a plain CNAME record pointing to {wanted}."
                )
            } else {
                format!(
                    "Replace the {} record at {name} with a CNAME record pointing to {wanted}.",
                    others[0].kind
                )
            };
            Check::new(
                CheckState::Wrong,
                Some(Problem::WrongType),
                others,
                Some(fix),
                None,
                now,
            )
        }
        [] => match appended(name, QueryType::Cname, subject, obs) {
            Some((at, found)) => zone_appended(name, &at, "CNAME", wanted, found, now),
            None => missing(
                name,
                "CNAME",
                wanted,
                CheckState::Missing,
                Some(lookup),
                now,
            ),
        },
    }
}

/// Where a record of `kind` sits at `<name>.<zone>` for one of the subject's zones.
pub fn appended(
    name: &str,
    kind: QueryType,
    subject: &Subject<'_>,
    obs: &Observations,
) -> Option<(String, Vec<super::check::FoundRecord>)> {
    subject.appended_names(name).into_iter().find_map(|at| {
        let found = found_at(obs, &at, &[kind]);
        (!found.is_empty()).then_some((at, found))
    })
}

pub fn zone_appended(
    name: &str,
    at: &str,
    kind: &str,
    value: &str,
    found: Vec<super::check::FoundRecord>,
    now: DateTime<Utc>,
) -> Check {
    let fix = format!(
        "The {kind} record was published at {at}: your DNS provider added its zone to a name \
         that was already complete. Re-create it at {name} with the value {value} (in providers \
         that append the zone, enter the name without it), and delete the one at {at}."
    );
    Check::new(
        CheckState::Wrong,
        Some(Problem::ZoneAppended),
        found,
        Some(fix),
        None,
        now,
    )
}

pub fn missing(
    name: &str,
    kind: &str,
    value: &str,
    state: CheckState,
    negative: Option<&super::observed::Lookup>,
    now: DateTime<Utc>,
) -> Check {
    Check::new(
        state,
        Some(Problem::Missing),
        Vec::new(),
        Some(format!(
            "Publish a {kind} record at {name} with the value {value}."
        )),
        negative,
        now,
    )
}
