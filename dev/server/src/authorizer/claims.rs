//! Rendering JWT claims the way API Gateway hands them to a Lambda: every value a string.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Every claim as API Gateway's HTTP API JWT authorizer renders it in
/// `requestContext.authorizer.jwt.claims`.
pub fn api_gateway_claims(claims: &Map<String, Value>) -> HashMap<String, String> {
    claims
        .iter()
        .map(|(name, value)| (name.clone(), render(value)))
        .collect()
}

/// The `scope` claim split on spaces, as API Gateway fills `authorizer.jwt.scopes`.
pub fn scopes(claims: &Map<String, Value>) -> Option<Vec<String>> {
    let scope = claims.get("scope")?.as_str()?;
    Some(scope.split_whitespace().map(str::to_owned).collect())
}

/// Strings as they are, numbers and booleans as text, arrays as `[a b]` (elements rendered
/// the same way, space-separated). Objects and nulls have no documented rendering; they are
/// given as compact JSON so nothing is lost.
fn render(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", items.join(" "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn rendered(value: Value) -> HashMap<String, String> {
        api_gateway_claims(&object(value))
    }

    #[test]
    fn renders_each_json_kind_as_api_gateway_does() {
        let claims = rendered(json!({
            "tenant_id": "acme",
            "roles": ["admin", "editor"],
            "exp": 1_700_000_000,
            "ratio": 0.5,
            "email_verified": true,
            "empty": [],
        }));
        let expected: HashMap<String, String> = [
            ("tenant_id", "acme"),
            ("roles", "[admin editor]"),
            ("exp", "1700000000"),
            ("ratio", "0.5"),
            ("email_verified", "true"),
            ("empty", "[]"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(claims, expected);
    }

    #[test]
    fn splits_the_scope_claim() {
        let claims = object(json!({ "scope": "senders:read  senders:write" }));
        assert_eq!(
            scopes(&claims),
            Some(vec!["senders:read".into(), "senders:write".into()])
        );
        assert_eq!(scopes(&Map::new()), None);
    }
}
