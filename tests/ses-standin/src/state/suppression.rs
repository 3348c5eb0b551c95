//! The account-level suppression list.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::paging::{Page, PageRequest};
use crate::names::EmailAddress;

/// Why an address is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SuppressionReason {
    /// It bounced.
    Bounce,
    /// Its owner complained.
    Complaint,
}

impl SuppressionReason {
    /// Parses the wire value (`BOUNCE` | `COMPLAINT`).
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "BOUNCE" => Ok(Self::Bounce),
            "COMPLAINT" => Ok(Self::Complaint),
            other => Err(StoreError::BadRequest(format!(
                "Reason must be BOUNCE or COMPLAINT, not `{other}`"
            ))),
        }
    }
}

/// One suppressed address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedDestination {
    /// The address.
    pub email: EmailAddress,
    /// Why.
    pub reason: SuppressionReason,
    /// When it was (last) put on the list.
    pub last_update: DateTime<Utc>,
}

/// Which entries a list call wants.
#[derive(Debug, Clone, Default)]
pub struct SuppressionFilter {
    /// Only these reasons (all when empty).
    pub reasons: Vec<SuppressionReason>,
    /// Only entries updated at or after this instant.
    pub start: Option<DateTime<Utc>>,
    /// Only entries updated at or before this instant.
    pub end: Option<DateTime<Utc>>,
}

/// The suppression list, keyed by address.
#[derive(Debug, Default)]
pub struct SuppressionList {
    entries: BTreeMap<String, SuppressedDestination>,
}

impl SuppressionList {
    /// Adds or updates an entry.
    pub fn put(&mut self, email: EmailAddress, reason: SuppressionReason, now: DateTime<Utc>) {
        let key = email.as_str().to_owned();
        self.entries.insert(
            key,
            SuppressedDestination {
                email,
                reason,
                last_update: now,
            },
        );
    }

    /// Looks an address up.
    pub fn get(&self, email: &str) -> Result<SuppressedDestination, StoreError> {
        self.entries
            .get(email)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("{email} is not on the suppression list")))
    }

    /// Removes an address.
    pub fn delete(&mut self, email: &str) -> Result<(), StoreError> {
        self.entries
            .remove(email)
            .map(drop)
            .ok_or_else(|| StoreError::NotFound(format!("{email} is not on the suppression list")))
    }

    /// Lists matching entries, one page at a time.
    pub fn list(
        &self,
        filter: &SuppressionFilter,
        page: &PageRequest,
    ) -> Page<SuppressedDestination> {
        let matching = self.entries.iter().filter(|(_, entry)| {
            (filter.reasons.is_empty() || filter.reasons.contains(&entry.reason))
                && filter.start.is_none_or(|start| entry.last_update >= start)
                && filter.end.is_none_or(|end| entry.last_update <= end)
        });
        page.take(matching.map(|(key, entry)| (key.clone(), entry.clone())))
    }

    /// Empties the list.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_list_delete() {
        let mut list = SuppressionList::default();
        let now = DateTime::from_timestamp(1_735_689_600, 0).unwrap();
        list.put(
            EmailAddress::parse("a@example.com").unwrap(),
            SuppressionReason::Bounce,
            now,
        );
        list.put(
            EmailAddress::parse("b@example.com").unwrap(),
            SuppressionReason::Complaint,
            now,
        );
        assert_eq!(
            list.get("a@example.com").unwrap().reason,
            SuppressionReason::Bounce
        );
        let bounces = SuppressionFilter {
            reasons: vec![SuppressionReason::Bounce],
            ..SuppressionFilter::default()
        };
        let page = list.list(
            &bounces,
            &PageRequest::parse(None, None, 100, 1000).unwrap(),
        );
        assert_eq!(page.items.len(), 1);
        list.delete("a@example.com").unwrap();
        assert!(matches!(
            list.get("a@example.com"),
            Err(StoreError::NotFound(_))
        ));
        assert!(list.delete("a@example.com").is_err());
    }
}
