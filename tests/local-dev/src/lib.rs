//! The local composition root behind `make dev`: the API's router on 127.0.0.1:3000, in front
//! of it a stand-in for API Gateway's JWT authorizer, behind it moto and the SES stand-in.

pub mod authorizer;
pub mod bootstrap;
pub mod dev_session;
pub mod feedback;
pub mod sweeper;
