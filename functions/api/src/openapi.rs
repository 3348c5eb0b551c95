//! The OpenAPI 3.1 contract, generated from the code: the views and request bodies derive
//! their schemas, `paths` documents each route's operation. Served at `GET /openapi.json`; a
//! test holds it to the router ([`crate::app::ROUTES`]) and replays generated requests.

mod links;
mod paths;

use links::CreateLinks;

use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::openapi::schema::{Object, SchemaFormat, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::problem::ProblemType;
use utoipa::{IntoResponses, Modify, OpenApi, ToSchema};

/// An RFC 9457 problem, as every error response carries it (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemBody {
    /// A stable URI; clients switch on it (see `ProblemTypeUri` for every value).
    #[serde(rename = "type")]
    #[schema(schema_with = problem_type_uri)]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// One entry per rejected field (validation errors only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldErrorBody>,
    /// On `…/subdomain-already-added` and `…/address-taken` when the caller's own tenant holds
    /// it (a retried create): the existing resource's id; `Location` names it too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
}

/// The error responses of every operation: any 4XX or 5XX is a problem, whose `type` says
/// which (see `ProblemBody`). Each operation's description names the refusals it can answer.
#[derive(IntoResponses)]
pub enum Problems {
    #[response(
        status = "4XX",
        description = "The request was refused; the problem's `type` says why",
        content_type = "application/problem+json"
    )]
    Refused(ProblemBody),
    #[response(
        status = "5XX",
        description = "The service failed or a dependency is unavailable (503 with Retry-After)",
        content_type = "application/problem+json"
    )]
    Failed(ProblemBody),
}

/// A rejected field: a JSON Pointer into the body, or a query or path parameter's name.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// Every problem type URI this API answers with: each conflict (409) has its own.
fn problem_type_uri() -> Object {
    Object::builder()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uri".to_owned())))
        .description(Some(
            "The problem type. `…/validation-error` etc. for request errors; each 409 has its own type, e.g. `…/subdomain-held-elsewhere` or `…/subdomain-in-use`.",
        ))
        .enum_values(Some(ProblemType::all().map(ProblemType::uri)))
        .build()
}

/// The bearer JWT that API Gateway's authorizer checks (`tenant_id` and `roles` claims).
struct BearerJwt;

impl Modify for BearerJwt {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = Http::builder()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("jwt", SecurityScheme::Http(scheme));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "email-senders",
        description = "Sending subdomains, senders, suppressions and reputation for a multi-tenant SaaS on Amazon SES. \
                       The tenant comes only from the JWT; another tenant's ids answer 404.",
        version = env!("CARGO_PKG_VERSION"),
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerJwt, &CreateLinks),
    security(("jwt" = [])),
    paths(
        paths::openapi_document,
        paths::add_domain, paths::list_domains, paths::get_domain, paths::delete_domain,
        paths::domain_records, paths::check_domain_dns, paths::verify_domain, paths::restart_domain,
        paths::add_sender, paths::list_senders, paths::get_sender, paths::update_sender,
        paths::delete_sender, paths::verify_sender, paths::resend_verification, paths::restart_sender,
        paths::sender_reputation, paths::resume_sender,
        paths::list_suppressions, paths::add_suppression, paths::get_suppression, paths::delete_suppression,
    ),
    // Not an answer of the API: the detail of the `Identity Status Changed` events the
    // service publishes to EventBridge (README, "Status-change events"), for the host platform.
    components(schemas(
        ProblemBody,
        FieldErrorBody,
        domain::events::StatusChanged,
        domain::events::IdentityKind
    ))
)]
pub struct ApiDoc;

/// The document [`ApiDoc`] generates, as committed in `functions/api/openapi.json`: the
/// function serves this text and so carries none of the code that builds it (about 0.2 MB of
/// the binary). A test keeps the two equal and rewrites the file when asked.
pub const DOCUMENT: &str = include_str!("../openapi.json");

/// `GET /openapi.json`: the contract.
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

/// The document [`ApiDoc`] generates, as [`DOCUMENT`] holds it.
pub fn generated() -> String {
    let text = serde_json::to_string_pretty(&ApiDoc::openapi()).unwrap_or_default();
    format!("{text}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `UPDATE_OPENAPI=1 cargo test -p api --lib openapi` rewrites the committed document.
    #[test]
    fn the_committed_document_is_the_generated_one() {
        let generated = generated();
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
            std::fs::write(path, &generated).expect("write openapi.json");
            return;
        }
        // Compared as JSON: the order of some object keys depends on whether serde_json's
        // `preserve_order` is on, which another crate in the same build may switch on.
        let committed: serde_json::Value = serde_json::from_str(DOCUMENT).expect("openapi.json");
        let generated: serde_json::Value = serde_json::from_str(&generated).expect("generated");
        assert!(
            committed == generated,
            "functions/api/openapi.json is not what the code generates: \
             run `UPDATE_OPENAPI=1 cargo test -p api --lib openapi` and commit the file"
        );
    }
}
