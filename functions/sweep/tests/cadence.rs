//! The cadence benchmark: today's cadence (SES alone, on the follow-up steps) against the
//! DNS-driven sweep, in the same run, over the real sweep code, the SES stand-in (with a
//! detection delay) and a manual clock. `make bench-cadence` runs it and prints the table the
//! README shows, then checks that the DNS-driven sweep is not slower to green and asks SES
//! less. It takes minutes (every pending subdomain's DNS is looked up over UDP at every run),
//! so `make test` does not run it.
//!
//! CADENCE_IDENTITIES sets the size (default 1,000, the issue's), CADENCE_SEED the plan.

mod counting;
mod memory;
mod sim;

use chrono::Duration;
use sim::{Outcome, plan, simulate};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::zero();
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn minutes(d: Duration) -> String {
    let m = d.num_seconds() as f64 / 60.0;
    if m >= 120.0 {
        format!("{:.1} h", m / 60.0)
    } else {
        format!("{m:.0} min")
    }
}

struct Row {
    design: &'static str,
    outcome: Outcome,
}

impl Row {
    fn lags(&self) -> Vec<Duration> {
        let mut lags = self.outcome.lags.clone();
        lags.sort();
        lags
    }

    fn ses_mean(&self) -> f64 {
        let reads = &self.outcome.ses_reads;
        f64::from(reads.iter().sum::<u32>()) / reads.len().max(1) as f64
    }

    fn ses_max(&self) -> u32 {
        self.outcome.ses_reads.iter().copied().max().unwrap_or(0)
    }

    fn dns_mean(&self) -> f64 {
        let lookups = &self.outcome.dns_lookups;
        f64::from(lookups.iter().sum::<u32>() + self.outcome.dns_shared)
            / lookups.len().max(1) as f64
    }

    fn line(&self) -> String {
        let lags = self.lags();
        format!(
            "| {} | {}/{} | {} | {} | {} | {:.1} | {} | {:.0} | {} |",
            self.design,
            lags.len(),
            self.outcome.published,
            minutes(percentile(&lags, 50.0)),
            minutes(percentile(&lags, 95.0)),
            minutes(lags.last().copied().unwrap_or_default()),
            self.ses_mean(),
            self.ses_max(),
            self.dns_mean(),
            self.outcome.dns_lookups.iter().max().copied().unwrap_or(0),
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark of minutes, not a test: make bench-cadence"]
async fn the_dns_driven_sweep_turns_green_no_later_and_asks_ses_less() {
    let count = usize::try_from(env_or("CADENCE_IDENTITIES", 1000)).unwrap_or(1000);
    let seed = env_or("CADENCE_SEED", 12);
    let plan = plan(count, seed);
    let started = std::time::Instant::now();
    let (today, driven) = tokio::join!(simulate(&plan, false, seed), simulate(&plan, true, seed));
    let rows = [
        Row {
            design: "today: SES on the follow-up steps",
            outcome: today,
        },
        Row {
            design: "DNS-driven sweep",
            outcome: driven,
        },
    ];
    println!(
        "\n{count} subdomains created over a day; sweep every {} min; SES detection delay {}-{} min; seed {seed}; {:.0} s\n",
        sim::PERIOD.num_minutes(),
        sim::DETECTION.0.num_minutes(),
        sim::DETECTION.1.num_minutes(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "| design | green / published | lag p50 | lag p95 | lag max | SES calls / subdomain (mean) | (max) | DNS lookups / subdomain (mean) | (max) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for row in &rows {
        println!("{}", row.line());
    }
    let [today, driven] = &rows;
    let (old, new) = (today.lags(), driven.lags());
    assert!(
        new.len() >= old.len(),
        "the DNS-driven sweep greens at least as many"
    );
    for p in [50.0, 95.0] {
        assert!(
            percentile(&new, p) <= percentile(&old, p),
            "p{p}: {} against {}",
            minutes(percentile(&new, p)),
            minutes(percentile(&old, p))
        );
    }
    assert!(
        driven.ses_mean() < today.ses_mean(),
        "fewer SES calls: {:.1} against {:.1}",
        driven.ses_mean(),
        today.ses_mean()
    );
    assert!(driven.dns_mean() > 0.0 && today.dns_mean() == 0.0);
}
