//! Record-level checks over a zone in memory: every problem code with its fix, `until` from
//! TTLs and the SOA's negative TTL, and the lookups a check makes.

use crate::dns_support;

use chrono::{Duration, TimeZone, Utc};
use dns_support::{FakeZone, MAIL_FROM, NEGATIVE_TTL, TTL, subject, wanted};
use domain::dns_check::{self, Check, CheckState, Problem, QueryType};

const DKIM: &str = "aaa._domainkey.mail.example.com";
const DMARC: &str = "_dmarc.mail.example.com";

async fn checks(zone: &FakeZone) -> Vec<Check> {
    let records = wanted();
    let subject = subject();
    let obs = dns_check::gather(zone, &records, &subject).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 6, 0, 0).unwrap();
    dns_check::assess(&records, &subject, &obs, now)
}

fn spf_value() -> String {
    domain::dns::SPF_VALUE.to_owned()
}

#[tokio::test]
async fn a_correct_zone_is_ok_everywhere_and_says_until_when_caches_hold_it() {
    let checks = checks(&FakeZone::correct(&wanted())).await;
    for check in &checks {
        assert_eq!(check.state, CheckState::Ok, "{check:?}");
        assert_eq!(check.problem, None);
        assert_eq!(check.fix, None);
        assert_eq!(
            check.until,
            Some(check.checked_at + Duration::seconds(i64::from(TTL)))
        );
        assert!(!check.found.is_empty());
    }
    assert_eq!(checks[4].spf_lookups, Some(1));
    assert!(checks[5].policy.as_ref().is_some_and(|p| !p.inherited));
}

#[tokio::test]
async fn missing_records_name_the_record_to_publish_and_the_negative_ttl() {
    let zone = FakeZone::correct(&wanted()).without(DKIM, QueryType::Cname);
    let check = &checks(&zone).await[0];
    assert_eq!(
        (check.state, check.problem),
        (CheckState::Missing, Some(Problem::Missing))
    );
    assert_eq!(
        check.fix.as_deref(),
        Some(
            "Publish a CNAME record at aaa._domainkey.mail.example.com with the value aaa.dkim.amazonses.com."
        )
    );
    assert_eq!(
        check.until,
        Some(check.checked_at + Duration::seconds(i64::from(NEGATIVE_TTL)))
    );
    let zone = FakeZone::correct(&wanted()).without(MAIL_FROM, QueryType::Mx);
    let mx = &checks(&zone).await[3];
    assert_eq!(mx.problem, Some(Problem::Missing));
    assert!(
        mx.fix
            .as_deref()
            .unwrap()
            .contains("priority 10 and the value feedback-smtp.eu-west-1.amazonses.com")
    );
}

#[tokio::test]
async fn zone_appended_finds_the_record_under_the_doubled_name() {
    let doubled = format!("{DKIM}.example.com");
    let zone = FakeZone::correct(&wanted())
        .without(DKIM, QueryType::Cname)
        .with(&doubled, QueryType::Cname, "aaa.dkim.amazonses.com");
    let check = &checks(&zone).await[0];
    assert_eq!(
        (check.state, check.problem),
        (CheckState::Wrong, Some(Problem::ZoneAppended))
    );
    assert_eq!(check.found[0].name, doubled);
    let fix = check.fix.as_deref().unwrap();
    assert!(
        fix.contains(&doubled) && fix.contains(&format!("Re-create it at {DKIM}")),
        "{fix}"
    );
}

#[tokio::test]
async fn a_txt_or_a_flattened_address_where_the_cname_belongs_is_the_wrong_type() {
    let zone = FakeZone::correct(&wanted())
        .without(DKIM, QueryType::Cname)
        .with(DKIM, QueryType::Txt, "aaa.dkim.amazonses.com");
    let check = &checks(&zone).await[0];
    assert_eq!(check.problem, Some(Problem::WrongType));
    assert!(
        check
            .fix
            .as_deref()
            .unwrap()
            .starts_with("Replace the TXT record at")
    );
    let zone = FakeZone::correct(&wanted())
        .without(DKIM, QueryType::Cname)
        .with(DKIM, QueryType::A, "104.16.1.1");
    let check = &checks(&zone).await[0];
    assert_eq!(check.problem, Some(Problem::WrongType));
    assert!(check.fix.as_deref().unwrap().contains("CNAME flattening"));
    assert_eq!(check.found[0].value, "104.16.1.1");
}

#[tokio::test]
async fn another_target_is_a_wrong_value_and_found_shows_it() {
    let zone = FakeZone::correct(&wanted())
        .without(DKIM, QueryType::Cname)
        .with(DKIM, QueryType::Cname, "bbb.dkim.amazonses.com");
    let check = &checks(&zone).await[0];
    assert_eq!(
        (check.state, check.problem),
        (CheckState::Wrong, Some(Problem::WrongValue))
    );
    assert_eq!(check.found[0].value, "bbb.dkim.amazonses.com");
    assert!(
        check
            .fix
            .as_deref()
            .unwrap()
            .contains("it points to bbb.dkim.amazonses.com")
    );
}

#[tokio::test]
async fn an_mx_priority_other_than_10_only_warns() {
    let zone = FakeZone::correct(&wanted())
        .without(MAIL_FROM, QueryType::Mx)
        .mx(MAIL_FROM, 20, "feedback-smtp.eu-west-1.amazonses.com");
    let check = &checks(&zone).await[3];
    assert_eq!(
        (check.state, check.problem),
        (CheckState::Warning, Some(Problem::WrongValue))
    );
}

#[tokio::test]
async fn two_mx_two_spf_two_dmarc_are_multiple_records() {
    let zone = FakeZone::correct(&wanted())
        .mx(MAIL_FROM, 20, "mx.example.com")
        .with(MAIL_FROM, QueryType::Txt, "v=spf1 -all")
        .with(DMARC, QueryType::Txt, "v=DMARC1; p=reject");
    let checks = checks(&zone).await;
    for index in [3, 4, 5] {
        assert_eq!(
            checks[index].problem,
            Some(Problem::MultipleRecords),
            "{index}"
        );
        assert_eq!(checks[index].found.len(), 2);
    }
}

#[tokio::test]
async fn a_cname_at_the_mail_from_name_is_a_conflict() {
    let zone = FakeZone::correct(&wanted())
        .without(MAIL_FROM, QueryType::Mx)
        .without(MAIL_FROM, QueryType::Txt)
        .with(MAIL_FROM, QueryType::Cname, "elsewhere.example.net");
    let checks = checks(&zone).await;
    for check in &checks[3..5] {
        assert_eq!(check.problem, Some(Problem::Conflict));
        assert!(
            check
                .fix
                .as_deref()
                .unwrap()
                .starts_with("Delete the CNAME record at bounce.mail.example.com")
        );
    }
}

#[tokio::test]
async fn spf_lookups_are_counted_across_includes() {
    let zone = FakeZone::correct(&wanted())
        .without(MAIL_FROM, QueryType::Txt)
        .with(
            MAIL_FROM,
            QueryType::Txt,
            "v=spf1 include:amazonses.com include:big.example.net ~all",
        )
        .with(
            "big.example.net",
            QueryType::Txt,
            "v=spf1 a mx a mx a mx a mx a -all",
        );
    let check = &checks(&zone).await[4];
    assert_eq!(check.problem, Some(Problem::SpfLookupLimit));
    assert_eq!(check.spf_lookups, Some(11));
    assert!(check.fix.as_deref().unwrap().contains(&spf_value()));
}

#[tokio::test]
async fn spf_and_dmarc_that_do_not_parse_are_syntax() {
    let zone = FakeZone::correct(&wanted())
        .without(MAIL_FROM, QueryType::Txt)
        .with(
            MAIL_FROM,
            QueryType::Txt,
            "v=spf1 include:amazonses.com ip4:1.2.3.4/99 ~all",
        )
        .without(DMARC, QueryType::Txt)
        .with(DMARC, QueryType::Txt, "v=DMARC1; p=maybe");
    let checks = checks(&zone).await;
    assert_eq!(checks[4].problem, Some(Problem::Syntax));
    assert_eq!(checks[5].problem, Some(Problem::Syntax));
}

#[tokio::test]
async fn an_spf_record_without_amazonses_is_a_wrong_value() {
    let zone = FakeZone::correct(&wanted())
        .without(MAIL_FROM, QueryType::Txt)
        .with(MAIL_FROM, QueryType::Txt, "v=spf1 mx -all");
    let check = &checks(&zone).await[4];
    assert_eq!(check.problem, Some(Problem::WrongValue));
    assert!(
        check
            .fix
            .as_deref()
            .unwrap()
            .contains("does not include amazonses.com")
    );
}

#[tokio::test]
async fn an_absent_dmarc_record_warns_and_shows_the_policy_from_above() {
    let zone = FakeZone::correct(&wanted())
        .without(DMARC, QueryType::Txt)
        .with(
            "_dmarc.example.com",
            QueryType::Txt,
            "v=DMARC1; p=reject; aspf=s",
        );
    let check = &checks(&zone).await[5];
    assert_eq!(
        (check.state, check.problem),
        (CheckState::Warning, Some(Problem::Missing))
    );
    let policy = check.policy.as_ref().unwrap();
    assert!(policy.inherited);
    assert_eq!(policy.source, "_dmarc.example.com");
    let codes: Vec<_> = check.advice.iter().map(|a| a.code).collect();
    use domain::dns_check::AdviceCode::*;
    assert_eq!(codes, [StrictPolicyAbove, StrictSpfAlignment]);
}

#[tokio::test]
async fn dmarc_advice_is_staged_and_never_fails_the_record() {
    let zone = FakeZone::correct(&wanted());
    let check = &checks(&zone).await[5];
    use domain::dns_check::AdviceCode::*;
    let codes: Vec<_> = check.advice.iter().map(|a| a.code).collect();
    assert_eq!(codes, [AddReports, MoveToQuarantine]);
    assert_eq!(check.state, CheckState::Ok);
    let zone = FakeZone::correct(&wanted())
        .without(DMARC, QueryType::Txt)
        .with(
            DMARC,
            QueryType::Txt,
            "v=DMARC1; p=quarantine; rua=mailto:d@example.com",
        );
    let check = &checks(&zone).await[5];
    let codes: Vec<_> = check.advice.iter().map(|a| a.code).collect();
    assert_eq!(codes, [MoveToReject]);
}

#[tokio::test]
async fn a_failed_lookup_is_a_warning_not_a_verdict() {
    let zone = FakeZone::correct(&wanted()).failing(DKIM);
    let check = &checks(&zone).await[0];
    assert_eq!((check.state, check.problem), (CheckState::Warning, None));
    assert!(check.fix.as_deref().unwrap().contains("SERVFAIL"));
}

#[tokio::test]
async fn the_first_failing_required_record_is_named() {
    let records = wanted();
    let zone = FakeZone::correct(&records)
        .without(MAIL_FROM, QueryType::Mx)
        .without(DMARC, QueryType::Txt);
    let checks = checks(&zone).await;
    let (record, check) = dns_check::first_failure(&records, &checks).unwrap();
    assert_eq!(record.name, MAIL_FROM);
    assert_eq!(check.problem, Some(Problem::Missing));
}

#[tokio::test]
async fn a_correct_zone_costs_a_handful_of_lookups_and_probes_only_what_is_absent() {
    let zone = FakeZone::correct(&wanted());
    checks(&zone).await;
    let asked = zone.asked.lock().unwrap().len();
    // 3 DKIM + MX, CNAME and TXT at MAIL FROM + 2 DMARC; amazonses.com is not fetched.
    assert_eq!(asked, 8);
}
