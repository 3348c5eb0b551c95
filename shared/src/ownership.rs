//! Who owns a name: the one rule behind every claim on a subdomain and every From address.
//!
//! SES lets whoever holds a verified domain identity send from that domain and from every name
//! under it. So holding `b.example.com` means, in effect, holding `a.b.example.com` and every
//! address on either. Hence, across all tenants:
//!
//! - **Subdomains.** A tenant may hold a subdomain only when no other tenant holds that name,
//!   a name above it or a name below it ([`overlap`]). Names are compared up to, not
//!   including, the registrable domain (`example.co.uk`), which nobody may hold
//!   ([`SubdomainName`] refuses it), so siblings such as `x.example.com` and `y.example.com`
//!   never conflict.
//! - **Addresses.** An `email` sender, verified on its own, may not use an address that lies on
//!   or under anybody's subdomain: no [`covering_names`] of its domain may be held.
//!
//! The stores enforce this atomically (in DynamoDB, with conditions in one transaction); the
//! names they guard come from here: a [`SubdomainClaim`] for a subdomain, [`covering_names`]
//! for an address.

use crate::names::{DomainName, SubdomainName};

pub mod quota;
pub mod tags;

/// The names whose holder covers `domain` in SES: the domain itself and each name above it,
/// nearest first, up to but not including the registrable domain. Empty for a registrable
/// domain (nobody can hold one).
pub fn covering_names(domain: &DomainName) -> Vec<DomainName> {
    let registrable = domain.registrable_domain();
    let mut names = Vec::new();
    let mut current = Some(domain.clone());
    while let Some(name) = current {
        if registrable.as_ref().is_none_or(|r| &name == r) {
            break;
        }
        current = name.parent();
        names.push(name);
    }
    names
}

/// Whether `holder`, held as a subdomain, covers `name`: `name` is `holder` or lies under it,
/// and `holder` is below its registrable domain.
pub fn covers(holder: &DomainName, name: &DomainName) -> bool {
    covering_names(name).contains(holder)
}

/// Whether two subdomains cannot be held by different tenants: one covers the other.
pub fn overlap(a: &DomainName, b: &DomainName) -> bool {
    covers(a, b) || covers(b, a)
}

/// What a tenant's claim on a subdomain guards, as the store writes it.
///
/// The store makes `name` the tenant's (refused when another tenant holds it or a name below
/// it) and records the tenant below each name in `above` (refused when another tenant holds
/// one of them). Together these refuse every [`overlap`] with another tenant's claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubdomainClaim {
    /// The name the tenant holds.
    pub name: DomainName,
    /// The names above it that would cover it, nearest first.
    pub above: Vec<DomainName>,
}

impl SubdomainClaim {
    pub fn on(name: &SubdomainName) -> Self {
        let mut covering = covering_names(name.as_domain()).into_iter();
        let name = covering.next().unwrap_or_else(|| name.as_domain().clone());
        Self {
            name,
            above: covering.collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> DomainName {
        DomainName::parse(raw).expect("a valid test name")
    }

    fn names(raw: &[&str]) -> Vec<DomainName> {
        raw.iter().map(|r| name(r)).collect()
    }

    fn claim(raw: &str) -> SubdomainClaim {
        SubdomainClaim::on(&SubdomainName::parse(raw).expect("a valid test subdomain"))
    }

    #[test]
    fn covering_names_stop_below_the_registrable_domain() {
        assert_eq!(
            covering_names(&name("a.b.example.com")),
            names(&["a.b.example.com", "b.example.com"])
        );
        assert_eq!(
            covering_names(&name("a.b.example.co.uk")),
            names(&["a.b.example.co.uk", "b.example.co.uk"])
        );
        assert_eq!(covering_names(&name("example.com")), Vec::new());
        assert_eq!(covering_names(&name("example.co.uk")), Vec::new());
    }

    #[test]
    fn a_claim_guards_its_name_and_the_names_above_it() {
        assert_eq!(
            claim("x.a.b.example.com"),
            SubdomainClaim {
                name: name("x.a.b.example.com"),
                above: names(&["a.b.example.com", "b.example.com"]),
            }
        );
        assert_eq!(claim("b.example.co.uk").above, Vec::new());
    }

    #[test]
    fn a_subdomain_covers_itself_and_what_lies_under_it() {
        let holder = name("b.example.com");
        assert!(covers(&holder, &name("b.example.com")));
        assert!(covers(&holder, &name("a.b.example.com")));
        assert!(!covers(&holder, &name("example.com")));
        assert!(!covers(&holder, &name("c.example.com")));
        assert!(!covers(&holder, &name("xb.example.com")));
    }

    #[test]
    fn the_registrable_domain_covers_nothing() {
        assert!(!covers(&name("example.com"), &name("a.example.com")));
        assert!(!overlap(&name("example.com"), &name("a.example.com")));
    }

    #[test]
    fn names_above_at_and_below_overlap_but_siblings_do_not() {
        let held = name("b.example.com");
        assert!(overlap(&held, &name("b.example.com")));
        assert!(overlap(&held, &name("a.b.example.com")));
        assert!(overlap(&name("a.b.example.com"), &held));
        assert!(!overlap(&held, &name("c.example.com")));
        assert!(!overlap(&name("x.b.example.com"), &name("y.b.example.com")));
        assert!(!overlap(&held, &name("b.example.org")));
    }
}
