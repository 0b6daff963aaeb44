//! The runtime's private record of a failed call.
//!
//! progenitor's generated `send()` parses every error answer into one type. The runtime's
//! `exec` hook hands it this record instead of the raw answer: the original status, headers and
//! body bytes (kept exactly), the request id, the attempts — or, for failures that never reached
//! the server (validation, transport, configuration), what happened. [`crate::Error`] is built
//! from it. Users never see this type; it is public only because generated code names it.

use base64::Engine;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

/// What kind of failure a record describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The server answered with an error.
    Api,
    /// The request broke a rule of the spec and was not sent.
    Validation,
    /// No answer.
    Transport,
    /// A money-moving call with no clear outcome.
    OutcomeUnknown,
    /// A configuration that cannot work.
    Config,
}

/// The record itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// What kind of failure.
    pub kind: Kind,
    /// The operation.
    pub operation: String,
    /// The request id it was sent with.
    #[serde(default)]
    pub request_id: Option<String>,
    /// The answer's status.
    #[serde(default)]
    pub status: Option<u16>,
    /// How many times it was sent.
    #[serde(default)]
    pub attempts: u32,
    /// What happened.
    #[serde(default)]
    pub message: String,
    /// Validation: the field at fault. Outcome unknown: the merchant's reference.
    #[serde(default)]
    pub field: Option<String>,
    /// The operation moves money (`x-moves-money`): a failure without a clear answer is an
    /// unknown outcome, not something to try again blindly.
    #[serde(default)]
    pub moves_money: bool,
    /// Transport: the wait for an answer ran out.
    #[serde(default)]
    pub timeout: bool,
    /// Transport: no connection could be made.
    #[serde(default)]
    pub connect: bool,
    /// The answer's body, base64 (so any bytes survive exactly).
    #[serde(default)]
    pub body_b64: String,
    /// The answer's headers.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

/// What generated code receives for every error answer (see the module docs).
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub(crate) paygen: Record,
}

impl Record {
    /// A record of `kind` for `operation`.
    pub fn new(kind: Kind, operation: &str, message: impl Into<String>) -> Record {
        Record {
            kind,
            operation: operation.to_string(),
            request_id: None,
            status: None,
            attempts: 0,
            message: message.into(),
            field: None,
            moves_money: false,
            timeout: false,
            connect: false,
            body_b64: String::new(),
            headers: Vec::new(),
        }
    }

    /// Keeps the answer's body bytes.
    pub fn with_body(mut self, body: &[u8]) -> Record {
        self.body_b64 = base64::engine::general_purpose::STANDARD.encode(body);
        self
    }

    /// Keeps the answer's headers (all but cookies).
    pub fn with_headers(mut self, headers: &HeaderMap) -> Record {
        self.headers = headers
            .iter()
            .filter(|(k, _)| *k != http::header::SET_COOKIE)
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        self
    }

    /// The record wrapped as generated code expects it.
    pub fn into_envelope(self) -> ErrorEnvelope {
        ErrorEnvelope { paygen: self }
    }

    pub(crate) fn header_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::try_from(k.as_str()),
                HeaderValue::try_from(v.as_str()),
            ) {
                map.append(k, v);
            }
        }
        map
    }
}

impl ErrorEnvelope {
    pub(crate) fn raw_body(&self) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.paygen.body_b64)
            .unwrap_or_default()
    }
}

impl std::ops::Deref for ErrorEnvelope {
    type Target = Record;
    fn deref(&self) -> &Record {
        &self.paygen
    }
}
