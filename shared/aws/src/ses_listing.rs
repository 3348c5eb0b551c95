//! `IdentityListing` over SESv2 `ListEmailIdentities`, for the reconciler.

use async_trait::async_trait;
use domain::ports::{IdentityError, IdentityListing, IdentityPage};

use crate::ses::{SesIdentities, identity_error};

#[async_trait]
impl IdentityListing for SesIdentities {
    async fn list(&self, size: u32, next: Option<String>) -> Result<IdentityPage, IdentityError> {
        let output = self
            .client()
            .list_email_identities()
            .page_size(i32::try_from(size.min(1000)).unwrap_or(1000))
            .set_next_token(next)
            .send()
            .await
            .map_err(identity_error)?;
        Ok(IdentityPage {
            names: output
                .email_identities()
                .iter()
                .filter_map(|i| i.identity_name().map(str::to_owned))
                .collect(),
            next: output.next_token().map(str::to_owned),
        })
    }
}
