//! The feedback use case: one SNS message in, its counts and suppressions recorded exactly once.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::attribute::attribute;
use super::outcome::{IngestError, Outcome, Recorded};
use super::plan::{Share, shares};
use crate::notifications::{Event, Notification, logged_recipient, parse_notification};
use crate::ports::StoreError;
use crate::ports::clock::Clock;
use crate::ports::{
    AccountSuppression, Attribution, Effect, FeedbackStore, MirrorError, Subject, SuppressionList,
    SuppressionWrite, Tally, Written,
};
use crate::reputation::{Counts, Reputations, day_of};
use crate::retry::Tries;
use crate::suppressions::SuppressionEntry;

/// How long idempotency keys are kept: longer than SNS and Lambda keep retrying.
pub const RECEIPT_TTL: Duration = Duration::days(14);

/// Records SES feedback: counters per sender and day, the tenant's suppression list, the
/// sender's pause.
///
/// Exactly once: each recipient of a notification is written in one transaction guarded by
/// its idempotency key, so a redelivery, a batch replayed after a failure, or the same event
/// published in both SES formats changes nothing already counted, in whatever order things
/// arrive. The SNS message id is marked last, as a shortcut past complete redeliveries.
#[derive(Clone)]
pub struct Ingest {
    store: Arc<dyn FeedbackStore>,
    suppressions: Arc<dyn SuppressionList>,
    reputations: Reputations,
    mirror: Option<Arc<dyn AccountSuppression>>,
    clock: Arc<dyn Clock>,
}

impl Ingest {
    pub fn new(
        store: Arc<dyn FeedbackStore>,
        suppressions: Arc<dyn SuppressionList>,
        reputations: Reputations,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            suppressions,
            reputations,
            mirror: None,
            clock,
        }
    }

    /// Also puts every suppressed recipient on the SES account-level suppression list.
    pub fn with_account_mirror(mut self, mirror: Arc<dyn AccountSuppression>) -> Self {
        self.mirror = Some(mirror);
        self
    }

    /// Handles one SNS message whose `Message` is an SES notification. `received_at` stands
    /// in for the event time when SES gave none (pass the SNS timestamp: it is stable across
    /// retries).
    #[tracing::instrument(skip(self, message, received_at))]
    pub async fn handle(
        &self,
        sns_message_id: &str,
        message: &str,
        received_at: DateTime<Utc>,
    ) -> Result<Outcome, IngestError> {
        let sns_message_id = sns_message_id.trim();
        if !sns_message_id.is_empty() && self.store.message_done(sns_message_id).await? {
            return Ok(Outcome::Redelivered);
        }
        let notification = match parse_notification(message) {
            Ok(notification) => notification,
            Err(error) if error.is_control_message() => return Ok(Outcome::ControlMessage),
            Err(error) => return Err(IngestError::Malformed(error)),
        };
        let outcome = match &notification.event {
            Event::Ignored(name) | Event::Unknown(name) => Outcome::Ignored {
                event_type: name.clone(),
            },
            _ => Outcome::Recorded(self.record(&notification, received_at).await?),
        };
        if !sns_message_id.is_empty() {
            let expires_at = self.clock.now() + RECEIPT_TTL;
            self.store
                .mark_message_done(sns_message_id, expires_at)
                .await?;
        }
        Ok(outcome)
    }

    async fn record(
        &self,
        notification: &Notification,
        received_at: DateTime<Utc>,
    ) -> Result<Recorded, IngestError> {
        let owner = attribute(self.store.as_ref(), &notification.mail.source_address).await?;
        if owner.is_none() {
            tracing::warn!(
                event = "unattributed_feedback",
                source = %notification.mail.source,
                event_type = notification.event.type_name(),
                message_id = %notification.mail.message_id,
                "no tenant holds the source address; counted on the platform tally",
            );
        }
        let day = day_of(notification, received_at);
        let expires_at = self.clock.now() + RECEIPT_TTL;
        let shares = shares(notification, received_at);
        let mut recorded = Recorded {
            event_type: notification.event.type_name().to_owned(),
            owner: owner.clone(),
            counted: 0,
            duplicates: 0,
            suppressed: 0,
            paused: None,
        };
        let mut counted_now = Counts::ZERO;
        for share in &shares {
            let tally = (share.counts != Counts::ZERO).then(|| Tally {
                owner: owner.clone(),
                day,
                counts: share.counts,
            });
            if self.write(share, owner.as_ref(), tally, expires_at).await? {
                counted_now += share.counts;
                recorded.counted += 1;
                if owner.is_some() && share.suppression.is_some() {
                    recorded.suppressed += 1;
                }
            } else {
                recorded.duplicates += 1;
            }
        }
        self.mirror(&shares).await?;
        // Only new counts can change the sender's level. (Should the assessment fail, the
        // retry finds everything counted and leaves it to the sender's next event.)
        if let Some(Attribution {
            tenant,
            subject: Subject::Sender(id),
        }) = &owner
            && counted_now != Counts::ZERO
        {
            recorded.paused = self.reputations.reassess(tenant, id).await?;
        }
        Ok(recorded)
    }

    /// Writes one recipient's share; `false` when an earlier delivery already did.
    async fn write(
        &self,
        share: &Share,
        owner: Option<&Attribution>,
        tally: Option<Tally>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, IngestError> {
        if self.store.share_recorded(&share.key).await? {
            return Ok(false);
        }
        let mut tries = Tries::new();
        while tries.next().await {
            let suppression = match (owner, &share.suppression) {
                (Some(owner), Some(event)) => Some(self.next_entry(owner, event.clone()).await?),
                _ => None,
            };
            let effect = Effect {
                key: share.key.clone(),
                expires_at,
                tally: tally.clone(),
                suppression,
            };
            match self.store.record(&effect).await? {
                Written::Recorded => return Ok(true),
                Written::AlreadyRecorded => return Ok(false),
                Written::SuppressionMoved => continue,
            }
        }
        Err(IngestError::Contention)
    }

    /// The recipient's suppression entry as it should be after `event`.
    async fn next_entry(
        &self,
        owner: &Attribution,
        event: crate::suppressions::Suppression,
    ) -> Result<SuppressionWrite, StoreError> {
        let current = self
            .suppressions
            .get_suppression(&owner.tenant, &event.recipient)
            .await?;
        let entry = SuppressionEntry::recorded(current.as_ref(), event)
            .map_err(|mismatch| StoreError(format!("stored entry is inconsistent: {mismatch}")))?;
        Ok(SuppressionWrite {
            tenant: owner.tenant.clone(),
            entry,
            expected_version: current.map(|c| c.version),
        })
    }

    /// Mirrors every suppression of the notification, recorded now or before (SES's list is
    /// idempotent, and a retry must finish a mirror that failed halfway).
    async fn mirror(&self, shares: &[Share]) -> Result<(), IngestError> {
        let Some(mirror) = &self.mirror else {
            return Ok(());
        };
        for suppression in shares.iter().filter_map(|s| s.suppression.as_ref()) {
            match mirror
                .suppress(&suppression.recipient, suppression.reason)
                .await
            {
                Ok(()) => {}
                // No address in the logs: SES's reason may quote it, and the recipient is hashed.
                Err(MirrorError::Rejected(_)) => tracing::warn!(
                    event = "mirror_refused",
                    recipient_hash = %logged_recipient(&suppression.recipient),
                    "SES refused the address for its account-level list; skipped",
                ),
                Err(error) => return Err(IngestError::Mirror(error)),
            }
        }
        Ok(())
    }
}
