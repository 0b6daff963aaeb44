//! What the paygen runtime costs per call, as ratios measured in one run against a loopback
//! server (so the network is as cheap as it gets and the runtime's share is as large as it gets).
//!
//! ```text
//! cargo bench --bench runtime               # report every ratio with its goal
//! cargo bench --bench runtime -- --check    # the same, exiting non-zero when a goal is missed
//! ```
//!
//! Each call measurement runs paygen and a bare reqwest client (same server, the same request
//! — paygen's headers included, so the server does the same work — parsing into
//! `serde_json::Value`) in alternating rounds, so drift on a shared machine hits both sides
//! alike, and checks each goal on the median of the rounds' own ratios (each paygen round over
//! the baseline round right after it); each side's median, the ratio of those medians and every
//! round's ratio, sorted, are printed beside it, so a run's spread shows with its figure. The
//! ratios are of the CPU time of the bench's one thread per call (client, server and timers all
//! run on it; other processes on a shared machine inflate wall-clock time far more), and the
//! wall-clock figures are printed beside them:
//!
//! 1. `get_order` (GET, typed answer) and `create_order` (validated POST, typed answer), one at
//!    a time and 16 in flight;
//! 2. the error path: `get_order` of an order the server answers 404 for;
//! 3. building a client (own connection pool, and sharing one through
//!    `Config::with_http_client`), the memory 100 clients add, and the process's peak RSS after
//!    2,000 calls;
//! 4. exact money: serialising and parsing `Amount` vs `f64`.
//!
//! `PAYGEN_BENCH_N` sets the calls per side per round (default 2,000), `PAYGEN_BENCH_ROUNDS`
//! the rounds (default 9), `PAYGEN_BENCH_ONLY` a comma-separated list of the measurements to
//! run (`get`, `create`, `get16`, `create16`, `error`, `clients`, `amount`; all by default: a
//! profiler run of one of them, say; `parts`, run only when named, times single pieces of a
//! call on their own: body clone, serialisation, validation, decode, request copy, URL, timer).
//! Figures and the machine's load go in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use paygen::pg::types;
use paygen::{Amount, Config, Credentials, Environment};

const ORDER: &str = r#"{"cf_order_id":"2149460581","order_id":"order_42","entity":"order","order_currency":"INR","order_amount":100.50,"order_status":"ACTIVE","payment_session_id":"session_a1VXIPJo8kh7IBigVXX8LgTMupQW","order_expiry_time":"2023-09-09T18:02:46+05:30","order_note":"Order created for payment","customer_details":{"customer_id":"7112AAA812234","customer_name":"John Doe","customer_email":"john@example.com","customer_phone":"9876543210"},"order_meta":{"return_url":"https://example.com/return","notify_url":"https://example.com/notify","payment_methods":"cc"},"order_tags":{"name":"John","age":"19"}}"#;

const NOT_FOUND: &str =
    r#"{"message":"order not found","code":"order_not_found","type":"invalid_request_error"}"#;

const IN_FLIGHT: usize = 16;

/// The baseline's request id: as long as the UUIDs paygen sends.
const REQUEST_ID: &str = "6f1c2a4e-8d3b-4f7a-9e21-0b5c7d9f3a18";

async fn serve() -> String {
    let order = |Path(id): Path<String>| async move {
        let status = if id == "missing" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        let body = if id == "missing" { NOT_FOUND } else { ORDER };
        (status, [("content-type", "application/json")], body)
    };
    let created = || async { ([("content-type", "application/json")], ORDER) };
    let app = Router::new()
        .route("/pg/orders/{id}", get(order))
        .route("/pg/orders", post(created));
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

fn config(base_url: &str) -> Config {
    Config::new(
        Environment::custom(base_url.to_string()),
        Credentials::merchant("bench_app", "bench_secret"),
    )
}

/// What one call cost: the wall-clock time, and the CPU time of the bench's one thread (the
/// client, the server and the runtime's timers all run on it), which other processes on a
/// shared machine inflate far less.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    cpu: Duration,
    wall: Duration,
}

/// The CPU time this thread has run, to the nanosecond (`CLOCK_THREAD_CPUTIME_ID`, which
/// counts the running slice too; `/proc/thread-self/schedstat` moves only in 4 ms ticks here);
/// `None` where the clock is not available.
#[cfg(unix)]
fn thread_cpu() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes one `timespec` through the pointer, which points at a
    // live, writable `timespec` for the whole call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if rc != 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(now.tv_sec).ok()?,
        u32::try_from(now.tv_nsec).ok()?,
    ))
}

/// No thread CPU clock off Unix: the bench reports wall-clock time for both figures.
#[cfg(not(unix))]
fn thread_cpu() -> Option<Duration> {
    None
}

/// Runs `f` (which makes `per` calls) until `n` calls are made and returns the cost per call
/// (wall clock for both figures off Linux).
async fn time<F, Fut>(n: usize, per: usize, mut f: F) -> Cost
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runs = (n / per).max(1);
    let cpu = thread_cpu();
    let start = Instant::now();
    for _ in 0..runs {
        f().await;
    }
    let wall = start.elapsed();
    let calls = (runs * per) as u32;
    let cpu = match (cpu, thread_cpu()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => wall,
    };
    Cost {
        cpu: cpu / calls,
        wall: wall / calls,
    }
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

fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// The medians of the rounds' CPU and wall-clock costs, taken separately.
fn medians(v: &[Cost]) -> Cost {
    Cost {
        cpu: median(v.iter().map(|c| c.cpu).collect()),
        wall: median(v.iter().map(|c| c.wall).collect()),
    }
}

/// One goal's outcome, printed as it is measured and kept for the summary.
struct Report {
    missed: Vec<String>,
}

impl Report {
    fn ratio(&mut self, name: &str, ours: Duration, base: Duration, goal: f64) {
        let ratio = ours.as_secs_f64() / base.as_secs_f64();
        self.verdict(name, ours, base, ratio, goal);
    }

    /// Prints one goal's line (the two sides' figures and the ratio the goal is checked on)
    /// and keeps a miss for the summary.
    fn verdict(&mut self, name: &str, ours: Duration, base: Duration, ratio: f64, goal: f64) {
        let ok = ratio <= goal;
        println!(
            "{name:<44} paygen {:>9.3} µs   baseline {:>9.3} µs   ratio {ratio:>5.2}x   goal <= {goal}x   {}",
            ours.as_secs_f64() * 1e6,
            base.as_secs_f64() * 1e6,
            if ok { "ok" } else { "MISSED" }
        );
        if !ok {
            self.missed.push(name.to_string());
        }
    }

    /// A call measurement. The goal is checked on the median of the rounds' own CPU-time
    /// ratios (each paygen round over the baseline round run right after it): a machine whose
    /// speed shifts between rounds shifts both rounds of a pair, while the two sides' separate
    /// medians can each fall on a different side of a shift. The separate medians (the
    /// figures printed), their ratio, every round's ratio and the wall-clock figures are
    /// printed beside it.
    fn call(&mut self, name: &str, rounds: Rounds, goal: f64) {
        let (ours, base) = (medians(&rounds.ours), medians(&rounds.base));
        let mut paired: Vec<f64> = rounds
            .ours
            .iter()
            .zip(&rounds.base)
            .map(|(o, b)| o.cpu.as_secs_f64() / b.cpu.as_secs_f64())
            .collect();
        paired.sort_by(f64::total_cmp);
        self.verdict(name, ours.cpu, base.cpu, paired[paired.len() / 2], goal);
        println!(
            "{:<44}   medians' ratio {:.2}x; rounds' ratios {}",
            "",
            ours.cpu.as_secs_f64() / base.cpu.as_secs_f64(),
            paired
                .iter()
                .map(|r| format!("{r:.2}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        println!(
            "{:<44}   wall {:>9.3} µs            {:>9.3} µs   ratio {:>5.2}x",
            "",
            ours.wall.as_secs_f64() * 1e6,
            base.wall.as_secs_f64() * 1e6,
            ours.wall.as_secs_f64() / base.wall.as_secs_f64()
        );
    }

    fn at_most(&mut self, name: &str, value: f64, unit: &str, goal: f64) {
        let ok = value <= goal;
        println!(
            "{name:<44} {value:>12.3} {unit:<4} goal <= {goal} {unit}   {}",
            if ok { "ok" } else { "MISSED" }
        );
        if !ok {
            self.missed.push(name.to_string());
        }
    }
}

/// A field of `/proc/self/status` in kB (`VmRSS`, `VmHWM`); `None` off Linux.
fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Each side's cost in every round of one interleaved measurement, in order.
struct Rounds {
    ours: Vec<Cost>,
    base: Vec<Cost>,
}

/// Alternates `ours` and `base` for `rounds` rounds and returns every round of both.
macro_rules! interleaved {
    ($rounds:expr, $ours:expr, $base:expr) => {{
        let mut ours = Vec::new();
        let mut base = Vec::new();
        for _ in 0..$rounds {
            ours.push($ours.await);
            base.push($base.await);
        }
        Rounds { ours, base }
    }};
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let n = env("PAYGEN_BENCH_N", 2000);
    // Nine rounds: the median of nine paired ratios moves far less with the host than of five.
    let rounds = env("PAYGEN_BENCH_ROUNDS", 9);
    let only = std::env::var("PAYGEN_BENCH_ONLY").unwrap_or_default();
    let run = |name: &str| only.is_empty() || only.split(',').any(|o| o.trim() == name);
    // The bare reqwest clients need a process-wide TLS provider (paygen's own clients carry
    // theirs).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let base_url = serve().await;
    let mut report = Report { missed: Vec::new() };

    let client = paygen::pg::Client::from_config(config(&base_url)).unwrap();
    let raw = reqwest::Client::new();
    let get_url = format!("{base_url}/orders/order_42");
    let missing_url = format!("{base_url}/orders/missing");
    let post_url = format!("{base_url}/orders");
    let body = order_body();
    let body_bytes = bytes::Bytes::from(serde_json::to_vec(&body).unwrap());

    let ours_get = || async {
        black_box(
            client
                .get_order()
                .order_id("order_42")
                .send()
                .await
                .unwrap(),
        );
    };
    // The baseline sends the request paygen sends (its headers too: the server's work is part
    // of each measured call), with a request id written out rather than generated.
    let agent = format!("paygen-rust/{}", env!("CARGO_PKG_VERSION"));
    let base_get = |url: &str| {
        let request = raw
            .get(url)
            .header("accept", "application/json")
            .header("user-agent", &agent)
            .header("x-request-id", REQUEST_ID)
            .header("x-client-id", "bench_app")
            .header("x-client-secret", "bench_secret")
            .header("x-api-version", "2025-01-01");
        async move {
            let r = request.send().await.unwrap();
            black_box(r.json::<serde_json::Value>().await.unwrap());
        }
    };
    let ours_create = || async {
        black_box(
            client
                .create_order()
                .body(body.clone())
                .send()
                .await
                .unwrap(),
        );
    };
    let base_create = || {
        let request = raw
            .post(&post_url)
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .header("user-agent", &agent)
            .header("x-request-id", REQUEST_ID)
            .header("x-client-id", "bench_app")
            .header("x-client-secret", "bench_secret")
            .header("x-api-version", "2025-01-01")
            .body(body_bytes.clone());
        async move {
            let r = request.send().await.unwrap();
            black_box(r.json::<serde_json::Value>().await.unwrap());
        }
    };

    // Peak memory first, before the other measurements grow the process: 2,000 calls.
    for _ in 0..1000 {
        ours_create().await;
        ours_get().await;
    }
    if let Some(peak) = proc_status_kb("VmHWM") {
        report.at_most(
            "peak RSS after 2,000 calls (whole process)",
            peak as f64 / 1024.0,
            "MB",
            10.0,
        );
    }

    if run("get") {
        let rounds = interleaved!(
            rounds,
            time(n, 1, ours_get),
            time(n, 1, || base_get(&get_url))
        );
        report.call("get_order (GET, typed answer)", rounds, 1.05);
    }

    if run("create") {
        let rounds = interleaved!(rounds, time(n, 1, ours_create), time(n, 1, base_create));
        report.call("create_order (POST, validated, typed)", rounds, 1.10);
    }

    if run("get16") {
        let rounds = interleaved!(
            rounds,
            time(n, IN_FLIGHT, || async {
                futures::future::join_all((0..IN_FLIGHT).map(|_| ours_get())).await;
            }),
            time(n, IN_FLIGHT, || async {
                futures::future::join_all((0..IN_FLIGHT).map(|_| base_get(&get_url))).await;
            })
        );
        report.call("get_order, 16 in flight", rounds, 1.05);
    }

    if run("create16") {
        let rounds = interleaved!(
            rounds,
            time(n, IN_FLIGHT, || async {
                futures::future::join_all((0..IN_FLIGHT).map(|_| ours_create())).await;
            }),
            time(n, IN_FLIGHT, || async {
                futures::future::join_all((0..IN_FLIGHT).map(|_| base_create())).await;
            })
        );
        report.call("create_order, 16 in flight", rounds, 1.10);
    }

    if run("error") {
        let rounds = interleaved!(
            rounds,
            time(n, 1, || async {
                let e = client.get_order().order_id("missing").send().await;
                black_box(e.unwrap_err());
            }),
            time(n, 1, || base_get(&missing_url))
        );
        report.call("error path (404, typed error)", rounds, 1.15);
    }

    if run("clients") {
        // Many merchants in one process.
        let builds = 200u32;
        let start = Instant::now();
        for _ in 0..builds {
            black_box(paygen::pg::Client::from_config(config(&base_url)).unwrap());
        }
        let own = start.elapsed() / builds;
        report.at_most(
            "build a client (own connection pool)",
            own.as_secs_f64() * 1e3,
            "ms",
            0.1,
        );
        let shared = reqwest::Client::new();
        let start = Instant::now();
        for _ in 0..builds {
            black_box(
                paygen::pg::Client::from_config(config(&base_url).with_http_client(shared.clone()))
                    .unwrap(),
            );
        }
        let pooled = start.elapsed() / builds;
        report.at_most(
            "build a client (shared connection pool)",
            pooled.as_secs_f64() * 1e3,
            "ms",
            0.1,
        );
        if let Some(before) = proc_status_kb("VmRSS") {
            let clients: Vec<_> = (0..100)
                .map(|i| {
                    paygen::pg::Client::from_config(Config::new(
                        Environment::custom(base_url.clone()),
                        Credentials::merchant(format!("merchant_{i}"), format!("secret_{i}")),
                    ))
                    .unwrap()
                })
                .collect();
            let after = proc_status_kb("VmRSS").unwrap_or(before);
            report.at_most(
                "memory 100 clients add (own pools)",
                after.saturating_sub(before) as f64 / 1024.0,
                "MB",
                2.0,
            );
            drop(black_box(clients));
        }
    }

    if only.split(',').any(|o| o.trim() == "parts") {
        // What single pieces of a call cost on their own (not a goal; run only when named).
        let m = (n * 20) as u32;
        let ns = |d: Duration| d.as_secs_f64() * 1e9;
        let schema = client
            .runtime()
            .family()
            .operation("create_order")
            .and_then(|o| o.request_schema)
            .unwrap();
        let part = |name: &str, d: Duration| println!("part {name:<40} {:>8.1} ns", ns(d));
        println!(
            "size get_order future {} B, create_order future {} B, create builder {} B, body {} B",
            std::mem::size_of_val(&client.get_order().order_id("x").send()),
            std::mem::size_of_val(&client.create_order().body(body.clone()).send()),
            std::mem::size_of_val(&client.create_order().body(body.clone())),
            std::mem::size_of_val(&body),
        );
        part("body clone", time_sync(m, || drop(black_box(body.clone()))));
        part(
            "body builder round trip",
            time_sync(m, || {
                let b = types::builder::CreateOrderRequest::from(black_box(body.clone()));
                black_box(types::CreateOrderRequest::try_from(b).unwrap());
            }),
        );
        part(
            "body serialise",
            time_sync(m, || {
                drop(black_box(serde_json::to_vec(black_box(&body)).unwrap()))
            }),
        );
        part(
            "body validate",
            time_sync(m, || {
                black_box(paygen::runtime::validate::validate_body(
                    schema,
                    black_box(&body_bytes),
                ))
                .unwrap()
            }),
        );
        part(
            "body validate typed",
            time_sync(m, || {
                black_box(paygen::runtime::validate::validate_typed(
                    schema,
                    black_box(&body),
                ))
                .unwrap()
                .unwrap()
            }),
        );
        part(
            "order decode typed (from_slice)",
            time_sync(m, || {
                drop(black_box(
                    serde_json::from_slice::<types::OrderEntity>(black_box(ORDER.as_bytes()))
                        .unwrap(),
                ))
            }),
        );
        part(
            "order decode typed (utf8 + from_str)",
            time_sync(m, || {
                let t = std::str::from_utf8(black_box(ORDER.as_bytes())).unwrap();
                drop(black_box(
                    serde_json::from_str::<types::OrderEntity>(t).unwrap(),
                ))
            }),
        );
        part(
            "order decode Value (from_slice)",
            time_sync(m, || {
                drop(black_box(
                    serde_json::from_slice::<serde_json::Value>(black_box(ORDER.as_bytes()))
                        .unwrap(),
                ))
            }),
        );
        let url = client.runtime().url(&base_url, "/orders").unwrap();
        let request = raw
            .post(url.clone())
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .header("user-agent", &agent)
            .header("x-request-id", REQUEST_ID)
            .header("x-client-id", "bench_app")
            .header("x-client-secret", "bench_secret")
            .header("x-api-version", "2025-01-01")
            .body(body_bytes.clone())
            .build()
            .unwrap();
        part(
            "request try_clone",
            time_sync(m, || drop(black_box(request.try_clone()))),
        );
        part(
            "url",
            time_sync(m, || {
                drop(black_box(
                    client.runtime().url(&base_url, "/orders/order_42").unwrap(),
                ))
            }),
        );
        part(
            "url parse (baseline)",
            time_sync(m, || {
                drop(black_box(reqwest::Url::parse(black_box(&get_url)).unwrap()))
            }),
        );
        part(
            "timer: boxed sleep, polled once",
            time_sync(m, || {
                use futures::FutureExt;
                let mut s = Box::pin(tokio::time::sleep(Duration::from_secs(60)));
                black_box(s.as_mut().now_or_never());
            }),
        );
    }

    if run("amount") {
        let m = (n * 50) as u32;
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
        report.ratio("Amount JSON round trip vs f64", ours, base, 10.0);
    }

    if report.missed.is_empty() {
        println!("every goal met");
    } else {
        println!("goals missed: {}", report.missed.join(", "));
        if check {
            std::process::exit(1);
        }
    }
}
