//! Which lookups a check needs, made through the [`DnsLookup`] port: the records' names, the
//! same names with a zone appended when nothing is there, the organizational DMARC policy, and
//! every SPF record the MAIL FROM record includes.

use std::collections::BTreeSet;

use futures::future::join_all;

use super::observed::{Lookup, Observations, QueryType};
use super::spf::{self, Published};
use super::{DnsLookup, Subject, cname::OTHER_TYPES};
use crate::dns::{DnsRecord, Purpose};

/// At most this many SPF records are fetched beyond the MAIL FROM one: enough to see a chain
/// pass the 10-lookup limit, not enough to be abused.
const MAX_SPF_FETCHES: usize = 20;

/// Looks up everything `super::assess` needs for `records`.
pub async fn gather(
    dns: &dyn DnsLookup,
    records: &[DnsRecord],
    subject: &Subject<'_>,
) -> Observations {
    let mut obs = Observations::default();
    // Round 1: what each record's name holds, and the policy above.
    let mut first: Vec<(String, QueryType)> = Vec::new();
    for record in records {
        let name = record.name.clone();
        match record.purpose {
            Purpose::Dkim => first.push((name, QueryType::Cname)),
            Purpose::MailFromMx => {
                first.push((name.clone(), QueryType::Mx));
                first.push((name, QueryType::Cname));
            }
            Purpose::MailFromSpf | Purpose::Dmarc => first.push((name, QueryType::Txt)),
        }
    }
    first.push((subject.organizational_dmarc(), QueryType::Txt));
    run(dns, &mut obs, first).await;

    // Round 2: for what is absent, the other types at the name and the zone-appended names.
    let mut second = Vec::new();
    for record in records {
        let name = record.name.as_str();
        let (kind, others): (QueryType, &[QueryType]) = match record.purpose {
            Purpose::Dkim => (QueryType::Cname, &OTHER_TYPES),
            Purpose::MailFromMx => (QueryType::Mx, &[]),
            Purpose::MailFromSpf | Purpose::Dmarc => (QueryType::Txt, &[]),
        };
        let absent = obs.get(name, kind).is_some_and(|lookup| {
            matches!(lookup, Lookup::NoData { .. } | Lookup::NxDomain { .. })
        });
        let no_spf =
            record.purpose == Purpose::MailFromSpf && spf::published(name, &obs) == Published::None;
        if absent || no_spf {
            second.extend(others.iter().map(|other| (name.to_owned(), *other)));
            second.extend(
                subject
                    .appended_names(name)
                    .into_iter()
                    .map(|at| (at, kind)),
            );
        }
    }
    run(dns, &mut obs, second).await;

    // Then the SPF includes, breadth first, within a budget.
    let mail_from = subject.mail_from;
    let mut seen = BTreeSet::from([mail_from.to_owned()]);
    let mut frontier = match spf::published(mail_from, &obs) {
        Published::One(text) => targets(&text),
        _ => Vec::new(),
    };
    let mut fetched = 0;
    while !frontier.is_empty() && fetched < MAX_SPF_FETCHES {
        let batch: Vec<(String, QueryType)> = frontier
            .drain(..)
            .filter(|target| seen.insert(target.clone()))
            .take(MAX_SPF_FETCHES - fetched)
            .map(|target| (target, QueryType::Txt))
            .collect();
        fetched += batch.len();
        let names: Vec<String> = batch.iter().map(|(name, _)| name.clone()).collect();
        run(dns, &mut obs, batch).await;
        for name in names {
            if let Published::One(text) = spf::published(&name, &obs) {
                frontier.extend(targets(&text));
            }
        }
    }
    obs
}

fn targets(text: &str) -> Vec<String> {
    spf::parse(text)
        .map(|parsed| spf::references(&parsed))
        .unwrap_or_default()
        .into_iter()
        .filter(|target| spf::worth_fetching(target))
        .collect()
}

async fn run(dns: &dyn DnsLookup, obs: &mut Observations, queries: Vec<(String, QueryType)>) {
    let queries: Vec<(String, QueryType)> = queries
        .into_iter()
        .filter(|(name, kind)| !obs.contains(name, *kind))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let answers = join_all(queries.iter().map(|(name, kind)| dns.lookup(name, *kind))).await;
    for ((name, kind), lookup) in queries.into_iter().zip(answers) {
        obs.insert(&name, kind, lookup);
    }
}
