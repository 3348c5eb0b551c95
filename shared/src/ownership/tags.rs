//! Ownership tags on SES identities: which identities in the shared SES account this service
//! created, and for which tenant.
//!
//! Every identity the service creates carries [`SERVICE_KEY`] (the deployment's service value,
//! default [`DEFAULT_SERVICE`]) and [`TENANT_KEY`] (the tenant id). When SES answers that an
//! identity already exists, [`decide`] says what the service may do with it: adopt it (it is
//! this tenant's), re-create it (it is this service's, left by another tenant or an earlier
//! life), or refuse (somebody else in the account made it: another application, the console,
//! the platform itself). The reconciler reads the same keys.

use crate::tenant::TenantId;

/// The tag naming the service that created an identity.
pub const SERVICE_KEY: &str = "email-senders:service";
/// The tag naming the tenant an identity was created for.
pub const TENANT_KEY: &str = "email-senders:tenant";
/// The service value unless the deployment sets another one (`SES_OWNERSHIP_SERVICE`).
pub const DEFAULT_SERVICE: &str = "email-senders";

/// One tag, as SES stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// The tags an identity created for `tenant` by `service` carries.
pub fn for_tenant(service: &str, tenant: &TenantId) -> Vec<Tag> {
    vec![
        Tag::new(SERVICE_KEY, service),
        Tag::new(TENANT_KEY, tenant.as_str()),
    ]
}

/// What the service may do with an identity that already exists in SES.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Tagged by this service for this tenant: use it as it is.
    Adopt,
    /// Tagged by this service for another tenant (or none): delete it and create it afresh,
    /// so nothing (tokens, a verification) is inherited.
    Recreate,
    /// Not tagged by this service: it belongs to someone else in the account; never touch it.
    Refuse,
}

fn value<'a>(tags: &'a [Tag], key: &str) -> Option<&'a str> {
    tags.iter().find(|t| t.key == key).map(|t| t.value.as_str())
}

/// Whether an identity's tags say this service (`service`) created it, for any tenant.
pub fn by_service(tags: &[Tag], service: &str) -> bool {
    value(tags, SERVICE_KEY) == Some(service)
}

/// Decides from an existing identity's tags.
pub fn decide(tags: &[Tag], service: &str, tenant: &TenantId) -> Existing {
    if value(tags, SERVICE_KEY) != Some(service) {
        return Existing::Refuse;
    }
    if value(tags, TENANT_KEY) == Some(tenant.as_str()) {
        Existing::Adopt
    } else {
        Existing::Recreate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(raw: &str) -> TenantId {
        TenantId::parse(raw).expect("a valid tenant")
    }

    #[test]
    fn own_tags_are_adopted_other_tenants_recreated_strangers_refused() {
        let acme = tenant("acme");
        let tags = for_tenant(DEFAULT_SERVICE, &acme);
        assert_eq!(decide(&tags, DEFAULT_SERVICE, &acme), Existing::Adopt);
        assert_eq!(
            decide(&tags, DEFAULT_SERVICE, &tenant("globex")),
            Existing::Recreate
        );
        assert_eq!(decide(&[], DEFAULT_SERVICE, &acme), Existing::Refuse);
        assert_eq!(decide(&tags, "other-deployment", &acme), Existing::Refuse);
        let tenant_only = vec![Tag::new(TENANT_KEY, "acme")];
        assert_eq!(
            decide(&tenant_only, DEFAULT_SERVICE, &acme),
            Existing::Refuse
        );
        let service_only = vec![Tag::new(SERVICE_KEY, DEFAULT_SERVICE)];
        assert_eq!(
            decide(&service_only, DEFAULT_SERVICE, &acme),
            Existing::Recreate
        );
    }
}
