//! Whose mail a notification is about, from its source address.

use crate::names::EmailAddress;
use crate::ownership::covering_names;
use crate::ports::StoreError;

use crate::ports::{Attribution, FeedbackStore, Subject};

/// The tenant and sender (or subdomain) behind `source_address`, the bare address of
/// `mail.source`.
///
/// A sender with exactly that From address comes first (every kind of sender claims its
/// address); else the tenant subdomain that holds the address's domain, the nearest one first
/// (SES lets a verified subdomain send from any name below it). `None` when the address does
/// not parse or nobody holds it: the platform's own mail, or mail from outside this service.
pub async fn attribute(
    store: &dyn FeedbackStore,
    source_address: &str,
) -> Result<Option<Attribution>, StoreError> {
    let Ok(address) = EmailAddress::parse(source_address) else {
        return Ok(None);
    };
    if let Some((tenant, id)) = store.address_owner(&address).await? {
        return Ok(Some(Attribution {
            tenant,
            subject: Subject::Sender(id),
        }));
    }
    for name in covering_names(address.domain()) {
        if let Some((tenant, id)) = store.subdomain_owner(&name).await? {
            return Ok(Some(Attribution {
                tenant,
                subject: Subject::Subdomain(id),
            }));
        }
    }
    Ok(None)
}
