//! Names: domain names, sending subdomains, email addresses and display names, parsed once.
//!
//! Each type is a newtype whose only constructor is a `parse` that returns a `Result`, so a
//! value that exists is valid. All of them display and serialise as their normalised string
//! and deserialise through `parse` (`#[serde(try_from = "String")]`). Every error enum has a
//! stable `code()` for machines and a `Display` message for people (an RFC 9457 field error).

mod display_name;
mod domain;
mod email;
mod macros;
mod mail_from;
mod subdomain;

pub use display_name::{DisplayName, DisplayNameError};
pub use domain::{DomainName, DomainNameError, LabelProblem, PublicSuffix};
pub use email::{EmailAddress, EmailAddressError};
pub use mail_from::{MailFromLabel, MailFromLabelError};
pub use subdomain::{MAX_LABELS_BELOW_REGISTRABLE, SubdomainName, SubdomainNameError};
