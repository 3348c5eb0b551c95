//! Trying again after losing a race: the one retry loop and the one back-off.
//!
//! Every optimistic write (read, decide, write only if nothing changed since the read) and
//! every storage transaction that collided with another one goes round the same loop:
//! [`ATTEMPTS`] tries in all, the first at once, each later one after a full-jitter
//! exponential back-off ([`jittered`]), so racing writers spread out instead of colliding
//! again in step.

use std::time::Duration;

use rand::Rng;

/// How many times an optimistic write or a collided transaction is tried in all.
pub const ATTEMPTS: u32 = 5;

/// The first back-off's ceiling; each later one doubles it.
const BASE: Duration = Duration::from_millis(10);

/// A full-jitter back-off before try `attempt` (counted from 1): a random wait between zero
/// and `base` doubled `attempt` times (at most 64 times `base`).
pub fn jittered(base: Duration, attempt: u32) -> Duration {
    let ceiling = base.saturating_mul(1 << attempt.min(6));
    ceiling.mul_f64(rand::rng().random_range(0.0..=1.0))
}

/// The tries of one retry loop: `while tries.next().await { ... }`.
#[derive(Debug, Default)]
pub struct Tries {
    made: u32,
}

impl Tries {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to try (again): the first time at once, then after a jittered back-off, until
    /// [`ATTEMPTS`] tries were made.
    pub async fn next(&mut self) -> bool {
        if self.made >= ATTEMPTS {
            return false;
        }
        if self.made > 0 {
            tokio::time::sleep(jittered(BASE, self.made)).await;
        }
        self.made += 1;
        true
    }

    /// Whether the current try is the last one.
    pub fn is_last(&self) -> bool {
        self.made >= ATTEMPTS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_stays_under_its_doubling_ceiling() {
        let base = Duration::from_millis(10);
        for attempt in 1..10 {
            let ceiling = base * (1 << attempt.min(6));
            for _ in 0..50 {
                assert!(jittered(base, attempt) <= ceiling);
            }
        }
    }

    #[test]
    fn back_off_is_spread_not_fixed() {
        let waits: std::collections::HashSet<Duration> = (0..20)
            .map(|_| jittered(Duration::from_secs(1), 3))
            .collect();
        assert!(waits.len() > 1, "{waits:?}");
    }

    #[tokio::test]
    async fn a_loop_makes_exactly_the_allowed_tries() {
        let mut tries = Tries::new();
        let mut made = 0;
        while tries.next().await {
            made += 1;
            assert_eq!(tries.is_last(), made == ATTEMPTS);
        }
        assert_eq!(made, ATTEMPTS);
        assert!(!tries.next().await);
    }
}
