//! [`MailFromLabel`]: the label that names a subdomain's custom MAIL FROM domain.

use serde::{Deserialize, Serialize};

use super::domain::{DomainNameError, parse};
use super::macros::string_newtype;

/// The single DNS label prepended to a sending subdomain to form its custom MAIL FROM domain:
/// `bounce` gives `bounce.marketing.example.com`. Normalised like a label of a
/// [`DomainName`](super::DomainName); defaults to `bounce`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MailFromLabel(String);

string_newtype!(MailFromLabel, MailFromLabelError);

/// Why a string is not a usable MAIL FROM label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailFromLabelError {
    #[error("the MAIL FROM label must be a single label without dots, such as `bounce`")]
    NotOneLabel,
    #[error(transparent)]
    Label(DomainNameError),
}

impl MailFromLabelError {
    /// A stable, machine-readable code for this error (snake_case).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotOneLabel => "not_one_label",
            Self::Label(error) => error.code(),
        }
    }
}

impl MailFromLabel {
    /// The longest label, in characters of the ASCII form.
    pub const MAX_LEN: usize = parse::MAX_LABEL_LEN;
    /// The default label.
    pub const DEFAULT: &'static str = "bounce";

    /// Parses and normalises a label.
    pub fn parse(input: &str) -> Result<Self, MailFromLabelError> {
        match parse::normalise_label(input) {
            Ok(Some(label)) => Ok(Self(label)),
            Ok(None) => Err(MailFromLabelError::NotOneLabel),
            Err(error) => Err(MailFromLabelError::Label(error)),
        }
    }

    /// The normalised ASCII label.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for MailFromLabel {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}
