//! What a deployment decides about senders: the platform's domain and its default sender.

use crate::names::{DisplayName, DomainName, EmailAddress};

/// The platform default sender, from deployment settings.
#[derive(Debug, Clone)]
pub struct DefaultSender {
    pub email: EmailAddress,
    pub display_name: Option<DisplayName>,
    /// The SES identity that authorizes it (the platform's domain, or the address itself).
    pub identity: String,
}

impl DefaultSender {
    /// The default sender for `email`: SES authorizes it through the platform's domain when
    /// the address is on or under it, else through the address itself.
    pub fn new(
        email: EmailAddress,
        display_name: Option<DisplayName>,
        platform_domain: Option<&DomainName>,
    ) -> Self {
        let identity = match platform_domain {
            Some(domain) if email.domain().is_same_or_under(domain) => domain.to_string(),
            _ => email.to_string(),
        };
        Self {
            email,
            display_name,
            identity,
        }
    }

    /// The `From` header it produces (no Reply-To: it accepts no direct replies).
    pub fn from_header(&self) -> String {
        match &self.display_name {
            Some(name) => name.render_mailbox(&self.email),
            None => self.email.to_string(),
        }
    }
}

/// Deployment settings the sender rules depend on.
#[derive(Debug, Clone)]
pub struct SenderSettings {
    pub platform_domain: Option<DomainName>,
    pub default_sender: DefaultSender,
    /// Ownership tags, per-tenant quotas and resend limits in the shared SES account.
    pub account: crate::ownership::quota::SharedAccount,
}
