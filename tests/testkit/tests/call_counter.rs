//! The call counter sees the operations a client makes.

use testkit::calls::CallCounter;

#[tokio::test]
async fn counts_each_operation_by_name() {
    let counter = CallCounter::default();
    let sdk = testkit::moto_config().await;
    let client = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::config::Builder::from(&sdk)
            .interceptor(counter.clone())
            .build(),
    );
    client.list_tables().send().await.expect("listed");
    client.list_tables().send().await.expect("listed");
    let _ = client
        .describe_table()
        .table_name(testkit::unique_name("none"))
        .send()
        .await;
    assert_eq!(counter.count("ListTables"), 2, "{:?}", counter.all());
    assert_eq!(counter.count("DescribeTable"), 1, "{:?}", counter.all());
    counter.reset();
    assert_eq!(counter.all().len(), 0);
}
