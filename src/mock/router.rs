//! Routing and the request pipeline.
//!
//! Routes come from the generated operation tables (`paygen::<family>::FAMILY`: method, path
//! template, auth, request schema) under each family's mount prefix ([`MOUNTS`]), so an
//! operation added to a spec is served with no new code. For each request, in order:
//! control API (`/__paygen/…`) → route → [`auth`](super::auth) →
//! [`validation`](super::validation) → [`idempotency`](super::idempotency) → the family's
//! [`state`](super::state) rules, else [`shape`](super::shape) → request log. An armed
//! [`fault`](super::faults) answers in place of the work, or changes the answer after it. Every answer
//! carries `x-request-id` (echoed, or a fresh UUID) and the rate-limit headers.

use std::borrow::Cow;

use http::{HeaderMap, HeaderValue, Method};
use percent_encoding::percent_decode_str;

use crate::runtime::OperationSpec;

use super::answer::{Answer, Dialect, Refusal};
use super::auth::Presented;
use super::families::{Mount, MOUNTS};
use super::faults::{self, Delivery, FaultKind};
use super::idempotency::Seen;
use super::log::RequestRecord;
use super::server::Inner;
use super::state::Call;
use super::{control, shape, validation};

/// The documented requests-per-window the mock advertises in `x-ratelimit-limit`.
pub const RATE_LIMIT: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

/// One operation of one family, at its full path on the mock.
#[derive(Debug)]
pub struct Route {
    /// The family.
    pub mount: &'static Mount,
    /// The operation.
    pub op: &'static OperationSpec,
    method: Method,
    segments: Vec<Segment>,
    literals: usize,
}

/// Every route of every family.
#[derive(Debug)]
pub struct Routes {
    routes: Vec<Route>,
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

impl Routes {
    /// The routes of every family in [`MOUNTS`]. Where two families document the same method
    /// and path, the first keeps it.
    pub fn build() -> Routes {
        let mut routes: Vec<Route> = Vec::new();
        for mount in MOUNTS {
            for op in mount.info.operations {
                let Ok(method) = Method::from_bytes(op.method.as_bytes()) else {
                    continue;
                };
                let segments: Vec<Segment> = split(mount.prefix)
                    .chain(split(op.path))
                    .map(
                        |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(name) => Segment::Param(name),
                            None => Segment::Literal(s),
                        },
                    )
                    .collect();
                if routes
                    .iter()
                    .any(|r| r.method == method && r.segments == segments)
                {
                    continue;
                }
                let literals = segments
                    .iter()
                    .filter(|s| matches!(s, Segment::Literal(_)))
                    .count();
                routes.push(Route {
                    mount,
                    op,
                    method,
                    segments,
                    literals,
                });
            }
        }
        Routes { routes }
    }

    /// How many operations are routed.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// True when nothing is routed.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Every route.
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// The route for a request and its path parameters; the most literal match wins.
    pub fn find(&self, method: &Method, path: &str) -> Option<(&Route, Vec<(String, String)>)> {
        let parts: Vec<&str> = split(path).collect();
        let mut best: Option<(&Route, Vec<(String, String)>)> = None;
        for route in &self.routes {
            if route.method != *method || route.segments.len() != parts.len() {
                continue;
            }
            let mut params = Vec::new();
            let matched = route
                .segments
                .iter()
                .zip(&parts)
                .all(|(seg, part)| match seg {
                    Segment::Literal(l) => l == part,
                    Segment::Param(name) => {
                        params.push((
                            name.to_string(),
                            percent_decode_str(part).decode_utf8_lossy().into_owned(),
                        ));
                        true
                    }
                });
            if matched
                && best
                    .as_ref()
                    .is_none_or(|(b, _)| route.literals > b.literals)
            {
                best = Some((route, params));
            }
        }
        best
    }

    /// The mount whose prefix is the longest one `path` starts with (for errors on paths no
    /// operation matches).
    pub fn mount_for(path: &str) -> &'static Mount {
        MOUNTS
            .iter()
            .filter(|m| !m.prefix.is_empty() && path.starts_with(m.prefix))
            .max_by_key(|m| m.prefix.len())
            .unwrap_or(&MOUNTS[0])
    }
}

/// A request as received.
#[derive(Debug)]
pub struct Incoming<'a> {
    /// Method.
    pub method: &'a Method,
    /// Path, without the query.
    pub path: &'a str,
    /// Query string, without `?`.
    pub query: Option<&'a str>,
    /// Headers.
    pub headers: &'a HeaderMap,
    /// The exact body bytes.
    pub body: &'a [u8],
}

/// What the pipeline answers, with the headers every answer carries.
#[derive(Debug)]
pub struct Outgoing {
    /// The answer.
    pub answer: Answer,
    /// The `x-request-id` to send.
    pub request_id: String,
    /// How the connection sends it (an injected fault may delay it or drop the connection).
    pub delivery: Delivery,
}

/// Runs one request through the pipeline.
pub fn handle(inner: &Inner, req: &Incoming<'_>) -> Outgoing {
    let request_id = req
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .map(str::to_string)
        .unwrap_or_else(|| super::ids::uuid().to_string());
    let idempotency_key = req
        .headers
        .get("x-idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(rest) = req.path.strip_prefix(control::PREFIX) {
        return Outgoing {
            answer: control::handle(inner, req.method, rest, req.body),
            request_id,
            delivery: Delivery::Answer,
        };
    }
    let mut fault = None;
    let mut delivery = Delivery::Answer;
    let (family, operation_id, answer) = match inner.routes.find(req.method, req.path) {
        None => {
            let mount = Routes::mount_for(req.path);
            let refusal = Refusal::new(
                404,
                "request_failed",
                "invalid_request_error",
                format!(
                    "bad URL, please check API documentation: no {} operation is {} {}",
                    mount.info.title, req.method, req.path
                ),
            );
            (None, None, mount.dialect.answer(&refusal))
        }
        Some((route, params)) => {
            fault = inner
                .faults
                .take(route.mount.info.spec, route.op.operation_id);
            let dialect = route.mount.dialect;
            let refuse = |status: u16, message: &str| {
                let (code, kind) = if status >= 500 {
                    ("internal_error", "api_error")
                } else if status == 429 {
                    ("rate_limit_error", "rate_limit_error")
                } else {
                    ("request_failed", "invalid_request_error")
                };
                dialect.answer(&Refusal::new(status, code, kind, message.to_string()))
            };
            let answer = match fault.as_ref().and_then(|f| faults::before(f, refuse)) {
                Some(answer) => answer,
                None => {
                    let done = operation(inner, route, &params, req, idempotency_key.as_deref());
                    match fault.as_ref() {
                        Some(f) => {
                            let (answer, how) = faults::after(f, done, refuse);
                            delivery = faults::latency(f).map(Delivery::After).unwrap_or(how);
                            answer
                        }
                        None => done,
                    }
                }
            };
            (
                Some(route.mount.info.spec),
                Some(route.op.operation_id),
                answer,
            )
        }
    };
    inner.log.push(RequestRecord {
        method: req.method.as_str().to_string(),
        path: req.path.to_string(),
        family,
        operation_id,
        status: answer.status,
        idempotency_key,
        request_id: request_id.clone(),
        fault: fault.as_ref().map(FaultKind::name),
    });
    Outgoing {
        answer,
        request_id,
        delivery,
    }
}

fn operation(
    inner: &Inner,
    route: &Route,
    params: &[(String, String)],
    req: &Incoming<'_>,
    idempotency_key: Option<&str>,
) -> Answer {
    let mount = route.mount;
    let dialect: Dialect = mount.dialect;
    let spec_path = req.path.strip_prefix(mount.prefix).unwrap_or(req.path);
    let presented = Presented {
        mount,
        op: route.op,
        headers: req.headers,
        method: req.method.as_str(),
        spec_path,
        body: req.body,
    };
    if let Err(refusal) = inner.auth.check(&inner.clock, &presented) {
        return dialect.answer(&refusal);
    }
    if let Err(refusal) = validation::check(route.op, dialect, req.body, req.query) {
        return dialect.answer(&refusal);
    }
    if let Some(key) = idempotency_key {
        match inner.idempotency.seen(route.op.operation_id, key, req.body) {
            Seen::New => {}
            Seen::Replay(answer) => return answer,
            Seen::Conflict(refusal) => return dialect.answer(&refusal),
        }
    }
    let query: Vec<(String, String)> = req
        .query
        .map(|q| {
            url_pairs(q)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let call = Call {
        mount,
        operation_id: route.op.operation_id,
        params,
        query: &query,
        headers: req.headers,
        body: req.body,
    };
    let ctx = inner.ctx();
    let mut handled = None;
    for (families, state) in &inner.states {
        if !families.contains(&mount.family) {
            continue;
        }
        let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
        handled = state.handle(&call, &ctx);
        if handled.is_some() {
            break;
        }
    }
    let answer = match handled {
        Some(Ok(answer)) => answer,
        Some(Err(refusal)) => dialect.answer(&refusal),
        None => {
            let body = serde_json::from_slice(req.body).ok();
            shape::answer(mount, route.op, params, body.as_ref())
        }
    };
    if let (Some(key), true) = (idempotency_key, answer.status < 300) {
        inner
            .idempotency
            .record(route.op.operation_id, key, req.body, &answer);
    }
    answer
}

fn url_pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &'_ str| -> String {
            percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        (Cow::Owned(decode(k)), Cow::Owned(decode(v)))
    })
}

/// The headers every answer carries besides its own.
pub fn standard_headers(headers: &mut HeaderMap, request_id: &str, has_body: bool) {
    if has_body && !headers.contains_key("content-type") {
        headers.insert("content-type", HeaderValue::from_static("application/json"));
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert("x-request-id", v);
    }
    // An answer's own rate-limit headers (a 429 fault's) win.
    if !headers.contains_key("x-ratelimit-remaining") {
        headers.insert("x-ratelimit-limit", HeaderValue::from(RATE_LIMIT));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(RATE_LIMIT - 1));
        headers.insert("x-ratelimit-reset", HeaderValue::from(60u32));
    }
}
