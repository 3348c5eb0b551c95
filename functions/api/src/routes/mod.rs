//! The routes, one module per resource.

pub mod domains;
