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

use atlas_benches::probe::{OPERATIONS, Setup};

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
