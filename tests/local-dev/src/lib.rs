//! placeholder
pub mod authorizer;
