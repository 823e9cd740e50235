//! The one way the runtime takes its locks.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex`, ignoring poison: every critical section of the runtime leaves its data
/// consistent at each step, so a panic elsewhere while holding it (a user's hook, a test's
/// handler) leaves nothing half-written, and a client must stay usable afterwards.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
