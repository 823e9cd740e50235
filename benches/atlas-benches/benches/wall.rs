//! Wall clock, ours against hand-written, in one run (criterion):
//!
//! - `prepare/*`: building the request without sending it, both sides up to a complete
//!   `reqwest::Request` with its headers and body (`name::request(&client, …)` then
//!   `Request::into_reqwest`, against a `format!` URL + `reqwest::RequestBuilder::build`);
//! - `call/*`: a full call at concurrency 1 over a keep-alive connection to the loopback
//!   server (a task on the same thread, so the figure is CPU work, not wake-up latency), JSON
//!   decoded, with a bearer token, a cached service-account token, and Digest
//!   after the first challenge.
//!
//! Short settings by default (`scripts/bench.sh`); pass criterion's own flags to change them.

use atlas_benches::{
    CLUSTER, GROUP, Scheme, create_database_user, get_cluster, list_database_users, new_user, pair,
    server,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn prepare(c: &mut Criterion) {
    let base = "http://127.0.0.1:9";
    let client = atlas_benches::ours(base, Scheme::Bearer.credentials());
    let hand = atlas_benches::hand::Hand::bearer(base, atlas_benches::TOKEN);
    let user = new_user();

    let mut group = c.benchmark_group("prepare/get_cluster");
    group.bench_function("ours", |b| {
        b.iter(|| {
            get_cluster::request(black_box(&client), black_box(GROUP), black_box(CLUSTER))
                .map(atlas_endpoint::Request::into_reqwest)
        })
    });
    group.bench_function("hand", |b| {
        b.iter(|| {
            hand.get_cluster_request(black_box(GROUP), black_box(CLUSTER))
                .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("prepare/create_database_user");
    group.bench_function("ours", |b| {
        b.iter(|| {
            create_database_user::request(black_box(&client), black_box(GROUP), &user)
                .map(atlas_endpoint::Request::into_reqwest)
        })
    });
    group.bench_function("hand", |b| {
        b.iter(|| {
            hand.create_database_user_request(black_box(GROUP), &user)
                .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("prepare/list_database_users");
    group.bench_function("ours", |b| {
        b.iter(|| {
            list_database_users::request(
                black_box(&client),
                black_box(GROUP),
                black_box(Some(100)),
                black_box(Some(2)),
            )
            .map(atlas_endpoint::Request::into_reqwest)
        })
    });
    group.bench_function("hand", |b| {
        b.iter(|| {
            hand.list_database_users_request(black_box(GROUP), black_box(100), black_box(2))
                .unwrap()
        })
    });
    group.finish();
}

fn calls(c: &mut Criterion) {
    // Client and server share one current-thread runtime: a call costs its CPU work only,
    // without the cross-core wake-ups that dominate (and add noise to) loopback latency on a
    // shared 2-core machine. The server's share is the same for both sides. The latency with
    // the server on its own thread is in the `throughput` bench (concurrency 1).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let base = runtime.block_on(server::spawn_task());
    let user = new_user();
    for scheme in [Scheme::Bearer, Scheme::ServiceAccount, Scheme::Digest] {
        let (client, hand) = runtime.block_on(pair(&base, scheme));
        let mut group = c.benchmark_group(format!("call/{}_get_cluster", scheme.name()));
        group.bench_function("ours", |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(get_cluster(&client, GROUP, CLUSTER).await.unwrap());
                    }
                    start.elapsed()
                })
            })
        });
        group.bench_function("hand", |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(hand.get_cluster(GROUP, CLUSTER).await.unwrap());
                    }
                    start.elapsed()
                })
            })
        });
        group.finish();
        if scheme != Scheme::Bearer {
            continue;
        }
        let mut group = c.benchmark_group("call/bearer_create_database_user");
        group.bench_function("ours", |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(create_database_user(&client, GROUP, &user).await.unwrap());
                    }
                    start.elapsed()
                })
            })
        });
        group.bench_function("hand", |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(hand.create_database_user(GROUP, &user).await.unwrap());
                    }
                    start.elapsed()
                })
            })
        });
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .noise_threshold(0.03)
        .configure_from_args()
}

criterion_group! {
    name = benches;
    config = config();
    targets = prepare, calls
}
criterion_main!(benches);
