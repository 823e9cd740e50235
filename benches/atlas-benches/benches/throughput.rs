//! Full calls per second, ours against hand-written, at concurrency 1, 16 and 64: `get_cluster`
//! with a bearer token against the loopback server, JSON decoded. The two sides alternate
//! within each round (which goes first alternates too) and the median round is reported, so
//! drift on a shared machine hits both alike; so is the median of the per-round ratios (each
//! pairs two runs next to each other in time) with their range, which says how stable the
//! comparison was. The client thread's CPU time per call (Linux `schedstat`) is compared the
//! same way: it shows the client's cost when other work on the machine skews the wall clock.
//!
//! Arguments (after `--`): `--rounds N` (default 11), `--seconds S` per side and round
//! (default 0.4), `--control`, `--pending-timer`. With `ATLAS_BENCH_OUT=DIR` the figures are
//! also written to `DIR/throughput.tsv` (`throughput-control.tsv` with `--control`, with
//! `-pending-timer` before `.tsv` with `--pending-timer`).
//!
//! `--control` measures the noise floor: the same rounds with a second hand-written client
//! (its own connection pool, the same code) in place of ours, so its ratios would all be 1.000
//! on a quiet machine; how far they stray is how far a ratio of ours can stray by chance.
//!
//! `--pending-timer` keeps one unrelated timer pending in the runtime for the whole run, as
//! most applications have (an interval, a reqwest timeout, any `sleep`). Ours holds a timer
//! per attempt (its timeouts) and the hand-written call none; a runtime with a pending timer
//! parks with a timeout, which costs something of its own. With the flag, both sides run
//! under the same runtime conditions.

use atlas_benches::hand::Hand;
use atlas_benches::{CLUSTER, GROUP, Scheme, get_cluster, pair, server};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
enum Side {
    /// Ours, or with `--control` a second hand-written client.
    Ours = 0,
    Hand = 1,
}

/// What stands on the `Ours` side.
enum Contender {
    Ours(atlas_endpoint::Client),
    Control(Arc<Hand>),
}

/// Nanoseconds the calling thread has spent on a CPU (Linux `schedstat`), if known.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Calls per second, and the client thread's CPU nanoseconds per call (0 when unknown).
async fn run(
    side: Side,
    contender: &Contender,
    hand: &Arc<Hand>,
    concurrency: usize,
    duration: Duration,
) -> (f64, f64) {
    let done = Arc::new(AtomicU64::new(0));
    let cpu = thread_cpu_ns();
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let done = Arc::clone(&done);
        let hand = Arc::clone(match (side, contender) {
            (Side::Ours, Contender::Control(second)) => second,
            _ => hand,
        });
        let client = match (side, contender) {
            (Side::Ours, Contender::Ours(client)) => Some(client.clone()),
            _ => None,
        };
        tasks.spawn(async move {
            while Instant::now() < deadline {
                match &client {
                    Some(client) => drop(get_cluster(client, GROUP, CLUSTER).await.unwrap()),
                    None => drop(hand.get_cluster(GROUP, CLUSTER).await.unwrap()),
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let calls = done.load(Ordering::Relaxed) as f64;
    let rate = calls / start.elapsed().as_secs_f64();
    let cpu = match (cpu, thread_cpu_ns()) {
        (Some(before), Some(after)) => after.saturating_sub(before) as f64 / calls.max(1.0),
        _ => 0.0,
    };
    (rate, cpu)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; other arguments are ours.
    let value = |name: &str| {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|index| args.get(index + 1))
            .and_then(|value| value.parse::<f64>().ok())
    };
    let rounds = value("--rounds")
        .map_or(11, |rounds| rounds as usize)
        .max(1);
    let seconds = Duration::from_secs_f64(value("--seconds").unwrap_or(0.4));

    let base = server::spawn_thread();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let control = args.iter().any(|arg| arg == "--control");
    let pending_timer = args.iter().any(|arg| arg == "--pending-timer");
    if pending_timer {
        // Polled, and so registered, by the next `block_on`, before anything is measured.
        runtime.spawn(async { tokio::time::sleep(Duration::from_secs(24 * 3600)).await });
    }
    let (client, hand) = runtime.block_on(pair(&base, Scheme::Bearer));
    let hand = Arc::new(hand);
    let (contender, first) = if control {
        let (_, second) = runtime.block_on(pair(&base, Scheme::Bearer));
        (Contender::Control(Arc::new(second)), "hand#2")
    } else {
        (Contender::Ours(client), "ours")
    };
    let mut rows = Vec::new();
    let timer_note = if pending_timer {
        ", one unrelated timer pending in the runtime"
    } else {
        ""
    };
    println!(
        "throughput: get_cluster, bearer, {rounds} rounds of {seconds:?} per side, {first} against hand{timer_note}"
    );
    for concurrency in [1usize, 16, 64] {
        // Open the connections for this concurrency on both sides before measuring.
        runtime.block_on(async {
            run(Side::Ours, &contender, &hand, concurrency, seconds / 4).await;
            run(Side::Hand, &contender, &hand, concurrency, seconds / 4).await;
        });
        let (mut ours, mut theirs, mut paired, mut cpu) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let order = if round % 2 == 0 {
                [Side::Ours, Side::Hand]
            } else {
                [Side::Hand, Side::Ours]
            };
            let mut rates = [(0.0, 0.0); 2];
            for side in order {
                rates[side as usize] =
                    runtime.block_on(run(side, &contender, &hand, concurrency, seconds));
            }
            let ((our_rate, our_cpu), (hand_rate, hand_cpu)) = (rates[0], rates[1]);
            ours.push(our_rate);
            theirs.push(hand_rate);
            paired.push(our_rate / hand_rate);
            cpu.push(our_cpu / hand_cpu);
        }
        let (ours, theirs) = (median(&mut ours), median(&mut theirs));
        let (ratio, cpu_ratio) = (median(&mut paired), median(&mut cpu));
        let range = |values: &[f64]| format!("{:.3}-{:.3}", values[0], values[values.len() - 1]);
        println!(
            "concurrency {concurrency:>2}: {first} {ours:>9.0} req/s ({:>7.0} ns/call)  hand {theirs:>9.0} req/s ({:>7.0} ns/call)  {first}/hand {:.3}",
            1e9 / ours,
            1e9 / theirs,
            ours / theirs
        );
        println!(
            "               per round: {first}/hand req/s median {ratio:.3} (range {}); client-thread CPU per call median {cpu_ratio:.3} (range {})",
            range(&paired),
            range(&cpu)
        );
        rows.push(format!(
            "{concurrency}\t{ours:.1}\t{theirs:.1}\t{ratio:.3}\t{cpu_ratio:.3}"
        ));
    }
    if let Some(dir) = std::env::var_os("ATLAS_BENCH_OUT") {
        let name = format!(
            "throughput{}{}.tsv",
            if control { "-control" } else { "" },
            if pending_timer { "-pending-timer" } else { "" }
        );
        let path = std::path::Path::new(&dir).join(name);
        let text = format!(
            "concurrency\tours_rps\thand_rps\tmedian_round_ratio\tmedian_round_cpu_ratio\n{}\n",
            rows.join("\n")
        );
        std::fs::write(&path, text).expect("write throughput.tsv");
    }
}
