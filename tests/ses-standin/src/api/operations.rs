//! The operations the stand-in serves, each with the errors the SESv2 model lists for it.

/// Each served operation with the errors the SESv2 model (botocore `sesv2/2019-09-27`) lists
/// for it. Fault injection accepts exactly these; the conformance test checks this table
/// against the shipped model file.
pub const OPERATIONS: [(&str, &[&str]); 14] = [
    (
        "CreateEmailIdentity",
        &[
            "AlreadyExistsException",
            "LimitExceededException",
            "TooManyRequestsException",
            "BadRequestException",
            "ConcurrentModificationException",
            "NotFoundException",
        ],
    ),
    (
        "GetEmailIdentity",
        &[
            "NotFoundException",
            "TooManyRequestsException",
            "BadRequestException",
        ],
    ),
    (
        "ListEmailIdentities",
        &["TooManyRequestsException", "BadRequestException"],
    ),
    (
        "DeleteEmailIdentity",
        &[
            "NotFoundException",
            "TooManyRequestsException",
            "BadRequestException",
            "ConcurrentModificationException",
        ],
    ),
    (
        "PutEmailIdentityMailFromAttributes",
        &[
            "NotFoundException",
            "TooManyRequestsException",
            "BadRequestException",
        ],
    ),
    (
        "PutSuppressedDestination",
        &[
            "BadRequestException",
            "TooManyRequestsException",
            "NotFoundException",
        ],
    ),
    (
        "GetSuppressedDestination",
        &[
            "BadRequestException",
            "TooManyRequestsException",
            "NotFoundException",
        ],
    ),
    (
        "DeleteSuppressedDestination",
        &[
            "NotFoundException",
            "BadRequestException",
            "TooManyRequestsException",
        ],
    ),
    (
        "ListSuppressedDestinations",
        &[
            "BadRequestException",
            "TooManyRequestsException",
            "InvalidNextTokenException",
            "NotFoundException",
        ],
    ),
    (
        "TagResource",
        &[
            "BadRequestException",
            "ConcurrentModificationException",
            "NotFoundException",
            "TooManyRequestsException",
        ],
    ),
    (
        "UntagResource",
        &[
            "BadRequestException",
            "ConcurrentModificationException",
            "NotFoundException",
            "TooManyRequestsException",
        ],
    ),
    (
        "ListTagsForResource",
        &[
            "BadRequestException",
            "NotFoundException",
            "TooManyRequestsException",
        ],
    ),
    (
        "CreateConfigurationSet",
        &[
            "AlreadyExistsException",
            "NotFoundException",
            "TooManyRequestsException",
            "LimitExceededException",
            "BadRequestException",
            "ConcurrentModificationException",
        ],
    ),
    (
        "GetConfigurationSet",
        &[
            "NotFoundException",
            "TooManyRequestsException",
            "BadRequestException",
        ],
    ),
];

/// The errors the model lists for `operation`; `None` for an operation the stand-in does not
/// serve.
pub fn modeled_errors(operation: &str) -> Option<&'static [&'static str]> {
    OPERATIONS
        .iter()
        .find(|(name, _)| *name == operation)
        .map(|(_, errors)| *errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_routed_operation_has_its_modeled_errors() {
        for (name, errors) in OPERATIONS {
            assert!(errors.contains(&"TooManyRequestsException"), "{name}");
            assert!(
                errors
                    .iter()
                    .all(|code| crate::api::errors::ERROR_CODES.contains(code))
            );
        }
        assert_eq!(modeled_errors("SendEmail"), None);
    }
}
