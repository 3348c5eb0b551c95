//! The routes, one module per resource. Each handler is a thin translation between HTTP and
//! one use-case call.

use domain::ports::PageRequest;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::cursor::{Cursor, PageParams};
use crate::problem::Problem;

pub mod domains;
pub mod reputation;
pub mod senders;
pub mod suppressions;

/// Where a listing resumes, inside a tenant-bound cursor.
#[derive(Serialize, Deserialize)]
pub(crate) struct Position {
    pub after: String,
}

/// The storage page a listing asks for: `?limit=` and the position inside `?cursor=`, which
/// must have been issued to this caller's tenant.
pub(crate) fn page_request(caller: &Caller, page: &PageParams) -> Result<PageRequest, Problem> {
    let after = match &page.cursor {
        Some(raw) => Some(Cursor::decode::<Position>(caller.tenant(), raw)?.after),
        None => None,
    };
    Ok(PageRequest {
        limit: page.limit.get(),
        after,
    })
}

/// The `next_cursor` that resumes after `next`, bound to the caller's tenant.
pub(crate) fn next_cursor(
    caller: &Caller,
    next: Option<String>,
) -> Result<Option<String>, Problem> {
    next.map(|after| Cursor::encode(caller.tenant(), &Position { after }))
        .transpose()
}
