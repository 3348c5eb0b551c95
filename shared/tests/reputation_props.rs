//! Properties of `assess` over arbitrary daily counts and thresholds.

use chrono::{Days, NaiveDate};
use domain::reputation::{Counts, Level, Thresholds, assess};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn arb_counts() -> impl Strategy<Value = Counts> {
    // Sends are often zero, as when event publishing is off.
    let sends = prop_oneof![Just(0u64), 0u64..5_000];
    (sends, 0u64..5_000, 0u64..500, 0u64..500, 0u64..50).prop_map(
        |(sends, deliveries, hard_bounces, soft_bounces, complaints)| Counts {
            sends,
            deliveries,
            hard_bounces,
            soft_bounces,
            complaints,
        },
    )
}

/// Days from 20 before today to 3 after it, so some fall outside any window.
fn arb_days() -> impl Strategy<Value = Vec<(NaiveDate, Counts)>> {
    proptest::collection::vec(
        (-20i64..=3, arb_counts()).prop_map(|(offset, counts)| {
            let day = if offset < 0 {
                today().checked_sub_days(Days::new(offset.unsigned_abs()))
            } else {
                today().checked_add_days(Days::new(offset.unsigned_abs()))
            };
            (day.unwrap(), counts)
        }),
        0..12,
    )
}

fn arb_thresholds() -> impl Strategy<Value = Thresholds> {
    (
        0.0..=1.0f64,
        0.0..=1.0f64,
        0.0..=0.05f64,
        0.0..=0.05f64,
        0u64..3_000,
        1u32..=30,
    )
        .prop_map(|(b1, b2, c1, c2, min_volume, window_days)| Thresholds {
            bounce_warning: b1.min(b2),
            bounce_pause: b1.max(b2),
            complaint_warning: c1.min(c2),
            complaint_pause: c1.max(c2),
            min_volume,
            window_days,
        })
}

proptest! {
    #[test]
    fn rates_are_fractions(days in arb_days(), thresholds in arb_thresholds()) {
        prop_assert!(thresholds.validate().is_ok());
        let reputation = assess(&days, today(), &thresholds);
        prop_assert!((0.0..=1.0).contains(&reputation.bounce_rate));
        prop_assert!((0.0..=1.0).contains(&reputation.complaint_rate));
        prop_assert_eq!(reputation.volume, reputation.counts.volume());
    }

    #[test]
    fn below_the_minimum_volume_nobody_is_paused(
        days in arb_days(),
        thresholds in arb_thresholds(),
    ) {
        let reputation = assess(&days, today(), &thresholds);
        if reputation.volume < thresholds.min_volume {
            prop_assert_ne!(reputation.level, Level::Paused);
        }
    }

    #[test]
    fn a_reason_is_given_exactly_when_not_healthy(
        days in arb_days(),
        thresholds in arb_thresholds(),
    ) {
        let reputation = assess(&days, today(), &thresholds);
        prop_assert_eq!(reputation.reason.is_some(), reputation.level != Level::Healthy);
        if reputation.level == Level::Paused {
            prop_assert!(
                reputation.bounce_rate >= thresholds.bounce_pause
                    || reputation.complaint_rate >= thresholds.complaint_pause
            );
        }
    }

    #[test]
    fn more_deliveries_never_raise_a_rate(
        days in arb_days(),
        thresholds in arb_thresholds(),
        extra in 1u64..10_000,
    ) {
        let before = assess(&days, today(), &thresholds);
        let mut more = days.clone();
        more.push((today(), Counts { deliveries: extra, ..Counts::ZERO }));
        let after = assess(&more, today(), &thresholds);
        prop_assert!(after.bounce_rate <= before.bounce_rate);
        prop_assert!(after.complaint_rate <= before.complaint_rate);
        // Crossing the minimum volume may turn a warning into a pause: that is the minimum's
        // purpose. Once it is reached, deliveries can only help.
        if before.volume >= thresholds.min_volume {
            prop_assert!(after.level <= before.level, "{:?} -> {:?}", before, after);
        }
    }

    #[test]
    fn days_outside_the_window_are_ignored(
        days in arb_days(),
        noise in proptest::collection::vec(arb_counts(), 1..4),
        thresholds in arb_thresholds(),
    ) {
        let before_window = today()
            .checked_sub_days(Days::new(u64::from(thresholds.window_days)))
            .unwrap();
        let after_today = today().succ_opt().unwrap();
        let mut noisy = days.clone();
        for (index, counts) in noise.into_iter().enumerate() {
            let day = if index % 2 == 0 { before_window } else { after_today };
            noisy.push((day, counts));
        }
        prop_assert_eq!(
            assess(&noisy, today(), &thresholds),
            assess(&days, today(), &thresholds)
        );
    }

    #[test]
    fn the_order_of_days_does_not_matter(
        days in arb_days(),
        thresholds in arb_thresholds(),
    ) {
        let mut reversed = days.clone();
        reversed.reverse();
        prop_assert_eq!(
            assess(&reversed, today(), &thresholds),
            assess(&days, today(), &thresholds)
        );
    }
}
