//! The stub resolver against the SES stand-in's DNS zone (hickory-server, another DNS
//! implementation): answers with owners and TTLs, CNAME chains, NODATA against NXDOMAIN, an
//! answer too big for UDP, and a check gathered through it end to end.

use adapters::dns::StubLookup;
use domain::dns_check::{self, CheckState, Lookup, Problem, QueryType, Subject};
use domain::ports::DnsLookup;
use serde_json::json;
use testkit::ses::LocalSes;

async fn publish(ses: &LocalSes, name: &str, kind: &str, value: &str) {
    ses.control(
        "dns/records",
        json!({ "name": name, "type": kind, "value": value }),
    )
    .await;
}

#[tokio::test]
async fn answers_carry_owner_type_value_and_ttl() {
    let ses = LocalSes::start(1).await;
    publish(
        &ses,
        "x._domainkey.m.example.com",
        "CNAME",
        "x.dkim.amazonses.com",
    )
    .await;
    publish(
        &ses,
        "bounce.m.example.com",
        "MX",
        "feedback-smtp.us-east-1.amazonses.com",
    )
    .await;
    publish(&ses, "bounce.m.example.com", "TXT", &"a".repeat(300)).await;
    publish(&ses, "alias.m.example.com", "CNAME", "bounce.m.example.com").await;
    let dns = StubLookup::server(ses.standin.dns_addr());

    let Lookup::Records(cname) = dns
        .lookup("x._domainkey.m.example.com", QueryType::Cname)
        .await
    else {
        panic!("a CNAME answer expected")
    };
    assert_eq!(cname.len(), 1);
    assert_eq!(
        (
            cname[0].name.as_str(),
            cname[0].kind,
            cname[0].value.as_str(),
            cname[0].ttl
        ),
        (
            "x._domainkey.m.example.com",
            QueryType::Cname,
            "x.dkim.amazonses.com",
            300
        )
    );

    let Lookup::Records(mx) = dns.lookup("bounce.m.example.com", QueryType::Mx).await else {
        panic!("an MX answer expected")
    };
    assert_eq!(mx[0].priority, Some(10));

    let Lookup::Records(txt) = dns.lookup("bounce.m.example.com", QueryType::Txt).await else {
        panic!("a TXT answer expected")
    };
    assert_eq!(
        txt[0].value,
        "a".repeat(300),
        "the 255-byte strings are joined"
    );

    let Lookup::Records(chain) = dns.lookup("alias.m.example.com", QueryType::Mx).await else {
        panic!("a chain expected")
    };
    let kinds: Vec<_> = chain.iter().map(|a| (a.name.as_str(), a.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("alias.m.example.com", QueryType::Cname),
            ("bounce.m.example.com", QueryType::Mx)
        ]
    );

    // Negative answers carry the SOA's negative-caching TTL (min of its TTL and MINIMUM).
    assert_eq!(
        dns.lookup("bounce.m.example.com", QueryType::Cname).await,
        Lookup::NoData {
            negative_ttl: Some(300)
        }
    );
    assert_eq!(
        dns.lookup("nothing.m.example.com", QueryType::Txt).await,
        Lookup::NxDomain {
            negative_ttl: Some(300)
        }
    );
}

#[tokio::test]
async fn a_check_gathered_through_the_resolver_finds_a_zone_appended_record() {
    let ses = LocalSes::start(2).await;
    publish(
        &ses,
        "aaa._domainkey.m.example.com.example.com",
        "CNAME",
        "aaa.dkim.amazonses.com",
    )
    .await;
    let dns = StubLookup::server(ses.standin.dns_addr());
    let records = vec![domain::dns::DnsRecord {
        name: "aaa._domainkey.m.example.com".to_owned(),
        record_type: domain::dns::RecordType::Cname,
        value: "aaa.dkim.amazonses.com".to_owned(),
        priority: None,
        purpose: domain::dns::Purpose::Dkim,
        required: true,
    }];
    let subject = Subject {
        subdomain: "m.example.com",
        organizational: "example.com",
        mail_from: "bounce.m.example.com",
    };
    let obs = dns_check::gather(&dns, &records, &subject).await;
    let checks = dns_check::assess(&records, &subject, &obs, chrono::Utc::now());
    assert_eq!(checks[0].state, CheckState::Wrong);
    assert_eq!(checks[0].problem, Some(Problem::ZoneAppended));
}

#[tokio::test]
async fn an_answer_too_big_for_udp_comes_over_tcp() {
    let ses = LocalSes::start(3).await;
    // Eight 250-byte TXT records: about 2 KB, past the 1,232 bytes offered over UDP, so the
    // server truncates and the resolver asks again over TCP.
    let values: Vec<String> = (0..8).map(|i| format!("{i}{}", "x".repeat(249))).collect();
    for value in &values {
        publish(&ses, "big.m.example.com", "TXT", value).await;
    }
    let dns = StubLookup::server(ses.standin.dns_addr());
    let Lookup::Records(txt) = dns.lookup("big.m.example.com", QueryType::Txt).await else {
        panic!("a TXT answer expected")
    };
    let mut found: Vec<String> = txt.into_iter().map(|a| a.value).collect();
    found.sort();
    assert_eq!(found, values);
}

#[tokio::test]
async fn an_unreachable_server_is_a_failed_lookup() {
    // A bound UDP socket that never answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
    let dns = StubLookup::server(silent.local_addr().expect("addr"));
    let answer = dns.lookup("m.example.com", QueryType::Txt).await;
    assert!(answer.failed().is_some(), "{answer:?}");
}
