//! `ReconcileStore` over DynamoDB: the reconciler's cursor (item `P#reconcile`/`P`) and who
//! holds a name or an address, read through their claims.

use async_trait::async_trait;
use domain::domains::Domain;
use domain::names::{DomainName, EmailAddress};
use domain::ports::{ReconcileStore, StoreError};
use domain::senders::Sender;
use serde::{Deserialize, Serialize};

use super::items::{
    ADDRESS_SK, AddressClaim, DomainItem, NODE_SK, NodeItem, SenderItem, address_pk, domain_sk,
    node_pk, sender_sk, tenant_pk,
};
use super::store::DynamoStore;

const CURSOR_PK: &str = "P#reconcile";
const CURSOR_SK: &str = "P";

#[derive(Debug, Serialize, Deserialize)]
struct CursorItem {
    pk: String,
    sk: String,
    next: Option<String>,
}

#[async_trait]
impl ReconcileStore for DynamoStore {
    async fn reconcile_cursor(&self) -> Result<Option<String>, StoreError> {
        let item: Option<CursorItem> = self.get(CURSOR_PK.to_owned(), CURSOR_SK.to_owned()).await?;
        Ok(item.and_then(|i| i.next))
    }

    async fn save_reconcile_cursor(&self, next: Option<&str>) -> Result<(), StoreError> {
        self.put(&CursorItem {
            pk: CURSOR_PK.to_owned(),
            sk: CURSOR_SK.to_owned(),
            next: next.map(str::to_owned),
        })
        .await
    }

    async fn domain_holding(&self, name: &DomainName) -> Result<Option<Domain>, StoreError> {
        let node: Option<NodeItem> = self.get(node_pk(name.as_str()), NODE_SK.to_owned()).await?;
        let Some(NodeItem {
            owner: Some(owner),
            owner_domain: Some(id),
        }) = node
        else {
            return Ok(None);
        };
        let item: Option<DomainItem> = self.get(tenant_pk(&owner), domain_sk(&id)).await?;
        Ok(item.map(|i| i.domain))
    }

    async fn sender_holding(&self, address: &EmailAddress) -> Result<Option<Sender>, StoreError> {
        let claim: Option<AddressClaim> =
            self.get(address_pk(address), ADDRESS_SK.to_owned()).await?;
        let Some(claim) = claim else {
            return Ok(None);
        };
        let item: Option<SenderItem> = self
            .get(tenant_pk(&claim.owner), sender_sk(&claim.sender_id))
            .await?;
        Ok(item.map(|i| i.sender))
    }
}
