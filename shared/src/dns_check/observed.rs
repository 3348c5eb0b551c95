//! What DNS answered: the raw material of a check, gathered by a [`super::DnsLookup`] adapter.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The record types a check asks for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum QueryType {
    A,
    Aaaa,
    Cname,
    Mx,
    Txt,
}

impl fmt::Display for QueryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::A => "A",
            Self::Aaaa => "AAAA",
            Self::Cname => "CNAME",
            Self::Mx => "MX",
            Self::Txt => "TXT",
        })
    }
}

/// One record of an answer. A resolver following a CNAME returns the CNAME too, so every
/// answer names its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Owner name, lower case, no trailing dot.
    pub name: String,
    pub kind: QueryType,
    /// CNAME or MX target (lower case, no trailing dot), address, or TXT text (strings joined).
    pub value: String,
    /// MX preference.
    pub priority: Option<u16>,
    /// Seconds a cache may keep it.
    pub ttl: u32,
}

/// The outcome of one lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    Records(Vec<Answer>),
    /// The name exists but has no record of that type; `negative_ttl` from the zone's SOA.
    NoData {
        negative_ttl: Option<u32>,
    },
    /// The name does not exist; `negative_ttl` from the zone's SOA.
    NxDomain {
        negative_ttl: Option<u32>,
    },
    /// No usable answer (timeout, SERVFAIL, refused): the check cannot say.
    Failed(String),
}

impl Lookup {
    /// The answers owned by `name` itself, of `kind` (not those reached through a CNAME).
    pub fn at(&self, name: &str, kind: QueryType) -> Vec<&Answer> {
        match self {
            Self::Records(answers) => answers
                .iter()
                .filter(|a| a.kind == kind && same_name(&a.name, name))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The answers of `kind` wherever they sit in the chain.
    pub fn of(&self, kind: QueryType) -> Vec<&Answer> {
        match self {
            Self::Records(answers) => answers.iter().filter(|a| a.kind == kind).collect(),
            _ => Vec::new(),
        }
    }

    /// How long a negative answer may be cached.
    pub fn negative_ttl(&self) -> Option<u32> {
        match self {
            Self::NoData { negative_ttl } | Self::NxDomain { negative_ttl } => *negative_ttl,
            _ => None,
        }
    }

    pub fn failed(&self) -> Option<&str> {
        match self {
            Self::Failed(reason) => Some(reason),
            _ => None,
        }
    }
}

/// Every lookup made for one check, by name and type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observations {
    lookups: BTreeMap<(String, QueryType), Lookup>,
}

impl Observations {
    pub fn insert(&mut self, name: &str, kind: QueryType, lookup: Lookup) {
        self.lookups.insert((normalise(name), kind), lookup);
    }

    pub fn get(&self, name: &str, kind: QueryType) -> Option<&Lookup> {
        self.lookups.get(&(normalise(name), kind))
    }

    pub fn contains(&self, name: &str, kind: QueryType) -> bool {
        self.get(name, kind).is_some()
    }

    /// How many lookups were made.
    pub fn len(&self) -> usize {
        self.lookups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lookups.is_empty()
    }
}

/// Lower case, no trailing dot.
pub fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

pub fn same_name(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}
