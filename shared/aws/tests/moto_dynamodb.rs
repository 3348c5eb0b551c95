//! moto serves DynamoDB faithfully enough for what the store relies on: conditional writes and
//! cancelled transactions come back as the SDK's typed errors, with cancellation reasons.

use std::collections::HashMap;

use adapters::dynamo::schema;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};

fn item(pk: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("pk".to_owned(), AttributeValue::S(pk.to_owned())),
        ("sk".to_owned(), AttributeValue::S("x".to_owned())),
    ])
}

fn put_new(table: &str, pk: &str) -> TransactWriteItem {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item(pk)))
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .expect("put");
    TransactWriteItem::builder().put(put).build()
}

#[tokio::test]
async fn a_failed_condition_is_a_typed_conditional_check_failure() {
    let client = testkit::dynamodb().await;
    let table = testkit::unique_name("cond");
    schema::create_table(&client, &table).await.expect("table");
    let put = || {
        client
            .put_item()
            .table_name(&table)
            .set_item(Some(item("a")))
            .condition_expression("attribute_not_exists(pk)")
    };
    put().send().await.expect("first put");
    let error = put().send().await.expect_err("second put must fail");
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_conditional_check_failed_exception()),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_cancelled_transaction_names_the_item_that_failed_and_writes_nothing() {
    let client = testkit::dynamodb().await;
    let table = testkit::unique_name("tx");
    schema::create_table(&client, &table).await.expect("table");
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item("taken")))
        .send()
        .await
        .expect("seed");

    let error = client
        .transact_write_items()
        .transact_items(put_new(&table, "fresh"))
        .transact_items(put_new(&table, "taken"))
        .send()
        .await
        .expect_err("the transaction is cancelled");
    let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
        error.as_service_error()
    else {
        panic!("not a typed cancellation: {error:?}");
    };
    let codes: Vec<Option<&str>> = cancelled
        .cancellation_reasons()
        .iter()
        .map(|r| r.code())
        .collect();
    assert_eq!(codes, [Some("None"), Some("ConditionalCheckFailed")]);
    let fresh = client
        .get_item()
        .table_name(&table)
        .set_key(Some(item("fresh")))
        .send()
        .await
        .expect("read");
    assert!(fresh.item.is_none(), "all or nothing");
}
