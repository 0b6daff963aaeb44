//! `paygen trigger EVENT --mock URL`: one documented event made by a running mock's own state.
//!
//! Asks the mock (`POST URL/__paygen/trigger`, see `paygen::mock::trigger`) to make the state
//! change that produces EVENT (an order paid, a dispute opened, a link paid, a payout
//! settled…), so the mock's webhook machinery delivers it: signed with the mock's secret, to
//! the mock's `--forward-to` URLs, and to this command's `--forward-to` URL when given. Prints
//! what was created, then waits for the deliveries of that event in the mock's delivery log and
//! prints each one's result.
//!
//! Exit status: 0 every delivery was answered 2xx (or the mock has no endpoint: nothing to
//! deliver, said on stderr); 1 bad input; 3 the mock refused (an event it cannot make from its
//! state, with the reason) or a receiver did not answer 2xx; 4 the mock could not be reached.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::call::{EXIT_API_ERROR, EXIT_NO_ANSWER};

/// The environment variable naming a running mock (what `--mock` takes).
pub const MOCK_URL_VAR: &str = "PAYGEN_MOCK_URL";

/// How long the deliveries are waited for unless `--wait-secs` says otherwise: the mock's
/// default retry schedule (5 attempts, waits of 1, 2, 4 and 8 s) fits in it.
pub const DEFAULT_WAIT_SECS: u64 = 20;

/// What the mock-mode trigger needs.
#[derive(Debug)]
pub struct MockTrigger {
    /// The mock's origin (`http://127.0.0.1:PORT`).
    pub mock: String,
    /// The event, as listed.
    pub event: String,
    /// An extra receiver for this event.
    pub forward_to: Option<String>,
    /// How long to wait for the deliveries.
    pub wait: Duration,
}

/// Runs it.
pub fn run(t: MockTrigger) -> Result<ExitCode, String> {
    let origin = reqwest::Url::parse(&t.mock).map_err(|e| {
        format!(
            "--mock `{}`: {e}; give the URL `paygen mock` printed",
            t.mock
        )
    })?;
    let origin = origin.as_str().trim_end_matches('/').to_string();
    let http = paygen::tls::http_client(Duration::from_secs(30)).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let get = |path: &str| {
            let http = http.clone();
            let url = format!("{origin}/__paygen{path}");
            async move {
                let answer = http.get(url).send().await.ok()?;
                let bytes = answer.bytes().await.ok()?;
                serde_json::from_slice::<Value>(&bytes).ok()
            }
        };
        let endpoints = match get("/webhooks/endpoints").await {
            Some(Value::Array(e)) => e.len(),
            _ => {
                eprintln!(
                    "paygen: no paygen mock answers at {origin} (GET /__paygen/webhooks/endpoints failed); is `paygen mock` running there?"
                );
                return Ok(ExitCode::from(EXIT_NO_ANSWER));
            }
        };
        let request = json!({"event": t.event, "forward_to": t.forward_to});
        let answer = match http
            .post(format!("{origin}/__paygen/trigger"))
            .header("content-type", "application/json")
            .body(request.to_string())
            .send()
            .await
        {
            Ok(a) => a,
            Err(_) => {
                eprintln!("paygen: the mock at {origin} did not answer the trigger");
                return Ok(ExitCode::from(EXIT_NO_ANSWER));
            }
        };
        let status = answer.status();
        let body: Value = match answer.bytes().await {
            Ok(b) => serde_json::from_slice(&b).unwrap_or(Value::Null),
            Err(_) => Value::Null,
        };
        if !status.is_success() {
            let message = body["message"].as_str().unwrap_or("no message");
            eprintln!("paygen: the mock refused: {message}");
            return Ok(ExitCode::from(EXIT_API_ERROR));
        }
        let event = body["event"].as_str().unwrap_or(&t.event).to_string();
        println!("triggered {event} on the mock at {origin}");
        for c in body["created"].as_array().into_iter().flatten() {
            println!(
                "created {} {}",
                c["kind"].as_str().unwrap_or("?"),
                c["id"].as_str().unwrap_or("?")
            );
        }
        let mut resources = Vec::new();
        for p in body["published"].as_array().into_iter().flatten() {
            let (kind, resource) = (
                p["event_type"].as_str().unwrap_or("?"),
                p["resource_id"].as_str().unwrap_or("?"),
            );
            println!("published {kind} for {resource}");
            if kind == event {
                resources.push(resource.to_string());
            }
        }
        if let Some(secs) = body["clock_advanced_secs"].as_u64().filter(|s| *s > 0) {
            println!("moved the mock's clock {secs} s forward");
        }
        let expected = endpoints + usize::from(t.forward_to.is_some());
        if expected == 0 {
            eprintln!(
                "paygen: the mock has no webhook endpoint, so {event} was not delivered; start it \
                 with `paygen mock --forward-to URL`, or pass --forward-to URL here"
            );
            return Ok(ExitCode::SUCCESS);
        }
        // Wait for one final record per delivery of this event (delivered, gave up, dropped).
        let deadline = Instant::now() + t.wait;
        let last = loop {
            let log = get("/webhooks/deliveries").await.unwrap_or(Value::Null);
            let ours: Vec<Value> = log
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| {
                    d["event_type"] == event.as_str()
                        && resources.iter().any(|r| d["resource_id"] == r.as_str())
                })
                .cloned()
                .collect();
            let latest = latest_per_delivery(ours);
            let done = latest
                .iter()
                .filter(|d| d["outcome"] != "will_retry")
                .count();
            if done >= expected || Instant::now() >= deadline {
                break latest;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let mut ok = last.len() >= expected;
        for d in &last {
            let url = d["url"].as_str().unwrap_or("?");
            let attempt = d["attempt"].as_u64().unwrap_or(0);
            let answer = match (d["status"].as_u64(), d["error"].as_str()) {
                (Some(s), _) => format!("HTTP {s}"),
                (None, Some(e)) => e.to_string(),
                (None, None) => "no answer".to_string(),
            };
            match d["outcome"].as_str() {
                Some("delivered") => println!(
                    "delivered {event} to {url}: {answer} (attempt {attempt}, {} ms), signed by the mock",
                    d["latency_ms"].as_u64().unwrap_or(0)
                ),
                Some("will_retry") => {
                    ok = false;
                    println!(
                        "still retrying {event} to {url}: attempt {attempt} got {answer}; the mock keeps trying (GET /__paygen/webhooks/deliveries)"
                    )
                }
                other => {
                    ok = false;
                    println!(
                        "not delivered {event} to {url}: {} after attempt {attempt} ({answer})",
                        other.unwrap_or("?")
                    )
                }
            }
        }
        if last.len() < expected {
            println!(
                "{} of {expected} deliveries of {event} not attempted within {} s",
                expected - last.len(),
                t.wait.as_secs()
            );
        }
        Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_API_ERROR)
        })
    })
}

/// The last record of each delivery, in the order deliveries first appear.
fn latest_per_delivery(records: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for r in records {
        match out
            .iter_mut()
            .find(|o| o["delivery_id"] == r["delivery_id"])
        {
            Some(o) if r["attempt"].as_u64() >= o["attempt"].as_u64() => *o = r,
            Some(_) => {}
            None => out.push(r),
        }
    }
    out
}
