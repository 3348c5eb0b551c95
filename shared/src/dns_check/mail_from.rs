//! The MAIL FROM domain: exactly one MX to SES's feedback endpoint, and one SPF record that
//! includes amazonses.com within the lookup limit.

use chrono::{DateTime, Utc};

use super::check::{Check, CheckState, FoundRecord, Problem, answered, found_at};
use super::cname::{appended, missing, zone_appended};
use super::observed::{QueryType, same_name};
use super::spf::{self, SpfIssue};
use super::{Observations, Subject};
use crate::dns::{DnsRecord, SPF_VALUE};

pub fn check_mx(
    record: &DnsRecord,
    subject: &Subject<'_>,
    obs: &Observations,
    now: DateTime<Utc>,
) -> Check {
    let name = record.name.as_str();
    let wanted = &record.value;
    let priority = record.priority.unwrap_or(10);
    let lookup = match answered(obs, name, QueryType::Mx, now) {
        Ok(lookup) => lookup,
        Err(unanswered) => return *unanswered,
    };
    if let Some(conflict) = cname_in_the_way(name, "an MX and a TXT record", obs, now) {
        return conflict;
    }
    let mxs = found_at(obs, name, &[QueryType::Mx]);
    match mxs.as_slice() {
        [] => match appended(name, QueryType::Mx, subject, obs) {
            Some((at, found)) => zone_appended(name, &at, "MX", wanted, found, now),
            None => {
                let mut check = missing(name, "MX", wanted, CheckState::Missing, Some(lookup), now);
                check.fix = Some(format!(
                    "Publish an MX record at {name} with priority {priority} and the value {wanted}."
                ));
                check
            }
        },
        [mx] if !same_name(&mx.value, wanted) => {
            let fix = format!(
                "Change the MX record at {name} to {wanted} with priority {priority} (it points to {}); \
                 this name must not receive mail.",
                mx.value
            );
            Check::new(
                CheckState::Wrong,
                Some(Problem::WrongValue),
                mxs,
                Some(fix),
                None,
                now,
            )
        }
        [mx] if mx.priority != Some(priority) => {
            // SES asks for one MX; its documented priority is 10 but any single MX works.
            let fix = format!(
                "Set the priority of the MX record at {name} to {priority}, as SES documents it \
                 (it is {}); SES accepts it as it is.",
                mx.priority
                    .map_or_else(|| "unknown".to_owned(), |p| p.to_string())
            );
            Check::new(
                CheckState::Warning,
                Some(Problem::WrongValue),
                mxs,
                Some(fix),
                None,
                now,
            )
        }
        [_] => Check::ok(mxs, now),
        _ => {
            let fix = format!(
                "Keep only one MX record at {name}: {wanted} with priority {priority}; delete the \
                 others (SES fails the MAIL FROM domain when it sees several)."
            );
            Check::new(
                CheckState::Wrong,
                Some(Problem::MultipleRecords),
                mxs,
                Some(fix),
                None,
                now,
            )
        }
    }
}

pub fn check_spf(
    record: &DnsRecord,
    subject: &Subject<'_>,
    obs: &Observations,
    now: DateTime<Utc>,
) -> Check {
    let name = record.name.as_str();
    let lookup = match answered(obs, name, QueryType::Txt, now) {
        Ok(lookup) => lookup,
        Err(unanswered) => return *unanswered,
    };
    if let Some(conflict) = cname_in_the_way(name, "an MX and a TXT record", obs, now) {
        return conflict;
    }
    let spf_records: Vec<FoundRecord> = found_at(obs, name, &[QueryType::Txt])
        .into_iter()
        .filter(|f| spf::is_spf(&f.value))
        .collect();
    let replace = |found: Vec<FoundRecord>, problem: Problem, why: String| {
        let fix = format!("{why} Publish a single TXT record at {name}: \"{SPF_VALUE}\".");
        Check::new(
            CheckState::Wrong,
            Some(problem),
            found,
            Some(fix),
            None,
            now,
        )
    };
    let [one] = spf_records.as_slice() else {
        if spf_records.is_empty() {
            return match appended(name, QueryType::Txt, subject, obs) {
                Some((at, found)) => zone_appended(name, &at, "TXT", SPF_VALUE, found, now),
                None => missing(
                    name,
                    "TXT",
                    &format!("\"{SPF_VALUE}\""),
                    CheckState::Missing,
                    Some(lookup),
                    now,
                ),
            };
        }
        return replace(
            spf_records.clone(),
            Problem::MultipleRecords,
            format!(
                "{name} has {} SPF records, which makes SPF fail everywhere.",
                spf_records.len()
            ),
        );
    };
    let report = spf::analyse(name, &one.value, obs);
    let found = vec![one.clone()];
    let mut check = match (&report.issue, report.includes_amazonses) {
        (Some(SpfIssue::Syntax { domain, reason }), _) => replace(
            found,
            Problem::Syntax,
            format!("The SPF record at {domain} does not parse ({reason})."),
        ),
        (Some(SpfIssue::Multiple { domain }), _) => replace(
            found,
            Problem::MultipleRecords,
            format!("The SPF record includes {domain}, which has several SPF records."),
        ),
        (Some(SpfIssue::NoRecord { domain }), _) => replace(
            found,
            Problem::WrongValue,
            format!("The SPF record includes {domain}, which has no SPF record."),
        ),
        (Some(SpfIssue::Loop { domain }), _) => replace(
            found,
            Problem::WrongValue,
            format!("The SPF record includes {domain} in a loop."),
        ),
        (None, _) if report.lookups > spf::LOOKUP_LIMIT => replace(
            found,
            Problem::SpfLookupLimit,
            format!(
                "The SPF record at {name} needs {} DNS lookups across its includes; receivers stop at {}.",
                report.lookups,
                spf::LOOKUP_LIMIT
            ),
        ),
        (None, false) => replace(
            found,
            Problem::WrongValue,
            format!(
                "The SPF record at {name} does not include {}.",
                spf::AMAZONSES
            ),
        ),
        (None, true) => Check::ok(found, now),
    };
    check.spf_lookups = Some(report.lookups);
    check
}

/// A CNAME at a name that must hold other records.
pub fn cname_in_the_way(
    name: &str,
    needs: &str,
    obs: &Observations,
    now: DateTime<Utc>,
) -> Option<Check> {
    let cnames = found_at(obs, name, &[QueryType::Cname]);
    let target = cnames.first()?.value.clone();
    let fix = format!(
        "Delete the CNAME record at {name} (it points to {target}): this name needs {needs}, \
         and a name with a CNAME can hold no other record."
    );
    Some(Check::new(
        CheckState::Wrong,
        Some(Problem::Conflict),
        cnames,
        Some(fix),
        None,
        now,
    ))
}
