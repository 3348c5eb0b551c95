//! DMARC records parsed with mail-auth, and the policy that applies to a subdomain.

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::dmarc::{Alignment, Dmarc, Policy};
use serde::{Deserialize, Serialize};

/// A DMARC disposition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    None,
    Quarantine,
    Reject,
}

/// `r` (relaxed) or `s` (strict).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlignmentMode {
    Relaxed,
    Strict,
}

/// The DMARC policy that applies to the subdomain, and where it comes from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedPolicy {
    /// The `_dmarc` name the policy was read from.
    pub source: String,
    /// True when it is the organizational domain's `sp=` (or `p=`), not the subdomain's own.
    pub inherited: bool,
    pub disposition: Disposition,
    pub dkim_alignment: AlignmentMode,
    pub spf_alignment: AlignmentMode,
    /// Aggregate report addresses (`rua=`).
    pub reports_to: Vec<String>,
}

/// Is this TXT value meant as a DMARC record? Its first tag must be `v=DMARC1` (spaces around
/// `=` allowed, as mail-auth and checkdmarc read it); leading whitespace is not.
pub fn is_dmarc(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(24)
        .filter(|c| *c != ' ' && *c != '\t')
        .collect();
    text.starts_with(['v', 'V'])
        && head
            .get(..8)
            .is_some_and(|v| v.eq_ignore_ascii_case("v=DMARC1"))
}

/// Parses one DMARC record.
pub fn parse(text: &str) -> Result<Dmarc, String> {
    Dmarc::parse(text.as_bytes()).map_err(|error| error.to_string())
}

/// The policy a record sets for its own domain (`own`) or for the domains below it.
pub fn applied(record: &Dmarc, source: &str, own: bool) -> AppliedPolicy {
    // A missing p= reads as none (RFC 9989 section 4.7; RFC 7489 section 6.6.3 with rua=).
    let policy = if own { record.p } else { record.sp };
    AppliedPolicy {
        source: source.to_owned(),
        inherited: !own,
        disposition: match policy {
            Policy::Quarantine => Disposition::Quarantine,
            Policy::Reject => Disposition::Reject,
            Policy::None | Policy::Unspecified => Disposition::None,
        },
        dkim_alignment: mode(record.adkim),
        spf_alignment: mode(record.aspf),
        reports_to: record.rua.iter().map(|u| u.uri().to_owned()).collect(),
    }
}

fn mode(alignment: Alignment) -> AlignmentMode {
    match alignment {
        Alignment::Relaxed => AlignmentMode::Relaxed,
        Alignment::Strict => AlignmentMode::Strict,
    }
}
