//! The routes, one module per resource. Each handler is a thin translation between HTTP and
//! one use-case call.

use serde::{Deserialize, Serialize};

pub mod domains;
pub mod reputation;
pub mod senders;
pub mod suppressions;

/// Where a listing resumes, inside a tenant-bound cursor.
#[derive(Serialize, Deserialize)]
pub(crate) struct Position {
    pub after: String,
}
