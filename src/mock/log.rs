//! The request log: one record per request the mock answered, readable from Rust
//! ([`MockServer::requests`](super::MockServer::requests)) and from `GET /__paygen/requests`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde::Serialize;

/// The most records kept; older ones are dropped first, so the log never grows without bound.
pub const MAX_RECORDS: usize = 10_000;

/// One request the mock answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    /// HTTP method, upper case.
    pub method: String,
    /// The path as received (without the query).
    pub path: String,
    /// The family's spec (`cashfree-pg`), when the path matched an operation.
    pub family: Option<&'static str>,
    /// The operation's `operationId`, when the path matched one.
    pub operation_id: Option<&'static str>,
    /// The status answered.
    pub status: u16,
    /// The `x-idempotency-key` the request carried.
    pub idempotency_key: Option<String>,
    /// The `x-request-id` answered (echoed or generated).
    pub request_id: String,
    /// The injected fault this request got ([`FaultKind::name`](super::FaultKind::name)),
    /// if any. With `commit_then_drop` the status is what the work produced; the client got
    /// no answer.
    pub fault: Option<&'static str>,
}

/// A bounded, shared log of [`RequestRecord`]s.
#[derive(Clone, Debug, Default)]
pub struct RequestLog {
    records: Arc<Mutex<VecDeque<RequestRecord>>>,
}

impl RequestLog {
    /// Appends a record, dropping the oldest past [`MAX_RECORDS`].
    pub fn push(&self, record: RequestRecord) {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        if records.len() >= MAX_RECORDS {
            records.pop_front();
        }
        records.push_back(record);
    }

    /// Every record kept, oldest first.
    pub fn snapshot(&self) -> Vec<RequestRecord> {
        let records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        records.iter().cloned().collect()
    }

    /// Empties the log.
    pub fn clear(&self) {
        self.records
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}
