//! Local defaults and the one-time setup `make dev` needs: the table.

use adapters::dynamo::schema;

/// Defaults for the settings a deployment passes in its environment; explicit values win.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("TABLE_NAME", "email-senders"),
    ("PLATFORM_DOMAIN", "mail.platform.test"),
    ("DEFAULT_SENDER_EMAIL", "no-reply@mail.platform.test"),
    ("DEFAULT_SENDER_NAME", "Surveys Platform"),
    (
        "DEV_JWT_SECRET",
        "local-development-secret-not-for-production",
    ),
];

/// A setting from the environment, else its default here.
pub fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().or_else(|| {
        DEFAULTS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| (*value).to_owned())
    })
}

/// Sets each default that the environment does not already set.
pub fn apply_defaults() {
    for (name, value) in DEFAULTS {
        if std::env::var_os(name).is_none() {
            // SAFETY: `main` calls this before it builds the Tokio runtime or starts any other
            // thread, so nothing can read the environment concurrently.
            unsafe { std::env::set_var(name, value) };
        }
    }
}

/// Creates the table unless it already exists.
pub async fn ensure_table(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<(), String> {
    let exists = client
        .describe_table()
        .table_name(table)
        .send()
        .await
        .is_ok();
    if exists {
        return Ok(());
    }
    schema::create_table(client, table)
        .await
        .map_err(|e| format!("could not create table {table}: {e}"))
}
