//! The stand-in as `make test` and `make dev` launch it (its binary, reached through
//! AWS_ENDPOINT_URL_SESV2 like the product): SDK calls and its DNS zone over UDP.

use std::net::SocketAddr;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RecordType;

fn endpoint(var: &str) -> String {
    std::env::var(var)
        .unwrap_or_else(|_| panic!("{var} is not set: run these tests with `make test`"))
}

#[tokio::test]
async fn the_launched_standin_verifies_a_domain_from_its_own_dns() {
    let ses_url = endpoint("AWS_ENDPOINT_URL_SESV2");
    let dns: SocketAddr = endpoint("SES_STANDIN_DNS")
        .parse()
        .expect("a socket address");
    let client = aws_sdk_sesv2::Client::new(&testkit::sdk_config(&ses_url).await);
    let name = format!("{}.example.com", testkit::unique_name("smoke"));

    let created = client
        .create_email_identity()
        .email_identity(&name)
        .send()
        .await
        .expect("created");
    let tokens = created
        .dkim_attributes()
        .map(|d| d.tokens().to_vec())
        .unwrap_or_default();
    assert_eq!(tokens.len(), 3);
    let http = reqwest::Client::new();
    let published = http
        .post(format!(
            "{ses_url}/_local/identities/{name}/publish-records"
        ))
        .send()
        .await
        .expect("published");
    assert!(published.status().is_success());

    let mut connection = ConnectionConfig::udp();
    connection.port = dns.port();
    let server = NameServerConfig::new(dns.ip(), true, vec![connection]);
    let resolver = TokioResolver::builder_with_config(
        ResolverConfig::from_name_servers(vec![server]),
        TokioRuntimeProvider::default(),
    )
    .build()
    .expect("a resolver");
    let answer = resolver
        .lookup(
            format!("{}._domainkey.{name}.", tokens[0]),
            RecordType::CNAME,
        )
        .await
        .expect("the CNAME resolves");
    let targets: Vec<String> = answer
        .answers()
        .iter()
        .map(|r| r.data.to_string())
        .collect();
    assert_eq!(targets, [format!("{}.dkim.amazonses.com.", tokens[0])]);

    let got = client
        .get_email_identity()
        .email_identity(&name)
        .send()
        .await
        .expect("read");
    assert_eq!(
        got.dkim_attributes()
            .and_then(|d| d.status())
            .map(|s| s.as_str().to_owned()),
        Some("SUCCESS".to_owned())
    );
}
