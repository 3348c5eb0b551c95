//! The email-address verification link: valid for 24 hours on the stand-in's clock.

use chrono::{DateTime, Duration, Utc};

use super::lifecycle::Status;

/// How long a verification link stays valid.
pub fn link_lifetime() -> Duration {
    Duration::hours(24)
}

/// Following a link failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link is older than 24 hours; the identity is now FAILED.
    #[error("the verification link has expired")]
    Expired,
}

/// The verification state of an email-address identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkVerification {
    token: String,
    expires_at: DateTime<Utc>,
    status: Status,
    verified_at: Option<DateTime<Utc>>,
}

impl LinkVerification {
    /// A pending verification whose link (carrying `token`) was mailed at `sent_at`.
    pub fn sent(token: String, sent_at: DateTime<Utc>) -> Self {
        Self {
            token,
            expires_at: sent_at + link_lifetime(),
            status: Status::Pending,
            verified_at: None,
        }
    }

    /// The opaque token in the link.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When the link stops working.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// When the link was followed.
    pub fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.verified_at
    }

    /// The status as last computed (expiry is applied by [`Self::status_at`]).
    pub fn status(&self) -> Status {
        self.status
    }

    /// The status, after applying expiry at `now`.
    pub fn status_at(&mut self, now: DateTime<Utc>) -> Status {
        if self.status == Status::Pending && now > self.expires_at {
            self.status = Status::Failed;
        }
        self.status
    }

    /// Follows the link at `now`: verifies a pending identity (idempotent once verified).
    pub fn follow(&mut self, now: DateTime<Utc>) -> Result<Status, LinkError> {
        match self.status_at(now) {
            Status::Failed => Err(LinkError::Expired),
            Status::Pending => {
                self.status = Status::Success;
                self.verified_at = Some(now);
                Ok(self.status)
            }
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_735_689_600, 0).unwrap()
    }

    #[test]
    fn following_in_time_verifies() {
        let mut link = LinkVerification::sent("tok".to_owned(), t0());
        assert_eq!(link.follow(t0() + Duration::hours(23)), Ok(Status::Success));
        assert_eq!(link.status_at(t0() + Duration::hours(99)), Status::Success);
        assert_eq!(link.verified_at(), Some(t0() + Duration::hours(23)));
    }

    #[test]
    fn an_expired_link_fails_the_identity() {
        let mut link = LinkVerification::sent("tok".to_owned(), t0());
        assert_eq!(link.status_at(t0() + Duration::hours(24)), Status::Pending);
        assert_eq!(
            link.follow(t0() + Duration::hours(25)),
            Err(LinkError::Expired)
        );
        assert_eq!(link.status_at(t0() + Duration::hours(25)), Status::Failed);
    }
}
