//! DNS as the record checks see it.

use crate::dns_check::{Lookup, QueryType};

/// One DNS lookup, whatever server answers it.
#[async_trait::async_trait]
pub trait DnsLookup: Send + Sync {
    /// Looks `name` up for `kind`. Errors are answers too ([`Lookup::Failed`]).
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup;
}
