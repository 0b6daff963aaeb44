//! What receiving a webhook costs, as medians of interleaved rounds in one process.
//!
//! ```text
//! cargo bench --bench webhooks              # report
//! cargo bench --bench webhooks -- --check   # and exit non-zero when a goal is missed
//! perf record target/release/deps/webhooks-* --profile-parse   # only the parse, ~5 s
//! PAYGEN_PROFILE_ITERS=10000 valgrind --tool=callgrind target/release/deps/webhooks-* --profile-parse
//! PAYGEN_PROFILE_SAMPLE=dispute.created.2025-01-01.json …   # another fixture's parse
//! ```
//!
//! The body is the documented `PAYMENT_SUCCESS_WEBHOOK` (payload version 2023-08-01, from
//! `src/webhooks/samples`) without its insignificant whitespace: 1.1 KB, as Cashfree sends
//! it. Measured, each round interleaved:
//!
//! 1. raw HMAC-SHA256 over timestamp + body (key set up, MAC, base64), the floor any verifier
//!    pays;
//! 2. `Verifier::verify` (timestamp check, signature decode, MAC, constant-time compare);
//! 3. `Verifier::verify_and_parse` (headers read, verify, one-pass typed parse borrowing from
//!    the body: no copy of it, text fields point into it);
//! 4. when `node` is on the PATH: the Node SDK's equivalent verify — `crypto.createHmac` over
//!    timestamp + body, base64 digest, compare, `JSON.parse` (what Cashfree's SDK's
//!    `PGVerifyWebhookSignature` does; the SDK itself is not installed) — one `node` process per
//!    round, interleaved with the others.
//!
//! Goals (issue 12): `verify` ≤ 1.10× raw HMAC; `verify_and_parse` ≤ 3 µs and ≤ 0.6× Node's
//! verify.

use std::hint::black_box;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use paygen::webhooks::{sign, Verifier};
use sha2::Sha256;

const SECRET: &str = "TEST_CLIENT_SECRET_9a8b7c6d5e4f";
const TIMESTAMP: &str = "1746427759733";
const ROUNDS: usize = 21;
const PER_ROUND: u32 = 20_000;

/// The measured fixture.
const SAMPLE: &str = "pg.payment_success.2023-08-01.json";

/// A fixture of `src/webhooks/samples` without whitespace outside strings (numbers keep their
/// text).
fn documented_body(sample: &str) -> Vec<u8> {
    let path = format!(
        "{}/src/webhooks/samples/{sample}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("the fixture {path}: {e}"));
    let mut out = Vec::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for b in text {
        if in_string {
            escaped = !escaped && b == b'\\';
            if b == b'"' && !escaped {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b.is_ascii_whitespace() {
            continue;
        }
        out.push(b);
    }
    out
}

fn per_op(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..PER_ROUND {
        f();
    }
    start.elapsed() / PER_ROUND
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn raw_hmac(body: &[u8]) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    m.update(TIMESTAMP.as_bytes());
    m.update(body);
    STANDARD.encode(m.finalize().into_bytes())
}

/// One round of Node's verify and parse in a fresh `node` process (warmed up on half as many
/// runs first): ns per op, or why it was not measured.
fn node_verify(body: &[u8], signature: &str) -> Result<f64, String> {
    let script = r#"
const crypto = require('crypto');
const body = Buffer.from(process.env.PAYGEN_BODY, 'base64').toString('utf8');
const ts = process.env.PAYGEN_TS, secret = process.env.PAYGEN_SECRET, sig = process.env.PAYGEN_SIG;
function verify() {
  const expected = crypto.createHmac('sha256', secret).update(ts + body).digest('base64');
  if (expected !== sig) throw new Error('signature mismatch');
  return JSON.parse(body);
}
const n = Number(process.env.PAYGEN_N);
for (let i = 0; i < n / 2; i++) verify();
const t = process.hrtime.bigint();
for (let i = 0; i < n; i++) verify();
console.log(Number(process.hrtime.bigint() - t) / n);
"#;
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .env("PAYGEN_BODY", STANDARD.encode(body))
        .env("PAYGEN_TS", TIMESTAMP)
        .env("PAYGEN_SECRET", SECRET)
        .env("PAYGEN_SIG", signature)
        .env("PAYGEN_N", PER_ROUND.to_string())
        .output()
        .map_err(|e| format!("node not run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "node failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| format!("node printed no number: {e}"))
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let body = documented_body(SAMPLE);
    if std::env::args().any(|a| a == "--profile-parse") {
        // Only the one-pass parse, for `perf record` (about five seconds), or as many times as
        // `PAYGEN_PROFILE_ITERS` says (fewer, for `valgrind --tool=callgrind`), of the payment
        // fixture or of the one `PAYGEN_PROFILE_SAMPLE` names (`dispute.created.2025-01-01.json`).
        let iters = std::env::var("PAYGEN_PROFILE_ITERS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(PER_ROUND * 100);
        let body = match std::env::var("PAYGEN_PROFILE_SAMPLE") {
            Ok(sample) => documented_body(&sample),
            Err(_) => body,
        };
        for _ in 0..iters {
            black_box(paygen::webhooks::parse(
                black_box(&body),
                Some("application/json"),
            ))
            .unwrap();
        }
        return ExitCode::SUCCESS;
    }
    let signature = sign(&SECRET.into(), TIMESTAMP, &body);
    let verifier = Verifier::new(SECRET);
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", TIMESTAMP.parse().unwrap());
    headers.insert("x-webhook-signature", signature.parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert(
        "x-idempotency-key",
        "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc="
            .parse()
            .unwrap(),
    );
    assert_eq!(raw_hmac(&body), signature);
    verifier.verify(TIMESTAMP, &body, &signature).unwrap();
    verifier.verify_and_parse(&headers, &body).unwrap();

    let (mut raw, mut verify, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let (mut parse_only, mut value, mut headers_only) = (Vec::new(), Vec::new(), Vec::new());
    // The same body with its `type` pushed out of the one-pass hint window: the general path
    // (identify from a `Value`, then type), for comparison.
    let mut padded = body.clone();
    padded.extend(std::iter::repeat_n(b' ', 300));
    let mut general = Vec::new();
    let (mut node, mut node_error) = (Vec::new(), None);
    for _ in 0..ROUNDS {
        match node_verify(&body, &signature) {
            Ok(ns) => node.push(Duration::from_nanos(ns as u64)),
            Err(why) => node_error = Some(why),
        }
        parse_only.push(per_op(|| {
            black_box(paygen::webhooks::parse(
                black_box(&body),
                Some("application/json"),
            ))
            .unwrap();
        }));
        general.push(per_op(|| {
            black_box(paygen::webhooks::parse(
                black_box(&padded),
                Some("application/json"),
            ))
            .unwrap();
        }));
        value.push(per_op(|| {
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(
                &body,
            )))
            .unwrap();
        }));
        headers_only.push(per_op(|| {
            black_box(paygen::webhooks::DeliveryHeaders::from_headers(black_box(
                &headers,
            )))
            .unwrap();
        }));
        raw.push(per_op(|| {
            black_box(raw_hmac(black_box(&body)));
        }));
        verify.push(per_op(|| {
            black_box(verifier.verify(TIMESTAMP, black_box(&body), &signature)).unwrap();
        }));
        both.push(per_op(|| {
            black_box(verifier.verify_and_parse(&headers, black_box(&body))).unwrap();
        }));
    }
    let (raw, verify, both) = (median(raw), median(verify), median(both));
    let ns = |d: Duration| d.as_nanos() as f64;

    println!(
        "webhook body: {} bytes (documented PAYMENT_SUCCESS_WEBHOOK, 2023-08-01)",
        body.len()
    );
    println!("raw HMAC-SHA256 + base64        {:>8.0} ns", ns(raw));
    println!("Verifier::verify                {:>8.0} ns", ns(verify));
    println!("Verifier::verify_and_parse      {:>8.0} ns", ns(both));
    println!(
        "  of which parse                {:>8.0} ns",
        ns(median(parse_only))
    );
    println!(
        "  of which headers              {:>8.0} ns",
        ns(median(headers_only))
    );
    println!(
        "parse, general path (2 passes)  {:>8.0} ns (reference)",
        ns(median(general))
    );
    println!(
        "serde_json::Value of the body   {:>8.0} ns (reference)",
        ns(median(value))
    );
    let mut ok = true;
    let mut goal = |name: &str, value: f64, max: f64, unit: &str| {
        let met = value <= max;
        ok &= met;
        println!(
            "{name:<40} {value:>7.2}{unit}  goal ≤ {max}{unit}  {}",
            if met { "met" } else { "MISSED" }
        );
    };
    goal("verify / raw HMAC", ns(verify) / ns(raw), 1.10, "x");
    goal("verify_and_parse (µs)", ns(both) / 1000.0, 3.0, " µs");
    match node_error {
        None => {
            let node = ns(median(node));
            println!("node createHmac + base64 + compare + JSON.parse {node:>8.0} ns");
            goal("verify_and_parse / node verify", ns(both) / node, 0.6, "x");
        }
        Some(why) => println!("node verify not measured: {why}"),
    }
    if check && !ok {
        eprintln!("a webhook goal was missed");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
