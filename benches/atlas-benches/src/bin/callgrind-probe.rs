//! Runs one measured operation `N` times after a fixed set-up, for instruction counts under
//! callgrind. `scripts/bench.sh` runs it with `N = 0` (set-up only) and with `N` > 0; the
//! difference divided by `N` is the cost of one operation, set-up excluded.
//!
//! Usage: `callgrind-probe MODE N` with MODE one of `<operation>-ours` / `<operation>-hand`
//! (`callgrind-probe --list` prints the operations). Client and server run on one thread
//! (a current-thread runtime), so a full call's count includes the loopback server's work,
//! the same for both sides. With `ATLAS_BENCH_SERVER=thread` the server runs on a thread of
//! its own instead, so that `valgrind --tool=callgrind --separate-threads=yes` counts the
//! client's thread alone.
//!
//! `callgrind-probe fleet-ours N` / `fleet-hand N`: `N` bearer `get_cluster` calls with 64 in
//! flight, each in a task of its own (as the `throughput` bench runs them at concurrency 64),
//! for the cost of a call when many share the client.

use atlas_benches::hand::Hand;
use atlas_benches::probe::{OPERATIONS, Setup};
use atlas_benches::{CLUSTER, GROUP, Scheme, get_cluster, pair};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Calls in flight in the `fleet-*` modes.
const IN_FLIGHT: usize = 64;

/// `calls` bearer `get_cluster` calls, `IN_FLIGHT` at a time, each task calling until none
/// are left.
async fn fleet(ours: bool, client: &atlas_endpoint::Client, hand: &Arc<Hand>, calls: usize) {
    let left = Arc::new(AtomicUsize::new(calls));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (left, client, hand) = (Arc::clone(&left), client.clone(), Arc::clone(hand));
        tasks.spawn(async move {
            while left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                if ours {
                    drop(get_cluster(&client, GROUP, CLUSTER).await.unwrap());
                } else {
                    drop(hand.get_cluster(GROUP, CLUSTER).await.unwrap());
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for (operation, what) in OPERATIONS {
            println!("{operation}\t{what}");
        }
        return;
    }
    let (Some(mode), Some(times)) = (
        args.first(),
        args.get(1).and_then(|text| text.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: callgrind-probe MODE N | --list");
        std::process::exit(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let own_thread = std::env::var_os("ATLAS_BENCH_SERVER").is_some_and(|value| value == "thread");
    runtime.block_on(async {
        let base = if own_thread {
            atlas_benches::server::spawn_thread()
        } else {
            atlas_benches::server::spawn_task().await
        };
        if let Some(side) = mode.strip_prefix("fleet-") {
            let ours = match side {
                "ours" => true,
                "hand" => false,
                _ => {
                    eprintln!("unknown mode {mode}");
                    std::process::exit(2);
                }
            };
            let (client, hand) = pair(&base, Scheme::Bearer).await;
            let hand = Arc::new(hand);
            // Open the connections of 64 calls in flight on both sides before counting.
            fleet(true, &client, &hand, 4 * IN_FLIGHT).await;
            fleet(false, &client, &hand, 4 * IN_FLIGHT).await;
            fleet(ours, &client, &hand, times).await;
            return;
        }
        let setup = Setup::new(&base).await;
        setup.warm(20).await;
        for _ in 0..times {
            if !setup.run(mode).await {
                eprintln!("unknown mode {mode}");
                std::process::exit(2);
            }
        }
    });
}
