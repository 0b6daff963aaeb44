//! The fuzz targets of `fuzz/` on the stable toolchain: every target body (shared with the
//! cargo-fuzz targets through `fuzz/src/lib.rs`) runs over seeded, generated inputs — the
//! documented payloads and answers mutated (bytes flipped, inserted, deleted, duplicated,
//! spliced, JSON and form tokens inserted), random bytes, and nesting and size bombs.
//!
//! Deterministic (seed `PAYGEN_FUZZ_SEED`, default 14) and bounded: `PAYGEN_FUZZ_INPUTS` inputs
//! per target (default 40,000: 320,000 in all) or `PAYGEN_FUZZ_SECONDS` seconds in all
//! (default 25), whichever ends first. Prints inputs/s and the longest input per target.
//! A failing input is written to `target/fuzz-smoke-failure-<target>.bin` to replay with
//! `cargo +nightly fuzz run <target> <file>`.
//!
//! ```text
//! cargo test --all-features --test fuzz_smoke -- --ignored --nocapture
//! ```
#![cfg(all(feature = "pg", feature = "international", feature = "payin-payout"))]

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Seeds: every fixture the contract tests use (webhook bodies, API answers and errors), plus
/// hand-written edge cases.
fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for dir in [
        "src/webhooks/samples",
        "tests/fixtures/cashfree-pg",
        "tests/fixtures/payin-payout",
    ] {
        let Ok(entries) = std::fs::read_dir(Path::new(dir)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            if matches!(
                f.extension().and_then(|e| e.to_str()),
                Some("json") | Some("txt")
            ) {
                if let Ok(bytes) = std::fs::read(&f) {
                    out.push(bytes);
                }
            }
        }
    }
    for s in [
        "100.50", "-5.25", "0.001", "1e3", " 1", "+1", ".5", "99999999999999999999999999999",
        "\"170.00\"", "170.00", "\"5114910253311\"", "5114910253311", "null", "{}", "[]",
        "type=PAYMENT_LINK_EVENT&data[link_id]=l1&data[customer_details][customer_phone]=9",
        "data={\"link_id\":\"l1\"}&type=PAYMENT_LINK_EVENT",
        "--XyZ\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nPAYMENT_LINK_EVENT\r\n--XyZ--\r\n",
        r#"{"event":"payin.succeeded","data":{"order_id":"o","user_id":"u","amount":1}}"#,
        r#"{"event":"PAYMENT_COLLECTED","cmsProfileId":"x","amount":"10.00"}"#,
    ] {
        out.push(s.as_bytes().to_vec());
    }
    out
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b"\\",
    b":",
    b",",
    b"=",
    b"&",
    b"[a]",
    b"%",
    b"+",
    b"-",
    b".",
    b"e",
    b"0",
    b"9",
    b" ",
    b"\r\n",
    b"null",
    b"true",
    b"\"type\":\"PAYMENT_SUCCESS_WEBHOOK\"",
    b"\"event\":\"payin.succeeded\"",
    b"\"data\":",
    b"--XyZ\r\n",
    b"\xff",
    b"\xc3\xa9",
    b"\"payment_amount\":",
    b"1e400",
    b"\\u0000",
];

/// One generated input: a mutated seed, random bytes, or (rarely) a nesting or size bomb.
fn input(rng: &mut fastrand::Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    match rng.u32(0..1000) {
        0 => {
            let n = rng.usize(1_000..60_000);
            let open = [b'[', b'{'][rng.usize(0..2)];
            let mut v = if open == b'{' {
                b"{\"a\":".repeat(n)
            } else {
                vec![b'['; n]
            };
            v.extend(std::iter::repeat_n(b']', n / 2));
            return v;
        }
        1 => {
            let mut v = b"type=PAYMENT_LINK_EVENT&data".to_vec();
            v.extend(b"[a]".repeat(rng.usize(1_000..30_000)));
            v.extend(b"=1");
            return v;
        }
        2 => return b"a=1&".repeat(rng.usize(900..1_200)),
        3..=60 => return (0..rng.usize(0..512)).map(|_| rng.u8(..)).collect(),
        _ => {}
    }
    let mut v = seeds[rng.usize(0..seeds.len())].clone();
    for _ in 0..rng.usize(1..5) {
        let len = v.len();
        match rng.u32(0..7) {
            0 if len > 0 => {
                let i = rng.usize(0..len);
                v[i] ^= 1 << rng.u32(0..8);
            }
            1 => {
                let at = rng.usize(0..=len);
                let token = TOKENS[rng.usize(0..TOKENS.len())];
                v.splice(at..at, token.iter().copied());
            }
            2 if len > 0 => {
                let a = rng.usize(0..len);
                let b = rng.usize(a..=len.min(a + 64));
                v.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.usize(0..len);
                let b = rng.usize(a..=len.min(a + 64));
                let copy: Vec<u8> = v[a..b].to_vec();
                let at = rng.usize(0..=v.len());
                v.splice(at..at, copy);
            }
            4 if len > 0 => v.truncate(rng.usize(0..len)),
            5 => {
                let other = &seeds[rng.usize(0..seeds.len())];
                if !other.is_empty() {
                    let from = rng.usize(0..other.len());
                    let at = rng.usize(0..=v.len());
                    v.truncate(at);
                    v.extend_from_slice(&other[from..]);
                }
            }
            _ => {
                let at = rng.usize(0..=len);
                v.insert(at, rng.u8(..));
            }
        }
    }
    // Most targets read a selector from the first byte.
    if rng.bool() {
        v.insert(0, rng.u8(..));
    }
    v.truncate(1 << 16);
    v
}

/// Ignored in the plain test run (it takes ~25 s); `.ci/run` runs it with `--ignored`.
#[test]
#[ignore = "run by .ci/run: cargo test --all-features --test fuzz_smoke -- --ignored"]
fn every_fuzz_target_survives_a_few_hundred_thousand_generated_inputs() {
    let seed: u64 = env_or("PAYGEN_FUZZ_SEED", 14);
    let per_target: usize = env_or("PAYGEN_FUZZ_INPUTS", 40_000);
    let budget = Duration::from_secs_f64(env_or("PAYGEN_FUZZ_SECONDS", 25.0));
    let seeds = seeds();
    assert!(seeds.len() > 50, "fixtures found: {}", seeds.len());
    let share = budget / targets::TARGETS.len() as u32;
    let mut total = 0usize;
    println!(
        "fuzz smoke: seed {seed}, {} seeds, {per_target} inputs or {share:?} per target",
        seeds.len()
    );
    for target in targets::TARGETS {
        let mut rng = fastrand::Rng::with_seed(seed ^ target.name.len() as u64);
        let start = Instant::now();
        let (mut n, mut longest, mut bytes) = (0usize, 0usize, 0usize);
        while n < per_target && start.elapsed() < share {
            let data = input(&mut rng, &seeds);
            let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(&data)));
            if outcome.is_err() {
                let file = format!("target/fuzz-smoke-failure-{}.bin", target.name);
                let _ = std::fs::write(&file, &data);
                panic!(
                    "fuzz target {} failed on input {n} ({} bytes), saved to {file}",
                    target.name,
                    data.len()
                );
            }
            longest = longest.max(data.len());
            bytes += data.len();
            n += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{:<18} {n:>7} inputs  {:>9.0} inputs/s  {:>6.1} MB/s  longest {longest} bytes",
            target.name,
            n as f64 / secs,
            bytes as f64 / secs / 1e6
        );
        total += n;
    }
    println!("fuzz smoke: {total} inputs in all");
    assert!(
        total >= targets::TARGETS.len() * 1_000,
        "too few inputs ran: {total}"
    );
}
