//! The HTTP API: an axum router served by lambda_http behind API Gateway's JWT authorizer.
//!
//! `app` assembles the routes; `routes` holds one thin module per resource that turns HTTP
//! into use-case calls; `views` is the JSON the API answers with; `problem`, `json`, `auth` and
//! `cursor` are the edge every route shares (errors, bodies, callers, pagination);
//! `bootstrap` builds everything from the environment once per cold start; `web` serves the
//! Email Senders screen (static files from `web/`).

pub mod app;
pub mod auth;
pub mod bootstrap;
pub mod cursor;
pub mod edge;
mod errors;
pub mod idempotency;
pub mod json;
pub mod metrics;
pub mod openapi;
pub mod problem;
pub mod routes;
pub mod state;
pub mod views;
pub mod web;
