//! SPF analysis with mail-auth's parser: syntax, the include of amazonses.com, and the DNS
//! lookups the record costs across includes and redirects (RFC 7208 section 4.6.4).

use std::collections::BTreeSet;

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::spf::{Macro, Mechanism, Spf};

use super::Observations;
use super::observed::{QueryType, normalise};

/// RFC 7208 section 4.6.4: at most 10 terms that cause DNS lookups.
pub const LOOKUP_LIMIT: u32 = 10;
/// The include SES asks for.
pub const AMAZONSES: &str = "amazonses.com";
/// Whether a reference is fetched: all but SES's own.
pub fn worth_fetching(target: &str) -> bool {
    normalise(target) != AMAZONSES
}

/// How deep includes are followed (the lookup limit stops any real chain sooner).
const MAX_DEPTH: usize = 12;

/// Is this TXT value an SPF record? (`v=spf1` alone or followed by a space.)
pub fn is_spf(text: &str) -> bool {
    let head = text.trim_start();
    head.get(..6)
        .is_some_and(|v| v.eq_ignore_ascii_case("v=spf1"))
        && head[6..].chars().next().is_none_or(|c| c == ' ')
}

/// Parses one SPF record with mail-auth, then holds `ip4:`/`ip6:` terms to RFC 7208's
/// grammar, which mail-auth is lenient about (a /99 prefix, an IPv4 address as `ip6:`).
pub fn parse(text: &str) -> Result<Spf, String> {
    let spf = Spf::parse(text.as_bytes()).map_err(|error| error.to_string())?;
    match text.split_ascii_whitespace().find_map(bad_ip_term) {
        Some(term) => Err(format!("invalid address or prefix in {term}")),
        None => Ok(spf),
    }
}

/// An `ip4:`/`ip6:` term whose address or prefix length is out of the grammar.
fn bad_ip_term(term: &str) -> Option<&str> {
    let bare = term.trim_start_matches(['+', '-', '~', '?']);
    let (family, rest) = bare.split_once(':')?;
    let (address, prefix) = match rest.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (rest, None),
    };
    let (valid_address, max_prefix) = if family.eq_ignore_ascii_case("ip4") {
        (address.parse::<std::net::Ipv4Addr>().is_ok(), 32)
    } else if family.eq_ignore_ascii_case("ip6") {
        (address.parse::<std::net::Ipv6Addr>().is_ok(), 128)
    } else {
        return None;
    };
    let valid_prefix = prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|p| p <= max_prefix));
    (!(valid_address && valid_prefix)).then_some(term)
}

/// The domains an SPF record sends lookups to that are themselves SPF records (literal
/// `include:` and `redirect=` targets; macro targets cannot be known before mail arrives).
pub fn references(spf: &Spf) -> Vec<String> {
    let mut out: Vec<String> = spf
        .directives
        .iter()
        .filter_map(|d| match &d.mechanism {
            Mechanism::Include { macro_string } => literal(macro_string),
            _ => None,
        })
        .collect();
    if let Some(redirect) = spf.redirect.as_ref().and_then(literal)
        && !has_all(spf)
    {
        out.push(redirect);
    }
    out
}

/// The SPF records published at a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    None,
    /// More than one: receivers answer permerror.
    Several(Vec<String>),
    One(String),
}

/// The SPF records among the TXT records owned by `domain` itself.
pub fn published(domain: &str, obs: &Observations) -> Published {
    let mut texts: Vec<String> = obs
        .get(domain, QueryType::Txt)
        .map(|lookup| {
            lookup
                .at(domain, QueryType::Txt)
                .into_iter()
                .filter(|a| is_spf(&a.value))
                .map(|a| a.value.clone())
                .collect()
        })
        .unwrap_or_default();
    match texts.len() {
        0 => Published::None,
        1 => Published::One(texts.remove(0)),
        _ => Published::Several(texts),
    }
}

/// What is wrong with an SPF tree, first problem first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpfIssue {
    /// The record at `domain` does not parse.
    Syntax { domain: String, reason: String },
    /// `domain` is included but has no SPF record (a permanent error for receivers).
    NoRecord { domain: String },
    /// `domain` is included and has several SPF records.
    Multiple { domain: String },
    /// An include loops back.
    Loop { domain: String },
}

/// The analysis of one SPF record and everything it includes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfReport {
    pub lookups: u32,
    pub includes_amazonses: bool,
    pub issue: Option<SpfIssue>,
}

/// Walks `text` (the record at `domain`) and its literal includes through `obs`.
pub fn analyse(domain: &str, text: &str, obs: &Observations) -> SpfReport {
    let mut report = SpfReport {
        lookups: 0,
        includes_amazonses: false,
        issue: None,
    };
    let mut path = BTreeSet::new();
    walk(domain, text, obs, &mut path, &mut report, 0);
    report
}

fn walk(
    domain: &str,
    text: &str,
    obs: &Observations,
    path: &mut BTreeSet<String>,
    report: &mut SpfReport,
    depth: usize,
) {
    let spf = match parse(text) {
        Ok(spf) => spf,
        Err(reason) => {
            report.issue.get_or_insert(SpfIssue::Syntax {
                domain: domain.to_owned(),
                reason,
            });
            return;
        }
    };
    report.lookups += lookup_terms(&spf);
    if depth >= MAX_DEPTH {
        return;
    }
    path.insert(normalise(domain));
    for target in references(&spf) {
        if normalise(&target) == AMAZONSES {
            // SES's own record: IP ranges only, no further lookups. Not fetched (one lookup
            // saved per check, and local zones need not copy it).
            report.includes_amazonses = true;
            continue;
        }
        if path.contains(&normalise(&target)) {
            report
                .issue
                .get_or_insert(SpfIssue::Loop { domain: target });
            continue;
        }
        let Some(lookup) = obs.get(&target, QueryType::Txt) else {
            continue; // not gathered (a failed or skipped lookup): counted, not followed
        };
        let records: Vec<String> = lookup
            .of(QueryType::Txt)
            .into_iter()
            .filter(|a| is_spf(&a.value))
            .map(|a| a.value.clone())
            .collect();
        match records.as_slice() {
            [] if lookup.failed().is_none() => {
                report
                    .issue
                    .get_or_insert(SpfIssue::NoRecord { domain: target });
            }
            [] => {}
            [one] => walk(&target, one, obs, path, report, depth + 1),
            _ => {
                report
                    .issue
                    .get_or_insert(SpfIssue::Multiple { domain: target });
            }
        }
    }
    path.remove(&normalise(domain));
}

/// Terms of one record that cost a DNS lookup: include, a, mx, ptr, exists, redirect.
fn lookup_terms(spf: &Spf) -> u32 {
    let mechanisms = spf
        .directives
        .iter()
        .filter(|d| {
            matches!(
                d.mechanism,
                Mechanism::Include { .. }
                    | Mechanism::A { .. }
                    | Mechanism::Mx { .. }
                    | Mechanism::Ptr { .. }
                    | Mechanism::Exists { .. }
            )
        })
        .count();
    let redirect = usize::from(spf.redirect.is_some() && !has_all(spf));
    u32::try_from(mechanisms + redirect).unwrap_or(u32::MAX)
}

fn has_all(spf: &Spf) -> bool {
    spf.directives
        .iter()
        .any(|d| matches!(d.mechanism, Mechanism::All))
}

fn literal(value: &Macro) -> Option<String> {
    match value {
        Macro::Literal(bytes) => std::str::from_utf8(bytes).ok().map(normalise),
        _ => None,
    }
}
