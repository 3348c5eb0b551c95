//! The served zone, asked by a real hickory resolver over UDP and over TCP.

use crate::common;

use std::net::SocketAddr;

use common::Harness;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};
use serde_json::json;

/// A resolver that only speaks `protocol` ("udp" or "tcp") to `server`.
fn resolver(server: SocketAddr, tcp: bool) -> TokioResolver {
    let mut connection = if tcp {
        ConnectionConfig::tcp()
    } else {
        ConnectionConfig::udp()
    };
    connection.port = server.port();
    let name_server = NameServerConfig::new(server.ip(), true, vec![connection]);
    let mut options = ResolverOpts::default();
    options.cache_size = 0;
    TokioResolver::builder_with_config(
        ResolverConfig::from_name_servers(vec![name_server]),
        TokioRuntimeProvider::default(),
    )
    .with_options(options)
    .build()
    .unwrap()
}

async fn answers(resolver: &TokioResolver, name: &str, kind: RecordType) -> Vec<RData> {
    let lookup = resolver.lookup(name, kind).await.unwrap();
    lookup
        .answers()
        .iter()
        .map(|record| record.data.clone())
        .collect()
}

async fn check_protocol(tcp: bool) {
    let harness = Harness::start().await;
    let long_txt: String = (0..300)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    harness
        .publish(
            "abc._domainkey.example.com",
            "CNAME",
            "abc.dkim.amazonses.com",
            None,
        )
        .await;
    harness
        .publish(
            "bounce.example.com",
            "MX",
            "feedback-smtp.us-east-1.amazonses.com",
            Some(10),
        )
        .await;
    harness
        .publish("_dmarc.example.com", "TXT", &long_txt, None)
        .await;
    let resolver = resolver(harness.standin.dns_addr(), tcp);

    let cname = answers(&resolver, "abc._domainkey.example.com.", RecordType::CNAME).await;
    let [RData::CNAME(target)] = cname.as_slice() else {
        panic!("{cname:?}")
    };
    assert_eq!(target.0.to_string(), "abc.dkim.amazonses.com.");

    let mx = answers(&resolver, "bounce.example.com.", RecordType::MX).await;
    let [RData::MX(mx)] = mx.as_slice() else {
        panic!("{mx:?}")
    };
    assert_eq!(mx.preference, 10);
    assert_eq!(
        mx.exchange.to_string(),
        "feedback-smtp.us-east-1.amazonses.com."
    );

    let txt = answers(&resolver, "_dmarc.example.com.", RecordType::TXT).await;
    let [RData::TXT(txt)] = txt.as_slice() else {
        panic!("{txt:?}")
    };
    let lengths: Vec<usize> = txt.txt_data.iter().map(|s| s.len()).collect();
    assert_eq!(lengths, [255, 45]);
    assert_eq!(String::from_utf8(txt.txt_data.concat()).unwrap(), long_txt);

    let missing = resolver
        .lookup("nope.example.com.", RecordType::TXT)
        .await
        .unwrap_err();
    assert!(missing.is_nx_domain(), "{missing:?}");
    let no_data = resolver
        .lookup("bounce.example.com.", RecordType::TXT)
        .await
        .unwrap_err();
    assert!(
        no_data.is_no_records_found() && !no_data.is_nx_domain(),
        "{no_data:?}"
    );
}

#[tokio::test]
async fn serves_cname_mx_and_split_txt_over_udp() {
    check_protocol(false).await;
}

#[tokio::test]
async fn serves_cname_mx_and_split_txt_over_tcp() {
    check_protocol(true).await;
}

#[tokio::test]
async fn records_can_be_listed_removed_and_conflicts_are_refused() {
    let harness = Harness::start().await;
    harness
        .publish(
            "m.example.com",
            "TXT",
            "v=spf1 include:amazonses.com ~all",
            None,
        )
        .await;
    let (status, _) = harness
        .post(
            "/_local/dns/records",
            json!({ "name": "m.example.com", "type": "CNAME", "value": "x.example.com" }),
        )
        .await;
    assert_eq!(status, 409, "a CNAME cannot sit beside other records");
    let (status, _) = harness
        .post(
            "/_local/dns/records",
            json!({ "name": "bad name", "type": "TXT", "value": "x" }),
        )
        .await;
    assert_eq!(status, 400);

    let (_, listed) = harness.get("/_local/dns/records").await;
    assert_eq!(listed["records"].as_array().unwrap().len(), 1);
    let url = harness.url("/_local/dns/records?name=m.example.com&type=TXT");
    let removed: serde_json::Value = harness
        .http
        .delete(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(removed["removed"], 1);
    assert_eq!(harness.standin.control().records(), Vec::new());
}

#[tokio::test]
async fn reset_forgets_everything_and_rewinds_the_clock() {
    let harness = Harness::start().await;
    harness.create("example.com").await;
    harness.publish_identity("example.com").await;
    harness.advance_hours(5).await;
    let (_, clock) = harness.get("/_local/clock").await;
    assert_eq!(clock["offset_seconds"], 5 * 3600);

    let (status, _) = harness.post("/_local/reset", json!({})).await;
    assert_eq!(status, 200);
    let (_, clock) = harness.get("/_local/clock").await;
    assert_eq!(clock["offset_seconds"], 0);
    assert!(harness.standin.control().records().is_empty());
    assert_eq!(harness.standin.control().calls().total, 0);
    let listed = harness.ses.list_email_identities().send().await.unwrap();
    assert!(listed.email_identities().is_empty());
}

#[tokio::test]
async fn a_preverified_domain_exists_verified_from_the_start_and_after_a_reset() {
    let config = ses_standin::Config {
        preverified: vec!["mail.platform.test".to_owned()],
        ..ses_standin::Config::default()
    };
    let harness = Harness::start_with(config).await;
    for moment in ["at start", "after a reset"] {
        assert_eq!(
            harness.standin.control().calls().total,
            0,
            "seeding is not an SES call ({moment})"
        );
        assert_eq!(
            harness.standin.control().records().len(),
            3,
            "its DKIM CNAMEs are published ({moment})"
        );
        let identity = harness.read("mail.platform.test").await;
        assert!(identity.verified_for_sending_status(), "{moment}");
        let listed = harness.ses.list_email_identities().send().await.unwrap();
        let names: Vec<_> = listed
            .email_identities()
            .iter()
            .filter_map(|identity| identity.identity_name())
            .collect();
        assert_eq!(names, ["mail.platform.test"], "{moment}");
        harness.create("other.example.com").await;
        let (status, _) = harness.post("/_local/reset", json!({})).await;
        assert_eq!(status, 200);
    }
}
