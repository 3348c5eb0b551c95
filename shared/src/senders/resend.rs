//! Re-sending a verification mail: under the sender's operation guard (`guard.rs`), and at
//! most as often as a cooldown window and a daily cap allow, so an admin cannot make SES mail
//! links to arbitrary people without limit.

use chrono::{DateTime, Duration, Utc};

use super::changes::default_is_read_only;
use super::{Authorization, DEFAULT_SENDER_ID, EmailVerification, Listed, Sender, Senders};
use crate::domains::OperationKind;
use crate::error::{Conflict, UseCaseError};
use crate::ownership::quota::ResendLimits;
use crate::ports::SaveError;
use crate::retry::Tries;
use crate::status::{self, Status};
use crate::tenant::Principal;
use crate::verification::next_check;

impl Senders {
    /// Mails a fresh verification link (after expiry or loss): the address identity is
    /// re-created, as a new incarnation, while this request holds the sender's guard.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn resend_verification(
        &self,
        caller: &Principal,
        id: &str,
    ) -> Result<Listed, UseCaseError> {
        caller.require_admin()?;
        if id == DEFAULT_SENDER_ID {
            return Err(default_is_read_only());
        }
        let sender = self.find(caller, id).await?;
        let Authorization::Email(verification) = &sender.authorization else {
            return Err(UseCaseError::conflict(
                Conflict::NotAnEmailSender,
                "A subdomain sender is authorized by its subdomain's DNS records; there is no email to resend.",
            ));
        };
        if verification.status == Status::Verified {
            return Err(UseCaseError::conflict(
                Conflict::AlreadyVerified,
                "This address is already verified.",
            ));
        }
        let now = self.clock.now();
        let resends = admit(verification, &self.settings.account.resend, now)?;
        if verification.status == Status::Expired {
            return self.restart_expired(caller, sender, resends).await;
        }
        let held = self.take(&sender, OperationKind::Restarting).await?;
        if let Err(error) = self.send_verification(&held).await {
            self.release(&held).await;
            return Err(error.into());
        }
        let mut fresh = EmailVerification::sent(now);
        fresh.resends = resends;
        let next = self.finish_resend(held, fresh).await?;
        self.follow_up(&next).await;
        self.listed(next).await
    }

    /// Stores the new incarnation's verification and lets go of the guard. Other writes
    /// that do not touch the identity (a display name, a pause) may have landed meanwhile:
    /// they are kept. Refused only if another operation took the identity over (the guard's
    /// lease ran out).
    async fn finish_resend(
        &self,
        held: Sender,
        fresh: EmailVerification,
    ) -> Result<Sender, UseCaseError> {
        let now = self.clock.now();
        let mut current = held.clone();
        let mut tries = Tries::new();
        while tries.next().await {
            if current.generation != held.generation || current.operation != held.operation {
                break;
            }
            let mut next = current.clone();
            next.authorization = Authorization::Email(fresh.clone());
            next.next_check_at = next_check(now, now + status::EMAIL_LINK_WINDOW, now);
            next.operation = None;
            next.version = current.version + 1;
            match self.store.save_sender(&next).await {
                Ok(()) => return Ok(next),
                Err(SaveError::Stale) => {
                    current = self
                        .store
                        .get_sender(&held.tenant, &held.id)
                        .await?
                        .ok_or(UseCaseError::NotFound)?;
                }
                Err(SaveError::Store(error)) => return Err(error.into()),
            }
        }
        Err(UseCaseError::conflict(
            Conflict::ChangedMeanwhile,
            "The sender was changed by another request while its verification mail was re-sent; try again.",
        ))
    }
}

/// Admits one more resend at `now`, or says how long to wait. On success, the resend times
/// to store (the last day's, with this one).
pub fn admit(
    verification: &EmailVerification,
    limits: &ResendLimits,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, UseCaseError> {
    let day = Duration::days(1);
    let mut recent: Vec<DateTime<Utc>> = verification
        .resends
        .iter()
        .copied()
        .filter(|at| *at > now - day && *at <= now)
        .collect();
    recent.sort();
    let wait = |oldest: Option<&DateTime<Utc>>, span: Duration| {
        let until = oldest.map_or(now, |at| *at + span);
        (until - now)
            .to_std()
            .unwrap_or_default()
            .max(std::time::Duration::from_secs(1))
    };
    let in_window: Vec<&DateTime<Utc>> = recent
        .iter()
        .filter(|at| **at > now - limits.window)
        .collect();
    if in_window.len() >= limits.per_window as usize {
        let oldest = in_window.len() - limits.per_window as usize;
        return Err(UseCaseError::TooSoon(
            wait(in_window.get(oldest).copied(), limits.window),
            format!(
                "At most {} verification mails may be sent in {} minutes; try again later.",
                limits.per_window,
                limits.window.num_minutes()
            ),
        ));
    }
    if recent.len() >= limits.per_day as usize {
        let oldest = recent.len() - limits.per_day as usize;
        return Err(UseCaseError::TooSoon(
            wait(recent.get(oldest), day),
            format!(
                "At most {} verification mails may be sent in a day; try again tomorrow.",
                limits.per_day
            ),
        ));
    }
    recent.push(now);
    Ok(recent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default() + Duration::minutes(minutes)
    }

    #[test]
    fn the_window_and_the_day_each_bound_resends() {
        let limits = ResendLimits {
            per_window: 2,
            window: Duration::minutes(60),
            per_day: 3,
        };
        let mut v = EmailVerification::sent(at(0));
        v.resends = admit(&v, &limits, at(0)).expect("first");
        v.resends = admit(&v, &limits, at(1)).expect("second");
        match admit(&v, &limits, at(2)) {
            Err(UseCaseError::TooSoon(wait, _)) => assert_eq!(wait.as_secs(), 58 * 60),
            other => panic!("{other:?}"),
        }
        v.resends = admit(&v, &limits, at(61)).expect("after the window");
        assert!(matches!(
            admit(&v, &limits, at(200)),
            Err(UseCaseError::TooSoon(_, _))
        ));
        assert!(admit(&v, &limits, at(24 * 60 + 1)).is_ok());
    }
}
