//! `assess`: thresholds and their exact boundaries, the window, the denominator, the reason.

use chrono::NaiveDate;
use domain::reputation::{Counts, Level, Reputation, Thresholds, ThresholdsError, assess};
use domain::status::Color;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn days_ago(days: u64) -> NaiveDate {
    today().checked_sub_days(chrono::Days::new(days)).unwrap()
}

/// Deliveries and hard bounces only: the volume is their sum.
fn mail(deliveries: u64, hard_bounces: u64) -> Counts {
    Counts {
        deliveries,
        hard_bounces,
        ..Counts::ZERO
    }
}

fn with_complaints(sends: u64, complaints: u64) -> Counts {
    Counts {
        sends,
        deliveries: sends,
        complaints,
        ..Counts::ZERO
    }
}

fn today_only(counts: Counts) -> Reputation {
    assess(&[(today(), counts)], today(), &Thresholds::default())
}

#[test]
fn the_reason_names_rate_counts_window_and_threshold() {
    let reputation = today_only(mail(880, 120));
    assert_eq!(reputation.level, Level::Paused);
    assert_eq!(
        reputation.reason.as_deref(),
        Some(
            "Bounce rate 12.0% (120 of 1,000 messages) over the 7 days to 2026-11-28 \
             is at or above the 10% pause threshold"
        )
    );
    assert_eq!(reputation.level.color(), Color::Red);
}

#[test]
fn bounce_warning_starts_at_exactly_five_percent() {
    assert_eq!(today_only(mail(96, 4)).level, Level::Healthy);
    let at_five = today_only(mail(95, 5));
    assert_eq!(at_five.bounce_rate, 0.05);
    assert_eq!(at_five.level, Level::Warning);
    assert_eq!(
        at_five.reason.as_deref(),
        Some(
            "Bounce rate 5.0% (5 of 100 messages) over the 7 days to 2026-11-28 \
             is at or above the 5% warning threshold"
        )
    );
    assert_eq!(at_five.level.color(), Color::Yellow);
}

#[test]
fn bounce_pause_starts_at_exactly_ten_percent_with_a_hundred_messages() {
    assert_eq!(today_only(mail(91, 9)).level, Level::Warning);
    let at_ten = today_only(mail(90, 10));
    assert_eq!(at_ten.volume, 100);
    assert_eq!(at_ten.level, Level::Paused);
}

#[test]
fn ninety_nine_messages_are_never_paused() {
    let half = today_only(mail(49, 50));
    assert_eq!(half.volume, 99);
    assert_eq!(half.level, Level::Warning);
    assert_eq!(
        half.reason.as_deref(),
        Some(
            "Bounce rate 50.5% (50 of 99 messages) over the 7 days to 2026-11-28 \
             is at or above the 10% pause threshold, but pausing needs at least 100 messages"
        )
    );
    // One more message and the same sender is paused.
    assert_eq!(today_only(mail(50, 50)).level, Level::Paused);
}

#[test]
fn complaint_boundaries() {
    assert_eq!(today_only(with_complaints(1000, 0)).level, Level::Healthy);
    let one_in_a_thousand = today_only(with_complaints(1000, 1));
    assert_eq!(one_in_a_thousand.complaint_rate, 0.001);
    assert_eq!(one_in_a_thousand.level, Level::Warning);
    assert_eq!(today_only(with_complaints(1000, 4)).level, Level::Warning);
    let half_percent = today_only(with_complaints(1000, 5));
    assert_eq!(half_percent.level, Level::Paused);
    assert_eq!(
        half_percent.reason.as_deref(),
        Some(
            "Complaint rate 0.50% (5 of 1,000 messages) over the 7 days to 2026-11-28 \
             is at or above the 0.5% pause threshold"
        )
    );
}

#[test]
fn both_rates_at_the_level_are_named() {
    let reputation = today_only(Counts {
        sends: 1000,
        deliveries: 880,
        hard_bounces: 120,
        complaints: 6,
        ..Counts::ZERO
    });
    assert_eq!(reputation.level, Level::Paused);
    let reason = reputation.reason.unwrap();
    let parts: Vec<&str> = reason.split("; ").collect();
    assert_eq!(parts.len(), 2, "{reason}");
    assert!(parts[0].starts_with("Bounce rate 12.0% (120 of 1,000 messages)"));
    assert!(parts[1].starts_with("Complaint rate 0.60% (6 of 1,000 messages)"));
}

#[test]
fn only_the_worst_rate_is_named() {
    let reputation = today_only(Counts {
        sends: 1000,
        deliveries: 880,
        hard_bounces: 120,
        complaints: 1,
        ..Counts::ZERO
    });
    let reason = reputation.reason.unwrap();
    assert!(reason.starts_with("Bounce rate"), "{reason}");
    assert!(!reason.contains("Complaint"), "{reason}");
}

#[test]
fn soft_bounces_do_not_raise_the_bounce_rate() {
    let reputation = today_only(Counts {
        deliveries: 500,
        soft_bounces: 500,
        ..Counts::ZERO
    });
    assert_eq!(reputation.volume, 1000);
    assert_eq!(reputation.bounce_rate, 0.0);
    assert_eq!(reputation.level, Level::Healthy);
    assert_eq!(reputation.reason, None);
    assert_eq!(reputation.level.color(), Color::Green);
}

#[test]
fn sends_are_the_denominator_when_known() {
    let counts = Counts {
        sends: 1000,
        deliveries: 10,
        hard_bounces: 60,
        ..Counts::ZERO
    };
    let with_sends = today_only(counts);
    assert_eq!(with_sends.volume, 1000);
    assert_eq!(with_sends.bounce_rate, 0.06);
    let without_sends = today_only(Counts { sends: 0, ..counts });
    assert_eq!(without_sends.volume, 70);
    assert_eq!(without_sends.bounce_rate, 60.0 / 70.0);
}

#[test]
fn no_volume_means_zero_rates_and_healthy() {
    let reputation = today_only(Counts {
        complaints: 3,
        ..Counts::ZERO
    });
    assert_eq!(reputation.volume, 0);
    assert_eq!(reputation.complaint_rate, 0.0);
    assert_eq!(reputation.bounce_rate, 0.0);
    assert_eq!(reputation.level, Level::Healthy);
}

#[test]
fn rates_are_capped_at_one() {
    let reputation = today_only(Counts {
        sends: 10,
        hard_bounces: 25,
        ..Counts::ZERO
    });
    assert_eq!(reputation.bounce_rate, 1.0);
}

#[test]
fn only_the_days_of_the_window_count() {
    let thresholds = Thresholds::default();
    let inside = [(today(), mail(500, 0)), (days_ago(6), mail(500, 10))];
    let outside = [
        (days_ago(7), mail(0, 5000)),
        (today().succ_opt().unwrap(), mail(0, 5000)),
    ];
    let all: Vec<(NaiveDate, Counts)> = inside.iter().chain(&outside).copied().collect();
    let reputation = assess(&all, today(), &thresholds);
    assert_eq!(reputation.window_start, days_ago(6));
    assert_eq!(reputation.window_end, today());
    assert_eq!(reputation.counts, mail(1000, 10));
    assert_eq!(reputation.level, Level::Healthy);
    assert_eq!(reputation, assess(&inside, today(), &thresholds));
}

#[test]
fn the_window_length_is_configurable() {
    let days = [(today(), mail(100, 0)), (days_ago(1), mail(0, 100))];
    let one_day = Thresholds {
        window_days: 1,
        ..Thresholds::default()
    };
    let reputation = assess(&days, today(), &one_day);
    assert_eq!(reputation.window_start, today());
    assert_eq!(reputation.level, Level::Healthy);
    let two_days = Thresholds {
        window_days: 2,
        ..Thresholds::default()
    };
    let reputation = assess(&days, today(), &two_days);
    assert_eq!(reputation.level, Level::Paused);
    assert!(
        reputation
            .reason
            .unwrap()
            .contains("over the 2 days to 2026-11-28")
    );
}

#[test]
fn custom_thresholds_apply() {
    // Plunk's rule: pause at 0.15% complaints.
    let plunk = Thresholds {
        complaint_pause: 0.0015,
        ..Thresholds::default()
    };
    let reputation = assess(&[(today(), with_complaints(2000, 3))], today(), &plunk);
    assert_eq!(reputation.level, Level::Paused);
    assert!(reputation.reason.unwrap().contains("0.15% pause threshold"));
    let low_minimum = Thresholds {
        min_volume: 10,
        ..Thresholds::default()
    };
    let reputation = assess(&[(today(), mail(5, 5))], today(), &low_minimum);
    assert_eq!(reputation.level, Level::Paused);
}

#[test]
fn reputation_serialises_for_the_api() {
    let json = serde_json::to_value(today_only(mail(880, 120))).unwrap();
    assert_eq!(json["window_start"], "2026-11-22");
    assert_eq!(json["window_end"], "2026-11-28");
    assert_eq!(json["level"], "paused");
    assert_eq!(json["volume"], 1000);
    assert_eq!(json["bounce_rate"], 0.12);
    assert_eq!(json["counts"]["hard_bounces"], 120);
    assert!(json["reason"].as_str().unwrap().starts_with("Bounce rate"));
    let back: Reputation = serde_json::from_value(json).unwrap();
    assert_eq!(back, today_only(mail(880, 120)));
}

#[test]
fn default_thresholds_are_ses_levels_and_valid() {
    let defaults = Thresholds::default();
    assert_eq!(
        (
            defaults.bounce_warning,
            defaults.bounce_pause,
            defaults.complaint_warning,
            defaults.complaint_pause,
            defaults.min_volume,
            defaults.window_days,
        ),
        (0.05, 0.10, 0.001, 0.005, 100, 7)
    );
    assert_eq!(defaults.validate(), Ok(()));
}

#[test]
fn invalid_thresholds_are_refused() {
    let defaults = Thresholds::default();
    let cases = [
        Thresholds {
            bounce_pause: 1.5,
            ..defaults
        },
        Thresholds {
            complaint_warning: -0.01,
            ..defaults
        },
        Thresholds {
            bounce_warning: f64::NAN,
            ..defaults
        },
    ];
    for thresholds in cases {
        assert!(
            matches!(
                thresholds.validate(),
                Err(ThresholdsError::OutOfRange { .. })
            ),
            "{thresholds:?}"
        );
    }
    let inverted = Thresholds {
        complaint_warning: 0.01,
        complaint_pause: 0.005,
        ..defaults
    };
    assert_eq!(
        inverted.validate(),
        Err(ThresholdsError::WarningAbovePause {
            metric: "complaint",
            warning: 0.01,
            pause: 0.005,
        })
    );
    let no_window = Thresholds {
        window_days: 0,
        ..defaults
    };
    assert_eq!(no_window.validate(), Err(ThresholdsError::EmptyWindow));
    let edges = Thresholds {
        bounce_warning: 0.0,
        bounce_pause: 1.0,
        complaint_warning: 0.5,
        complaint_pause: 0.5,
        ..defaults
    };
    assert_eq!(edges.validate(), Ok(()));
}
