//! The OpenAPI document and the router agree, and requests generated for every documented
//! operation (valid and invalid bodies, own, foreign, unknown and garbage ids, admins and
//! viewers) never get a 5xx nor a response the document does not describe.

use crate::support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use support::{Harness, unique_subdomain};
use testkit::apigw::ApiRequest;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn document() -> Value {
    serde_json::to_value(<api::openapi::ApiDoc as utoipa::OpenApi>::openapi()).expect("json")
}

/// Every documented `(METHOD, path)`.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if item.get(method).is_some() {
                out.insert((method.to_owned(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn every_routed_path_is_documented_and_every_documented_path_is_routed() {
    let routed: BTreeSet<(String, String)> = api::app::ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let documented = operations(&document());
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty() && unrouted.is_empty(),
        "undocumented: {undocumented:?}; not routed: {unrouted:?}"
    );
}

#[tokio::test]
async fn the_document_is_served_without_a_token() {
    let api = Harness::start().await;
    let reply = api.send(ApiRequest::new("GET", "/openapi.json")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["openapi"], "3.1.0");
    assert_eq!(reply.body, document());
}

/// Validates `instance` against a schema of the document (with its components in scope).
fn conforms(doc: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    let mut root = schema.clone();
    if let Some(object) = root.as_object_mut() {
        object.insert("components".to_owned(), doc["components"].clone());
    }
    let validator = jsonschema::validator_for(&root).map_err(|e| format!("bad schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Checks a reply against the operation's documented responses.
fn check(doc: &Value, method: &str, path: &str, sent: &str, reply: &support::Reply) {
    let label = format!("{method} {sent} -> {} {}", reply.status, reply.body);
    assert!(reply.status < 500, "no 5xx: {label}");
    let responses = &doc["paths"][path][method]["responses"];
    let exact = reply.status.to_string();
    let range = format!("{}XX", reply.status / 100);
    let documented = responses.get(&exact).or_else(|| responses.get(&range));
    let documented = documented.unwrap_or_else(|| panic!("undocumented status: {label}"));
    let Some(content) = documented["content"].as_object() else {
        assert_eq!(reply.body, Value::Null, "no body documented: {label}");
        return;
    };
    let content_type = reply.content_type.as_deref().unwrap_or_default();
    let (_, media) = content
        .iter()
        .find(|(ct, _)| content_type.starts_with(ct.as_str()))
        .unwrap_or_else(|| panic!("undocumented content type {content_type}: {label}"));
    if let Err(why) = conforms(doc, &media["schema"], &reply.body) {
        panic!("breaks the documented schema ({why}): {label}");
    }
}

/// A valid body for an operation, from the sample events in events/api/.
fn sample_body(method: &str, path: &str) -> Option<Value> {
    let slug = path
        .trim_start_matches('/')
        .replace(['/', '.'], "-")
        .replace(['{', '}'], "");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../events/api/{method}-{slug}.json"));
    let event: Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
    serde_json::from_str(event["body"].as_str()?).ok()
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,40}".prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                "(name|kind|from_email|reply_to|display_name|domain_id|[a-z_]{1,8})",
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Invalid variants of a valid body: each field replaced by a wrong type, a long string, null.
fn mutations(valid: &Value) -> Vec<Value> {
    let mut out = vec![json!({}), json!([]), json!("text"), Value::Null];
    if let Some(object) = valid.as_object() {
        for key in object.keys() {
            for replacement in [
                json!(42),
                json!(null),
                json!("x".repeat(300)),
                json!({"nested": true}),
                json!("  "),
            ] {
                let mut changed = object.clone();
                changed.insert(key.clone(), replacement);
                out.push(Value::Object(changed));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_never_fail_the_server_nor_the_contract() {
    let api = Harness::start().await;
    let doc = document();
    // Real ids: the caller's own and another tenant's.
    let own_domain = api.add_domain("acme", &unique_subdomain("own")).await;
    let foreign_domain = api.add_domain("globex", &unique_subdomain("foreign")).await;
    let own_sender = api
        .admin(
            "acme",
            "POST",
            "/v1/senders",
            Some(json!({"kind": "email", "from_email": format!("a@{}", unique_subdomain("s"))})),
        )
        .await;
    let foreign_sender = api
        .admin(
            "globex",
            "POST",
            "/v1/senders",
            Some(json!({"kind": "email", "from_email": format!("b@{}", unique_subdomain("s"))})),
        )
        .await;
    let id = |reply: &support::Reply| reply.body["id"].as_str().unwrap_or_default().to_owned();
    let ids = [
        own_domain.clone(),
        foreign_domain,
        id(&own_sender),
        id(&foreign_sender),
        "default".to_owned(),
        uuid::Uuid::now_v7().to_string(),
        "not-an-id".to_owned(),
        "%E2%9C%93".to_owned(),
    ];
    let mut runner = TestRunner::deterministic();
    let generator = arbitrary_json();
    let mut sent = 0;
    for (method, path) in operations(&doc) {
        let takes_body = doc["paths"][&path][&method]["requestBody"].is_object();
        let mut bodies: Vec<Option<Value>> = vec![None];
        if takes_body {
            let valid = sample_body(&method, &path)
                .unwrap_or_else(|| panic!("a sample body for {method} {path}"));
            bodies = mutations(&valid).into_iter().map(Some).collect();
            bodies.push(Some(valid));
            for _ in 0..12 {
                bodies.push(Some(
                    generator.new_tree(&mut runner).expect("value").current(),
                ));
            }
        }
        let targets: Vec<String> = if path.contains("{id}") {
            ids.iter().map(|id| path.replace("{id}", id)).collect()
        } else {
            vec![
                path.clone(),
                format!("{path}?limit=0"),
                format!("{path}?limit=100&cursor=%00"),
            ]
        };
        for target in &targets {
            for body in &bodies {
                for roles in [&["admin"][..], &["viewer"][..]] {
                    let mut request =
                        ApiRequest::new(&method.to_uppercase(), target).claims("acme", roles);
                    if let Some(body) = body {
                        request = request.json(body);
                    }
                    let reply = api.send(request).await;
                    check(&doc, &method, &path, target, &reply);
                    sent += 1;
                }
            }
        }
    }
    assert!(sent > 500, "a meaningful number of requests: {sent}");
}

#[test]
fn the_schema_check_rejects_what_the_document_does_not_describe() {
    let doc = document();
    let domain = json!({ "$ref": "#/components/schemas/DomainView" });
    assert!(conforms(&doc, &domain, &json!({ "id": 1 })).is_err());
    let problem = json!({ "$ref": "#/components/schemas/ProblemBody" });
    let held = "https://email-senders.dev/problems/subdomain-held-elsewhere";
    assert!(
        conforms(
            &doc,
            &problem,
            &json!({ "type": held, "title": "t", "status": 409 })
        )
        .is_err(),
        "detail is required"
    );
    assert!(
        conforms(
            &doc,
            &problem,
            &json!({ "type": held, "title": "t", "status": 409, "detail": "d" })
        )
        .is_ok()
    );
    assert!(
        conforms(
            &doc,
            &problem,
            &json!({ "type": "https://email-senders.dev/problems/conflict", "title": "t", "status": 409, "detail": "d" })
        )
        .is_err(),
        "only the documented problem types"
    );
}

#[test]
fn every_operation_has_a_summary_and_a_description() {
    let doc = document();
    for (method, path) in operations(&doc) {
        let operation = &doc["paths"][&path][&method];
        for field in ["summary", "description"] {
            let text = operation[field].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "{method} {path} has no {field}");
        }
        assert_ne!(
            operation["summary"], operation["description"],
            "{method} {path}: the description says more than the summary"
        );
    }
}

/// `(operationId, parameter)` of every link in the document, with the operation it starts from.
fn links(doc: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            for response in operation["responses"].as_object().into_iter().flatten() {
                for link in response.1["links"].as_object().into_iter().flatten() {
                    let target = link.1["operationId"].as_str().unwrap_or_default();
                    if link.1["requestBody"].is_object() {
                        out.push((format!("{method} {path}"), target.to_owned(), String::new()));
                    }
                    for parameter in link.1["parameters"].as_object().into_iter().flatten() {
                        out.push((
                            format!("{method} {path}"),
                            target.to_owned(),
                            parameter.0.clone(),
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_operation_on_a_created_thing_is_linked_from_its_create() {
    let doc = document();
    let links = links(&doc);
    let mut by_id = std::collections::BTreeMap::new();
    for (method, path) in operations(&doc) {
        let operation = &doc["paths"][&path][&method];
        let id = operation["operationId"]
            .as_str()
            .expect("operationId")
            .to_owned();
        by_id.insert(id, (method, path));
    }
    for (from, target, parameter) in &links {
        let (method, path) = by_id
            .get(target)
            .unwrap_or_else(|| panic!("{from} links to an unknown operation {target}"));
        assert!(from.starts_with("post "), "links start at a create: {from}");
        assert!(
            parameter.is_empty() || path.contains(&format!("{{{parameter}}}")),
            "{from} -> {method} {path} fills a parameter it does not have: {parameter}"
        );
    }
    for (id, (method, path)) in &by_id {
        let takes_created = path.contains("{id}") || path.contains("{email}");
        // The default sender (`default`) exists without a create; every other id comes from one.
        if takes_created {
            assert!(
                links.iter().any(|(_, target, _)| target == id),
                "nothing links to {method} {path} ({id})"
            );
        }
    }
}

#[test]
fn the_status_event_samples_conform_to_the_documented_event_detail() {
    let doc = document();
    let schema = json!({ "$ref": "#/components/schemas/StatusChanged" });
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events/status");
    let mut samples = 0;
    for entry in std::fs::read_dir(&root).expect("events/status") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("sample");
        let event: Value = serde_json::from_str(&text).expect("json");
        conforms(&doc, &schema, &event["detail"]).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let mut wrong = event["detail"].clone();
        wrong["to"] = json!("green");
        assert!(
            conforms(&doc, &schema, &wrong).is_err(),
            "the schema names the statuses"
        );
        samples += 1;
    }
    assert!(samples >= 2, "{samples} samples");
}
