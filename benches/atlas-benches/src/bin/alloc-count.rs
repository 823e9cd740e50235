//! Heap allocations per operation, ours against hand-written, counted by a global allocator
//! on the calling thread only, and the size of each side's call future (the loopback server runs on a thread of its own and is not
//! counted). Usage: `alloc-count [N]` (default 2000 calls per operation and side). With
//! `ATLAS_BENCH_OUT=DIR` the figures are also written to `DIR/allocations.tsv`.

use atlas_benches::probe::{OPERATIONS, Setup};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static REALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn counting() -> bool {
    COUNTING.try_with(Cell::get).unwrap_or(false)
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if counting() {
            REALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(
                new_size.saturating_sub(layout.size()) as u64,
                Ordering::Relaxed,
            );
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let times: u64 = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(2000);
    let base = atlas_benches::server::spawn_thread();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut rows = Vec::new();
    println!("heap allocations per call (calling thread), {times} calls each");
    println!(
        "{:<12} {:>12} {:>12} {:>12} {:>12}",
        "operation", "ours allocs", "hand allocs", "ours bytes", "hand bytes"
    );
    runtime.block_on(async {
        let setup = Setup::new(&base).await;
        setup.warm(50).await;
        for (operation, ours, hand) in setup.future_sizes() {
            println!("call future size, {operation}: ours {ours} bytes, hand {hand} bytes");
        }
        for (operation, _) in OPERATIONS {
            let mut figures = Vec::new();
            for side in ["ours", "hand"] {
                let mode = format!("{operation}-{side}");
                ALLOCATIONS.store(0, Ordering::Relaxed);
                REALLOCATIONS.store(0, Ordering::Relaxed);
                BYTES.store(0, Ordering::Relaxed);
                COUNTING.with(|flag| flag.set(true));
                for _ in 0..times {
                    setup.run(&mode).await;
                }
                COUNTING.with(|flag| flag.set(false));
                let per =
                    |counter: &AtomicU64| counter.load(Ordering::Relaxed) as f64 / times as f64;
                figures.push((per(&ALLOCATIONS) + per(&REALLOCATIONS), per(&BYTES)));
            }
            println!(
                "{operation:<12} {:>12.1} {:>12.1} {:>12.0} {:>12.0}",
                figures[0].0, figures[1].0, figures[0].1, figures[1].1
            );
            rows.push(format!(
                "{operation}\t{:.2}\t{:.2}\t{:.0}\t{:.0}",
                figures[0].0, figures[1].0, figures[0].1, figures[1].1
            ));
        }
    });
    println!("(allocs = alloc + realloc calls; bytes = bytes requested)");
    if let Some(dir) = std::env::var_os("ATLAS_BENCH_OUT") {
        let path = std::path::Path::new(&dir).join("allocations.tsv");
        let text = format!(
            "operation\tours_allocs\thand_allocs\tours_bytes\thand_bytes\n{}\n",
            rows.join("\n")
        );
        std::fs::write(&path, text).expect("write allocations.tsv");
    }
}
