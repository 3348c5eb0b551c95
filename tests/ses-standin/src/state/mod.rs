//! Everything the stand-in remembers about the account: identities, the suppression list and the
//! outbox, behind one lock that is never held across an `.await`.

pub mod checks;
pub mod identity;
pub mod lifecycle;
pub mod link;
pub mod listing;
pub mod paging;
pub mod registry;
pub mod suppression;
pub mod tokens;

use std::collections::{BTreeMap, HashMap};

use rand::SeedableRng;
use rand::rngs::StdRng;

use self::identity::Identity;
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
    /// A `NextToken` this stand-in did not issue.
    #[error("invalid NextToken `{0}`")]
    InvalidNextToken(String),
    /// The thing existed but is no longer usable (an expired verification link).
    #[error("{0}")]
    Gone(String),
}

/// Salt so link tokens and DKIM tokens never share an RNG stream.
const LINK_RNG_SALT: u64 = 0x6c69_6e6b_7365_6564;

/// The account state.
#[derive(Debug)]
pub struct Store {
    seed: u64,
    identities: BTreeMap<String, Identity>,
    generations: HashMap<String, u32>,
    next_serial: u64,
    link_rng: StdRng,
    /// The account-level suppression list.
    pub suppression: SuppressionList,
    /// Verification emails "sent" so far.
    pub outbox: Outbox,
}

impl Store {
    /// An empty account whose random names derive from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            identities: BTreeMap::new(),
            generations: HashMap::new(),
            next_serial: 1,
            link_rng: StdRng::seed_from_u64(seed ^ LINK_RNG_SALT),
            suppression: SuppressionList::default(),
            outbox: Outbox::default(),
        }
    }

    /// Forgets everything, as if freshly started.
    pub fn reset(&mut self) {
        *self = Self::new(self.seed);
    }
}
