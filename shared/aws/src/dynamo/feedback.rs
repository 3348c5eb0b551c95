//! `FeedbackStore` and `DailyCounters` over DynamoDB: one transaction per recipient share.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use chrono::{DateTime, NaiveDate, Utc};
use domain::names::{DomainName, EmailAddress};
use domain::ports::StoreError;
use domain::ports::{
    Attribution, DailyCounters, Effect, FeedbackStore, Holder, Subject, SuppressionWrite, Tally,
    Written,
};
use domain::reputation::Counts;

use super::errors::built;
use super::errors::{codec_error, store_error};
use super::feedback_items::{
    CounterItem, RECEIPT_SK, ReceiptItem, SuppressionItem, counter_fields, counter_prefix, day_key,
    message_receipt_pk, receipt_pk,
};
use super::items::{ADDRESS_SK, AddressClaim, NODE_SK, NodeItem, address_pk, node_pk};
use super::schema::{PK, SK};
use super::store::{DynamoStore, key, s};

fn n(value: u64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

impl DynamoStore {
    fn receipt_put(&self, pk: String, expires_at: DateTime<Utc>) -> Result<Put, StoreError> {
        built(
            Put::builder()
                .table_name(&self.table)
                .set_item(Some(Self::item(&ReceiptItem::new(pk, expires_at))?))
                .condition_expression("attribute_not_exists(pk)")
                .build(),
        )
    }

    fn tally_update(&self, tally: &Tally) -> Result<Option<Update>, StoreError> {
        let fields = counter_fields(&tally.counts);
        if fields.is_empty() {
            return Ok(None);
        }
        let (pk, prefix) = counter_prefix(tally.owner.as_ref());
        let day = day_key(tally.day);
        let adds: Vec<String> = (0..fields.len()).map(|i| format!("#f{i} :v{i}")).collect();
        let mut update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk, format!("{prefix}{day}"))))
            .update_expression(format!("SET #day = :day ADD {}", adds.join(", ")))
            .expression_attribute_names("#day", "day")
            .expression_attribute_values(":day", s(day));
        for (i, (name, value)) in fields.into_iter().enumerate() {
            update = update
                .expression_attribute_names(format!("#f{i}"), name)
                .expression_attribute_values(format!(":v{i}"), n(value));
        }
        built(update.build()).map(Some)
    }

    fn suppression_put(&self, write: &SuppressionWrite) -> Result<Put, StoreError> {
        let item = Self::item(&SuppressionItem::new(&write.tenant, &write.entry))?;
        let put = Put::builder().table_name(&self.table).set_item(Some(item));
        let put = match write.expected_version {
            None => put.condition_expression("attribute_not_exists(pk)"),
            Some(version) => put
                .condition_expression("version = :expected")
                .expression_attribute_values(":expected", n(version)),
        };
        built(put.build())
    }
}

#[async_trait]
impl FeedbackStore for DynamoStore {
    async fn address_owner(&self, address: &EmailAddress) -> Result<Option<Holder>, StoreError> {
        let claim: Option<AddressClaim> =
            self.get(address_pk(address), ADDRESS_SK.to_owned()).await?;
        Ok(claim.map(|c| Holder {
            attribution: Attribution {
                tenant: c.owner,
                subject: Subject::Sender(c.sender_id),
            },
            claimed_at: c.claimed_at,
        }))
    }

    async fn subdomain_owner(&self, name: &DomainName) -> Result<Option<Holder>, StoreError> {
        let node: Option<NodeItem> = self.get(node_pk(name.as_str()), NODE_SK.to_owned()).await?;
        Ok(node.and_then(|node| {
            let (tenant, id) = node.owner.zip(node.owner_domain)?;
            Some(Holder {
                attribution: Attribution {
                    tenant,
                    subject: Subject::Subdomain(id),
                },
                claimed_at: node.claimed_at,
            })
        }))
    }

    async fn message_done(&self, sns_message_id: &str) -> Result<bool, StoreError> {
        let item = self
            .get_raw(message_receipt_pk(sns_message_id), RECEIPT_SK.to_owned())
            .await?;
        Ok(item.is_some())
    }

    async fn share_recorded(&self, key: &str) -> Result<bool, StoreError> {
        let item = self.get_raw(receipt_pk(key), RECEIPT_SK.to_owned()).await?;
        Ok(item.is_some())
    }

    async fn mark_message_done(
        &self,
        sns_message_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.put(&ReceiptItem::new(
            message_receipt_pk(sns_message_id),
            expires_at,
        ))
        .await
    }

    async fn record(&self, effect: &Effect) -> Result<Written, StoreError> {
        let receipt = self.receipt_put(receipt_pk(&effect.key), effect.expires_at)?;
        let mut items = vec![TransactWriteItem::builder().put(receipt).build()];
        if let Some(update) = effect
            .tally
            .as_ref()
            .map(|t| self.tally_update(t))
            .transpose()?
            .flatten()
        {
            items.push(TransactWriteItem::builder().update(update).build());
        }
        let suppression_index = items.len();
        if let Some(write) = &effect.suppression {
            let put = self.suppression_put(write)?;
            items.push(TransactWriteItem::builder().put(put).build());
        }
        match self.transact(items).await? {
            Ok(()) => Ok(Written::Recorded),
            Err(reasons) => {
                let failed = |i: usize| reasons.get(i).is_some_and(Option::is_some);
                if failed(0) {
                    Ok(Written::AlreadyRecorded)
                } else if effect.suppression.is_some() && failed(suppression_index) {
                    Ok(Written::SuppressionMoved)
                } else {
                    Err(StoreError(format!(
                        "the feedback transaction was cancelled: {reasons:?}"
                    )))
                }
            }
        }
    }
}

#[async_trait]
impl DailyCounters for DynamoStore {
    async fn days(
        &self,
        owner: &Attribution,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Counts)>, StoreError> {
        let (pk, prefix) = counter_prefix(Some(owner));
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        let mut days = Vec::new();
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(pk.clone()))
                .expression_attribute_values(":from", s(format!("{prefix}{}", day_key(from))))
                .expression_attribute_values(":to", s(format!("{prefix}{}", day_key(to))))
                .consistent_read(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(store_error)?;
            for item in output.items.unwrap_or_default() {
                let counter: CounterItem = serde_dynamo::from_item(item).map_err(codec_error)?;
                days.push((counter.day, counter.counts()));
            }
            match output.last_evaluated_key {
                Some(next) => start = Some(next),
                None => return Ok(days),
            }
        }
    }
}
