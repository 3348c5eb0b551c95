//! Our SPF and DMARC verdicts against checkdmarc's, mail-auth's and the openspf suite's, from
//! `data/dns` (see its README). A difference from the origin must be explained on its line.

use crate::dns_support;

use chrono::Utc;
use dns_support::{FakeZone, MAIL_FROM, subject, wanted};
use domain::dns_check::spf::{self, Published, SpfIssue};
use domain::dns_check::{self, Observations, QueryType};

const DMARC_DATA: &str = include_str!("data/dns/dmarc-verdicts.tsv");
const SPF_DATA: &str = include_str!("data/dns/spf-verdicts.tsv");
const SPF_ZONES: &str = include_str!("data/dns/spf-zones.txt");

struct Row<'a> {
    origin_says: &'a str,
    we_say: &'a str,
    records: Vec<String>,
    origin: &'a str,
    reason: &'a str,
}

fn rows(data: &str) -> Vec<Row<'_>> {
    data.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() >= 4, "malformed line: {line:?}");
            Row {
                origin_says: cols[0],
                we_say: cols[1],
                records: cols[2]
                    .split(" || ")
                    .map(|r| r.replace("\\t", "\t"))
                    .collect(),
                origin: cols[3],
                reason: cols.get(4).copied().unwrap_or_default(),
            }
        })
        .collect()
}

/// Each row either agrees with its origin or says why not.
fn explained(row: &Row<'_>, agrees: bool) {
    assert!(
        agrees || row.reason.len() > 20,
        "{}: we say {} where the origin says {}, with no reason given",
        row.origin,
        row.we_say,
        row.origin_says
    );
}

fn dmarc_verdict(records: &[String]) -> String {
    let mut zone = FakeZone::correct(&wanted()).without("_dmarc.mail.example.com", QueryType::Txt);
    for record in records {
        zone = zone.with("_dmarc.mail.example.com", QueryType::Txt, record);
    }
    let records = wanted();
    let obs = futures::executor::block_on(dns_check::gather(&zone, &records, &subject()));
    let check = &dns_check::assess(&records, &subject(), &obs, Utc::now())[5];
    match &check.policy {
        Some(policy) if !policy.inherited => serde_json::to_value(policy.disposition)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned(),
        _ => serde_json::to_value(check.problem)
            .unwrap()
            .as_str()
            .unwrap_or("ok")
            .to_owned(),
    }
}

#[test]
fn dmarc_verdicts_match_checkdmarc_and_mail_auth_or_say_why_not() {
    let rows = rows(DMARC_DATA);
    assert!(rows.len() >= 40);
    let mut wrong = Vec::new();
    for row in &rows {
        let got = dmarc_verdict(&row.records);
        if got != row.we_say {
            wrong.push(format!(
                "{} {:?}: expected {}, got {got}",
                row.origin, row.records, row.we_say
            ));
        }
        explained(row, row.origin_says == row.we_say);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn spf_verdict(domain: &str, obs: &Observations) -> String {
    match spf::published(domain, obs) {
        Published::None => "missing".to_owned(),
        Published::Several(_) => "multiple_records".to_owned(),
        Published::One(text) => {
            let report = spf::analyse(domain, &text, obs);
            match report.issue {
                Some(SpfIssue::Syntax { .. }) => "syntax",
                Some(SpfIssue::Multiple { .. }) => "multiple_records",
                Some(SpfIssue::NoRecord { .. }) => "no_record",
                Some(SpfIssue::Loop { .. }) => "loop",
                None if report.lookups > spf::LOOKUP_LIMIT => "spf_lookup_limit",
                None => "ok",
            }
            .to_owned()
        }
    }
}

#[test]
fn spf_verdicts_match_checkdmarc_and_mail_auth_or_say_why_not() {
    let rows = rows(SPF_DATA);
    assert!(rows.len() >= 40);
    let mut wrong = Vec::new();
    for row in &rows {
        let mut obs = Observations::default();
        let answers = row
            .records
            .iter()
            .map(|text| dns_check::Answer {
                name: MAIL_FROM.to_owned(),
                kind: QueryType::Txt,
                value: text.clone(),
                priority: None,
                ttl: 300,
            })
            .collect();
        obs.insert(
            MAIL_FROM,
            QueryType::Txt,
            dns_check::Lookup::Records(answers),
        );
        let got = spf_verdict(MAIL_FROM, &obs);
        if got != row.we_say {
            wrong.push(format!(
                "{} {:?}: expected {}, got {got}",
                row.origin, row.records, row.we_say
            ));
        }
        explained(row, row.origin_says == row.we_say);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn spf_zone_cases_from_the_openspf_suite() {
    let mut cases = 0;
    let mut wrong = Vec::new();
    for block in SPF_ZONES.split("\n\n").filter(|b| b.contains("case\t")) {
        let mut lines = block.lines().filter(|l| !l.starts_with('#'));
        let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let (domain, origin_says, we_say, origin, reason) =
            (head[2], head[3], head[4], head[5], head[6]);
        let mut zone = FakeZone::default();
        for line in lines {
            let cols: Vec<&str> = line.split('\t').collect();
            zone = zone.with(cols[1], QueryType::Txt, cols[2]);
        }
        // Gather as the check does, with the case's domain as the MAIL FROM domain.
        let mut subject = subject();
        subject.mail_from = domain;
        let records: Vec<_> = wanted()
            .into_iter()
            .filter(|r| r.purpose == domain::dns::Purpose::MailFromSpf)
            .map(|mut r| {
                r.name = domain.to_owned();
                r
            })
            .collect();
        let obs = futures::executor::block_on(dns_check::gather(&zone, &records, &subject));
        let got = spf_verdict(domain, &obs);
        if got != we_say {
            wrong.push(format!("{origin}: expected {we_say}, got {got}"));
        }
        let agrees = (origin_says == "permerror") == (we_say != "ok");
        explained(
            &Row {
                origin_says,
                we_say,
                records: Vec::new(),
                origin,
                reason,
            },
            agrees,
        );
        cases += 1;
    }
    assert_eq!(cases, 9);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
