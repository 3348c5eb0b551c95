//! DNS checks through the API, black box: zones published through the stand-in's DNS controls,
//! every problem code with its fix, the stored check served by `dns-records`, the first failing
//! record in the status reason, and what is in the way when a subdomain is added.

use crate::support;

use serde_json::{Value, json};
use support::{Harness, unique_subdomain};

const TENANT: &str = "tenant-dns";

struct Setup {
    api: Harness,
    id: String,
    records: Vec<Value>,
}

async fn setup() -> Setup {
    let api = Harness::start().await;
    let name = unique_subdomain("news");
    let id = api.add_domain(TENANT, &name).await;
    let reply = api
        .admin(
            TENANT,
            "GET",
            &format!("/v1/domains/{id}/dns-records"),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let records = reply.body["items"].as_array().expect("items").clone();
    assert_eq!(records.len(), 6);
    Setup { api, id, records }
}

async fn publish(api: &Harness, name: &str, kind: &str, value: &str, priority: Option<u16>) {
    let mut body = json!({ "name": name, "type": kind, "value": value });
    if let Some(priority) = priority {
        body["priority"] = json!(priority);
    }
    api.ses.control("dns/records", body).await;
}

async fn publish_as_told(api: &Harness, record: &Value) {
    let priority = record["priority"].as_u64().map(|p| p as u16);
    publish(
        api,
        record["name"].as_str().unwrap(),
        record["type"].as_str().unwrap(),
        record["value"].as_str().unwrap(),
        priority,
    )
    .await;
}

async fn fresh_check(setup: &Setup) -> Vec<Value> {
    let reply = setup
        .api
        .admin(
            TENANT,
            "POST",
            &format!("/v1/domains/{}/dns-check", setup.id),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body["items"].as_array().expect("items").clone()
}

fn problem(item: &Value) -> &str {
    item["check"]["problem"].as_str().unwrap_or("null")
}

fn fix(item: &Value) -> &str {
    item["check"]["fix"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn records_published_as_told_are_ok_and_the_calls_cost_no_ses() {
    let setup = setup().await;
    for record in &setup.records {
        publish_as_told(&setup.api, record).await;
    }
    let calls_before = setup.api.ses.read("calls").await;
    let items = fresh_check(&setup).await;
    for item in &items {
        assert_eq!(item["check"]["state"], "ok", "{item}");
        assert_eq!(item["check"]["problem"], Value::Null);
        assert!(item["check"]["until"].is_string() && item["check"]["checked_at"].is_string());
        assert_eq!(item["check"]["found"][0]["ttl"], 300);
    }
    // DMARC p=none: staged advice, and still ok.
    let advice: Vec<&str> = items[5]["check"]["advice"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(advice, ["add_reports", "move_to_quarantine"]);
    assert_eq!(
        setup.api.ses.read("calls").await,
        calls_before,
        "a DNS check calls no SES operation"
    );
}

#[tokio::test]
async fn a_fresh_subdomain_is_missing_everything_and_its_status_names_the_first_record() {
    let setup = setup().await;
    // The add already looked: the records route serves that stored check.
    for item in &setup.records {
        assert_eq!(problem(item), "missing", "{item}");
    }
    assert_eq!(
        setup.records[5]["check"]["state"], "warning",
        "DMARC is recommended"
    );
    // Until when resolvers may remember the absence: the SOA's negative TTL (300 s here).
    let check = &setup.records[0]["check"];
    let at = |field: &str| {
        chrono::DateTime::parse_from_rfc3339(check[field].as_str().expect(field)).expect("a time")
    };
    assert_eq!(
        at("until") - at("checked_at"),
        chrono::Duration::seconds(300)
    );
    let first = setup.records[0]["name"].as_str().unwrap();
    assert_eq!(
        fix(&setup.records[0]),
        format!(
            "Publish a CNAME record at {first} with the value {}.",
            setup.records[0]["value"].as_str().unwrap()
        )
    );
    let domain = setup
        .api
        .admin(TENANT, "GET", &format!("/v1/domains/{}", setup.id), None)
        .await;
    assert_eq!(domain.body["color"], "yellow");
    let reason = domain.body["status_reason"].as_str().unwrap();
    assert!(
        reason.ends_with(&format!(
            "DNS check: the CNAME record at {first} is missing"
        )),
        "{reason}"
    );
}

#[tokio::test]
async fn every_problem_code_from_a_published_zone_with_its_fix() {
    let setup = setup().await;
    let (api, r) = (&setup.api, &setup.records);
    let name = |i: usize| r[i]["name"].as_str().unwrap().to_owned();
    let value = |i: usize| r[i]["value"].as_str().unwrap().to_owned();
    // DKIM 1: the provider appended the zone.
    publish(
        api,
        &format!("{}.example.com", name(0)),
        "CNAME",
        &value(0),
        None,
    )
    .await;
    // DKIM 2: a TXT where the CNAME belongs.
    publish(api, &name(1), "TXT", &value(1), None).await;
    // DKIM 3: another target.
    publish(api, &name(2), "CNAME", "other.dkim.amazonses.com", None).await;
    // MAIL FROM: two MX.
    publish(api, &name(3), "MX", &value(3), Some(10)).await;
    publish(api, &name(3), "MX", "mx.example.net", Some(20)).await;
    // SPF: 11 lookups through an include.
    publish(
        api,
        &name(4),
        "TXT",
        "v=spf1 include:amazonses.com include:_spf.example.net ~all",
        None,
    )
    .await;
    publish(
        api,
        "_spf.example.net",
        "TXT",
        "v=spf1 a mx a mx a mx a mx a mx -all",
        None,
    )
    .await;
    // DMARC that does not parse.
    publish(api, &name(5), "TXT", "v=DMARC1; p=maybe", None).await;

    let items = fresh_check(&setup).await;
    let problems: Vec<&str> = items.iter().map(problem).collect();
    assert_eq!(
        problems,
        [
            "zone_appended",
            "wrong_type",
            "wrong_value",
            "multiple_records",
            "spf_lookup_limit",
            "syntax"
        ]
    );
    assert!(fix(&items[0]).contains(&format!("{}.example.com", name(0))));
    assert!(fix(&items[1]).starts_with(&format!(
        "Replace the TXT record at {} with a CNAME record pointing to {}",
        name(1),
        value(1)
    )));
    assert!(fix(&items[2]).contains("it points to other.dkim.amazonses.com"));
    assert_eq!(
        items[2]["check"]["found"][0]["value"],
        "other.dkim.amazonses.com"
    );
    assert!(fix(&items[3]).starts_with(&format!(
        "Keep only one MX record at {}: {} with priority 10",
        name(3),
        value(3)
    )));
    assert_eq!(items[4]["check"]["spf_lookups"], 12);
    assert!(fix(&items[4]).contains(&format!(
        "Publish a single TXT record at {}: \"{}\"",
        name(4),
        value(4)
    )));
    assert!(fix(&items[5]).contains(&format!("Publish a single TXT record at {}", name(5))));

    // A repair turns that record ok at the next check.
    api.ses
        .http
        .delete(format!(
            "{}/_local/dns/records",
            api.ses.standin.endpoint_url()
        ))
        .json(&json!({ "name": name(2), "type": "CNAME" }))
        .send()
        .await
        .expect("delete");
    publish(api, &name(2), "CNAME", &value(2), None).await;
    let items = fresh_check(&setup).await;
    assert_eq!(items[2]["check"]["state"], "ok", "{}", items[2]);
}

#[tokio::test]
async fn a_cname_at_the_mail_from_name_is_a_conflict_for_mx_and_spf() {
    let setup = setup().await;
    let mail_from = setup.records[3]["name"].as_str().unwrap();
    publish(
        &setup.api,
        mail_from,
        "CNAME",
        "elsewhere.example.net",
        None,
    )
    .await;
    let items = fresh_check(&setup).await;
    assert_eq!(problem(&items[3]), "conflict");
    assert_eq!(problem(&items[4]), "conflict");
    assert!(fix(&items[3]).starts_with(&format!(
        "Delete the CNAME record at {mail_from} (it points to elsewhere.example.net)"
    )));
}

#[tokio::test]
async fn the_records_route_serves_the_stored_check_while_it_is_fresh() {
    let setup = setup().await;
    let checked = fresh_check(&setup).await;
    publish_as_told(&setup.api, &setup.records[0]).await;
    let reply = setup
        .api
        .admin(
            TENANT,
            "GET",
            &format!("/v1/domains/{}/dns-records", setup.id),
            None,
        )
        .await;
    let served = &reply.body["items"][0]["check"];
    assert_eq!(served["checked_at"], checked[0]["check"]["checked_at"]);
    assert_eq!(served["problem"], "missing", "stored, not looked up again");
    assert_eq!(fresh_check(&setup).await[0]["check"]["state"], "ok");
}

#[tokio::test]
async fn adding_a_subdomain_warns_about_what_is_in_the_way() {
    let api = Harness::start().await;
    let name = unique_subdomain("promo");
    let mail_from = format!("bounce.{name}");
    publish(&api, &mail_from, "MX", "inbound.example.net", Some(5)).await;
    publish(&api, &mail_from, "TXT", "v=spf1 mx -all", None).await;
    publish(
        &api,
        "_dmarc.example.com",
        "TXT",
        "v=DMARC1; p=reject",
        None,
    )
    .await;
    let reply = api
        .admin(TENANT, "POST", "/v1/domains", Some(json!({ "name": name })))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    let warnings = reply.body["dns_warnings"].as_array().expect("dns_warnings");
    let seen: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w["type"].as_str().unwrap(), problem(w)))
        .collect();
    assert_eq!(
        seen,
        [
            ("MX", "wrong_value"),
            ("TXT", "wrong_value"),
            ("TXT", "missing")
        ]
    );
    assert_eq!(
        warnings[2]["check"]["advice"][0]["code"],
        "strict_policy_above"
    );
    assert_eq!(warnings[2]["check"]["policy"]["disposition"], "reject");
}

#[tokio::test]
async fn another_tenants_subdomain_cannot_be_checked() {
    let setup = setup().await;
    let reply = setup
        .api
        .admin(
            "someone-else",
            "POST",
            &format!("/v1/domains/{}/dns-check", setup.id),
            None,
        )
        .await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn the_contract_describes_check_its_problem_codes_and_advice() {
    let api = Harness::start().await;
    let document = api.admin(TENANT, "GET", "/openapi.json", None).await.body;
    let schemas = &document["components"]["schemas"];
    let codes: Vec<&str> = schemas["DnsProblem"]["enum"]
        .as_array()
        .expect("the problem codes as an enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        codes,
        [
            "missing",
            "zone_appended",
            "wrong_type",
            "wrong_value",
            "multiple_records",
            "conflict",
            "spf_lookup_limit",
            "syntax"
        ]
    );
    let check = &schemas["Check"]["properties"];
    for field in [
        "state",
        "problem",
        "found",
        "fix",
        "checked_at",
        "until",
        "advice",
        "policy",
    ] {
        assert!(check.get(field).is_some(), "Check lacks {field}: {check}");
    }
    assert!(
        schemas["AdviceCode"]["enum"]
            .as_array()
            .is_some_and(|a| a.len() == 6)
    );
    let record = serde_json::to_string(&schemas["RecordView"]).unwrap();
    assert!(record.contains("\"check\""), "{record}");
    assert!(record.contains("\"last_good\""), "{record}");
    for field in ["found", "seen_at", "name", "type"] {
        assert!(
            schemas["LastGood"]["properties"].get(field).is_some(),
            "LastGood lacks {field}"
        );
    }
    assert!(
        schemas["DomainView"]["properties"]
            .get("dns_regressed_since")
            .is_some()
    );
    let paths = &document["paths"];
    assert!(paths["/v1/domains/{id}/dns-check"]["post"].is_object());
}

#[tokio::test]
async fn a_record_that_goes_keeps_its_last_good_values_and_the_fix_says_what_it_was() {
    let setup = setup().await;
    assert_eq!(
        setup.records[3]["last_good"],
        Value::Null,
        "never seen right"
    );
    for record in &setup.records {
        publish_as_told(&setup.api, record).await;
    }
    let items = fresh_check(&setup).await;
    let mx = &items[3];
    assert_eq!(mx["last_good"]["found"], mx["check"]["found"], "{mx}");
    assert_eq!(mx["last_good"]["seen_at"], mx["check"]["checked_at"]);

    let name = mx["name"].as_str().unwrap();
    let url = format!(
        "{}/_local/dns/records?name={name}&type=MX",
        setup.api.ses.standin.endpoint_url()
    );
    let reply = setup
        .api
        .ses
        .http
        .delete(&url)
        .send()
        .await
        .expect("delete");
    assert!(reply.status().is_success());
    let items = fresh_check(&setup).await;
    let gone = &items[3];
    assert_eq!(problem(gone), "missing", "{gone}");
    assert_eq!(gone["last_good"], mx["last_good"], "kept: {gone}");
    assert!(
        fix(gone).contains("It was right until") && fix(gone).contains("feedback-smtp."),
        "{}",
        fix(gone)
    );
    let domain = setup
        .api
        .admin(TENANT, "GET", &format!("/v1/domains/{}", setup.id), None)
        .await
        .body;
    assert!(domain["dns_regressed_since"].is_string(), "{domain}");
    assert!(
        domain["status_reason"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!(
                "the MX record at {name} is missing (it was 10 feedback-smtp."
            )),
        "{domain}"
    );
}
