//! Everything the stand-in remembers about the account: identities, the suppression list and the
//! outbox, behind one lock that is never held across an `.await`.

pub mod checks;
pub mod configuration_sets;
pub mod identity;
pub mod lifecycle;
pub mod link;
pub mod listing;
pub mod paging;
pub mod registry;
pub mod suppression;
pub mod tags;
pub mod tokens;

use std::collections::{BTreeMap, HashMap};

use chrono::Duration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use self::identity::{Identity, Tag};
use self::suppression::SuppressionList;
use crate::outbox::Outbox;

/// A request the account state refused; the API maps each to an SES error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The identity already exists.
    #[error("{0}")]
    AlreadyExists(String),
    /// No such identity or entry.
    #[error("{0}")]
    NotFound(String),
    /// Malformed or disallowed input.
    #[error("{0}")]
    BadRequest(String),
    /// A quota is full (the account's identities).
    #[error("{0}")]
    LimitExceeded(String),
    /// A `NextToken` this stand-in did not issue.
    #[error("invalid NextToken `{0}`")]
    InvalidNextToken(String),
    /// The thing existed but is no longer usable (an expired verification link).
    #[error("{0}")]
    Gone(String),
}

/// Salt so link tokens and DKIM tokens never share an RNG stream.
const LINK_RNG_SALT: u64 = 0x6c69_6e6b_7365_6564;
/// Salt for detection delays.
const DELAY_RNG_SALT: u64 = 0x6465_6c61_7973_6565;

/// The account's limits and starting resources, kept across a reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSettings {
    /// How many identities the account may hold.
    pub identity_quota: usize,
    /// The detection delay bounds `(min, max)`.
    pub detection_delay: (Duration, Duration),
    /// Configuration sets that exist from the start.
    pub configuration_sets: Vec<String>,
}

/// The account state.
#[derive(Debug)]
pub struct Store {
    seed: u64,
    identities: BTreeMap<String, Identity>,
    generations: HashMap<String, u32>,
    next_serial: u64,
    link_rng: StdRng,
    settings: AccountSettings,
    detection_delay: (Duration, Duration),
    configuration_sets: BTreeMap<String, Vec<Tag>>,
    /// The account-level suppression list.
    pub suppression: SuppressionList,
    /// Verification emails "sent" so far.
    pub outbox: Outbox,
}

impl Store {
    /// An empty account whose random names derive from `seed`.
    pub fn new(seed: u64, settings: AccountSettings) -> Self {
        Self {
            seed,
            identities: BTreeMap::new(),
            generations: HashMap::new(),
            next_serial: 1,
            link_rng: StdRng::seed_from_u64(seed ^ LINK_RNG_SALT),
            detection_delay: settings.detection_delay,
            configuration_sets: settings
                .configuration_sets
                .iter()
                .map(|name| (name.clone(), Vec::new()))
                .collect(),
            settings,
            suppression: SuppressionList::default(),
            outbox: Outbox::default(),
        }
    }

    /// Forgets everything, as if freshly started.
    pub fn reset(&mut self) {
        *self = Self::new(self.seed, self.settings.clone());
    }

    /// The detection delay bounds `(min, max)`.
    pub fn detection_delay(&self) -> (Duration, Duration) {
        self.detection_delay
    }

    /// Sets the detection delay bounds (`max` below `min` is raised to `min`); detections
    /// already under way keep their delay.
    pub fn set_detection_delay(&mut self, min: Duration, max: Duration) {
        self.detection_delay = (min, max.max(min));
    }
}

/// The delay of one detection, uniformly within `(min, max)`. It depends only on the seed, what
/// is detected (`subject`, e.g. the identity and which records) and when the records were first
/// seen, never on the order checks complete in, so runs are repeatable.
fn sample_delay(
    seed: u64,
    subject: &str,
    seen_at: chrono::DateTime<chrono::Utc>,
    (min, max): (Duration, Duration),
) -> Duration {
    let spread = (max - min).num_milliseconds();
    if spread <= 0 {
        return min;
    }
    let stamp = u32::try_from(seen_at.timestamp().rem_euclid(i64::from(u32::MAX))).unwrap_or(0);
    let mut rng =
        StdRng::seed_from_u64(seed ^ DELAY_RNG_SALT ^ tokens::fnv1a(subject.as_bytes(), stamp));
    min + Duration::milliseconds(rng.random_range(0..=spread))
}
