//! Resource tags with SES's rules (SESv2 API reference, `Tag`; AWS tagging rules): at most 50
//! per resource, keys unique, keys 1-128 and values 0-256 characters of letters, digits,
//! spaces and `_ . : / = + - @`, and the `aws:` key prefix reserved. Tag, Untag and
//! ListTagsForResource on identity ARNs and configuration-set ARNs.

use std::collections::BTreeSet;

use super::identity::Tag;
use super::{Store, StoreError};
use crate::names::IdentityName;

/// The most tags one resource may carry.
pub const MAX_TAGS: usize = 50;
const MAX_KEY: usize = 128;
const MAX_VALUE: usize = 256;

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

fn bad(message: String) -> StoreError {
    StoreError::BadRequest(message)
}

/// Checks one tag key.
pub fn validate_key(key: &str) -> Result<(), StoreError> {
    let length = key.chars().count();
    if !(1..=MAX_KEY).contains(&length) {
        return Err(bad(format!(
            "Tag key must be 1 to {MAX_KEY} characters long: `{key}`"
        )));
    }
    if !key.chars().all(allowed) {
        return Err(bad(format!("Tag key contains invalid characters: `{key}`")));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(bad(format!(
            "Tag keys beginning with aws: are reserved for AWS use: `{key}`"
        )));
    }
    Ok(())
}

fn validate_tag(tag: &Tag) -> Result<(), StoreError> {
    validate_key(&tag.key)?;
    if tag.value.chars().count() > MAX_VALUE {
        return Err(bad(format!(
            "Tag value for `{}` must be at most {MAX_VALUE} characters long",
            tag.key
        )));
    }
    if !tag.value.chars().all(allowed) {
        return Err(bad(format!(
            "Tag value for `{}` contains invalid characters",
            tag.key
        )));
    }
    Ok(())
}

/// Checks tags given in one request: each valid, keys unique, at most 50.
pub fn validate_new(tags: &[Tag]) -> Result<(), StoreError> {
    let mut keys = BTreeSet::new();
    for tag in tags {
        validate_tag(tag)?;
        if !keys.insert(tag.key.as_str()) {
            return Err(bad(format!("Duplicate tag key `{}`", tag.key)));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(bad(format!(
            "A resource can have at most {MAX_TAGS} tags, {} given",
            tags.len()
        )));
    }
    Ok(())
}

/// `existing` with `added` merged in (a given key replaces its value).
fn merged(existing: &[Tag], added: Vec<Tag>) -> Result<Vec<Tag>, StoreError> {
    validate_new(&added)?;
    let mut tags = existing.to_vec();
    for tag in added {
        match tags.iter_mut().find(|held| held.key == tag.key) {
            Some(held) => held.value = tag.value,
            None => tags.push(tag),
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(bad(format!(
            "A resource can have at most {MAX_TAGS} tags; this would make {}",
            tags.len()
        )));
    }
    Ok(tags)
}

/// A resource an ARN names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `identity/<name>` (stored key).
    Identity(String),
    /// `configuration-set/<name>`.
    ConfigurationSet(String),
}

/// Parses `arn:aws:ses:<region>:<account>:<type>/<name>` for this account and region.
pub fn parse_arn(arn: &str, region: &str, account: &str) -> Result<Resource, StoreError> {
    let invalid = || bad(format!("Invalid resource ARN `{arn}`"));
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [
        prefix,
        partition,
        service,
        arn_region,
        arn_account,
        resource,
    ] = parts[..]
    else {
        return Err(invalid());
    };
    if prefix != "arn" || !partition.starts_with("aws") || service != "ses" {
        return Err(invalid());
    }
    if arn_region != region || arn_account != account {
        return Err(StoreError::NotFound(format!(
            "Resource {arn} does not exist in account {account}, region {region}."
        )));
    }
    match resource.split_once('/') {
        Some(("identity", name)) => IdentityName::parse(name)
            .map(|name| Resource::Identity(name.as_str().to_owned()))
            .map_err(|_| StoreError::NotFound(format!("Email identity {name} does not exist."))),
        Some(("configuration-set", name)) if !name.is_empty() => {
            Ok(Resource::ConfigurationSet(name.to_owned()))
        }
        _ => Err(invalid()),
    }
}

impl Store {
    pub(super) fn tags_mut(&mut self, resource: &Resource) -> Result<&mut Vec<Tag>, StoreError> {
        match resource {
            Resource::Identity(name) => self
                .identities
                .get_mut(name)
                .map(|identity| &mut identity.tags)
                .ok_or_else(|| {
                    StoreError::NotFound(format!("Email identity {name} does not exist."))
                }),
            Resource::ConfigurationSet(name) => {
                self.configuration_sets.get_mut(name).ok_or_else(|| {
                    StoreError::NotFound(format!("Configuration set <{name}> does not exist."))
                })
            }
        }
    }

    /// TagResource: adds or replaces tags.
    pub fn tag(&mut self, resource: &Resource, added: Vec<Tag>) -> Result<(), StoreError> {
        let tags = self.tags_mut(resource)?;
        *tags = merged(tags, added)?;
        Ok(())
    }

    /// UntagResource: removes tags by key (absent keys are ignored, as in SES).
    pub fn untag(&mut self, resource: &Resource, keys: &[String]) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Err(bad("TagKeys is required".to_owned()));
        }
        for key in keys {
            validate_key(key)?;
        }
        let tags = self.tags_mut(resource)?;
        tags.retain(|tag| !keys.contains(&tag.key));
        Ok(())
    }

    /// ListTagsForResource.
    pub fn tags_of(&mut self, resource: &Resource) -> Result<Vec<Tag>, StoreError> {
        self.tags_mut(resource).map(|tags| tags.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn the_rules_of_tags() {
        assert!(validate_new(&[tag("tenant", "t-1"), tag("owner:team", "a b@c/d")]).is_ok());
        assert!(validate_new(&[tag("", "x")]).is_err());
        assert!(validate_new(&[tag(&"k".repeat(129), "x")]).is_err());
        assert!(validate_new(&[tag(&"k".repeat(128), &"v".repeat(256))]).is_ok());
        assert!(validate_new(&[tag("k", &"v".repeat(257))]).is_err());
        assert!(validate_new(&[tag("AWS:owner", "x")]).is_err());
        assert!(validate_new(&[tag("k", "x"), tag("k", "y")]).is_err());
        assert!(validate_new(&[tag("semi;colon", "x")]).is_err());
        let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "")).collect();
        assert!(validate_new(&fifty).is_ok());
        assert!(merged(&fifty, vec![tag("k0", "new")]).is_ok());
        assert!(merged(&fifty, vec![tag("k50", "")]).is_err());
    }

    #[test]
    fn arns_name_identities_and_configuration_sets_of_this_account() {
        let parse = |arn: &str| parse_arn(arn, "us-east-1", "123456789012");
        assert_eq!(
            parse("arn:aws:ses:us-east-1:123456789012:identity/Mail.Example.com"),
            Ok(Resource::Identity("mail.example.com".to_owned()))
        );
        assert_eq!(
            parse("arn:aws:ses:us-east-1:123456789012:configuration-set/events"),
            Ok(Resource::ConfigurationSet("events".to_owned()))
        );
        assert!(matches!(
            parse("arn:aws:ses:eu-west-1:123456789012:identity/example.com"),
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            parse("not-an-arn"),
            Err(StoreError::BadRequest(_))
        ));
        assert!(matches!(
            parse("arn:aws:ses:us-east-1:123456789012:template/x"),
            Err(StoreError::BadRequest(_))
        ));
    }
}
