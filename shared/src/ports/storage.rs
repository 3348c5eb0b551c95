//! What every store shares: its failure, the optimistic-save refusal, paging.

/// A storage failure the caller cannot fix; carries a description for the logs.
#[derive(Debug, thiserror::Error)]
#[error("storage failed: {0}")]
pub struct StoreError(pub String);

/// Why an optimistic update did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone else wrote the item since it was read.
    #[error("the item changed since it was read")]
    Stale,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One page of a listing; `next` is an opaque position for the following page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// Where a listing starts and how much it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    /// The `next` of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    /// A position every store reads as "from the first stored item": for a listing whose
    /// first page shows items of its own before the stored ones (the platform sender).
    pub const FIRST_STORED: &'static str = "";
}
