//! The DNS-driven status machine SES runs for DKIM and MAIL FROM records:
//! PENDING -> SUCCESS when the records are found; PENDING -> FAILED when still missing 72 h after
//! the start; SUCCESS -> TEMPORARY_FAILURE when they disappear; TEMPORARY_FAILURE -> SUCCESS when
//! they come back, or -> FAILED after another 72 h. FAILED is terminal until delete + create.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How long SES keeps looking for missing records before giving up.
pub fn dns_deadline() -> Duration {
    Duration::hours(72)
}

/// An SES verification status (identity, DKIM and MAIL FROM share these values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Verification has not begun.
    NotStarted,
    /// SES is still looking for the records (or waiting for the link to be followed).
    Pending,
    /// Verified.
    Success,
    /// Verification failed for good.
    Failed,
    /// Previously verified records can no longer be found.
    TemporaryFailure,
}

impl Status {
    /// The wire value, e.g. `TEMPORARY_FAILURE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "NOT_STARTED",
            Self::Pending => "PENDING",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
            Self::TemporaryFailure => "TEMPORARY_FAILURE",
        }
    }

    /// Parses the wire value.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::NotStarted,
            Self::Pending,
            Self::Success,
            Self::Failed,
            Self::TemporaryFailure,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }
}

/// Why a DNS check did not succeed (SES's `VerificationInfo.ErrorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CheckError {
    /// The name does not exist (NXDOMAIN).
    HostNotFound,
    /// The name exists but has no record of the wanted type.
    TypeNotFound,
    /// Records exist but do not have the wanted value.
    InvalidValue,
    /// The DNS server could not be asked or answered with an error.
    DnsServerError,
}

/// The outcome of one DNS check: `Ok` when every wanted record was found as SES wants it.
pub type CheckOutcome = Result<(), CheckError>;

/// The status of one DNS-verified thing (the DKIM records, or the MAIL FROM MX record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsVerification {
    status: Status,
    window_start: DateTime<Utc>,
    last_checked: Option<DateTime<Utc>>,
    last_success: Option<DateTime<Utc>>,
    last_error: Option<CheckError>,
    /// Since when the records have been seen without a break (while not yet SUCCESS).
    found_since: Option<DateTime<Utc>>,
    /// How long this detection takes once the records are there.
    detect_after: Duration,
}

impl DnsVerification {
    /// A verification that starts looking at `now`.
    pub fn start(now: DateTime<Utc>) -> Self {
        Self {
            status: Status::Pending,
            window_start: now,
            last_checked: None,
            last_success: None,
            last_error: None,
            found_since: None,
            detect_after: Duration::zero(),
        }
    }

    /// The current status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// When the records were last looked for.
    pub fn last_checked(&self) -> Option<DateTime<Utc>> {
        self.last_checked
    }

    /// When the records were last found.
    pub fn last_success(&self) -> Option<DateTime<Utc>> {
        self.last_success
    }

    /// What the last failed check found. SES keeps it after a later success (a real capture
    /// shows `SUCCESS` with `ErrorType: HOST_NOT_FOUND`), and so does the stand-in.
    pub fn last_error(&self) -> Option<CheckError> {
        self.last_error
    }

    /// True when a check can still change the status (FAILED is terminal).
    pub fn is_live(&self) -> bool {
        self.status != Status::Failed
    }

    /// Applies the result of a DNS check made at `now`. Records found are reported `SUCCESS`
    /// once they have been there for the detection delay (`delay` is asked once per detection);
    /// the success is dated when the delay ran out, even if this check comes later.
    pub fn observe(
        &mut self,
        now: DateTime<Utc>,
        outcome: CheckOutcome,
        delay: impl FnOnce() -> Duration,
    ) {
        if !self.is_live() {
            return;
        }
        self.last_checked = Some(now);
        match outcome {
            Ok(()) if self.status == Status::Success => self.last_success = Some(now),
            Ok(()) => {
                let since = match self.found_since {
                    Some(since) => since,
                    None => {
                        self.detect_after = delay();
                        self.found_since = Some(now);
                        now
                    }
                };
                let detected_at = since + self.detect_after;
                if now >= detected_at {
                    self.status = Status::Success;
                    self.last_success = Some(detected_at);
                    self.found_since = None;
                }
            }
            Err(error) => {
                self.found_since = None;
                self.last_error = Some(error);
                self.status = match self.status {
                    Status::Success => {
                        self.window_start = now;
                        Status::TemporaryFailure
                    }
                    _ if now - self.window_start > dns_deadline() => Status::Failed,
                    waiting => waiting,
                };
            }
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
    fn found_records_verify() {
        let mut v = DnsVerification::start(t0());
        v.observe(t0() + Duration::hours(1), Ok(()), Duration::zero);
        assert_eq!(v.status(), Status::Success);
        assert_eq!(v.last_success(), Some(t0() + Duration::hours(1)));
        assert_eq!(v.last_error(), None);
    }

    #[test]
    fn the_last_error_stays_after_success() {
        let mut v = DnsVerification::start(t0());
        v.observe(t0(), Err(CheckError::HostNotFound), Duration::zero);
        v.observe(t0() + Duration::hours(1), Ok(()), Duration::zero);
        assert_eq!(v.status(), Status::Success);
        assert_eq!(v.last_error(), Some(CheckError::HostNotFound));
    }

    #[test]
    fn detection_waits_for_the_delay_and_is_dated_when_it_ran_out() {
        let mut v = DnsVerification::start(t0());
        let delay = || Duration::minutes(30);
        v.observe(t0() + Duration::hours(1), Ok(()), delay);
        assert_eq!(v.status(), Status::Pending);
        v.observe(t0() + Duration::minutes(80), Ok(()), || unreachable!());
        assert_eq!(v.status(), Status::Pending);
        v.observe(t0() + Duration::hours(5), Ok(()), || unreachable!());
        assert_eq!(v.status(), Status::Success);
        assert_eq!(v.last_success(), Some(t0() + Duration::minutes(90)));
        assert_eq!(v.last_checked(), Some(t0() + Duration::hours(5)));
    }

    #[test]
    fn records_that_vanish_before_detection_start_the_delay_again() {
        let mut v = DnsVerification::start(t0());
        v.observe(t0(), Ok(()), || Duration::hours(1));
        v.observe(
            t0() + Duration::minutes(59),
            Err(CheckError::InvalidValue),
            || unreachable!(),
        );
        v.observe(t0() + Duration::hours(2), Ok(()), || Duration::hours(1));
        assert_eq!(v.status(), Status::Pending);
        v.observe(t0() + Duration::hours(3), Ok(()), || unreachable!());
        assert_eq!(v.status(), Status::Success);
    }

    #[test]
    fn missing_records_fail_only_after_72_hours() {
        let mut v = DnsVerification::start(t0());
        v.observe(
            t0() + Duration::hours(72),
            Err(CheckError::HostNotFound),
            Duration::zero,
        );
        assert_eq!(v.status(), Status::Pending);
        assert_eq!(v.last_error(), Some(CheckError::HostNotFound));
        v.observe(
            t0() + Duration::hours(73),
            Err(CheckError::HostNotFound),
            Duration::zero,
        );
        assert_eq!(v.status(), Status::Failed);
        v.observe(t0() + Duration::hours(74), Ok(()), Duration::zero);
        assert_eq!(v.status(), Status::Failed, "FAILED is terminal");
    }

    #[test]
    fn lost_records_are_a_temporary_failure_with_a_fresh_window() {
        let mut v = DnsVerification::start(t0());
        v.observe(t0() + Duration::hours(100), Ok(()), Duration::zero);
        let lost_at = t0() + Duration::hours(200);
        v.observe(lost_at, Err(CheckError::TypeNotFound), Duration::zero);
        assert_eq!(v.status(), Status::TemporaryFailure);
        v.observe(lost_at + Duration::hours(1), Ok(()), Duration::zero);
        assert_eq!(v.status(), Status::Success);
        v.observe(
            lost_at + Duration::hours(2),
            Err(CheckError::InvalidValue),
            Duration::zero,
        );
        v.observe(
            lost_at + Duration::hours(70),
            Err(CheckError::InvalidValue),
            Duration::zero,
        );
        assert_eq!(v.status(), Status::TemporaryFailure);
        v.observe(
            lost_at + Duration::hours(75),
            Err(CheckError::InvalidValue),
            Duration::zero,
        );
        assert_eq!(v.status(), Status::Failed);
    }
}
