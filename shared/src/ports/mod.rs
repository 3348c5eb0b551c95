//! Every boundary of the domain: what the use cases need from the outside world.
//!
//! | port | what it stands for | adapter (crate `adapters`) |
//! |---|---|---|
//! | [`DomainStore`] | subdomains and the ownership claims on their names | `dynamo::DynamoStore` |
//! | [`SenderStore`] | senders, their address claims, the platform identity's status | `dynamo::DynamoStore` |
//! | [`FeedbackStore`] | feedback receipts and the per-recipient write | `dynamo::DynamoStore` |
//! | [`DailyCounters`] | per-day feedback counters | `dynamo::DynamoStore` |
//! | [`SuppressionList`] | the tenants' suppression lists | `dynamo::DynamoStore` |
//! | [`DueIndex`] | identities whose next check is due | `dynamo::DynamoStore` |
//! | [`IdempotencyKeys`] | `Idempotency-Key`s and the responses they replay | `dynamo::DynamoStore` |
//! | [`EmailIdentities`] | SES domain and address identities | `ses::SesIdentities` |
//! | [`AccountSuppression`] | the SES account-level suppression list | `ses_suppression::SesAccountSuppression` |
//! | [`FollowUps`] | one-time follow-up checks | `scheduler::SchedulerFollowUps` |
//! | [`DnsLookup`] | DNS lookups for the record checks | `dns::StubLookup` |
//! | [`Pacer`] | pacing of SES calls | `pacing::RatePacer` |
//! | [`IdentityListing`] | the identities in the SES account | `ses::SesIdentities` |
//! | [`ReconcileStore`] | the reconciler's cursor and claim look-ups | `dynamo::DynamoStore` |
//! | [`SesBudget`] | the account-wide SES budget (token bucket) | `dynamo::DynamoStore` |
//! | [`SesCallLog`] | SES calls and throttles by caller | `ses_metrics::EmfSesCalls` |
//! | [`Clock`](clock::Clock) | the current time | [`clock::SystemClock`] |
//!
//! Tests use the same adapters against moto and the SES stand-in; only faults those cannot
//! produce are mocked.

mod budget;
pub mod clock;
mod dns;
mod domains;
mod feedback;
mod idempotency;
mod reconcile;
mod reputation;
mod senders;
mod ses;
mod storage;
mod suppressions;
mod verification;

pub use budget::{CallOutcome, Caller, NoCallLog, Scope, SesBudget, SesCallLog, Spent, TakeError};
pub use clock::Clock;
pub use dns::DnsLookup;
pub use domains::{DomainStore, SubdomainClaimError};
pub use feedback::{
    Attribution, Effect, FeedbackStore, Holder, Subject, SuppressionWrite, Tally, Written,
};
pub use idempotency::{IdempotencyKeys, KeptResponse, KeyRecord};
pub use reconcile::{IdentityListing, IdentityPage, ReconcileStore};
pub use reputation::DailyCounters;
pub use senders::{AddressClaimError, SenderStore};
pub use ses::{DkimSetup, EmailIdentities, IdentityError, IdentitySnapshot};
pub use storage::{Page, PageRequest, SaveError, StoreError};
pub use suppressions::{AccountSuppression, Added, MirrorError, SuppressionList};
pub use verification::{DueIndex, FollowUpError, FollowUps, NoFollowUps, Pacer};
