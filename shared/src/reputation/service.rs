//! The reputation use cases: read a sender's standing, pause it when it crosses a pause
//! threshold, and let an admin resume it.

use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::{Level, Reputation, Resumption, Thresholds, assess, since_resume};
use crate::error::{Conflict, UseCaseError};
use crate::ports::clock::Clock;
use crate::ports::{Attribution, DailyCounters, Subject};
use crate::ports::{SaveError, SenderStore, StoreError};
use crate::retry::Tries;
use crate::senders::{Pause, Sender, SenderId};
use crate::status::Color;
use crate::tenant::{Principal, TenantId};

/// A sender's standing, as the API shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SenderReputation {
    pub sender_id: SenderId,
    /// Over the window ending today, counting only since the last resume.
    pub reputation: Reputation,
    pub thresholds: Thresholds,
    pub paused: Option<Pause>,
    /// Set after a resume: the moment counting started afresh.
    pub counted_since: Option<DateTime<Utc>>,
}

impl SenderReputation {
    /// Red while the sender is paused (whatever the rates say now), else the level's colour.
    pub fn color(&self) -> Color {
        if self.paused.is_some() {
            Color::Red
        } else {
            self.reputation.level.color()
        }
    }
}

/// The reputation use cases.
#[derive(Clone)]
pub struct Reputations {
    counters: Arc<dyn DailyCounters>,
    senders: Arc<dyn SenderStore>,
    clock: Arc<dyn Clock>,
    thresholds: Thresholds,
}

impl Reputations {
    pub fn new(
        counters: Arc<dyn DailyCounters>,
        senders: Arc<dyn SenderStore>,
        clock: Arc<dyn Clock>,
        thresholds: Thresholds,
    ) -> Self {
        Self {
            counters,
            senders,
            clock,
            thresholds,
        }
    }

    /// The same use cases with other thresholds.
    pub fn with_thresholds(self, thresholds: Thresholds) -> Self {
        Self { thresholds, ..self }
    }

    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// The caller's sender's standing; `NotFound` for another tenant's sender or the
    /// platform default (whose mail is not any tenant's).
    pub async fn get(
        &self,
        caller: &Principal,
        id: &str,
    ) -> Result<SenderReputation, UseCaseError> {
        let sender = self.find(caller, id).await?;
        let reputation = self.assess(&sender).await?;
        Ok(SenderReputation {
            sender_id: sender.id,
            reputation,
            thresholds: self.thresholds,
            counted_since: sender.resumed.as_ref().map(|r| r.at),
            paused: sender.paused,
        })
    }

    /// Resumes a paused sender; counting starts afresh from now.
    #[tracing::instrument(skip(self), fields(tenant = %caller.tenant))]
    pub async fn resume(&self, caller: &Principal, id: &str) -> Result<Sender, UseCaseError> {
        caller.require_admin()?;
        let sender = self.find(caller, id).await?;
        if sender.paused.is_none() {
            return Err(UseCaseError::conflict(
                Conflict::SenderNotPaused,
                "This sender is not paused.",
            ));
        }
        let now = self.clock.now();
        let today = now.date_naive();
        let baseline = self
            .counters
            .days(&owner(&sender), today, today)
            .await?
            .into_iter()
            .map(|(_, counts)| counts)
            .sum();
        let mut next = sender.clone();
        next.paused = None;
        next.resumed = Some(Resumption { at: now, baseline });
        next.version += 1;
        self.senders
            .save_sender(&next)
            .await
            .map_err(|error| match error {
                SaveError::Stale => UseCaseError::conflict(
                    Conflict::ChangedMeanwhile,
                    "The sender was changed by another request; try again.",
                ),
                SaveError::Store(error) => error.into(),
            })?;
        tracing::info!(event = "sender_resumed", sender = %next.id, identity = %next.from_email);
        Ok(next)
    }

    /// Assesses a sender after new feedback and pauses it when it is at the paused level.
    /// Returns the pause when this call paused it.
    pub async fn reassess(
        &self,
        tenant: &TenantId,
        id: &SenderId,
    ) -> Result<Option<Pause>, StoreError> {
        let mut tries = Tries::new();
        while tries.next().await {
            let Some(sender) = self.senders.get_sender(tenant, id).await? else {
                return Ok(None);
            };
            if sender.paused.is_some() {
                return Ok(None);
            }
            let reputation = self.assess(&sender).await?;
            if reputation.level != Level::Paused {
                return Ok(None);
            }
            let pause = Pause {
                reason: format!("{}.", reputation.reason.unwrap_or_default()),
                at: self.clock.now(),
            };
            let mut next = sender.clone();
            next.paused = Some(pause.clone());
            next.version += 1;
            match self.senders.save_sender(&next).await {
                Ok(()) => {
                    tracing::warn!(
                        event = "sender_paused", tenant = %tenant, sender = %id,
                        identity = %next.from_email, reason = %pause.reason,
                    );
                    return Ok(Some(pause));
                }
                Err(SaveError::Stale) => continue,
                Err(SaveError::Store(error)) => return Err(error),
            }
        }
        Err(StoreError(format!(
            "sender {id} kept changing while it was being paused"
        )))
    }

    /// The sender's reputation over the window ending today, since its last resume.
    async fn assess(&self, sender: &Sender) -> Result<Reputation, StoreError> {
        let today = self.clock.now().date_naive();
        let span = u64::from(self.thresholds.window_days.max(1) - 1);
        let window_start = today
            .checked_sub_days(Days::new(span))
            .unwrap_or(NaiveDate::MIN);
        let from = match &sender.resumed {
            Some(resumed) => window_start.max(resumed.at.date_naive()),
            None => window_start,
        };
        let days = if from > today {
            Vec::new()
        } else {
            self.counters.days(&owner(sender), from, today).await?
        };
        let days = since_resume(days, sender.resumed.as_ref());
        Ok(assess(&days, today, &self.thresholds))
    }

    async fn find(&self, caller: &Principal, id: &str) -> Result<Sender, UseCaseError> {
        let id = SenderId::parse(id).ok_or(UseCaseError::NotFound)?;
        self.senders
            .get_sender(&caller.tenant, &id)
            .await?
            .ok_or(UseCaseError::NotFound)
    }
}

fn owner(sender: &Sender) -> Attribution {
    Attribution {
        tenant: sender.tenant.clone(),
        subject: Subject::Sender(sender.id),
    }
}
