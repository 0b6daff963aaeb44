//! What `paygen::mock` sustains and how fast it starts.
//!
//! ```text
//! cargo bench --bench mock
//! ```
//!
//! 1. Throughput: `POST /pg/orders` (create_order: auth, validation against the spec, state,
//!    request log) from 16 keep-alive connections for `PAYGEN_BENCH_SECS` seconds (5 unless
//!    set), load generator in the same process (so on a 2-core machine it shares the cores
//!    with the server). Goal: at least 20,000 requests/s.
//! 2. Start-up: `MockServer::start()` until it accepts connections, median of 50 starts.
//!    Goal: under 50 ms.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use paygen::mock::auth::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use paygen::mock::MockServer;

const BODY: &str = r#"{"order_amount":100.50,"order_currency":"INR","customer_details":{"customer_id":"bench_customer","customer_phone":"9999999999"}}"#;
const CONNECTIONS: usize = 16;

async fn throughput(secs: u64) -> (f64, u64, u64) {
    let mock = MockServer::start().await.expect("the mock starts");
    let url = format!("{}/pg/orders", mock.url());
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        // One client per connection: each keeps exactly one connection alive.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .expect("a client");
        let (url, ok, failed, stop) = (url.clone(), ok.clone(), failed.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-client-id", DEFAULT_CLIENT_ID)
                    .header("x-client-secret", DEFAULT_CLIENT_SECRET)
                    .header("x-api-version", "2025-01-01")
                    .body(BODY)
                    .send()
                    .await;
                match answer {
                    Ok(a) if a.status() == 200 => {
                        let _ = a.bytes().await;
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    // Warm up one second, then count.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let start_ok = ok.load(Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let done = ok.load(Ordering::Relaxed) - start_ok;
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    (done as f64 / elapsed, done, failed.load(Ordering::Relaxed))
}

async fn startup() -> Duration {
    let mut times = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let mock = MockServer::start().await.expect("the mock starts");
        let _probe = tokio::net::TcpStream::connect(mock.url().trim_start_matches("http://"))
            .await
            .expect("it accepts connections");
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let secs = std::env::var("PAYGEN_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let start = startup().await;
        let (rate, done, failed) = throughput(secs).await;
        let verdict = |ok: bool| if ok { "ok" } else { "BELOW GOAL" };
        println!(
            "create_order, {CONNECTIONS} connections, {secs} s: {rate:.0} requests/s ({done} answered 200, {failed} failed): {}",
            verdict(rate >= 20_000.0)
        );
        println!(
            "start-up (median of 50): {:.2} ms: {}",
            start.as_secs_f64() * 1000.0,
            verdict(start < Duration::from_millis(50))
        );
    });
}
