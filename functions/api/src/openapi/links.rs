//! OpenAPI links from each create to the reads and actions on what it created, so a tool that
//! drives the API from its document (a client generator, schemathesis's stateful phase) knows
//! where the new id goes.

use serde_json::{Map, Value, json};
use utoipa::Modify;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::{OpenApi, RefOr};

/// A create (path, status) and the operations that take what it answered.
struct Creates {
    path: &'static str,
    status: &'static str,
    parameter: &'static str,
    value: &'static str,
    targets: &'static [&'static str],
}

const CREATES: &[Creates] = &[
    Creates {
        path: "/v1/domains",
        status: "201",
        parameter: "id",
        value: "$response.body#/id",
        targets: &[
            "get_domain",
            "domain_records",
            "verify_domain",
            "restart_domain",
            "delete_domain",
        ],
    },
    Creates {
        path: "/v1/senders",
        status: "201",
        parameter: "id",
        value: "$response.body#/id",
        targets: &[
            "get_sender",
            "update_sender",
            "verify_sender",
            "resend_verification",
            "restart_sender",
            "sender_reputation",
            "resume_sender",
            "delete_sender",
        ],
    },
    Creates {
        path: "/v1/suppressions",
        status: "201",
        parameter: "email",
        value: "$response.body#/email",
        targets: &["get_suppression", "delete_suppression"],
    },
];

/// Adds [`CREATES`] as `links` on each create's success response.
pub struct CreateLinks;

impl Modify for CreateLinks {
    fn modify(&self, openapi: &mut OpenApi) {
        for create in CREATES {
            let Some(operation) = openapi
                .paths
                .paths
                .get_mut(create.path)
                .and_then(|item| item.post.as_mut())
            else {
                continue;
            };
            let Some(RefOr::T(response)) = operation.responses.responses.get_mut(create.status)
            else {
                continue;
            };
            let mut links: Map<String, Value> = create
                .targets
                .iter()
                .map(|target| {
                    let link = json!({
                        "operationId": target,
                        "parameters": { create.parameter: create.value },
                        "description": format!(
                            "The `{}` of what was created, for `{target}`",
                            create.parameter
                        ),
                    });
                    ((*target).to_owned(), link)
                })
                .collect();
            if create.path == "/v1/domains" {
                // A new subdomain can take a sender: its id and a From address on it.
                links.insert(
                    "add_sender".to_owned(),
                    json!({
                        "operationId": "add_sender",
                        "requestBody": {
                            "kind": "subdomain",
                            "domain_id": "$response.body#/id",
                            "from_email": "news@{$response.body#/name}",
                        },
                        "description": "A sender on the new subdomain",
                    }),
                );
            }
            // utoipa 5.5's `Link` serializes `operation_id` in snake case, which no tool reads
            // as `operationId`; the links go in as JSON under the response's own `links` key.
            response
                .extensions
                .get_or_insert_with(Extensions::default)
                .insert("links".to_owned(), Value::Object(links));
        }
    }
}
