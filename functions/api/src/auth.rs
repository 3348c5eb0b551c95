//! Who is calling: [`Caller`], built only from the API Gateway HTTP API JWT authorizer.
//!
//! API Gateway validates the token and hands the Lambda its claims in
//! `requestContext.authorizer.jwt.claims`; lambda_http stores that context in the request
//! extensions as [`RequestContext::ApiGatewayV2`]. [`Caller`] reads it from there and from
//! nowhere else: no header, no body, no query parameter can name the tenant.
//!
//! Configuration travels as an extension: add `.layer(Extension(AuthConfig::default()))` to the
//! router (or use `crate::edge::apply`). Without it every authenticated route answers 500 and
//! logs why, so a missing layer shows up in the first test.

use std::collections::HashMap;

use axum::{extract::FromRequestParts, http::request::Parts};
use domain::tenant::{Principal, TenantId, TenantIdError};
use lambda_http::{
    aws_lambda_events::apigw::{
        ApiGatewayRequestAuthorizer, ApiGatewayRequestAuthorizerJwtDescription,
        ApiGatewayV2httpRequestContext,
    },
    request::RequestContext,
};

use crate::problem::Problem;

/// Which claims carry the tenant and the roles, and which role may change things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    /// Claim holding the tenant id; default `tenant_id`.
    pub tenant_claim: String,
    /// Claim holding the roles; default `roles`. Missing means no roles.
    pub roles_claim: String,
    /// Role (compared case-sensitively) that makes the caller an admin; default `admin`.
    pub admin_role: String,
    /// The roles the deployment knows (`KNOWN_ROLES`); default `admin`, `editor`, `viewer`
    /// (plus the admin role). A roles claim naming others in a form that cannot be split
    /// unambiguously grants nothing (see [`granted_roles`]).
    pub known_roles: Vec<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            tenant_claim: "tenant_id".to_owned(),
            roles_claim: "roles".to_owned(),
            admin_role: "admin".to_owned(),
            known_roles: ["admin", "editor", "viewer"].map(str::to_owned).to_vec(),
        }
    }
}

/// Why a request has no usable caller; every variant answers 401.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the request carries no JWT authorizer claims")]
    NoClaims,
    #[error("the token has no `{0}` claim")]
    MissingTenantClaim(String),
    #[error("the token's `{claim}` claim is not a valid tenant id: {source}")]
    InvalidTenantClaim {
        claim: String,
        source: TenantIdError,
    },
}

impl From<AuthError> for Problem {
    fn from(error: AuthError) -> Self {
        Problem::unauthenticated(error.to_string())
    }
}

/// The authenticated caller: an axum extractor rejecting with a 401 problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(Principal);

impl Caller {
    /// Builds the caller from authorizer claims (every value a string, as API Gateway sends).
    pub fn from_claims(
        claims: &HashMap<String, String>,
        config: &AuthConfig,
    ) -> Result<Self, AuthError> {
        let raw_tenant = claims
            .get(&config.tenant_claim)
            .ok_or_else(|| AuthError::MissingTenantClaim(config.tenant_claim.clone()))?;
        let tenant =
            TenantId::parse(raw_tenant).map_err(|source| AuthError::InvalidTenantClaim {
                claim: config.tenant_claim.clone(),
                source,
            })?;
        let is_admin = claims
            .get(&config.roles_claim)
            .is_some_and(|raw| granted_roles(raw, config).contains(&config.admin_role));
        Ok(Self(Principal::new(tenant, is_admin)))
    }

    pub fn principal(&self) -> &Principal {
        &self.0
    }

    pub fn tenant(&self) -> &TenantId {
        &self.0.tenant
    }

    pub fn is_admin(&self) -> bool {
        self.0.is_admin
    }

    /// The domain's admin check ([`Principal::require_admin`]) as a 403 problem. The use
    /// cases check it themselves; this is for handlers that change something without one.
    pub fn require_admin(&self) -> Result<(), Problem> {
        self.0.require_admin().map_err(Problem::from)
    }

    pub fn into_principal(self) -> Principal {
        self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(config) = parts.extensions.get::<AuthConfig>() else {
            tracing::error!("no AuthConfig extension: add `.layer(Extension(AuthConfig))`");
            return Err(Problem::internal());
        };
        let claims =
            jwt_claims(parts.extensions.get::<RequestContext>()).ok_or(AuthError::NoClaims)?;
        Caller::from_claims(claims, config).map_err(|error| {
            tracing::warn!(%error, "rejecting a request whose JWT claims name no usable tenant");
            Problem::from(error)
        })
    }
}

/// The tenant a request's claims name, if usable (quietly: the handler's extractor answers
/// and logs the 401).
pub fn tenant_of(parts: &Parts) -> Option<TenantId> {
    let config = parts.extensions.get::<AuthConfig>()?;
    let claims = jwt_claims(parts.extensions.get::<RequestContext>())?;
    TenantId::parse(claims.get(&config.tenant_claim)?).ok()
}

/// The JWT authorizer claims of an HTTP API (payload 2.0) request, if any.
fn jwt_claims(context: Option<&RequestContext>) -> Option<&HashMap<String, String>> {
    #[allow(unreachable_patterns)] // only ApiGatewayV2 exists unless other features are enabled
    let context = match context? {
        RequestContext::ApiGatewayV2(context) => context,
        _ => return None,
    };
    Some(&context.authorizer.as_ref()?.jwt.as_ref()?.claims)
}

/// The roles a claim grants, failing closed: only roles the deployment knows count, and a
/// claim that cannot be read unambiguously grants none. A JSON array string is unambiguous.
/// API Gateway renders an array claim as `[a b]`, which cannot tell `["billing admin"]` from
/// `["billing", "admin"]`: such a rendering (or a plain list) counts only when every part is
/// a known role, since then no reading with spaces inside a role name is plausible.
pub fn granted_roles(raw: &str, config: &AuthConfig) -> Vec<String> {
    let known = |role: &String| *role == config.admin_role || config.known_roles.contains(role);
    let trimmed = raw.trim();
    if trimmed.starts_with('[')
        && let Ok(roles) = serde_json::from_str::<Vec<String>>(trimmed)
    {
        return roles.into_iter().filter(known).collect();
    }
    let parts = parse_roles(raw);
    if parts.iter().all(known) {
        parts
    } else {
        Vec::new()
    }
}

/// Reads a roles claim in any of the forms it arrives in: API Gateway's rendering of a JSON
/// array (`[admin editor]`), a JSON array string (`["admin","editor"]`), or a plain list
/// separated by spaces or commas (`admin editor`, `admin,editor`).
pub fn parse_roles(raw: &str) -> Vec<String> {
    let trimmed = raw.trim();
    if trimmed.starts_with('[')
        && let Ok(roles) = serde_json::from_str::<Vec<String>>(trimmed)
    {
        return roles;
    }
    let inner = trimmed
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(trimmed);
    inner
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|role| !role.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The request context API Gateway would send for a JWT-authorized HTTP API request with
/// these (already stringified) claims. For the local dev authorizer and for tests; insert it
/// as `RequestContext::ApiGatewayV2(..)` in the request extensions.
pub fn jwt_authorizer_context(
    claims: HashMap<String, String>,
    scopes: Option<Vec<String>>,
) -> ApiGatewayV2httpRequestContext {
    let mut jwt = ApiGatewayRequestAuthorizerJwtDescription::default();
    jwt.claims = claims;
    jwt.scopes = scopes;
    let mut authorizer = ApiGatewayRequestAuthorizer::default();
    authorizer.jwt = Some(jwt);
    let mut context = ApiGatewayV2httpRequestContext::default();
    context.route_key = Some("$default".to_owned());
    context.stage = Some("$default".to_owned());
    context.authorizer = Some(authorizer);
    context
}

#[cfg(test)]
mod tests;
