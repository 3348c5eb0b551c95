//! The DMARC record: present and parsing, the policy that applies (own or the organizational
//! domain's), alignment that would fail for SES, and staged advice.

use chrono::{DateTime, Utc};

use super::check::{Advice, AdviceCode, Check, CheckState, FoundRecord, Problem, answered};
use super::dmarc_policy::{self, AlignmentMode, AppliedPolicy, Disposition};
use super::observed::QueryType;
use super::{Observations, Subject};
use crate::dns::DnsRecord;

pub fn check(
    record: &DnsRecord,
    subject: &Subject<'_>,
    obs: &Observations,
    now: DateTime<Utc>,
) -> Check {
    let name = record.name.as_str();
    let wanted = &record.value;
    let lookup = match answered(obs, name, QueryType::Txt, now) {
        Ok(lookup) => lookup,
        Err(unanswered) => return *unanswered,
    };
    // A CNAME at _dmarc is a legitimate delegation: read what it leads to.
    let found = dmarc_records(obs, name);
    let publish = format!("Publish a single TXT record at {name}: \"{wanted}\".");
    let mut check = match found.as_slice() {
        [] => {
            let appended = subject.appended_names(name).into_iter().find_map(|at| {
                let found = dmarc_records(obs, &at);
                (!found.is_empty()).then_some((at, found))
            });
            let (problem, fix, found) = match appended {
                Some((at, found)) => (
                    Problem::ZoneAppended,
                    format!(
                        "The DMARC record was published at {at}: your DNS provider added its zone \
                         to a name that was already complete. {publish} Delete the one at {at}."
                    ),
                    found,
                ),
                None => (Problem::Missing, publish.clone(), Vec::new()),
            };
            let mut check = Check::new(
                CheckState::Warning,
                Some(problem),
                found,
                Some(fix),
                Some(lookup),
                now,
            );
            check.policy = inherited(subject, obs);
            check
        }
        [one] => match dmarc_policy::parse(&one.value) {
            Ok(parsed) => {
                let policy = dmarc_policy::applied(&parsed, name, true);
                let mut check = Check::ok(found.clone(), now);
                if policy.spf_alignment == AlignmentMode::Strict {
                    check.state = CheckState::Warning;
                    check.problem = Some(Problem::WrongValue);
                    check.fix = Some(format!(
                        "Change aspf=s to aspf=r in the DMARC record at {name} (or remove it): SES \
                         sends with the MAIL FROM domain {}, which aligns only in relaxed mode.",
                        subject.mail_from
                    ));
                }
                check.policy = Some(policy);
                check
            }
            Err(reason) => Check::new(
                CheckState::Wrong,
                Some(Problem::Syntax),
                found.clone(),
                Some(format!(
                    "The DMARC record at {name} does not parse ({reason}). {publish}"
                )),
                None,
                now,
            ),
        },
        _ => Check::new(
            CheckState::Wrong,
            Some(Problem::MultipleRecords),
            found.clone(),
            Some(format!(
                "{name} has {} DMARC records, so receivers apply none. {publish}",
                found.len()
            )),
            None,
            now,
        ),
    };
    check.advice = advice(check.policy.as_ref(), name, wanted);
    check
}

/// The DMARC records at `name`, after any CNAME.
fn dmarc_records(obs: &Observations, name: &str) -> Vec<FoundRecord> {
    obs.get(name, QueryType::Txt)
        .map(|lookup| {
            lookup
                .of(QueryType::Txt)
                .into_iter()
                .filter(|a| dmarc_policy::is_dmarc(&a.value))
                .map(FoundRecord::from)
                .collect()
        })
        .unwrap_or_default()
}

/// The organizational domain's policy for its subdomains, when it has a valid one.
pub fn inherited(subject: &Subject<'_>, obs: &Observations) -> Option<AppliedPolicy> {
    let source = subject.organizational_dmarc();
    match dmarc_records(obs, &source).as_slice() {
        [one] => dmarc_policy::parse(&one.value)
            .ok()
            .map(|parsed| dmarc_policy::applied(&parsed, &source, false)),
        _ => None,
    }
}

/// The staged path: p=none with reports, then quarantine, then reject. Never a failure.
pub fn advice(policy: Option<&AppliedPolicy>, name: &str, wanted: &str) -> Vec<Advice> {
    let mut out = Vec::new();
    let mut say = |code, message: String| out.push(Advice { code, message });
    let Some(policy) = policy else {
        say(
            AdviceCode::StartWithNone,
            format!(
                "No DMARC policy applies yet: publish \"{wanted}\" at {name} to start with \
                 monitoring only and see who sends as this subdomain."
            ),
        );
        return out;
    };
    if policy.inherited && policy.disposition != Disposition::None {
        say(
            AdviceCode::StrictPolicyAbove,
            format!(
                "{} asks receivers to {} mail from this subdomain that fails DMARC; until the \
                 DKIM records are in place, that is all of it. Publish \"{wanted}\" at {name} first.",
                policy.source,
                if policy.disposition == Disposition::Reject {
                    "reject"
                } else {
                    "quarantine"
                }
            ),
        );
    }
    if policy.spf_alignment == AlignmentMode::Strict {
        say(
            AdviceCode::StrictSpfAlignment,
            format!(
                "{} sets aspf=s: SPF never aligns for mail sent through SES with a custom MAIL \
                 FROM subdomain, so DMARC rests on DKIM alone.",
                policy.source
            ),
        );
    }
    if policy.reports_to.is_empty() && !policy.inherited {
        say(
            AdviceCode::AddReports,
            format!(
                "Add rua=mailto:<address> to the DMARC record at {name}: aggregate reports show \
                 when it is safe to tighten the policy."
            ),
        );
    }
    if !policy.inherited {
        match policy.disposition {
            Disposition::None => say(
                AdviceCode::MoveToQuarantine,
                "When the reports show only your own, aligned mail for a few weeks, change p=none \
                 to p=quarantine."
                    .to_owned(),
            ),
            Disposition::Quarantine => say(
                AdviceCode::MoveToReject,
                "When the reports stay clean under p=quarantine, change it to p=reject.".to_owned(),
            ),
            Disposition::Reject => {}
        }
    }
    out
}
