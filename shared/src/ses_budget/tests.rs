use super::*;

fn settings() -> BudgetSettings {
    BudgetSettings::default()
}

/// Takes at `now` against a bucket at `tat`, as the store does: the new `tat` is kept.
fn take(rule: Gcra, tat: &mut Option<i64>, now: i64) -> Result<i64, i64> {
    let granted = rule.decide(*tat, now)?;
    *tat = Some(granted.tat);
    Ok(granted.at)
}

#[test]
fn the_default_lets_one_call_through_per_second() {
    let background = settings().account(false);
    let mut tat = None;
    assert_eq!(take(background, &mut tat, 0), Ok(0));
    assert_eq!(take(background, &mut tat, 0), Err(1000));
    assert_eq!(take(background, &mut tat, 999), Err(1));
    assert_eq!(take(background, &mut tat, 1000), Ok(1000));
}

#[test]
fn many_takers_at_one_instant_never_get_more_than_the_burst() {
    let mut rules = settings();
    rules.burst = 3;
    let background = rules.account(false);
    let mut tat = None;
    let granted = (0..50)
        .filter(|_| take(background, &mut tat, 5_000).is_ok())
        .count();
    assert_eq!(granted, 3);
}

#[test]
fn an_interactive_call_books_a_slot_ahead_that_a_background_one_cannot_take() {
    let rules = settings();
    let mut tat = None;
    assert_eq!(take(rules.account(false), &mut tat, 0), Ok(0));
    // The next slot is at 1 s: interactive books it and waits; background is refused.
    assert_eq!(take(rules.account(false), &mut tat, 10), Err(990));
    assert_eq!(take(rules.account(true), &mut tat, 10), Ok(1000));
    assert_eq!(take(rules.account(true), &mut tat, 10), Ok(2000));
    // Beyond the interactive wait (2 s ahead) interactive is refused too.
    assert_eq!(take(rules.account(true), &mut tat, 10), Err(990));
    // The background caller that waited for its slot now finds it booked again.
    assert_eq!(take(rules.account(false), &mut tat, 1000), Err(2000));
}

#[test]
fn background_leaves_the_reserve_of_the_burst_to_interactive_calls() {
    let mut rules = settings();
    rules.burst = 4;
    rules.reserve = 2;
    let mut tat = None;
    let background = (0..10)
        .filter(|_| take(rules.account(false), &mut tat, 0).is_ok())
        .count();
    assert_eq!(background, 2);
    let interactive_now = (0..10)
        .filter(|_| take(rules.account(true), &mut tat, 0) == Ok(0))
        .count();
    assert_eq!(interactive_now, 2);
}

#[test]
fn a_tenant_gets_its_burst_then_its_rate() {
    let tenant = settings().tenant();
    assert_eq!(tenant.interval_ms, 3000);
    let mut tat = None;
    let burst = (0..20)
        .filter(|_| take(tenant, &mut tat, 0).is_ok())
        .count();
    assert_eq!(burst, 5);
    assert_eq!(take(tenant, &mut tat, 2_999), Err(1));
    assert_eq!(take(tenant, &mut tat, 3_000), Ok(3_000));
}

#[test]
fn an_idle_bucket_does_not_bank_more_than_its_burst() {
    let background = settings().account(false);
    let mut tat = Some(0);
    assert_eq!(take(background, &mut tat, 3_600_000), Ok(3_600_000));
    assert_eq!(take(background, &mut tat, 3_600_000), Err(1000));
}
