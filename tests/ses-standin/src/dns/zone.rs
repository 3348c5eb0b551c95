//! The mutable in-memory zone: shared by the DNS server (reads) and the control API (writes).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use super::record::{DnsRecord, RecordData, RecordName, RecordType};

/// How many CNAMEs an answer follows inside the zone.
const MAX_CNAME_CHAIN: usize = 8;

/// A record could not be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    /// A CNAME cannot coexist with other data at the same name (RFC 1034 3.6.2).
    #[error("`{0}` cannot hold a CNAME together with other records")]
    CnameConflict(RecordName),
}

/// What a query asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// One served type.
    Type(RecordType),
    /// A type the zone never holds (AAAA, SOA...): answered NODATA, or via a CNAME.
    Other,
    /// Every record at the name.
    Any,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Matching records, after any CNAMEs that led to them.
    Records(Vec<DnsRecord>),
    /// The name exists (or has names below it) but holds no record of the wanted type.
    NoData,
    /// The name does not exist.
    NxDomain,
}

/// The zone's primary name server (SOA MNAME).
pub const SOA_MNAME: &str = "ns1.ses-standin.test";
/// The zone's administrative contact (SOA RNAME, `hostmaster@ses-standin.test`).
pub const SOA_RNAME: &str = "hostmaster.ses-standin.test";

/// The zone. Cloning shares the same data.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    names: Arc<RwLock<BTreeMap<RecordName, Vec<RecordData>>>>,
    changes: Arc<AtomicU32>,
}

impl Zone {
    /// The SOA serial: 1 for a fresh zone, one more after each change.
    pub fn serial(&self) -> u32 {
        self.changes.load(Ordering::SeqCst).wrapping_add(1)
    }

    fn changed(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    /// Adds a record; `Ok(false)` when it was already there.
    pub fn publish(&self, record: DnsRecord) -> Result<bool, ZoneError> {
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        let existing = names.entry(record.name.clone()).or_default();
        if existing.contains(&record.data) {
            return Ok(false);
        }
        let is_cname = |data: &RecordData| data.record_type() == RecordType::Cname;
        if !existing.is_empty() && (is_cname(&record.data) || existing.iter().any(is_cname)) {
            return Err(ZoneError::CnameConflict(record.name));
        }
        existing.push(record.data);
        self.changed();
        Ok(true)
    }

    /// Removes the records at `name`, narrowed to `kind` and then to `data` when given;
    /// returns how many were removed.
    pub fn remove(
        &self,
        name: &RecordName,
        kind: Option<RecordType>,
        data: Option<&RecordData>,
    ) -> usize {
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        let Some(existing) = names.get_mut(name) else {
            return 0;
        };
        let before = existing.len();
        existing.retain(|held| {
            let kind_matches = kind.is_none_or(|kind| held.record_type() == kind);
            let data_matches = data.is_none_or(|data| held == data);
            !(kind_matches && data_matches)
        });
        let removed = before - existing.len();
        if existing.is_empty() {
            names.remove(name);
        }
        if removed > 0 {
            self.changed();
        }
        removed
    }

    /// Every record, ordered by name.
    pub fn records(&self) -> Vec<DnsRecord> {
        let names = self.names.read().unwrap_or_else(PoisonError::into_inner);
        names
            .iter()
            .flat_map(|(name, datas)| {
                datas.iter().map(|data| DnsRecord {
                    name: name.clone(),
                    data: data.clone(),
                })
            })
            .collect()
    }

    /// Removes every record.
    pub fn clear(&self) {
        self.names
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.changed();
    }

    /// Answers a query for `name`, following CNAMEs inside the zone.
    pub fn answer(&self, name: &RecordName, wanted: Wanted) -> Answer {
        let names = self.names.read().unwrap_or_else(PoisonError::into_inner);
        let mut chain = Vec::new();
        let mut current = name.clone();
        for _ in 0..MAX_CNAME_CHAIN {
            let Some(datas) = names.get(&current) else {
                if !chain.is_empty() {
                    break;
                }
                let has_children = names.keys().any(|held| held.is_below(&current));
                return if has_children {
                    Answer::NoData
                } else {
                    Answer::NxDomain
                };
            };
            let to_record = |data: &RecordData| DnsRecord {
                name: current.clone(),
                data: data.clone(),
            };
            let matching: Vec<DnsRecord> = datas
                .iter()
                .filter(|data| match wanted {
                    Wanted::Type(kind) => data.record_type() == kind,
                    Wanted::Other => false,
                    Wanted::Any => true,
                })
                .map(to_record)
                .collect();
            if !matching.is_empty() {
                chain.extend(matching);
                break;
            }
            let Some(RecordData::Cname(target)) = datas.first().filter(|_| wanted != Wanted::Any)
            else {
                break;
            };
            chain.push(to_record(&RecordData::Cname(target.clone())));
            current = target.clone();
        }
        if chain.is_empty() {
            Answer::NoData
        } else {
            Answer::Records(chain)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> RecordName {
        RecordName::parse(text).unwrap()
    }

    fn txt(owner: &str, text: &str) -> DnsRecord {
        DnsRecord {
            name: name(owner),
            data: RecordData::Txt(text.to_owned()),
        }
    }

    #[test]
    fn nxdomain_nodata_and_records() {
        let zone = Zone::default();
        zone.publish(txt("a.b.example.com", "hello")).unwrap();
        let wanted_txt = Wanted::Type(RecordType::Txt);
        assert_eq!(
            zone.answer(&name("nope.example.com"), wanted_txt),
            Answer::NxDomain
        );
        assert_eq!(
            zone.answer(&name("b.example.com"), wanted_txt),
            Answer::NoData
        );
        assert_eq!(
            zone.answer(&name("a.b.example.com"), Wanted::Type(RecordType::Mx)),
            Answer::NoData
        );
        assert_eq!(
            zone.answer(&name("A.B.example.com"), wanted_txt),
            Answer::Records(vec![txt("a.b.example.com", "hello")])
        );
    }

    #[test]
    fn cnames_answer_cname_queries_and_are_followed_for_others() {
        let zone = Zone::default();
        let alias = DnsRecord::cname(name("www.example.com"), name("web.example.com"));
        zone.publish(alias.clone()).unwrap();
        zone.publish(txt("web.example.com", "target")).unwrap();
        let cname_query = zone.answer(&name("www.example.com"), Wanted::Type(RecordType::Cname));
        assert_eq!(cname_query, Answer::Records(vec![alias.clone()]));
        let txt_query = zone.answer(&name("www.example.com"), Wanted::Type(RecordType::Txt));
        assert_eq!(
            txt_query,
            Answer::Records(vec![alias, txt("web.example.com", "target")])
        );
    }

    #[test]
    fn cname_conflicts_duplicates_and_removal() {
        let zone = Zone::default();
        assert_eq!(zone.publish(txt("m.example.com", "v=spf1 ~all")), Ok(true));
        assert_eq!(zone.publish(txt("m.example.com", "v=spf1 ~all")), Ok(false));
        let alias = DnsRecord::cname(name("m.example.com"), name("x.example.com"));
        assert!(matches!(
            zone.publish(alias),
            Err(ZoneError::CnameConflict(_))
        ));
        zone.publish(txt("m.example.com", "second")).unwrap();
        assert_eq!(
            zone.remove(&name("m.example.com"), Some(RecordType::Mx), None),
            0
        );
        assert_eq!(
            zone.remove(&name("m.example.com"), Some(RecordType::Txt), None),
            2
        );
        assert!(zone.records().is_empty());
    }
}
