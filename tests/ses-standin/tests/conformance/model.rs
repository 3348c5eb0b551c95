//! The published SESv2 model (botocore's `service-2.json`, shipped in `model/`) and a checker
//! of REST-JSON answers against its shapes.

use serde_json::{Map, Value};

/// The model file.
pub struct Model(Value);

/// Members every AWS error body may carry besides the modeled ones (the SDK reads the message
/// from them; botocore's SESv2 error shapes model no members at all).
const GENERIC_ERROR_MEMBERS: [&str; 2] = ["message", "Message"];

impl Model {
    /// Loads `model/sesv2-service-2.json`.
    pub fn load() -> Self {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/model/sesv2-service-2.json");
        let text = std::fs::read_to_string(path).expect("the shipped model file");
        Self(serde_json::from_str(&text).expect("the model is JSON"))
    }

    fn operation(&self, name: &str) -> &Value {
        let operation = &self.0["operations"][name];
        assert!(operation.is_object(), "the model has no operation {name}");
        operation
    }

    /// `(method, requestUri)` of an operation.
    pub fn http(&self, operation: &str) -> (String, String) {
        let http = &self.operation(operation)["http"];
        (
            http["method"].as_str().unwrap_or_default().to_owned(),
            http["requestUri"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// The errors the model lists for an operation.
    pub fn errors(&self, operation: &str) -> Vec<String> {
        self.operation(operation)["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|error| error["shape"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The HTTP status the model gives an error shape.
    pub fn error_status(&self, error: &str) -> u16 {
        let status = self.shape(error)["error"]["httpStatusCode"].as_u64();
        status
            .and_then(|status| u16::try_from(status).ok())
            .unwrap_or_else(|| panic!("{error} has no httpStatusCode"))
    }

    fn shape(&self, name: &str) -> &Value {
        let shape = &self.0["shapes"][name];
        assert!(shape.is_object(), "the model has no shape {name}");
        shape
    }

    /// Every violation of `operation`'s output shape in a raw answer (status, headers, body).
    pub fn check_output(&self, operation: &str, answer: &Answer) -> Vec<String> {
        let mut problems = Vec::new();
        if answer.status != 200 {
            problems.push(format!("{operation}: status {} is not 200", answer.status));
        }
        let output = self.operation(operation)["output"]["shape"].as_str();
        let body = parse(&answer.body, &mut problems, operation);
        match output {
            Some(shape) => self.check_body(shape, &body, &[], operation, &mut problems),
            None if body != Value::Object(Map::new()) && body != Value::Null => {
                problems.push(format!("{operation}: no output modeled, got {body}"))
            }
            None => {}
        }
        problems
    }

    /// Every violation of error `code`'s shape, status and type header in a raw answer.
    pub fn check_error(&self, operation: &str, code: &str, answer: &Answer) -> Vec<String> {
        let mut problems = Vec::new();
        let context = format!("{operation} {code}");
        if !self.errors(operation).iter().any(|listed| listed == code) {
            problems.push(format!("{context}: the model lists no such error"));
        }
        let status = self.error_status(code);
        if answer.status != status {
            problems.push(format!(
                "{context}: status {} but the model says {status}",
                answer.status
            ));
        }
        match answer.error_type.as_deref() {
            Some(found) if found.split(':').next() == Some(code) => {}
            other => problems.push(format!("{context}: x-amzn-ErrorType is {other:?}")),
        }
        let body = parse(&answer.body, &mut problems, &context);
        self.check_body(code, &body, &GENERIC_ERROR_MEMBERS, &context, &mut problems);
        problems
    }

    /// Checks a body against a structure shape: HTTP-bound members are not in the body.
    fn check_body(
        &self,
        shape_name: &str,
        body: &Value,
        extra: &[&str],
        path: &str,
        problems: &mut Vec<String>,
    ) {
        let shape = self.shape(shape_name);
        let Some(object) = body.as_object() else {
            problems.push(format!("{path}: body is not an object: {body}"));
            return;
        };
        let members = shape["members"].as_object().cloned().unwrap_or_default();
        let in_body: Map<String, Value> = members
            .into_iter()
            .filter(|(_, member)| member.get("location").is_none())
            .collect();
        self.check_members(shape, &in_body, object, extra, path, problems);
    }

    fn check_members(
        &self,
        shape: &Value,
        members: &Map<String, Value>,
        object: &Map<String, Value>,
        extra: &[&str],
        path: &str,
        problems: &mut Vec<String>,
    ) {
        for required in shape["required"].as_array().into_iter().flatten() {
            let required = required.as_str().unwrap_or_default();
            if members.contains_key(required) && !object.contains_key(required) {
                problems.push(format!("{path}: required member {required} is missing"));
            }
        }
        for (key, value) in object {
            match members.get(key) {
                Some(member) => {
                    let target = member["shape"].as_str().unwrap_or_default();
                    self.check_value(target, value, &format!("{path}.{key}"), problems);
                }
                None if extra.contains(&key.as_str()) => {
                    if !value.is_string() {
                        problems.push(format!("{path}.{key}: not a string"));
                    }
                }
                None => problems.push(format!("{path}: member {key} is not in the model")),
            }
        }
    }

    /// Checks one value against a shape of any type.
    pub fn check_value(
        &self,
        shape_name: &str,
        value: &Value,
        path: &str,
        problems: &mut Vec<String>,
    ) {
        let shape = self.shape(shape_name);
        let mut fail = |why: String| problems.push(format!("{path} ({shape_name}): {why}"));
        match shape["type"].as_str().unwrap_or_default() {
            "structure" => {
                let Some(object) = value.as_object() else {
                    return fail(format!("not an object: {value}"));
                };
                let members = shape["members"].as_object().cloned().unwrap_or_default();
                self.check_members(shape, &members, object, &[], path, problems);
            }
            "list" => {
                let Some(items) = value.as_array() else {
                    return fail(format!("not a list: {value}"));
                };
                check_range(shape, items.len() as f64, "length", &mut fail);
                let member = shape["member"]["shape"].as_str().unwrap_or_default();
                for (index, item) in items.iter().enumerate() {
                    self.check_value(member, item, &format!("{path}[{index}]"), problems);
                }
            }
            "map" => {
                let Some(entries) = value.as_object() else {
                    return fail(format!("not a map: {value}"));
                };
                let key_shape = shape["key"]["shape"].as_str().unwrap_or_default();
                let value_shape = shape["value"]["shape"].as_str().unwrap_or_default();
                for (key, item) in entries {
                    let key_path = format!("{path}{{{key}}}");
                    self.check_value(key_shape, &Value::String(key.clone()), &key_path, problems);
                    self.check_value(value_shape, item, &key_path, problems);
                }
            }
            "string" => {
                let Some(text) = value.as_str() else {
                    return fail(format!("not a string: {value}"));
                };
                check_range(shape, text.chars().count() as f64, "length", &mut fail);
                if let Some(allowed) = shape["enum"].as_array()
                    && !allowed.iter().any(|option| option.as_str() == Some(text))
                {
                    fail(format!("`{text}` is not one of {allowed:?}"));
                }
            }
            "boolean" => {
                if !value.is_boolean() {
                    fail(format!("not a boolean: {value}"));
                }
            }
            "integer" | "long" => match value.as_i64() {
                Some(number) => check_range(shape, number as f64, "value", &mut fail),
                None => fail(format!("not an integer: {value}")),
            },
            "double" | "float" => match value.as_f64() {
                Some(number) => check_range(shape, number, "value", &mut fail),
                None => fail(format!("not a number: {value}")),
            },
            // REST-JSON bodies carry timestamps as epoch seconds unless the model says else.
            "timestamp" => match shape["timestampFormat"].as_str() {
                None | Some("unixTimestamp") if value.is_number() => {}
                Some("iso8601") if value.is_string() => {}
                format => fail(format!("not a timestamp ({format:?}): {value}")),
            },
            "blob" => {
                if !value.is_string() {
                    fail(format!("not a base64 string: {value}"));
                }
            }
            other => fail(format!("unknown shape type {other}")),
        }
    }
}

fn check_range(shape: &Value, measure: f64, what: &str, fail: &mut impl FnMut(String)) {
    if let Some(min) = shape["min"].as_f64()
        && measure < min
    {
        fail(format!("{what} {measure} is below the minimum {min}"));
    }
    if let Some(max) = shape["max"].as_f64()
        && measure > max
    {
        fail(format!("{what} {measure} is above the maximum {max}"));
    }
}

fn parse(body: &[u8], problems: &mut Vec<String>, context: &str) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(body).unwrap_or_else(|error| {
        problems.push(format!("{context}: body is not JSON: {error}"));
        Value::Null
    })
}

/// One raw HTTP answer as the SDK received it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub error_type: Option<String>,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}
