//! Starting and stopping a stand-in: binds HTTP and DNS, spawns both servers.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api;
use crate::app::{Settings, Shared};
use crate::calls::CallLog;
use crate::clock::Clock;
use crate::config::Config;
use crate::control::{StandInControl, routes};
use crate::dns::checker::DnsChecker;
use crate::dns::record::RecordName;
use crate::dns::{server, zone::Zone};
use crate::state::{AccountSettings, Store};

/// How long [`RunningStandIn::shutdown`] waits for the servers to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Why a stand-in could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The HTTP address could not be bound.
    #[error("cannot bind the HTTP API on {addr}: {source}")]
    BindHttp {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: io::Error,
    },
    /// The DNS address could not be bound for both UDP and TCP.
    #[error("cannot bind DNS (UDP and TCP) on {addr}: {source}")]
    BindDns {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: io::Error,
    },
    /// The region cannot appear in a host name.
    #[error("invalid region `{0}`")]
    InvalidRegion(String),
}

/// Starts stand-ins.
#[derive(Debug, Clone, Copy)]
pub struct StandIn;

impl StandIn {
    /// Binds the HTTP API and the DNS zone, spawns both on the current Tokio runtime, and
    /// returns once they accept requests.
    pub async fn start(config: Config) -> Result<RunningStandIn, StartError> {
        let mx_target = RecordName::parse(&config.mail_from_mx_target())
            .map_err(|_| StartError::InvalidRegion(config.region.clone()))?;
        let listener = TcpListener::bind(config.http_addr)
            .await
            .map_err(|source| StartError::BindHttp {
                addr: config.http_addr,
                source,
            })?;
        let http_addr = listener
            .local_addr()
            .map_err(|source| StartError::BindHttp {
                addr: config.http_addr,
                source,
            })?;
        let dns_error = |source| StartError::BindDns {
            addr: config.dns_addr,
            source,
        };
        let (udp, tcp) = server::bind(config.dns_addr).await.map_err(dns_error)?;
        let dns_addr = udp.local_addr().map_err(dns_error)?;

        let zone = Zone::default();
        let shared = Arc::new(Shared {
            settings: Settings {
                region: config.region.clone(),
                mx_target,
                link_base: format!("{}/_local/verify/", base_url(http_addr)),
                preverified: config.preverified.clone(),
                signing_hosted_zone: config.signing_hosted_zone(),
                account_id: config.account_id.clone(),
            },
            clock: Clock::new(config.start_time),
            zone: zone.clone(),
            store: Mutex::new(Store::new(
                config.seed,
                AccountSettings {
                    identity_quota: config.identity_quota,
                    detection_delay: config.detection_delay,
                    configuration_sets: config.configuration_sets.clone(),
                },
            )),
            calls: Mutex::new(CallLog::with_rate_limit(config.seed, config.rate_limit)),
            checker: DnsChecker::new(config.dns_upstream.unwrap_or(reachable(dns_addr))),
        });
        let control = StandInControl::new(shared.clone());
        control.seed_preverified();
        let fallback_state = shared.clone();
        let app = Router::new()
            .merge(api::router(shared))
            .merge(routes::router(control.clone()))
            .fallback(move || async move { api::unknown_operation(&fallback_state) });

        let (stop, stopped) = watch::channel(false);
        let dns_task = server::spawn(zone, udp, tcp, stopped.clone());
        let mut http_stopped = stopped;
        let http_task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = http_stopped.wait_for(|stop| *stop).await;
            };
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::warn!(%error, "HTTP server stopped with an error");
            }
        });
        tracing::info!(%http_addr, %dns_addr, region = config.region, "SES stand-in started");
        Ok(RunningStandIn {
            http_addr,
            dns_addr,
            control,
            stop: ShutdownHandle(Arc::new(stop)),
            tasks: vec![http_task, dns_task],
        })
    }
}

/// A running stand-in. Dropping it stops the servers (without waiting for them).
#[derive(Debug)]
pub struct RunningStandIn {
    http_addr: SocketAddr,
    dns_addr: SocketAddr,
    control: StandInControl,
    stop: ShutdownHandle,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningStandIn {
    /// Where the SESv2 API and `/_local/` listen.
    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// Where the DNS zone is served (UDP and TCP).
    pub fn dns_addr(&self) -> SocketAddr {
        self.dns_addr
    }

    /// The URL to give the SDK as `endpoint_url`, e.g. `http://127.0.0.1:5056`.
    pub fn endpoint_url(&self) -> String {
        base_url(self.http_addr)
    }

    /// In-process controls (clock, zone, outbox, faults, call counts).
    pub fn control(&self) -> &StandInControl {
        &self.control
    }

    /// A handle that stops this stand-in from anywhere.
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.stop.clone()
    }

    /// Resolves once the stand-in has been stopped through a [`ShutdownHandle`].
    pub async fn stopped(&mut self) {
        for task in &mut self.tasks {
            let _ = task.await;
        }
        self.tasks.clear();
    }

    /// Stops both servers and waits (a few seconds at most) for them to finish.
    pub async fn shutdown(mut self) {
        self.stop.shutdown();
        let tasks = std::mem::take(&mut self.tasks);
        for task in tasks {
            if tokio::time::timeout(SHUTDOWN_GRACE, task).await.is_err() {
                tracing::warn!("a server did not stop in time");
            }
        }
    }
}

impl Drop for RunningStandIn {
    fn drop(&mut self) {
        self.stop.shutdown();
    }
}

/// Stops a running stand-in.
#[derive(Debug, Clone)]
pub struct ShutdownHandle(Arc<watch::Sender<bool>>);

impl ShutdownHandle {
    /// Asks both servers to stop.
    pub fn shutdown(&self) {
        self.0.send_replace(true);
    }
}

/// An address clients can reach: a wildcard bind is reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        ip if ip.is_unspecified() => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port()),
        _ => addr,
    }
}

fn base_url(addr: SocketAddr) -> String {
    format!("http://{}", reachable(addr))
}
