//! What the mock sends back: [`Answer`], and each family's documented error body
//! ([`Dialect`]).

use serde::Serialize;
use serde_json::json;

/// One HTTP answer: status, JSON body bytes, and extra headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body (JSON unless a header says otherwise).
    pub body: Vec<u8>,
    /// Headers beyond `content-type`, `x-request-id` and the rate-limit ones.
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    /// An answer whose body is `value` serialised (amounts keep their scale: `paygen::Amount`
    /// serialises as its exact text).
    pub fn json(status: u16, value: &impl Serialize) -> Answer {
        let body = serde_json::to_vec(value).unwrap_or_else(|e| {
            json!({"message": format!("the mock could not write its answer: {e}")})
                .to_string()
                .into_bytes()
        });
        Answer {
            status,
            body,
            headers: Vec::new(),
        }
    }

    /// `200` with `value`.
    pub fn ok(value: &impl Serialize) -> Answer {
        Answer::json(200, value)
    }

    /// Adds exact amounts to a JSON object body (a `serde_json::Value` would lose their
    /// scale): each `(name, amount)` becomes `"name":<amount text>`.
    pub fn with_amounts(mut self, amounts: &[(&str, crate::Amount)]) -> Answer {
        if self.body.last() != Some(&b'}') {
            return self;
        }
        self.body.pop();
        for (name, amount) in amounts {
            if self.body.len() > 1 {
                self.body.push(b',');
            }
            let key = serde_json::to_string(name).unwrap_or_else(|_| "\"\"".into());
            self.body.extend_from_slice(format!("{key}:{amount}").as_bytes());
        }
        self.body.push(b'}');
        self
    }

    /// The body as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// How a family writes its errors, as its documents show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `{message, code, type}` with the HTTP status (PG, Payouts v2, Collect from India,
    /// Flowwise, BBPS).
    Common,
    /// Payouts v1's envelope `{status: "ERROR", subCode, message}` (Payouts v1 and Cashgram,
    /// OneEscrow, Global Collections). The mock answers with the sub-code as the HTTP status.
    V1Envelope,
    /// The Payin & Payout envelope `{success: false, message, error, data}`.
    SuccessFlag,
}

/// An error a request earned: what kind, and the words for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status (and the v1 `subCode`).
    pub status: u16,
    /// The machine-readable code (`order_not_found`).
    pub code: String,
    /// The documented `type` (`invalid_request_error`, `authentication_error`, …).
    pub kind: &'static str,
    /// What went wrong and what to do.
    pub message: String,
}

impl Refusal {
    /// A refusal.
    pub fn new(
        status: u16,
        code: impl Into<String>,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Refusal {
        Refusal {
            status,
            code: code.into(),
            kind,
            message: message.into(),
        }
    }

    /// `400 invalid_request_error`.
    pub fn invalid(code: impl Into<String>, message: impl Into<String>) -> Refusal {
        Refusal::new(400, code, "invalid_request_error", message)
    }

    /// `404 invalid_request_error`.
    pub fn not_found(code: impl Into<String>, message: impl Into<String>) -> Refusal {
        Refusal::new(404, code, "invalid_request_error", message)
    }

    /// `409` "already exists".
    pub fn exists(code: impl Into<String>, message: impl Into<String>) -> Refusal {
        Refusal::new(409, code, "invalid_request_error", message)
    }

    /// `401 authentication_error`.
    pub fn unauthenticated(message: impl Into<String>) -> Refusal {
        Refusal::new(401, "authentication_error", "authentication_error", message)
    }
}

impl Dialect {
    /// The answer for `refusal`, in this family's error body.
    pub fn answer(self, refusal: &Refusal) -> Answer {
        match self {
            Dialect::Common => Answer::json(
                refusal.status,
                &json!({"message": refusal.message, "code": refusal.code, "type": refusal.kind}),
            ),
            Dialect::V1Envelope => Answer::json(
                refusal.status,
                &json!({"status": "ERROR", "subCode": refusal.status.to_string(), "message": refusal.message}),
            ),
            Dialect::SuccessFlag => Answer::json(
                refusal.status,
                &json!({"success": false, "message": refusal.message, "error": {"code": refusal.code, "type": refusal.kind}, "data": null}),
            ),
        }
    }
}
