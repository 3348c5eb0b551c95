//! Configuration sets: CreateEmailIdentity may only name one that exists, as in SES.

use super::identity::Tag;
use super::tags::validate_new;
use super::{Store, StoreError};

/// SES's rule for configuration set names.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Store {
    /// CreateConfigurationSet: a new, empty set with `tags`.
    pub fn create_configuration_set(
        &mut self,
        name: &str,
        tags: Vec<Tag>,
    ) -> Result<(), StoreError> {
        if !valid_name(name) {
            return Err(StoreError::BadRequest(format!(
                "Invalid configuration set name `{name}`: up to 64 letters, digits, - and _"
            )));
        }
        validate_new(&tags)?;
        if self.configuration_sets.contains_key(name) {
            return Err(StoreError::AlreadyExists(format!(
                "Configuration set <{name}> already exists."
            )));
        }
        self.configuration_sets.insert(name.to_owned(), tags);
        Ok(())
    }

    /// The configuration sets, by name.
    pub fn configuration_sets(&self) -> Vec<String> {
        self.configuration_sets.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_up_to_64_letters_digits_dashes_and_underscores() {
        assert!(valid_name("events_2-prod"));
        assert!(valid_name(&"a".repeat(64)));
        assert!(!valid_name(&"a".repeat(65)));
        assert!(!valid_name(""));
        assert!(!valid_name("with space"));
        assert!(!valid_name("dot.ted"));
    }
}
