//! The stand-in's own clock: starts at a configured instant and only moves when a test advances
//! it, so 24 h link expiry and 72 h DNS deadlines are testable in milliseconds.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::sync::lock;

/// A manual clock shared by every part of the stand-in.
#[derive(Debug)]
pub struct Clock {
    start: DateTime<Utc>,
    offset: Mutex<Duration>,
}

impl Clock {
    /// A clock that reads `start` until advanced.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            start,
            offset: Mutex::new(Duration::zero()),
        }
    }

    /// The current instant on this clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.start + *lock(&self.offset)
    }

    /// How far the clock has been advanced since start (or the last reset).
    pub fn offset(&self) -> Duration {
        *lock(&self.offset)
    }

    /// Moves the clock forward by `by` and returns the new instant.
    pub fn advance(&self, by: Duration) -> DateTime<Utc> {
        let mut offset = lock(&self.offset);
        *offset += by;
        self.start + *offset
    }

    /// Puts the clock back to its start instant.
    pub fn reset(&self) {
        *lock(&self.offset) = Duration::zero();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_and_resets() {
        let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let clock = Clock::new(start);
        assert_eq!(clock.now(), start);
        let later = clock.advance(Duration::hours(73));
        assert_eq!(later - start, Duration::hours(73));
        assert_eq!(clock.now(), later);
        clock.reset();
        assert_eq!(clock.now(), start);
    }
}
