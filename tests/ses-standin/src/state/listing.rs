//! ListEmailIdentities over the account state.

use chrono::{DateTime, Utc};

use super::Store;
use super::identity::IdentityType;
use super::lifecycle::Status;
use super::paging::{Page, PageRequest};
use super::registry::IdentitySnapshot;

/// ListEmailIdentities filters.
#[derive(Debug, Clone, Default)]
pub struct IdentityFilter {
    /// Only names containing this text.
    pub name_contains: Option<String>,
    /// Only this kind.
    pub identity_type: Option<IdentityType>,
    /// Only this status.
    pub status: Option<Status>,
}

impl Store {
    /// Lists identities in name order, one page at a time.
    pub fn list(
        &mut self,
        filter: &IdentityFilter,
        page: &PageRequest,
        now: DateTime<Utc>,
    ) -> Page<IdentitySnapshot> {
        let keys: Vec<String> = self.identities.keys().cloned().collect();
        let snapshots = keys
            .into_iter()
            .filter_map(|key| self.get(&key, now).ok().map(|snapshot| (key, snapshot)))
            .filter(|(key, snapshot)| {
                filter
                    .name_contains
                    .as_ref()
                    .is_none_or(|text| key.contains(text.as_str()))
                    && filter
                        .identity_type
                        .is_none_or(|kind| snapshot.identity.identity_type() == kind)
                    && filter.status.is_none_or(|status| snapshot.status == status)
            })
            .collect::<Vec<_>>();
        page.take(snapshots)
    }
}
