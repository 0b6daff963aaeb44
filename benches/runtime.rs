//! What the paygen runtime costs per call, as ratios measured in one run against a loopback
//! server (so the network is as cheap as it gets and the runtime's share is as large as it gets).
//!
//! ```text
//! cargo bench --bench runtime
//! ```
//!
//! 1. `get_order` through paygen vs the same GET with a bare reqwest client (same pool, same
//!    headers): the runtime's per-call cost (request id, version header, auth, tracing, parsing
//!    into typed values vs into `serde_json::Value`).
//! 2. `create_order` through paygen (which also validates the body against the spec) vs a bare
//!    reqwest POST of the same bytes.
//! 3. Exact money: serialising and parsing `Amount` vs `f64` for a realistic amount.
//!
//! Targets (checked here, recorded in BENCHMARKS.md): 1 and 2 within 1.6x of bare reqwest on
//! loopback; 3 within 10x of f64 (a few hundred nanoseconds, nothing next to a network call).

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::routing::{get, post};
use axum::Router;
use paygen::pg::types;
use paygen::{Amount, Config, Credentials, Environment};

const ORDER: &str = r#"{"cf_order_id":"2149460581","order_id":"order_42","entity":"order","order_currency":"INR","order_amount":100.50,"order_status":"ACTIVE","payment_session_id":"session_a1VXIPJo8kh7IBigVXX8LgTMupQW","order_expiry_time":"2023-09-09T18:02:46+05:30","order_note":"Order created for payment","customer_details":{"customer_id":"7112AAA812234","customer_name":"John Doe","customer_email":"john@example.com","customer_phone":"9876543210"},"order_meta":{"return_url":"https://example.com/return","notify_url":"https://example.com/notify","payment_methods":"cc"},"order_tags":{"name":"John","age":"19"}}"#;

async fn serve() -> String {
    let json = || async { ([("content-type", "application/json")], ORDER) };
    let app = Router::new()
        .route("/pg/orders/{id}", get(json))
        .route("/pg/orders", post(json));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/pg")
}

fn order_body() -> types::CreateOrderRequest {
    types::CreateOrderRequest::builder()
        .order_id(Some("order_42".to_string()))
        .order_amount("100.50".parse::<Amount>().unwrap())
        .order_currency("INR")
        .customer_details(
            types::CustomerDetails::builder()
                .customer_id("7112AAA812234")
                .customer_phone("9898989898"),
        )
        .try_into()
        .unwrap()
}

/// Runs `f` `n` times after a warm-up and returns the mean time per run.
async fn time<F, Fut>(n: u32, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..n / 10 {
        f().await;
    }
    let start = Instant::now();
    for _ in 0..n {
        f().await;
    }
    start.elapsed() / n
}

fn time_sync(n: u32, mut f: impl FnMut()) -> Duration {
    for _ in 0..n / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed() / n
}

fn report(name: &str, ours: Duration, base: Duration, target: f64) -> bool {
    let ratio = ours.as_secs_f64() / base.as_secs_f64();
    let ok = ratio <= target;
    println!(
        "{name:<44} paygen {:>9.3} µs   baseline {:>9.3} µs   ratio {ratio:>5.2}x   target <= {target}x   {}",
        ours.as_secs_f64() * 1e6,
        base.as_secs_f64() * 1e6,
        if ok { "ok" } else { "MISSED" }
    );
    ok
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: u32 = std::env::var("PAYGEN_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let base_url = serve().await;
    let client = paygen::pg::Client::from_config(Config::new(
        Environment::custom(base_url.clone()),
        Credentials::merchant("bench_app", "bench_secret"),
    ))
    .unwrap();
    let raw = reqwest::Client::new();
    let get_url = format!("{base_url}/orders/order_42");
    let post_url = format!("{base_url}/orders");
    let body = order_body();
    let body_bytes = serde_json::to_vec(&body).unwrap();

    let mut all_ok = true;
    // Interleave the two sides twice so drift on a shared machine hits both alike.
    let mut ours = Duration::ZERO;
    let mut base = Duration::ZERO;
    for _ in 0..2 {
        ours += time(n, || async {
            black_box(
                client
                    .get_order()
                    .order_id("order_42")
                    .send()
                    .await
                    .unwrap(),
            );
        })
        .await;
        base += time(n, || async {
            let r = raw
                .get(&get_url)
                .header("x-client-id", "bench_app")
                .header("x-client-secret", "bench_secret")
                .header("x-api-version", "2025-01-01")
                .send()
                .await
                .unwrap();
            black_box(r.json::<serde_json::Value>().await.unwrap());
        })
        .await;
    }
    all_ok &= report("get_order (GET, typed answer)", ours, base, 1.6);

    let mut ours = Duration::ZERO;
    let mut base = Duration::ZERO;
    for _ in 0..2 {
        ours += time(n, || async {
            black_box(
                client
                    .create_order()
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap(),
            );
        })
        .await;
        base += time(n, || async {
            let r = raw
                .post(&post_url)
                .header("content-type", "application/json")
                .header("x-client-id", "bench_app")
                .header("x-client-secret", "bench_secret")
                .header("x-api-version", "2025-01-01")
                .body(body_bytes.clone())
                .send()
                .await
                .unwrap();
            black_box(r.json::<serde_json::Value>().await.unwrap());
        })
        .await;
    }
    all_ok &= report("create_order (POST, validated body)", ours, base, 1.6);

    let m = n * 50;
    let amount: Amount = "12345.67".parse().unwrap();
    let ours = time_sync(m, || {
        let text = serde_json::to_string(black_box(&amount)).unwrap();
        black_box(serde_json::from_str::<Amount>(&text).unwrap());
    });
    let float = 12345.67f64;
    let base = time_sync(m, || {
        let text = serde_json::to_string(black_box(&float)).unwrap();
        black_box(serde_json::from_str::<f64>(&text).unwrap());
    });
    all_ok &= report("Amount JSON round trip vs f64", ours, base, 10.0);

    if !all_ok {
        println!("some targets were missed (see above)");
    }
}
