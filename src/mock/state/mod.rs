//! State rules: one file per family, each a [`FamilyState`] the router hands the requests of
//! its families to. A rule answers the operations it knows and returns `None` for the rest,
//! which are answered from the spec by [`shape`](super::shape).
//!
//! Adding a family's rules: write `state/<family>.rs` with a type implementing
//! [`FamilyState`], and add it to [`all`].

pub mod bbps;
pub mod collect_from_india;
pub mod flowwise;
pub mod global_collections;
pub mod oneescrow;
pub mod payin_payout;
pub mod payouts_v1;
pub mod payouts_v2;
pub mod pg;
pub mod preauth;
pub mod tokens;

use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::answer::{Answer, Refusal};
use super::auth::{MockCredentials, Tokens};
use super::clock::MockClock;
use super::events::EventSink;
use super::families::{Family, Mount};

/// One request, as a state rule sees it: already authenticated and validated against its spec.
#[derive(Debug)]
pub struct Call<'a> {
    /// The family it was sent to.
    pub mount: &'static Mount,
    /// The operation's `operationId`.
    pub operation_id: &'static str,
    /// Path parameters by their spec names, percent-decoded.
    pub params: &'a [(String, String)],
    /// Query parameters, decoded.
    pub query: &'a [(String, String)],
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// The exact body bytes.
    pub body: &'a [u8],
}

impl Call<'_> {
    /// A path parameter.
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// A query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header's text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body read as `T`; a body that does not fit is refused naming the operation.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, Refusal> {
        let bytes: &[u8] = if self.body.is_empty() {
            b"{}"
        } else {
            self.body
        };
        serde_json::from_slice(bytes).map_err(|e| {
            Refusal::invalid(
                "request_invalid",
                format!("{}: the body does not fit the spec: {e}", self.operation_id),
            )
        })
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(self.body).unwrap_or(Value::Null)
    }
}

/// What state rules may use besides the request.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The server's clock.
    pub clock: &'a MockClock,
    /// Where state changes a webhook is documented for are published.
    pub events: &'a EventSink,
    /// Issued bearer tokens.
    pub tokens: &'a Tokens,
    /// The credentials the server accepts.
    pub credentials: &'a MockCredentials,
    /// How long an issued bearer token lives, in seconds.
    pub token_ttl_secs: i64,
}

/// What a rule did with a request: `None` leaves it to the spec's shape.
pub type Handled = Option<Result<Answer, Refusal>>;

/// The state rules of one or more families.
pub trait FamilyState: Send + 'static {
    /// The families whose requests this rule sees.
    fn families(&self) -> &'static [Family];

    /// Answers `call`, or `None` to let the spec's shape answer it.
    fn handle(&mut self, call: &Call<'_>, ctx: &Ctx<'_>) -> Handled;

    /// Answers a control request of the family's own (`/__paygen/<path>`, e.g.
    /// `POST /__paygen/pg/disputes`), or `None` when it has none at `path`.
    fn control(&mut self, method: &str, path: &str, body: &[u8], ctx: &Ctx<'_>) -> Handled {
        let _ = (method, path, body, ctx);
        None
    }

    /// Forgets everything (`POST /__paygen/reset`).
    fn reset(&mut self);
}

/// Every family's state rules, fresh.
pub fn all() -> Vec<Box<dyn FamilyState>> {
    vec![
        Box::new(tokens::TokenState),
        Box::new(pg::PgState::default()),
        Box::new(payouts_v2::PayoutsV2State::default()),
        Box::new(payouts_v1::PayoutsV1State::default()),
        Box::new(oneescrow::OneEscrowState::default()),
        Box::new(payin_payout::PayinPayoutState::default()),
        Box::new(flowwise::FlowwiseState::default()),
        Box::new(collect_from_india::CollectFromIndiaState::default()),
        Box::new(global_collections::GlobalCollectionsState::default()),
        Box::new(bbps::BbpsState::default()),
    ]
}
