//! DNS lookups counted by outcome, for the `DnsLookups*` metrics: every lookup a function's
//! record checks make passes through [`CountingLookup`], and the function writes the counts
//! into its metrics after each invocation ([`LookupCounts::take_into`]). The caller is the
//! metrics' `Function` dimension.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use domain::dns_check::{Lookup, QueryType};
use domain::ports::DnsLookup;

use crate::metrics::Metrics;

/// The process's lookups: what [`crate::wiring::ports`] counts into.
pub static DNS_LOOKUPS: LookupCounts = LookupCounts::new();

/// Lookups by outcome since the last [`take_into`](Self::take_into).
#[derive(Debug, Default)]
pub struct LookupCounts {
    answered: AtomicU64,
    no_data: AtomicU64,
    nx_domain: AtomicU64,
    failed: AtomicU64,
}

impl LookupCounts {
    pub const fn new() -> Self {
        Self {
            answered: AtomicU64::new(0),
            no_data: AtomicU64::new(0),
            nx_domain: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    pub fn record(&self, lookup: &Lookup) {
        let counter = match lookup {
            Lookup::Records(_) => &self.answered,
            Lookup::NoData { .. } => &self.no_data,
            Lookup::NxDomain { .. } => &self.nx_domain,
            Lookup::Failed(_) => &self.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Moves the counts into `metrics` (`DnsLookups` in all, then one metric per outcome) and
    /// starts again from zero; nothing is written when there was no lookup.
    pub fn take_into(&self, metrics: &mut Metrics) {
        let counts = [
            (
                "DnsLookupsAnswered",
                self.answered.swap(0, Ordering::Relaxed),
            ),
            ("DnsLookupsNoData", self.no_data.swap(0, Ordering::Relaxed)),
            (
                "DnsLookupsNxDomain",
                self.nx_domain.swap(0, Ordering::Relaxed),
            ),
            ("DnsLookupsFailed", self.failed.swap(0, Ordering::Relaxed)),
        ];
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return;
        }
        metrics.count("DnsLookups", total);
        for (name, n) in counts {
            metrics.count(name, n);
        }
    }
}

/// A [`DnsLookup`] that counts each answer's outcome in `counts`.
pub struct CountingLookup {
    inner: Arc<dyn DnsLookup>,
    counts: &'static LookupCounts,
}

impl CountingLookup {
    pub fn new(inner: Arc<dyn DnsLookup>, counts: &'static LookupCounts) -> Self {
        Self { inner, counts }
    }
}

#[async_trait::async_trait]
impl DnsLookup for CountingLookup {
    async fn lookup(&self, name: &str, kind: QueryType) -> Lookup {
        let answer = self.inner.lookup(name, kind).await;
        self.counts.record(&answer);
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Answers by the first label of the name: `ok.`, `nodata.`, `nx.`, else a failure.
    struct Scripted;

    #[async_trait::async_trait]
    impl DnsLookup for Scripted {
        async fn lookup(&self, name: &str, _kind: QueryType) -> Lookup {
            match name.split('.').next() {
                Some("ok") => Lookup::Records(Vec::new()),
                Some("nodata") => Lookup::NoData { negative_ttl: None },
                Some("nx") => Lookup::NxDomain { negative_ttl: None },
                _ => Lookup::Failed("timeout".into()),
            }
        }
    }

    #[tokio::test]
    async fn each_outcome_is_counted_then_the_counts_start_again() {
        static COUNTS: LookupCounts = LookupCounts::new();
        let lookup = CountingLookup::new(Arc::new(Scripted), &COUNTS);
        for name in ["ok.a", "ok.b", "nodata.c", "nx.d", "x.e"] {
            lookup.lookup(name, QueryType::Txt).await;
        }
        let mut metrics = Metrics::new("ns").dimension("Function", "api");
        COUNTS.take_into(&mut metrics);
        let doc = metrics.document(0);
        assert_eq!(doc["DnsLookups"], json!(5.0));
        assert_eq!(doc["DnsLookupsAnswered"], json!(2.0));
        assert_eq!(doc["DnsLookupsNoData"], json!(1.0));
        assert_eq!(doc["DnsLookupsNxDomain"], json!(1.0));
        assert_eq!(doc["DnsLookupsFailed"], json!(1.0));

        let mut again = Metrics::new("ns");
        COUNTS.take_into(&mut again);
        assert!(again.is_empty(), "taken counts are not written twice");
    }
}
