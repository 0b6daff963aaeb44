//! How many webhooks `paygen::mock` delivers per second.
//!
//! ```text
//! cargo bench --bench mock_webhooks
//! ```
//!
//! `PAYGEN_BENCH_ORDERS` orders (2,000 unless set) are created and paid with the sandbox UPI id
//! `testsuccess@gocash` from 16 keep-alive connections; each payment publishes a
//! `PAYMENT_SUCCESS_WEBHOOK`, which the mock builds, signs and POSTs to one local receiver
//! (axum, answering 200). Measured: from the first create to the last delivery logged, the
//! deliveries per second, and the median and 99th-percentile attempt latency from the delivery
//! log. Receiver, load generator and mock share the machine's cores.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::Router;
use paygen::mock::auth::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use paygen::mock::webhooks::Outcome;
use paygen::mock::MockServer;

const CONNECTIONS: usize = 16;

async fn receiver(received: Arc<AtomicU64>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a receiver port");
    let url = format!(
        "http://{}/hook",
        listener.local_addr().expect("its address")
    );
    let app = Router::new().route(
        "/hook",
        post(move || {
            let received = received.clone();
            async move {
                received.fetch_add(1, Ordering::Relaxed);
                "OK"
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

async fn pay_one(client: &reqwest::Client, origin: &str, n: u64) -> bool {
    let created = client
        .post(format!("{origin}/pg/orders"))
        .header("content-type", "application/json")
        .header("x-client-id", DEFAULT_CLIENT_ID)
        .header("x-client-secret", DEFAULT_CLIENT_SECRET)
        .header("x-api-version", "2025-01-01")
        .body(format!(
            r#"{{"order_id":"bench_{n}","order_amount":100.50,"order_currency":"INR","customer_details":{{"customer_id":"bench","customer_phone":"9999999999"}}}}"#
        ))
        .send()
        .await;
    let Ok(created) = created else { return false };
    let Ok(order) = created.json::<serde_json::Value>().await else {
        return false;
    };
    let Some(session) = order["payment_session_id"].as_str() else {
        return false;
    };
    let paid = client
        .post(format!("{origin}/pg/orders/sessions"))
        .header("content-type", "application/json")
        .header("x-api-version", "2025-01-01")
        .body(format!(
            r#"{{"payment_session_id":"{session}","payment_method":{{"upi":{{"channel":"collect","upi_id":"testsuccess@gocash"}}}}}}"#
        ))
        .send()
        .await;
    matches!(paid, Ok(p) if p.status() == 200)
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let orders: u64 = std::env::var("PAYGEN_BENCH_ORDERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mock = MockServer::start().await.expect("the mock starts");
        let received = Arc::new(AtomicU64::new(0));
        mock.forward_webhooks_to(receiver(received.clone()).await)
            .expect("a receiver URL");
        let origin = mock.url().to_string();
        let next = Arc::new(AtomicU64::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..CONNECTIONS {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .expect("a client");
            let (origin, next) = (origin.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                let mut failed = 0u64;
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= orders {
                        return failed;
                    }
                    if !pay_one(&client, &origin, n).await {
                        failed += 1;
                    }
                }
            }));
        }
        let mut failed = 0;
        for t in tasks {
            failed += t.await.unwrap_or(0);
        }
        let paid = orders - failed;
        let log = mock
            .webhooks()
            .wait_until(Duration::from_secs(120), |l| {
                l.iter().filter(|d| d.outcome == Outcome::Delivered).count() as u64 >= paid
            })
            .await;
        let elapsed = started.elapsed().as_secs_f64();
        let mut latencies: Vec<u64> = log
            .iter()
            .filter(|d| d.outcome == Outcome::Delivered)
            .map(|d| d.latency_ms)
            .collect();
        latencies.sort_unstable();
        let delivered = latencies.len();
        let at = |q: f64| {
            latencies
                .get(((delivered as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or(0)
        };
        println!(
            "webhook delivery, {orders} paid orders from {CONNECTIONS} connections: {delivered} delivered \
             ({} received, {failed} payments failed) in {elapsed:.2} s = {:.0} deliveries/s; attempt latency p50 {} ms, p99 {} ms",
            received.load(Ordering::Relaxed),
            delivered as f64 / elapsed,
            at(0.5),
            at(0.99)
        );
    });
}
