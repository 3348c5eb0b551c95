//! A sender's live status: what an admin sees, from its own state and its subdomain's.

use crate::domains::Domain;
use crate::status::{Assessment, Status};

use super::{Authorization, PlatformStatus, Sender};

/// The status of a tenant's sender. `domain` is the sender's subdomain as stored now (only
/// read for subdomain senders).
pub fn sender_status(sender: &Sender, domain: Option<&Domain>) -> Assessment {
    if let Some(pause) = &sender.paused {
        return Assessment {
            status: Status::Failed,
            reason: format!("Paused: {} An admin can resume it.", pause.reason),
        };
    }
    match &sender.authorization {
        Authorization::Email(verification) => Assessment {
            status: verification.status,
            reason: verification.reason.clone(),
        },
        Authorization::Subdomain { .. } => match domain {
            None => Assessment {
                status: Status::Failed,
                reason: "Its subdomain no longer exists".to_owned(),
            },
            Some(domain) => match domain.status {
                Status::Verified => Assessment {
                    status: Status::Verified,
                    reason: format!("Sends through the authorized subdomain {}", domain.name),
                },
                Status::Pending => Assessment {
                    status: Status::Pending,
                    reason: format!(
                        "Works once its subdomain {} is authorized: {}",
                        domain.name, domain.status_reason
                    ),
                },
                Status::Failed => Assessment {
                    status: Status::Failed,
                    reason: format!(
                        "Its subdomain {} failed verification: {}",
                        domain.name, domain.status_reason
                    ),
                },
                Status::Expired => Assessment {
                    status: Status::Failed,
                    reason: format!(
                        "Its subdomain {} expired unverified; restart the subdomain's verification",
                        domain.name
                    ),
                },
            },
        },
    }
}

/// The status of the platform default sender.
pub fn platform_status(status: Option<&PlatformStatus>) -> Assessment {
    match status {
        Some(known) => Assessment {
            status: known.status,
            reason: known.reason.clone(),
        },
        None => Assessment {
            status: Status::Pending,
            reason: "The platform's sending identity has not been checked yet".to_owned(),
        },
    }
}
