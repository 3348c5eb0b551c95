//! Starting and stopping: ports are reported, shutdown finishes and frees them.

use std::time::Duration;

use ses_standin::{Config, StandIn};

#[tokio::test]
async fn shutdown_finishes_and_frees_the_ports() {
    let standin = StandIn::start(Config::default()).await.unwrap();
    let (http, dns) = (standin.http_addr(), standin.dns_addr());
    assert_ne!(http.port(), 0);
    assert_ne!(dns.port(), 0);
    assert_eq!(standin.endpoint_url(), format!("http://{http}"));

    // A hang detector, not a speed check (speed is for benchmarks): a shutdown that never
    // finishes fails here instead of stalling the suite.
    tokio::time::timeout(Duration::from_secs(60), standin.shutdown())
        .await
        .expect("shutdown finishes");

    let again = Config::default().with_http_addr(http).with_dns_addr(dns);
    let restarted = StandIn::start(again).await.unwrap();
    assert_eq!((restarted.http_addr(), restarted.dns_addr()), (http, dns));
}
