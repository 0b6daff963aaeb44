//! Fault injection: make chosen operations misbehave for the next N calls, or for a share of
//! calls — the failures a payment integration must survive and that no sandbox produces on
//! demand.
//!
//! Each [`Fault`] names an operation (its `operationId`, optionally narrowed to one family's
//! spec) and a [`FaultKind`]:
//!
//! - **fail before doing anything**: [`FaultKind::Status`] (500/502/503/504…),
//!   [`FaultKind::RateLimited`] (429 with `x-ratelimit-*` and `retry-after`),
//!   [`FaultKind::HtmlPage`] (an HTML error page, as a load balancer sends);
//! - **do the work, then fail** — the case Cashfree's documents warn about ("When you get a 5XX
//!   response, do not initiate another transaction. Check the status"):
//!   [`FaultKind::CommitThenStatus`], [`FaultKind::CommitThenDrop`] (the connection closes with
//!   no answer), [`FaultKind::CommitThenStall`] (the answer comes only after a delay longer
//!   than the client waits);
//! - **corrupt the answer** (the work is done): [`FaultKind::EmptyBody`],
//!   [`FaultKind::TruncatedJson`], [`FaultKind::WrongContentType`], [`FaultKind::UnknownEnums`]
//!   (every `status`/`*_status` string becomes an unknown value), [`FaultKind::UnknownFields`]
//!   (an unknown field in every answered object);
//! - **slow it down**: [`FaultKind::Latency`] (the call then runs normally).
//!
//! From Rust ([`MockServer::faults`](super::MockServer::faults)):
//!
//! ```no_run
//! use paygen::mock::faults::{Fault, FaultKind};
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = paygen::mock::MockServer::start().await?;
//! // the next create_transfer commits, then answers 502
//! mock.faults().inject(Fault::new("create_transfer", FaultKind::CommitThenStatus { status: 502 }).times(1))?;
//! // a third of get_order calls take 2 s longer
//! mock.faults().inject(Fault::new("get_order", FaultKind::Latency { millis: 2000 }).percent(33))?;
//! # Ok(()) }
//! ```
//!
//! Over HTTP, under the control prefix: `POST /__paygen/faults` with the same [`Fault`] as
//! JSON (`{"operation": "create_transfer", "fault": {"kind": "commit_then_status", "status":
//! 502}, "times": 1}`), `GET /__paygen/faults` lists those still armed, `DELETE
//! /__paygen/faults` disarms them all. Every faulted request is in the request log with the
//! fault's name ([`RequestRecord::fault`](super::RequestRecord::fault)).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::answer::Answer;

/// The most faults armed at once (an arm past it is refused).
pub const MAX_FAULTS: usize = 256;

/// The longest latency or stall a fault may ask for (10 minutes).
pub const MAX_DELAY_MILLIS: u64 = 600_000;

/// The field [`FaultKind::UnknownFields`] adds to every answered object.
pub const UNKNOWN_FIELD: &str = "paygen_unknown_field";

/// The value [`FaultKind::UnknownEnums`] gives every status field.
pub const UNKNOWN_ENUM_VALUE: &str = "PAYGEN_UNKNOWN_VALUE";

/// How an operation misbehaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer this status (with the family's error body) without doing anything.
    Status {
        /// The HTTP status, 400–599.
        status: u16,
    },
    /// Answer `429` with `x-ratelimit-limit`, `x-ratelimit-remaining: 0`,
    /// `x-ratelimit-retry` / `retry-after` of `retry_after_secs`, without doing anything.
    RateLimited {
        /// Seconds until the window resets.
        retry_after_secs: u32,
    },
    /// Answer an HTML error page (`text/html`) with this status, without doing anything.
    HtmlPage {
        /// The HTTP status, 400–599.
        status: u16,
    },
    /// Do the work (commit the transfer, refund, payout…), then answer this status with the
    /// family's error body instead of the result.
    CommitThenStatus {
        /// The HTTP status, 400–599.
        status: u16,
    },
    /// Do the work, then close the connection without answering.
    CommitThenDrop,
    /// Do the work, then wait `millis` before answering (longer than the client's timeout, so
    /// the client gives up first).
    CommitThenStall {
        /// How long to wait, at most [`MAX_DELAY_MILLIS`].
        millis: u64,
    },
    /// Do the work, answer its status with an empty body.
    EmptyBody,
    /// Do the work, answer the first half of its JSON.
    TruncatedJson,
    /// Do the work, answer its body as `text/plain`.
    WrongContentType,
    /// Do the work, answer with every `status` / `*_status` string replaced by
    /// [`UNKNOWN_ENUM_VALUE`].
    UnknownEnums,
    /// Do the work, answer with [`UNKNOWN_FIELD`] added to every object.
    UnknownFields,
    /// Wait `millis`, then handle the call normally.
    Latency {
        /// How long to wait, at most [`MAX_DELAY_MILLIS`].
        millis: u64,
    },
}

impl FaultKind {
    /// The fault's name as it appears in the request log (`commit_then_drop`, …).
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Status { .. } => "status",
            FaultKind::RateLimited { .. } => "rate_limited",
            FaultKind::HtmlPage { .. } => "html_page",
            FaultKind::CommitThenStatus { .. } => "commit_then_status",
            FaultKind::CommitThenDrop => "commit_then_drop",
            FaultKind::CommitThenStall { .. } => "commit_then_stall",
            FaultKind::EmptyBody => "empty_body",
            FaultKind::TruncatedJson => "truncated_json",
            FaultKind::WrongContentType => "wrong_content_type",
            FaultKind::UnknownEnums => "unknown_enums",
            FaultKind::UnknownFields => "unknown_fields",
            FaultKind::Latency { .. } => "latency",
        }
    }

    /// Whether the fault answers without doing the work.
    pub fn is_before(&self) -> bool {
        matches!(
            self,
            FaultKind::Status { .. } | FaultKind::RateLimited { .. } | FaultKind::HtmlPage { .. }
        )
    }

    fn check(&self) -> Result<(), FaultError> {
        match self {
            FaultKind::Status { status }
            | FaultKind::HtmlPage { status }
            | FaultKind::CommitThenStatus { status }
                if !(400..=599).contains(status) =>
            {
                Err(FaultError(format!(
                    "fault {}: status {status} is not an error status; give 400–599",
                    self.name()
                )))
            }
            FaultKind::CommitThenStall { millis } | FaultKind::Latency { millis }
                if *millis > MAX_DELAY_MILLIS =>
            {
                Err(FaultError(format!(
                    "fault {}: {millis} ms is longer than the {MAX_DELAY_MILLIS} ms a fault may wait",
                    self.name()
                )))
            }
            _ => Ok(()),
        }
    }
}

/// One armed fault: which operation, how it misbehaves, and for which calls.
///
/// With neither [`times`](Fault::times) nor [`percent`](Fault::percent) it applies to the
/// next call only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// The operation's `operationId` (`create_transfer`, `get_order`, …).
    pub operation: String,
    /// Only this family's operation (its spec name, `cashfree-payouts-v2`), when the same
    /// `operationId` exists in more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// How it misbehaves.
    pub fault: FaultKind,
    /// For the next this many calls (then it is disarmed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// For this share of calls, in percent (1–100), until disarmed; applied with
    /// [`times`](Fault::times) it also stops after that many faulted calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
}

impl Fault {
    /// `operation` misbehaves as `fault` on its next call.
    pub fn new(operation: impl Into<String>, fault: FaultKind) -> Fault {
        Fault {
            operation: operation.into(),
            family: None,
            fault,
            times: None,
            percent: None,
        }
    }

    /// Only in this family's spec (`cashfree-pg`, `cashfree-payouts-v2`, …).
    pub fn in_family(mut self, spec: impl Into<String>) -> Fault {
        self.family = Some(spec.into());
        self
    }

    /// For the next `n` calls.
    pub fn times(mut self, n: u32) -> Fault {
        self.times = Some(n);
        self
    }

    /// For `percent` of calls (chosen at random), until disarmed.
    pub fn percent(mut self, percent: u8) -> Fault {
        self.percent = Some(percent);
        self
    }

    fn matches(&self, family: &str, operation: &str) -> bool {
        self.operation == operation && self.family.as_deref().is_none_or(|f| f == family)
    }
}

/// Why a fault was not armed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FaultError(String);

/// The faults armed on one server.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    armed: Arc<Mutex<Vec<Armed>>>,
    /// How many are armed, read without the lock on every request.
    count: Arc<AtomicUsize>,
}

#[derive(Clone, Debug)]
struct Armed {
    fault: Fault,
    /// Faulted calls left (`None`: no limit).
    left: Option<u32>,
}

impl Faults {
    /// Arms `fault`. Refused when it asks for a status outside 400–599, a delay past
    /// [`MAX_DELAY_MILLIS`], a percent outside 1–100, zero times, an empty operation, or when
    /// [`MAX_FAULTS`] are armed already.
    pub fn inject(&self, fault: Fault) -> Result<(), FaultError> {
        fault.fault.check()?;
        if fault.operation.is_empty() {
            return Err(FaultError(
                "a fault needs the operationId it applies to (`operation`)".into(),
            ));
        }
        if fault.times == Some(0) {
            return Err(FaultError(format!(
                "fault on {}: times is 0; give 1 or more, or leave it out for the next call only",
                fault.operation
            )));
        }
        if let Some(p) = fault.percent {
            if !(1..=100).contains(&p) {
                return Err(FaultError(format!(
                    "fault on {}: percent {p} is not 1–100",
                    fault.operation
                )));
            }
        }
        let left = match (fault.times, fault.percent) {
            (Some(n), _) => Some(n),
            (None, Some(_)) => None,
            (None, None) => Some(1),
        };
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        if armed.len() >= MAX_FAULTS {
            return Err(FaultError(format!(
                "{MAX_FAULTS} faults are armed already; clear them (DELETE /__paygen/faults) first"
            )));
        }
        armed.push(Armed { fault, left });
        self.count.store(armed.len(), Ordering::Release);
        Ok(())
    }

    /// The faults still armed, oldest first.
    pub fn armed(&self) -> Vec<Fault> {
        let armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        armed.iter().map(|a| a.fault.clone()).collect()
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        armed.clear();
        self.count.store(0, Ordering::Release);
    }

    /// The fault this call of `operation` gets, if any (the oldest armed one that matches and,
    /// for a share, is drawn), counting it down.
    pub(crate) fn take(&self, family: &str, operation: &str) -> Option<FaultKind> {
        if self.count.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        let index = armed.iter().position(|a| {
            a.fault.matches(family, operation)
                && a.fault.percent.is_none_or(|p| fastrand::u8(0..100) < p)
        })?;
        let kind = armed[index].fault.fault.clone();
        if let Some(left) = armed[index].left.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                armed.remove(index);
                self.count.store(armed.len(), Ordering::Release);
            }
        }
        Some(kind)
    }
}

/// Answers `/faults` control requests (`rest` is the path after `/__paygen`).
pub(crate) fn control(faults: &Faults, method: &str, rest: &str, body: &[u8]) -> Option<Answer> {
    use super::answer::{Dialect, Refusal};
    let refuse =
        |message: String| Dialect::Common.answer(&Refusal::invalid("request_invalid", message));
    Some(match (method, rest) {
        ("GET", "/faults") => Answer::ok(&faults.armed()),
        ("POST", "/faults") => match serde_json::from_slice::<Fault>(body) {
            Ok(fault) => match faults.inject(fault) {
                Ok(()) => Answer::ok(&faults.armed()),
                Err(e) => refuse(e.to_string()),
            },
            Err(e) => refuse(format!(
                "faults takes {{\"operation\": \"create_transfer\", \"fault\": {{\"kind\": \"commit_then_status\", \"status\": 502}}, \"times\": 1}}: {e}"
            )),
        },
        ("DELETE", "/faults") => {
            faults.clear();
            Answer::ok(&faults.armed())
        }
        _ => return None,
    })
}

/// What the connection does after the pipeline answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Delivery {
    /// Send the answer.
    #[default]
    Answer,
    /// Wait, then send the answer.
    After(Duration),
    /// Close the connection without answering.
    Drop,
}

/// The answer a "before" fault sends in place of the call.
pub(crate) fn before(kind: &FaultKind, refuse: impl Fn(u16, &str) -> Answer) -> Option<Answer> {
    match kind {
        FaultKind::Status { status } => Some(refuse(
            *status,
            "the mock was told to fail this call before doing anything (fault injection)",
        )),
        FaultKind::RateLimited { retry_after_secs } => {
            let mut answer = refuse(429, "too many requests (fault injection)");
            answer.headers.extend([
                ("x-ratelimit-limit", super::router::RATE_LIMIT.to_string()),
                ("x-ratelimit-remaining", "0".to_string()),
                ("x-ratelimit-reset", retry_after_secs.to_string()),
                ("x-ratelimit-retry", retry_after_secs.to_string()),
                ("retry-after", retry_after_secs.to_string()),
            ]);
            Some(answer)
        }
        FaultKind::HtmlPage { status } => Some(Answer {
            status: *status,
            body: format!(
                "<html><head><title>{status} Error</title></head><body><center><h1>{status} Error</h1></center><hr><center>nginx</center></body></html>\n"
            )
            .into_bytes(),
            headers: vec![("content-type", "text/html".to_string())],
        }),
        _ => None,
    }
}

/// The answer an "after" or corrupting fault sends once the work is done, and how the
/// connection delivers it.
pub(crate) fn after(
    kind: &FaultKind,
    done: Answer,
    refuse: impl Fn(u16, &str) -> Answer,
) -> (Answer, Delivery) {
    match kind {
        FaultKind::CommitThenStatus { status } => (
            refuse(
                *status,
                "the mock did the work, then was told to fail the answer (fault injection): check the status before trying again",
            ),
            Delivery::Answer,
        ),
        FaultKind::CommitThenDrop => (done, Delivery::Drop),
        FaultKind::CommitThenStall { millis } => {
            (done, Delivery::After(Duration::from_millis(*millis)))
        }
        FaultKind::EmptyBody => (
            Answer {
                body: Vec::new(),
                headers: vec![("content-type", "application/json".to_string())],
                ..done
            },
            Delivery::Answer,
        ),
        FaultKind::TruncatedJson => {
            let mut done = done;
            let keep = done.body.len() / 2;
            done.body.truncate(keep);
            (done, Delivery::Answer)
        }
        FaultKind::WrongContentType => {
            let mut done = done;
            done.headers.retain(|(name, _)| *name != "content-type");
            done.headers
                .push(("content-type", "text/plain; charset=utf-8".to_string()));
            (done, Delivery::Answer)
        }
        FaultKind::UnknownEnums => (rewrite(done, &unknown_enums), Delivery::Answer),
        FaultKind::UnknownFields => (rewrite(done, &unknown_fields), Delivery::Answer),
        _ => (done, Delivery::Answer),
    }
}

/// How long a latency fault waits before the call.
pub(crate) fn latency(kind: &FaultKind) -> Option<Duration> {
    match kind {
        FaultKind::Latency { millis } => Some(Duration::from_millis(*millis)),
        _ => None,
    }
}

/// A JSON object whose values keep their exact text.
type JsonObject = BTreeMap<String, Box<RawValue>>;

/// Deepest nesting the JSON rewrites descend into (deeper values are left as they are).
const MAX_DEPTH: usize = 64;

fn rewrite(mut done: Answer, f: &dyn Fn(&RawValue, usize) -> Option<String>) -> Answer {
    let Ok(text) = std::str::from_utf8(&done.body) else {
        return done;
    };
    let Ok(raw) = serde_json::from_str::<&RawValue>(text) else {
        return done;
    };
    if let Some(new) = f(raw, 0) {
        done.body = new.into_bytes();
    }
    done
}

/// Rewrites a JSON value (objects and arrays recursively, numbers as their exact text, so
/// amounts keep their scale): `None` when nothing changed.
fn walk(raw: &RawValue, depth: usize, on_object: &dyn Fn(&mut JsonObject)) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = raw.get().trim_start();
    if text.starts_with('{') {
        let mut map: JsonObject = serde_json::from_str(text).ok()?;
        for value in map.values_mut() {
            if let Some(new) = walk(value, depth + 1, on_object) {
                if let Ok(v) = RawValue::from_string(new) {
                    *value = v;
                }
            }
        }
        on_object(&mut map);
        serde_json::to_string(&map).ok()
    } else if text.starts_with('[') {
        let mut items: Vec<Box<RawValue>> = serde_json::from_str(text).ok()?;
        for item in items.iter_mut() {
            if let Some(new) = walk(item, depth + 1, on_object) {
                if let Ok(v) = RawValue::from_string(new) {
                    *item = v;
                }
            }
        }
        serde_json::to_string(&items).ok()
    } else {
        None
    }
}

fn unknown_enums(raw: &RawValue, depth: usize) -> Option<String> {
    walk(raw, depth, &|map| {
        for (key, value) in map.iter_mut() {
            let status_like =
                key == "status" || key.ends_with("_status") || key.ends_with("Status");
            if status_like && value.get().trim_start().starts_with('"') {
                if let Ok(v) = RawValue::from_string(format!("\"{UNKNOWN_ENUM_VALUE}\"")) {
                    *value = v;
                }
            }
        }
    })
}

fn unknown_fields(raw: &RawValue, depth: usize) -> Option<String> {
    walk(raw, depth, &|map| {
        if let Ok(v) = RawValue::from_string(r#"{"added_by":"paygen mock fault injection"}"#.into())
        {
            map.insert(UNKNOWN_FIELD.to_string(), v);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Answer {
        Answer {
            status: 200,
            body: body.as_bytes().to_vec(),
            headers: Vec::new(),
        }
    }

    fn refuse(status: u16, message: &str) -> Answer {
        Answer::json(status, &serde_json::json!({ "message": message }))
    }

    #[test]
    fn unknown_enums_keep_amounts_exact() {
        let (done, _) = after(
            &FaultKind::UnknownEnums,
            answer(
                r#"{"status":"SUCCESS","transfer_amount":100.50,"items":[{"order_status":"PAID"}]}"#,
            ),
            refuse,
        );
        let text = String::from_utf8(done.body).unwrap();
        assert!(text.contains(r#""transfer_amount":100.50"#), "{text}");
        assert!(
            text.contains(r#""status":"PAYGEN_UNKNOWN_VALUE""#),
            "{text}"
        );
        assert!(
            text.contains(r#""order_status":"PAYGEN_UNKNOWN_VALUE""#),
            "{text}"
        );
    }

    #[test]
    fn unknown_fields_reach_nested_objects() {
        let (done, _) = after(
            &FaultKind::UnknownFields,
            answer(r#"[{"a":{"b":1.10}}]"#),
            refuse,
        );
        let text = String::from_utf8(done.body).unwrap();
        assert_eq!(text.matches(UNKNOWN_FIELD).count(), 2, "{text}");
        assert!(text.contains(r#""b":1.10"#), "{text}");
    }

    #[test]
    fn a_fault_without_count_applies_once_and_a_share_stays() {
        let faults = Faults::default();
        faults
            .inject(Fault::new("get_order", FaultKind::EmptyBody))
            .unwrap();
        faults
            .inject(Fault::new("get_refund", FaultKind::EmptyBody).percent(100))
            .unwrap();
        assert!(faults.take("cashfree-pg", "get_order").is_some());
        assert!(faults.take("cashfree-pg", "get_order").is_none());
        for _ in 0..5 {
            assert!(faults.take("cashfree-pg", "get_refund").is_some());
        }
        assert!(faults
            .inject(Fault::new("x", FaultKind::Status { status: 200 }))
            .is_err());
        assert!(faults
            .inject(Fault::new(
                "x",
                FaultKind::Latency {
                    millis: MAX_DELAY_MILLIS + 1
                }
            ))
            .is_err());
        assert!(faults
            .inject(Fault::new("x", FaultKind::EmptyBody).percent(0))
            .is_err());
    }

    #[test]
    fn rate_limited_carries_the_window_headers() {
        let a = before(
            &FaultKind::RateLimited {
                retry_after_secs: 7,
            },
            refuse,
        )
        .unwrap();
        assert_eq!(a.status, 429);
        assert!(a
            .headers
            .iter()
            .any(|(n, v)| *n == "x-ratelimit-remaining" && v == "0"));
        assert!(a
            .headers
            .iter()
            .any(|(n, v)| *n == "retry-after" && v == "7"));
    }
}
