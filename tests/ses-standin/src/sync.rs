//! Lock helpers. State is only touched in short synchronous sections, never across an `.await`.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, recovering the data if a panicking thread poisoned it: every critical section
/// leaves the data consistent before it could panic, so the data stays usable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
