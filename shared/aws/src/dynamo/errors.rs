//! Turning SDK failures into the domain's `StoreError`, with the whole error chain kept.

use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::types::CancellationReason;
use domain::ports::StoreError;

pub fn store_error<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    StoreError(DisplayErrorContext(&error).to_string())
}

pub fn codec_error(error: serde_dynamo::Error) -> StoreError {
    StoreError(format!("item (de)serialization failed: {error}"))
}

/// The cancellation reason codes of a cancelled transaction, one per item (`None` = fine).
pub fn reason_codes(reasons: &[CancellationReason]) -> Vec<Option<&str>> {
    reasons
        .iter()
        .map(|r| r.code().filter(|c| *c != "None"))
        .collect()
}
