//! A local stand-in for Amazon SESv2, for tests and `make dev`.
//!
//! It speaks the SESv2 REST-JSON API the way `aws-sdk-sesv2` calls it (identities, MAIL FROM,
//! suppression list), runs SES's DNS-driven verification lifecycle against a real DNS zone it
//! serves over UDP and TCP, mails address-verification links into an outbox, and has a manual
//! clock, so 24 h and 72 h deadlines are testable at once. Test controls live under `/_local/`
//! and on [`StandInControl`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), ses_standin::StartError> {
//! let standin = ses_standin::StandIn::start(ses_standin::Config::default()).await?;
//! let endpoint = standin.endpoint_url(); // give this to the SDK as endpoint_url
//! # let _ = endpoint;
//! standin.shutdown().await;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod api;
mod app;
pub mod calls;
pub mod cli;
pub mod clock;
pub mod config;
pub mod control;
pub mod dns;
pub mod faults;
pub mod names;
pub mod outbox;
mod standin;
pub mod state;
mod sync;

pub use api::operations::{OPERATIONS, modeled_errors};
pub use api::ops::ROUTES;
pub use calls::{CallCounts, FaultRule, Faults};
pub use config::Config;
pub use control::{ControlError, StandInControl};
pub use dns::record::{DnsRecord, RecordData, RecordName, RecordType};
pub use outbox::OutboxMessage;
pub use standin::{RunningStandIn, ShutdownHandle, StandIn, StartError};
pub use state::identity::{SoaRecord, Tag};
pub use state::lifecycle::Status;
