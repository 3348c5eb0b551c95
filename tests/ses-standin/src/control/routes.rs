//! The `/_local/` HTTP endpoints: thin JSON wrappers around [`StandInControl`].

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::records::RecordSpec;
use super::{ControlError, StandInControl};
use crate::calls::Faults;
use crate::dns::zone::ZoneError;
use crate::state::StoreError;

/// A control request failed: a status and a message, answered as `{"error": message}`.
#[derive(Debug)]
pub struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

fn bad_request(error: impl ToString) -> Failure {
    Failure(StatusCode::BAD_REQUEST, error.to_string())
}

impl From<ControlError> for Failure {
    fn from(error: ControlError) -> Self {
        let status = match error {
            ControlError::UnknownIdentity(_) => StatusCode::NOT_FOUND,
            ControlError::Zone(_) => StatusCode::CONFLICT,
        };
        Self(status, error.to_string())
    }
}

impl From<ZoneError> for Failure {
    fn from(error: ZoneError) -> Self {
        ControlError::from(error).into()
    }
}

type Reply = Result<Json<Value>, Failure>;

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(body).map_err(bad_request)
}

/// The `/_local/` routes.
pub fn router(control: StandInControl) -> Router {
    Router::new()
        .route(
            "/_local/dns/records",
            get(list_records)
                .post(publish_record)
                .delete(remove_records),
        )
        .route(
            "/_local/identities/{identity}/publish-records",
            post(publish_identity),
        )
        .route(
            "/_local/identities/{identity}/unpublish-records",
            post(unpublish_identity),
        )
        .route("/_local/clock", get(clock))
        .route("/_local/clock/advance", post(advance_clock))
        .route("/_local/outbox", get(outbox))
        .route("/_local/verify/{token}", get(follow_link))
        .route("/_local/faults", get(faults).post(set_faults))
        .route("/_local/calls", get(calls))
        .route("/_local/rate-limit", get(rate_limit).post(set_rate_limit))
        .route(
            "/_local/detection-delay",
            get(detection_delay).post(set_detection_delay),
        )
        .route(
            "/_local/configuration-sets",
            get(configuration_sets).post(create_configuration_set),
        )
        .route("/_local/reset", post(reset))
        .with_state(control)
}

fn record_list(records: &[crate::dns::record::DnsRecord]) -> Value {
    json!({ "records": records.iter().map(RecordSpec::from).collect::<Vec<_>>() })
}

async fn list_records(State(control): State<StandInControl>) -> Reply {
    Ok(Json(record_list(&control.records())))
}

async fn publish_record(State(control): State<StandInControl>, body: Bytes) -> Response {
    let result = parse::<RecordSpec>(&body).and_then(|spec| {
        let record = spec.to_record().map_err(bad_request)?;
        let added = control.publish_record(record.clone())?;
        Ok((added, RecordSpec::from(&record)))
    });
    match result {
        Ok((added, record)) => {
            let status = if added {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            (status, Json(json!({ "added": added, "record": record }))).into_response()
        }
        Err(failure) => failure.into_response(),
    }
}

async fn remove_records(
    State(control): State<StandInControl>,
    query: Result<Query<RecordSpec>, QueryRejection>,
    body: Bytes,
) -> Reply {
    let spec = if body.iter().all(u8::is_ascii_whitespace) {
        query
            .map_err(|rejection| bad_request(rejection.body_text()))?
            .0
    } else {
        parse::<RecordSpec>(&body)?
    };
    let selector = spec.to_selector().map_err(bad_request)?;
    let removed = control.remove_records(&selector.name, selector.kind, selector.data.as_ref());
    Ok(Json(json!({ "removed": removed })))
}

async fn publish_identity(
    State(control): State<StandInControl>,
    Path(identity): Path<String>,
) -> Reply {
    Ok(Json(record_list(
        &control.publish_identity_records(&identity)?,
    )))
}

async fn unpublish_identity(
    State(control): State<StandInControl>,
    Path(identity): Path<String>,
) -> Reply {
    Ok(Json(record_list(
        &control.unpublish_identity_records(&identity)?,
    )))
}

fn clock_json(control: &StandInControl) -> Value {
    json!({
        "now": control.now().to_rfc3339(),
        "offset_seconds": control.clock_offset().num_seconds(),
    })
}

async fn clock(State(control): State<StandInControl>) -> Reply {
    Ok(Json(clock_json(&control)))
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance_clock(State(control): State<StandInControl>, body: Bytes) -> Reply {
    let Advance { seconds } = parse(&body)?;
    if seconds < 0 {
        return Err(bad_request("the clock only moves forward"));
    }
    let by = Duration::try_seconds(seconds).ok_or_else(|| bad_request("seconds out of range"))?;
    control.advance_clock(by).await;
    Ok(Json(clock_json(&control)))
}

async fn outbox(State(control): State<StandInControl>) -> Reply {
    Ok(Json(json!({ "messages": control.outbox() })))
}

async fn follow_link(State(control): State<StandInControl>, Path(token): Path<String>) -> Response {
    match control.follow_link(&token) {
        Ok((identity, status)) => {
            let message = format!("Congratulations! {identity} is now {}.\n", status.as_str());
            (StatusCode::OK, message).into_response()
        }
        Err(StoreError::Gone(message)) => {
            (StatusCode::GONE, format!("{message}\n")).into_response()
        }
        Err(error) => (StatusCode::NOT_FOUND, format!("{error}\n")).into_response(),
    }
}

async fn faults(State(control): State<StandInControl>) -> Reply {
    Ok(Json(json!(control.faults())))
}

async fn set_faults(State(control): State<StandInControl>, body: Bytes) -> Reply {
    let faults: Faults = parse(&body)?;
    let faults = control.set_faults(faults).map_err(bad_request)?;
    Ok(Json(json!(faults)))
}

async fn calls(State(control): State<StandInControl>) -> Reply {
    Ok(Json(json!(control.calls())))
}

async fn reset(State(control): State<StandInControl>) -> Reply {
    control.reset();
    Ok(Json(json!({ "reset": true })))
}

fn delay_json(control: &StandInControl) -> Value {
    let (min, max) = control.detection_delay();
    json!({ "min_seconds": min.num_seconds(), "max_seconds": max.num_seconds() })
}

async fn detection_delay(State(control): State<StandInControl>) -> Reply {
    Ok(Json(delay_json(&control)))
}

#[derive(Deserialize)]
struct RateLimit {
    per_second: Option<u32>,
}

async fn rate_limit(State(control): State<StandInControl>) -> Reply {
    Ok(Json(json!({ "per_second": control.rate_limit() })))
}

async fn set_rate_limit(State(control): State<StandInControl>, body: Bytes) -> Reply {
    let RateLimit { per_second } = parse(&body)?;
    control.set_rate_limit(per_second.filter(|n| *n > 0));
    Ok(Json(json!({ "per_second": control.rate_limit() })))
}

#[derive(Deserialize)]
struct DelayBounds {
    min_seconds: i64,
    max_seconds: Option<i64>,
}

async fn set_detection_delay(State(control): State<StandInControl>, body: Bytes) -> Reply {
    let DelayBounds {
        min_seconds,
        max_seconds,
    } = parse(&body)?;
    let max_seconds = max_seconds.unwrap_or(min_seconds);
    if min_seconds < 0 || max_seconds < min_seconds {
        return Err(bad_request(
            "need 0 <= min_seconds <= max_seconds (max_seconds defaults to min_seconds)",
        ));
    }
    let seconds = |n| Duration::try_seconds(n).ok_or_else(|| bad_request("seconds out of range"));
    control.set_detection_delay(seconds(min_seconds)?, seconds(max_seconds)?);
    Ok(Json(delay_json(&control)))
}

async fn configuration_sets(State(control): State<StandInControl>) -> Reply {
    Ok(Json(
        json!({ "configuration_sets": control.configuration_sets() }),
    ))
}

#[derive(Deserialize)]
struct NewConfigurationSet {
    name: String,
}

async fn create_configuration_set(State(control): State<StandInControl>, body: Bytes) -> Response {
    let result = parse::<NewConfigurationSet>(&body).and_then(|set| {
        control
            .create_configuration_set(&set.name)
            .map_err(|error| match error {
                StoreError::AlreadyExists(message) => Failure(StatusCode::CONFLICT, message),
                other => bad_request(other),
            })
    });
    match result {
        Ok(()) => (
            StatusCode::CREATED,
            Json(json!({ "configuration_sets": control.configuration_sets() })),
        )
            .into_response(),
        Err(failure) => failure.into_response(),
    }
}
