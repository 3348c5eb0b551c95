use std::collections::HashMap;

use axum::{
    extract::FromRequestParts,
    http::{Request, StatusCode},
};
use domain::tenant::TenantIdError;
use lambda_http::request::RequestContext;

use super::*;
use crate::problem::ProblemType;

fn claims(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn caller_with_roles(roles: &str) -> Caller {
    let claims = claims(&[("tenant_id", "acme"), ("roles", roles)]);
    Caller::from_claims(&claims, &AuthConfig::default()).unwrap()
}

#[test]
fn api_gateway_bracketed_array_form() {
    assert_eq!(parse_roles("[admin editor]"), ["admin", "editor"]);
    assert_eq!(parse_roles("[admin]"), ["admin"]);
    assert!(caller_with_roles("[editor admin]").is_admin());
}

#[test]
fn plain_space_or_comma_separated_form() {
    assert_eq!(parse_roles(" admin  editor "), ["admin", "editor"]);
    assert_eq!(parse_roles("admin,editor"), ["admin", "editor"]);
    assert_eq!(parse_roles("admin"), ["admin"]);
    assert!(caller_with_roles("editor admin").is_admin());
}

#[test]
fn json_array_string_form() {
    assert_eq!(parse_roles(r#"["admin","editor"]"#), ["admin", "editor"]);
    assert_eq!(parse_roles(r#"["team lead"]"#), ["team lead"]);
    assert!(parse_roles("[]").is_empty());
    assert!(caller_with_roles(r#"["editor", "admin"]"#).is_admin());
}

#[test]
fn admin_needs_the_exact_role() {
    for roles in [
        "[editor]",
        "administrator",
        "[Admin]",
        r#"["admin editor"]"#,
        "",
    ] {
        assert!(!caller_with_roles(roles).is_admin(), "{roles:?}");
    }
    let no_roles_claim = claims(&[("tenant_id", "acme")]);
    let caller = Caller::from_claims(&no_roles_claim, &AuthConfig::default()).unwrap();
    assert!(!caller.is_admin());
    assert_eq!(
        caller.require_admin().unwrap_err().kind(),
        ProblemType::Forbidden
    );
    assert_eq!(caller_with_roles("admin").require_admin(), Ok(()));
}

#[test]
fn roles_fail_closed() {
    // API Gateway renders ["billing admin"] and ["billing", "admin"] alike: unknown parts
    // make the rendering ambiguous, so it grants nothing.
    for roles in [
        "[billing admin]",
        "billing admin",
        "billing,admin",
        "[admin superuser]",
    ] {
        assert!(!caller_with_roles(roles).is_admin(), "{roles:?}");
    }
    // A JSON array is unambiguous: unknown roles are ignored, known ones count.
    assert!(caller_with_roles(r#"["billing", "admin"]"#).is_admin());
    assert!(!caller_with_roles(r#"["billing admin"]"#).is_admin());
    assert!(caller_with_roles("[viewer admin]").is_admin());
}

#[test]
fn tenant_claim_must_be_present_and_valid() {
    let config = AuthConfig::default();
    assert_eq!(
        Caller::from_claims(&claims(&[("roles", "admin")]), &config),
        Err(AuthError::MissingTenantClaim("tenant_id".to_owned()))
    );
    assert_eq!(
        Caller::from_claims(&claims(&[("tenant_id", "a b")]), &config),
        Err(AuthError::InvalidTenantClaim {
            claim: "tenant_id".to_owned(),
            source: TenantIdError::InvalidCharacter
        })
    );
    let problem = Problem::from(AuthError::MissingTenantClaim("tenant_id".to_owned()));
    assert_eq!(problem.kind(), ProblemType::Unauthenticated);
}

#[test]
fn claim_names_come_from_the_config() {
    let config = AuthConfig {
        tenant_claim: "custom:tenant".to_owned(),
        roles_claim: "cognito:groups".to_owned(),
        admin_role: "owners".to_owned(),
        known_roles: Vec::new(),
    };
    let claims = claims(&[("custom:tenant", "globex"), ("cognito:groups", "[owners]")]);
    let caller = Caller::from_claims(&claims, &config).unwrap();
    assert_eq!(caller.tenant().as_str(), "globex");
    assert!(caller.is_admin());
}

async fn extract(
    context: Option<RequestContext>,
    config: Option<AuthConfig>,
) -> Result<Caller, Problem> {
    let mut request = Request::builder().uri("/v1/senders").body(()).unwrap();
    if let Some(context) = context {
        request.extensions_mut().insert(context);
    }
    if let Some(config) = config {
        request.extensions_mut().insert(config);
    }
    let (mut parts, ()) = request.into_parts();
    Caller::from_request_parts(&mut parts, &()).await
}

#[tokio::test]
async fn extractor_reads_the_authorizer_context() {
    let context =
        jwt_authorizer_context(claims(&[("tenant_id", "acme"), ("roles", "[admin]")]), None);
    let caller = extract(
        Some(RequestContext::ApiGatewayV2(context)),
        Some(AuthConfig::default()),
    )
    .await
    .unwrap();
    assert_eq!(
        caller.principal(),
        &Principal::new(TenantId::parse("acme").unwrap(), true)
    );
}

#[tokio::test]
async fn extractor_rejects_requests_without_claims() {
    let no_context = extract(None, Some(AuthConfig::default()))
        .await
        .unwrap_err();
    assert_eq!(no_context.kind(), ProblemType::Unauthenticated);

    let mut unauthorized = jwt_authorizer_context(HashMap::new(), None);
    unauthorized.authorizer = None;
    let no_authorizer = extract(
        Some(RequestContext::ApiGatewayV2(unauthorized)),
        Some(AuthConfig::default()),
    )
    .await
    .unwrap_err();
    assert_eq!(no_authorizer.kind(), ProblemType::Unauthenticated);
}

#[tokio::test]
async fn extractor_without_config_is_a_server_error() {
    let context = jwt_authorizer_context(claims(&[("tenant_id", "acme")]), None);
    let problem = extract(Some(RequestContext::ApiGatewayV2(context)), None)
        .await
        .unwrap_err();
    assert_eq!(problem.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[test]
fn reads_claims_from_a_real_payload_v2_event() {
    // aws_lambda_events' own fixture of an HTTP API request with a JWT authorizer, copied
    // byte-identical; see tests/fixtures/apigw/README.md.
    let event =
        include_str!("../../tests/fixtures/apigw/example-apigw-v2-request-jwt-authorizer.json");
    let request = lambda_http::request::from_str(event).unwrap();
    let context = request.extensions().get::<RequestContext>();
    assert_eq!(
        jwt_claims(context),
        Some(&claims(&[("claim1", "value1"), ("claim2", "value2")]))
    );
}
