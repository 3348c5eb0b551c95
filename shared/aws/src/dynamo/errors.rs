//! Turning SDK failures into the domain's `StoreError`, with the whole error chain kept.

use aws_sdk_dynamodb::error::BuildError;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::CancellationReason;
use domain::ports::StoreError;

pub fn store_error<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    StoreError(DisplayErrorContext(&error).to_string())
}

/// A request the SDK refused to build (a bug here, never the caller's input).
pub fn build_error(error: BuildError) -> StoreError {
    StoreError(crate::build_failure(error))
}

/// A built request, or the [`build_error`].
pub fn built<T>(result: Result<T, BuildError>) -> Result<T, StoreError> {
    result.map_err(build_error)
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

/// Whether a conditional write's condition held: `Ok(false)` when DynamoDB refused it with
/// ConditionalCheckFailed, any other failure as a `StoreError`.
pub fn condition_held<O, E, R>(result: Result<O, SdkError<E, R>>) -> Result<bool, StoreError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(true),
        Err(error)
            if error.as_service_error().and_then(|e| e.code())
                == Some("ConditionalCheckFailedException") =>
        {
            Ok(false)
        }
        Err(error) => Err(store_error(error)),
    }
}
