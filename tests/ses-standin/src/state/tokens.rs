//! Deterministic random names: Easy DKIM tokens and verification-link tokens.

use std::fmt;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::names::DomainName;

/// SES's DKIM tokens use the lowercase base32 alphabet (as real `CreateEmailIdentity` answers show).
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";

/// One Easy DKIM token: 32 lowercase base32 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimToken(String);

impl DkimToken {
    /// The token text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The CNAME name SES looks up: `<token>._domainkey.<domain>`.
    pub fn record_name(&self, domain: &DomainName) -> String {
        format!("{}._domainkey.{domain}", self.0)
    }

    /// The CNAME target SES wants: `<token>.<hosted zone>`.
    pub fn record_target(&self, hosted_zone: &str) -> String {
        format!("{}.{hosted_zone}", self.0)
    }
}

impl fmt::Display for DkimToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The three tokens for `domain`'s `generation`-th creation. They depend only on the seed, the
/// domain and the generation, never on what else a test created, so they are stable across runs;
/// re-creating a deleted domain (next generation) yields new tokens, as SES does.
pub fn dkim_tokens(seed: u64, domain: &DomainName, generation: u32) -> [DkimToken; 3] {
    let mut rng = StdRng::seed_from_u64(seed ^ fnv1a(domain.as_str().as_bytes(), generation));
    [(); 3].map(|()| DkimToken(random_text(&mut rng, 32)))
}

/// `len` random characters from the token alphabet.
pub fn random_text(rng: &mut impl Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// FNV-1a: a tiny, stable hash (the std hasher is not guaranteed stable across releases).
pub(crate) fn fnv1a(bytes: &[u8], generation: u32) -> u64 {
    bytes
        .iter()
        .chain(generation.to_le_bytes().iter())
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain(text: &str) -> DomainName {
        DomainName::parse(text).unwrap()
    }

    #[test]
    fn tokens_look_like_ses_tokens_and_are_deterministic() {
        let tokens = dkim_tokens(7, &domain("example.com"), 0);
        for token in &tokens {
            assert_eq!(token.as_str().len(), 32);
            assert!(token.as_str().bytes().all(|b| ALPHABET.contains(&b)));
        }
        assert_ne!(tokens[0], tokens[1]);
        assert_eq!(tokens, dkim_tokens(7, &domain("example.com"), 0));
    }

    #[test]
    fn tokens_differ_by_seed_domain_and_generation() {
        let base = dkim_tokens(7, &domain("example.com"), 0);
        assert_ne!(base, dkim_tokens(8, &domain("example.com"), 0));
        assert_ne!(base, dkim_tokens(7, &domain("example.org"), 0));
        assert_ne!(base, dkim_tokens(7, &domain("example.com"), 1));
    }

    #[test]
    fn record_names_follow_easy_dkim() {
        let token = DkimToken("abc".to_owned());
        assert_eq!(
            token.record_name(&domain("example.com")),
            "abc._domainkey.example.com"
        );
        assert_eq!(
            token.record_target("dkim.amazonses.com"),
            "abc.dkim.amazonses.com"
        );
    }
}
