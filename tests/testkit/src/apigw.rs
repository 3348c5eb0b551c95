//! API Gateway HTTP API (payload 2.0) events, as API Gateway sends them to the API function
//! behind a JWT authorizer. Tests feed these through `lambda_http::request::from_str`, the
//! same conversion the Lambda runtime applies, so the router sees what it sees on AWS.

use serde_json::{Map, Value, json};

/// One request: method, path (with an optional `?query`), JSON body and authorizer claims.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: String,
    pub path: String,
    pub body: Option<String>,
    pub content_type: Option<String>,
    /// `None`: no authorizer context at all.
    pub claims: Option<Map<String, Value>>,
    /// Further headers, lower-case names (as API Gateway passes them).
    pub headers: Vec<(String, String)>,
}

impl ApiRequest {
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            body: None,
            content_type: None,
            claims: None,
            headers: Vec::new(),
        }
    }

    /// One more header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// A JSON body with `content-type: application/json`.
    pub fn json(mut self, body: &Value) -> Self {
        self.body = Some(body.to_string());
        self.content_type = Some("application/json".to_owned());
        self
    }

    /// A raw body with the given content type.
    pub fn raw(mut self, body: &str, content_type: Option<&str>) -> Self {
        self.body = Some(body.to_owned());
        self.content_type = content_type.map(str::to_owned);
        self
    }

    /// Claims as API Gateway renders them: every value a string, arrays as `[a b]`.
    pub fn claims(mut self, tenant: &str, roles: &[&str]) -> Self {
        let mut claims = Map::new();
        claims.insert("tenant_id".to_owned(), json!(tenant));
        claims.insert("roles".to_owned(), json!(format!("[{}]", roles.join(" "))));
        claims.insert("sub".to_owned(), json!(format!("user-of-{tenant}")));
        self.claims = Some(claims);
        self
    }

    /// The event JSON.
    pub fn to_event(&self) -> String {
        let (raw_path, raw_query) = self.path.split_once('?').unwrap_or((&self.path, ""));
        let mut headers = Map::new();
        headers.insert("host".to_owned(), json!("api.example.test"));
        if let Some(content_type) = &self.content_type {
            headers.insert("content-type".to_owned(), json!(content_type));
        }
        for (name, value) in &self.headers {
            headers.insert(name.clone(), json!(value));
        }
        let mut context = json!({
            "accountId": "123456789012",
            "apiId": "localapi",
            "domainName": "api.example.test",
            "domainPrefix": "api",
            "http": {
                "method": self.method,
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "testkit"
            },
            "requestId": uuid::Uuid::new_v4().to_string(),
            "routeKey": "ANY /v1/{proxy+}",
            "stage": "$default",
            "time": "28/Nov/2026:12:00:00 +0000",
            "timeEpoch": 1_795_867_200_000_u64
        });
        if let (Some(claims), Some(object)) = (&self.claims, context.as_object_mut()) {
            object.insert(
                "authorizer".to_owned(),
                json!({ "jwt": { "claims": claims, "scopes": null } }),
            );
        }
        json!({
            "version": "2.0",
            "routeKey": "ANY /v1/{proxy+}",
            "rawPath": raw_path,
            "rawQueryString": raw_query,
            "headers": headers,
            "requestContext": context,
            "body": self.body,
            "isBase64Encoded": false
        })
        .to_string()
    }
}
