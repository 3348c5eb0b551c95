//! Creating a sender: parsing its fields, choosing how it is authorized, and explaining a
//! refused claim on its address.

use super::input::{NewSender, Violations};
use super::{Authorization, EmailVerification, Sender, SenderId, Senders};
use crate::domains::DomainId;
use crate::error::{Conflict, Existing, FieldViolation, UseCaseError};
use crate::names::{DomainName, EmailAddress};
use crate::ownership::covering_names;
use crate::ports::AddressClaimError;
use crate::tenant::Principal;
use crate::verification::next_check;

impl Senders {
    pub(super) async fn validate_new(
        &self,
        caller: &Principal,
        input: &NewSender,
    ) -> Result<(Sender, Vec<DomainName>), UseCaseError> {
        let mut v = Violations::default();
        let from = v.email("from_email", &input.from_email);
        let reply_to = input
            .reply_to
            .as_deref()
            .and_then(|raw| v.email("reply_to", raw));
        let display_name = input
            .display_name
            .as_deref()
            .and_then(|raw| v.display_name(raw));
        if let Some(from) = &from {
            v.not_platform("from_email", from, self.settings.platform_domain.as_ref());
            v.not_default_sender("from_email", from, &self.settings.default_sender);
        }
        let now = self.clock.now();
        let authorization = match input.kind.as_str() {
            "subdomain" => {
                self.subdomain_authorization(caller, input, from.as_ref(), &mut v)
                    .await?
            }
            "email" => {
                if input.domain_id.is_some() {
                    v.add(
                        "domain_id",
                        "not_allowed",
                        "domain_id is only for subdomain senders",
                    );
                }
                Some(Authorization::Email(EmailVerification::sent(now)))
            }
            "platform_default" => {
                v.add(
                    "kind",
                    "read_only",
                    "The platform default sender exists for every tenant and cannot be created",
                );
                None
            }
            _ => {
                v.add(
                    "kind",
                    "unknown_kind",
                    "kind must be \"subdomain\" or \"email\"",
                );
                None
            }
        };
        v.finish()?;
        let (Some(from), Some(authorization)) = (from, authorization) else {
            return Err(UseCaseError::Internal(
                "validated input is incomplete".to_owned(),
            ));
        };
        let covering = match authorization {
            Authorization::Email(_) => covering_names(from.domain()),
            Authorization::Subdomain { .. } => Vec::new(),
        };
        let next_check_at = match &authorization {
            Authorization::Email(v) => next_check(v.link_sent_at, v.link_expires_at, now),
            Authorization::Subdomain { .. } => None,
        };
        let sender = Sender {
            id: SenderId::generate(),
            tenant: caller.tenant.clone(),
            authorization,
            from_email: from,
            display_name,
            reply_to,
            paused: None,
            resumed: None,
            created_at: now,
            next_check_at,
            version: 1,
            operation: None,
        };
        Ok((sender, covering))
    }

    async fn subdomain_authorization(
        &self,
        caller: &Principal,
        input: &NewSender,
        from: Option<&EmailAddress>,
        v: &mut Violations,
    ) -> Result<Option<Authorization>, UseCaseError> {
        let Some(raw_id) = input.domain_id.as_deref() else {
            v.add(
                "domain_id",
                "required",
                "domain_id is required for a subdomain sender",
            );
            return Ok(None);
        };
        let domain = match DomainId::parse(raw_id) {
            Some(id) => self.domains.get_domain(&caller.tenant, &id).await?,
            None => None,
        };
        let Some(domain) = domain else {
            v.add("domain_id", "unknown_domain", "No subdomain with this id");
            return Ok(None);
        };
        if let Some(from) = from
            && from.domain() != domain.name.as_domain()
        {
            v.add(
                "from_email",
                "not_on_subdomain",
                format!("The address must be on {}", domain.name),
            );
        }
        Ok(Some(Authorization::Subdomain {
            domain_id: domain.id,
        }))
    }

    /// Explains a refused claim; reads who holds a covering subdomain only to tell the caller
    /// whether it is their own (never who else holds it).
    pub(super) async fn claim_refusal(
        &self,
        error: AddressClaimError,
        caller: &Principal,
        covering: &[DomainName],
    ) -> UseCaseError {
        match error {
            AddressClaimError::AddressTaken => UseCaseError::conflict(
                Conflict::AddressTaken,
                "A sender with this From address already exists.",
            ),
            AddressClaimError::HeldPendingVerification => UseCaseError::conflict(
                Conflict::AddressPendingElsewhere,
                "This address is held by another account's sender that has not verified it yet. \
                 An unproven claim lapses after its verification window and a grace period; try \
                 again later, or contact support if you own it.",
            ),
            AddressClaimError::UnderSubdomain => {
                for name in covering {
                    match self.store.subdomain_holder(name).await {
                        Ok(Some(holder)) if holder == caller.tenant => {
                            return UseCaseError::conflict(
                                Conflict::AddressOnOwnSubdomain,
                                format!(
                                    "This address is on your subdomain {name}: add a sender of kind \"subdomain\" on it instead."
                                ),
                            );
                        }
                        Ok(_) => {}
                        Err(error) => return error.into(),
                    }
                }
                UseCaseError::conflict(
                    Conflict::AddressHeldElsewhere,
                    "This address is on a sending subdomain registered by another account.",
                )
            }
            AddressClaimError::AlreadyYours(id) => UseCaseError::Exists {
                conflict: Conflict::AddressTaken,
                detail: format!("You already have a sender with this From address (id {id})."),
                existing: Existing::Sender(id),
            },
            AddressClaimError::SubdomainGone => UseCaseError::Invalid(vec![FieldViolation {
                field: "domain_id",
                code: "unknown_domain",
                message: "No subdomain with this id (it was deleted, or is being deleted)"
                    .to_owned(),
            }]),
            AddressClaimError::QuotaReached(reached) => UseCaseError::QuotaExceeded(reached),
            AddressClaimError::Store(error) => error.into(),
        }
    }
}
