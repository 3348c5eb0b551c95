//! The DynamoDB single-table store.
//!
//! | item | pk | sk | notes |
//! |---|---|---|---|
//! | subdomain | `T#<tenant>` | `D#<id>` | `due_pk`/`due_at` only while a check is due (sparse `due` index) |
//! | name node | `N#<name>` | `N` | `owner`, `owner_domain` when claimed; `below` = tenants holding names under it, `c#<tenant>` their counts |
//! | sender | `T#<tenant>` | `S#<id>` | `due_pk`/`due_at` while an email sender's check is due |
//! | address claim | `A#<address>` | `A` | `owner`, `sender_id`: one sender per From address, across tenants |
//! | quota counter | `T#<tenant>` | `Q#<quota>` | `used`: raised in the claim's transaction while below the limit |
//! | SES budget (account) | `SES#budget` | `B` | `tat`: the token bucket every SES identity call takes from (`budget.rs`) |
//! | SES budget (tenant) | `T#<tenant>` | `B#ses` | `tat`: the tenant's share of interactive SES calls; expires when idle |
//! | platform status | `P#default` | `P` | the platform identity's last known status |
//! | reconciler cursor | `P#reconcile` | `P` | `next`: where the reconciler's next slice of the SES listing starts |
//! | status-change event (outbox) | `E#outbox` | `E#<event_id>` | see `outbox.rs` |
//! | feedback receipts, daily counters, suppressions | `R#...`, `T#<tenant>`, `U#unattributed` | `R`, `C#...`, `X#...` | see `feedback_items.rs` |
//!
//! A tenant's subdomains are one Query on its partition; a name's owner is one GetItem; the
//! sweep queries the `due` index (`due_pk = "DUE"`, `due_at <= now`) so its cost follows the
//! due items only.

mod budget;
mod domains;
mod due;
mod errors;
mod feedback;
mod feedback_items;
pub mod items;
mod lifecycle;
mod name_claims;
pub mod outbox;
mod quota;
mod reconcile;
pub mod schema;
mod senders;
mod store;
mod suppressions;

pub use budget::DynamoBudget;
pub use store::DynamoStore;
