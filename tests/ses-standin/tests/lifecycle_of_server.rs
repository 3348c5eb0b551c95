//! Starting and stopping: ports are reported, shutdown is prompt and frees them.

use std::time::{Duration, Instant};

use ses_standin::{Config, StandIn};

#[tokio::test]
async fn shutdown_is_prompt_and_frees_the_ports() {
    let standin = StandIn::start(Config::default()).await.unwrap();
    let (http, dns) = (standin.http_addr(), standin.dns_addr());
    assert_ne!(http.port(), 0);
    assert_ne!(dns.port(), 0);
    assert_eq!(standin.endpoint_url(), format!("http://{http}"));

    let started = Instant::now();
    standin.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );

    let again = Config::default().with_http_addr(http).with_dns_addr(dns);
    let restarted = StandIn::start(again).await.unwrap();
    assert_eq!((restarted.http_addr(), restarted.dns_addr()), (http, dns));
}
