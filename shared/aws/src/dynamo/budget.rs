//! The account-wide SES budget (`domain::ses_budget`) in the service table: one item per
//! bucket holding its GCRA `tat` (milliseconds since the epoch), moved only by conditional
//! updates that never read first, so concurrent Lambdas can never overdraw it.
//!
//! Items: the account's bucket pk `SES#budget`, sk `B`; a tenant's interactive share pk
//! `T#<tenant>`, sk `B#ses` (with a TTL, so idle tenants' buckets go away). Both: `tat` (N).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use chrono::{DateTime, Utc};
use domain::ports::{Caller, Scope, SesBudget, Spent, StoreError, TakeError};
use domain::ses_budget::{BudgetSettings, Gcra};

use super::errors::store_error;
use super::items::tenant_pk;
use super::schema::TTL_ATTRIBUTE;
use super::store::{DynamoStore, key};

const TAT: &str = "tat";
/// A tenant bucket idle this long is full again anyway: its item may expire.
const TENANT_ITEM_TTL_SECONDS: i64 = 24 * 3600;

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn tat_of(item: Option<&HashMap<String, AttributeValue>>) -> Option<i64> {
    item?.get(TAT)?.as_n().ok()?.parse().ok()
}

/// The budget over the service table.
#[derive(Debug, Clone)]
pub struct DynamoBudget {
    store: DynamoStore,
    settings: BudgetSettings,
}

/// One bucket: its key and whether its item expires.
struct Bucket {
    key: HashMap<String, AttributeValue>,
    expires: bool,
}

impl DynamoBudget {
    pub fn new(store: DynamoStore, settings: BudgetSettings) -> Self {
        Self { store, settings }
    }

    fn account() -> Bucket {
        Bucket {
            key: key("SES#budget", "B"),
            expires: false,
        }
    }

    fn tenant(tenant: &domain::tenant::TenantId) -> Bucket {
        Bucket {
            key: key(tenant_pk(tenant), "B#ses"),
            expires: true,
        }
    }

    /// Takes one token from `bucket` under `rule` at `now` (ms): when the call may go out, or
    /// how many milliseconds until a token would be there.
    async fn take_from(
        &self,
        bucket: &Bucket,
        rule: Gcra,
        now: i64,
    ) -> Result<Result<i64, i64>, StoreError> {
        for _ in 0..3 {
            // A bucket at rest (`tat` in the past): the call goes out now.
            let idle = self
                .update(bucket, now)
                .condition_expression("attribute_not_exists(#tat) OR #tat <= :now")
                .update_expression(Self::set(bucket, "#tat = :next"))
                .expression_attribute_values(":now", n(now))
                .expression_attribute_values(":next", n(now + rule.interval_ms))
                .send()
                .await;
            let old = match idle {
                Ok(_) => return Ok(Ok(now)),
                Err(error) => match Self::refused_with(error)? {
                    Some(tat) => tat,
                    None => continue,
                },
            };
            if let Err(wait) = rule.decide(Some(old), now) {
                return Ok(Err(wait));
            }
            // A busy bucket: move `tat` on by one interval while it stays within reach.
            let busy = self
                .update(bucket, now)
                .condition_expression("#tat > :now AND #tat <= :limit")
                .update_expression(Self::set(bucket, "#tat = #tat + :interval"))
                .expression_attribute_values(":now", n(now))
                .expression_attribute_values(":limit", n(now + rule.ahead_ms))
                .expression_attribute_values(":interval", n(rule.interval_ms))
                .return_values(ReturnValue::UpdatedNew)
                .send()
                .await;
            match busy {
                Ok(output) => {
                    let tat = tat_of(output.attributes()).ok_or_else(|| {
                        StoreError("the budget update returned no tat".to_owned())
                    })?;
                    return Ok(Ok((tat - rule.interval_ms - rule.burst_ms).max(now)));
                }
                Err(error) => match Self::refused_with(error)? {
                    Some(tat) if tat > now => return Ok(Err(tat - (now + rule.ahead_ms))),
                    _ => continue,
                },
            }
        }
        Err(StoreError("the SES budget item kept changing".to_owned()))
    }

    /// Gives back a token taken from `bucket` (when the next bucket refused the call).
    async fn give_back(&self, bucket: &Bucket, rule: Gcra) -> Result<(), StoreError> {
        self.store
            .client
            .update_item()
            .table_name(&self.store.table)
            .set_key(Some(bucket.key.clone()))
            .condition_expression("attribute_exists(#tat)")
            .update_expression("ADD #tat :back")
            .expression_attribute_names("#tat", TAT)
            .expression_attribute_values(":back", n(-rule.interval_ms))
            .send()
            .await
            .map(|_| ())
            .map_err(store_error)
    }

    fn set(bucket: &Bucket, assignment: &str) -> String {
        if bucket.expires {
            format!("SET {assignment}, #ttl = :ttl")
        } else {
            format!("SET {assignment}")
        }
    }

    fn update(
        &self,
        bucket: &Bucket,
        now: i64,
    ) -> aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder {
        let update = self
            .store
            .client
            .update_item()
            .table_name(&self.store.table)
            .set_key(Some(bucket.key.clone()))
            .expression_attribute_names("#tat", TAT)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        if bucket.expires {
            update
                .expression_attribute_names("#ttl", TTL_ATTRIBUTE)
                .expression_attribute_values(":ttl", n(now / 1000 + TENANT_ITEM_TTL_SECONDS))
        } else {
            update
        }
    }

    /// The bucket's `tat` when the condition failed (`None`: the item was not there), or the
    /// failure if it was something else.
    fn refused_with(
        error: aws_sdk_dynamodb::error::SdkError<
            aws_sdk_dynamodb::operation::update_item::UpdateItemError,
            aws_sdk_dynamodb::config::http::HttpResponse,
        >,
    ) -> Result<Option<i64>, StoreError> {
        match error.as_service_error() {
            Some(aws_sdk_dynamodb::operation::update_item::UpdateItemError::ConditionalCheckFailedException(failed)) => {
                Ok(tat_of(failed.item()))
            }
            _ => Err(store_error(error)),
        }
    }
}

fn spent(scope: Scope, wait_ms: i64) -> TakeError {
    TakeError::Spent(Spent {
        scope,
        retry_after: chrono::Duration::milliseconds(wait_ms.max(1)),
    })
}

#[async_trait]
impl SesBudget for DynamoBudget {
    async fn take(&self, caller: &Caller, now: DateTime<Utc>) -> Result<DateTime<Utc>, TakeError> {
        let now_ms = now.timestamp_millis();
        let tenant = match caller.tenant() {
            Some(tenant) => {
                let bucket = Self::tenant(tenant);
                let rule = self.settings.tenant();
                if let Err(wait) = self.take_from(&bucket, rule, now_ms).await? {
                    return Err(spent(Scope::Tenant, wait));
                }
                Some((bucket, rule))
            }
            None => None,
        };
        let rule = self.settings.account(caller.is_interactive());
        let refusal = match self.take_from(&Self::account(), rule, now_ms).await {
            Ok(Ok(at)) => return Ok(now + chrono::Duration::milliseconds(at - now_ms)),
            Ok(Err(wait)) => spent(Scope::Account, wait),
            Err(error) => TakeError::Store(error),
        };
        if let Some((bucket, rule)) = tenant
            && let Err(error) = self.give_back(&bucket, rule).await
        {
            tracing::warn!(%error, "could not give a tenant's SES token back");
        }
        Err(refusal)
    }
}
