//! The local composition root behind `make dev`: the API's router on 127.0.0.1 (`API_PORT`),
//! in front of it a stand-in for API Gateway's JWT authorizer, behind it moto and the SES
//! stand-in; and the helpers around it (settings checks, dev tokens, fresh feedback samples).

pub mod authorizer;
pub mod bootstrap;
pub mod cli;
pub mod dev_session;
pub mod feedback;
pub mod relay;
pub mod sample;
pub mod serve;
pub mod settings;
pub mod sweeper;
