//! `SuppressionEntry::recorded`: a suppression list entry is never weakened, whatever arrives
//! and in which order.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::suppressions::{RecipientMismatch, Suppression, SuppressionEntry, SuppressionReason};
use proptest::prelude::*;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

fn suppression(reason: SuppressionReason, minutes: i64) -> Suppression {
    Suppression {
        recipient: "jane@example.com".into(),
        reason,
        sender: format!("sender-{minutes}@example.com"),
        detail: Some(format!("detail-{minutes}")),
        diagnostic: None,
        at: base() + Duration::minutes(minutes),
    }
}

fn fold(events: &[Suppression]) -> Option<SuppressionEntry> {
    events.iter().fold(None, |entry, event| {
        Some(SuppressionEntry::recorded(entry.as_ref(), event.clone()).unwrap())
    })
}

#[test]
fn a_first_suppression_starts_an_entry() {
    let first = suppression(SuppressionReason::HardBounce, 0);
    let entry = SuppressionEntry::recorded(None, first.clone()).unwrap();
    assert_eq!(entry.first(), first);
    assert_eq!(entry.events, 1);
    assert_eq!(entry.last_at, first.at);
}

#[test]
fn a_later_complaint_keeps_the_hard_bounce_and_is_counted() {
    let bounce = suppression(SuppressionReason::HardBounce, 0);
    let complaint = suppression(SuppressionReason::Complaint, 30);
    let entry = fold(&[bounce.clone(), complaint.clone()]).unwrap();
    assert_eq!(entry.first(), bounce);
    assert_eq!(entry.events, 2);
    assert_eq!(entry.last_at, complaint.at);
}

#[test]
fn a_later_hard_bounce_keeps_the_complaint() {
    let complaint = suppression(SuppressionReason::Complaint, 0);
    let bounce = suppression(SuppressionReason::HardBounce, 30);
    let entry = fold(&[complaint.clone(), bounce]).unwrap();
    assert_eq!(entry.first().reason, SuppressionReason::Complaint);
    assert_eq!(entry.first(), complaint);
}

#[test]
fn an_earlier_event_arriving_late_becomes_the_first() {
    let late = suppression(SuppressionReason::Complaint, 60);
    let early = suppression(SuppressionReason::HardBounce, 5);
    let entry = fold(&[late.clone(), early.clone()]).unwrap();
    assert_eq!(entry.first(), early);
    assert_eq!(entry.last_at, late.at);
    assert_eq!(entry.events, 2);
}

#[test]
fn an_exact_tie_keeps_the_existing_entry() {
    let existing = suppression(SuppressionReason::HardBounce, 0);
    let mut same_time = suppression(SuppressionReason::Complaint, 0);
    same_time.sender = "other@example.com".into();
    let entry = fold(&[existing.clone(), same_time]).unwrap();
    assert_eq!(entry.first(), existing);
}

#[test]
fn another_recipient_is_refused() {
    let entry =
        SuppressionEntry::recorded(None, suppression(SuppressionReason::HardBounce, 0)).unwrap();
    let mut other = suppression(SuppressionReason::Complaint, 1);
    other.recipient = "mary@example.com".into();
    assert_eq!(
        SuppressionEntry::recorded(Some(&entry), other),
        Err(RecipientMismatch {
            existing: "jane@example.com".into(),
            new: "mary@example.com".into(),
        })
    );
}

#[test]
fn entries_round_trip_through_json() {
    let entry = fold(&[
        suppression(SuppressionReason::HardBounce, 0),
        suppression(SuppressionReason::Complaint, 9),
    ])
    .unwrap();
    let json = serde_json::to_value(&entry).unwrap();
    assert_eq!(json["reason"], "hard_bounce");
    assert_eq!(json["events"], 2);
    let back: SuppressionEntry = serde_json::from_value(json).unwrap();
    assert_eq!(back, entry);
}

fn arb_events() -> impl Strategy<Value = Vec<Suppression>> {
    // Distinct minutes, so "earliest" is unambiguous.
    proptest::collection::btree_set(-10_000i64..10_000, 1..12).prop_flat_map(|minutes| {
        let minutes: Vec<i64> = minutes.into_iter().collect();
        let len = minutes.len();
        (Just(minutes), proptest::collection::vec(any::<bool>(), len))
            .prop_map(|(minutes, complaints)| {
                minutes
                    .into_iter()
                    .zip(complaints)
                    .map(|(minute, complaint)| {
                        let reason = if complaint {
                            SuppressionReason::Complaint
                        } else {
                            SuppressionReason::HardBounce
                        };
                        suppression(reason, minute)
                    })
                    .collect::<Vec<_>>()
            })
            .prop_shuffle()
    })
}

proptest! {
    #[test]
    fn the_entry_does_not_depend_on_arrival_order(events in arb_events()) {
        let entry = fold(&events).unwrap();
        let earliest = events.iter().min_by_key(|event| event.at).unwrap();
        let latest = events.iter().map(|event| event.at).max().unwrap();
        prop_assert_eq!(&entry.first(), earliest);
        prop_assert_eq!(entry.last_at, latest);
        prop_assert_eq!(entry.events, events.len() as u64);

        let mut reversed = events.clone();
        reversed.reverse();
        prop_assert_eq!(fold(&reversed).unwrap(), entry);
    }

    #[test]
    fn merging_never_weakens_an_entry(events in arb_events(), extra in arb_events()) {
        let before = fold(&events).unwrap();
        let after = extra.iter().fold(before.clone(), |entry, event| {
            SuppressionEntry::recorded(Some(&entry), event.clone()).unwrap()
        });
        prop_assert!(after.first_at <= before.first_at);
        prop_assert!(after.last_at >= before.last_at);
        prop_assert_eq!(after.events, before.events + extra.len() as u64);
        prop_assert_eq!(after.recipient, before.recipient);
    }
}
