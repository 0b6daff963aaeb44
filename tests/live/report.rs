//! What a live run found: each call's outcome and the answer fields the SDK did not know
//! (present in the raw body, absent from the typed value re-serialised).

use std::fmt;
use std::future::Future;

use serde::Serialize;
use serde_json::Value;

/// At most this many unknown fields are listed per call (the rest are counted).
pub const MAX_UNKNOWN: usize = 64;
/// JSON deeper than this is not walked (its unknown fields are not listed).
pub const MAX_DEPTH: usize = 16;

/// How one call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The API answered with this HTTP status and the SDK read the answer.
    Answered(u16),
    /// The call failed: the SDK error's text (it never holds a secret).
    Failed(String),
    /// Not made: what it needed is missing.
    NotMade(String),
}

/// One call of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The family, e.g. `pg`.
    pub family: &'static str,
    /// The operation id, e.g. `create_order`.
    pub operation: &'static str,
    /// How it ended.
    pub outcome: Outcome,
    /// JSON paths (`data.vAccounts[0].iban`) of answer fields the typed value lost.
    pub unknown_fields: Vec<String>,
    /// How many more unknown fields there were beyond [`MAX_UNKNOWN`].
    pub unknown_left_off: usize,
}

/// Everything a run did, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The calls made (or not made), in order.
    pub calls: Vec<Call>,
    /// Families not run at all, with the reason (usually: which variables to set).
    pub skipped: Vec<(&'static str, String)>,
}

impl Report {
    /// Runs one SDK call and records its status and unknown fields; the answer is handed back
    /// for the next call of the flow.
    pub async fn record<T, F>(
        &mut self,
        family: &'static str,
        operation: &'static str,
        call: F,
    ) -> Option<paygen::Response<T>>
    where
        T: Serialize,
        F: Future<Output = Result<paygen::Response<T>, paygen::Error>>,
    {
        match call.await {
            Ok(answer) => {
                let typed = serde_json::to_value(&*answer).unwrap_or(Value::Null);
                let (unknown_fields, unknown_left_off) = match answer.body_json() {
                    Some(raw) => unknown_fields(&raw, &typed),
                    None => (Vec::new(), 0),
                };
                self.calls.push(Call {
                    family,
                    operation,
                    outcome: Outcome::Answered(answer.status().as_u16()),
                    unknown_fields,
                    unknown_left_off,
                });
                Some(answer)
            }
            Err(e) => {
                self.calls.push(Call {
                    family,
                    operation,
                    outcome: Outcome::Failed(e.to_string()),
                    unknown_fields: Vec::new(),
                    unknown_left_off: 0,
                });
                None
            }
        }
    }

    /// Records a call that was not made, and why.
    pub fn not_made(&mut self, family: &'static str, operation: &'static str, why: &str) {
        self.calls.push(Call {
            family,
            operation,
            outcome: Outcome::NotMade(why.to_string()),
            unknown_fields: Vec::new(),
            unknown_left_off: 0,
        });
    }

    /// The calls that failed or could not be made.
    pub fn problems(&self) -> Vec<&Call> {
        self.calls
            .iter()
            .filter(|c| !matches!(c.outcome, Outcome::Answered(_)))
            .collect()
    }

    /// The call of this operation, if it was recorded.
    pub fn call(&self, operation: &str) -> Option<&Call> {
        self.calls.iter().find(|c| c.operation == operation)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "paygen live sandbox report")?;
        for c in &self.calls {
            let outcome = match &c.outcome {
                Outcome::Answered(status) => format!("HTTP {status}"),
                Outcome::Failed(e) => format!("FAILED: {e}"),
                Outcome::NotMade(why) => format!("not made: {why}"),
            };
            writeln!(f, "  {:<18} {:<28} {outcome}", c.family, c.operation)?;
            for field in &c.unknown_fields {
                writeln!(f, "      field the SDK does not know: {field}")?;
            }
            if c.unknown_left_off > 0 {
                writeln!(f, "      … and {} more", c.unknown_left_off)?;
            }
        }
        for (family, why) in &self.skipped {
            writeln!(f, "  {family:<18} skipped: {why}")?;
        }
        Ok(())
    }
}

/// The paths of fields in `raw` that `typed` (the typed value re-serialised) lacks, walking
/// objects and arrays (index by index) to [`MAX_DEPTH`], listing at most [`MAX_UNKNOWN`] and
/// counting the rest. A `null` the typed value leaves out is not listed: a known optional field
/// that is absent serialises the same way.
///
/// ```text
/// raw   {"a": 1, "b": {"c": 2, "d": 3}, "e": null}
/// typed {"a": 1, "b": {"c": 2}}
/// →     ["b.d"]
/// ```
pub fn unknown_fields(raw: &Value, typed: &Value) -> (Vec<String>, usize) {
    let mut found = Vec::new();
    let mut left_off = 0;
    walk(raw, typed, "", 0, &mut found, &mut left_off);
    (found, left_off)
}

fn walk(
    raw: &Value,
    typed: &Value,
    at: &str,
    depth: usize,
    found: &mut Vec<String>,
    left_off: &mut usize,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    match (raw, typed) {
        (Value::Object(r), Value::Object(t)) => {
            for (key, value) in r {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match t.get(key) {
                    Some(known) => walk(value, known, &path, depth + 1, found, left_off),
                    None if value.is_null() => {}
                    None if found.len() < MAX_UNKNOWN => found.push(path),
                    None => *left_off += 1,
                }
            }
        }
        (Value::Array(r), Value::Array(t)) => {
            for (i, (value, known)) in r.iter().zip(t).enumerate() {
                walk(
                    value,
                    known,
                    &format!("{at}[{i}]"),
                    depth + 1,
                    found,
                    left_off,
                );
            }
        }
        _ => {}
    }
}
