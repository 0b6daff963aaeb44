//! The `{status, subCode, message, data}` envelope of Cashfree's token-based APIs (Payouts v1,
//! Global Collections, OneEscrow), which may say `status: ERROR` on an HTTP 200. Shared by their
//! protocols.

use http::StatusCode;

/// The parts of an envelope a protocol decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// `status` is `ERROR` (in any case).
    pub error: bool,
    /// `subCode`, as text (`"403"`), empty when absent.
    pub sub_code: String,
    /// `message`, empty when absent.
    pub message: String,
}

/// The envelope of a body, when it is one (a JSON object with a `status`).
pub fn read(body: &[u8]) -> Option<Envelope> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |k: &str| match json.get(k) {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let status = text("status")?;
    Some(Envelope {
        error: status.eq_ignore_ascii_case("ERROR"),
        sub_code: text("subCode").unwrap_or_default(),
        message: text("message").unwrap_or_default(),
    })
}

/// An error status, or an envelope that says `ERROR` whatever the status.
pub fn is_error(status: StatusCode, body: &[u8]) -> bool {
    !status.is_success() || read(body).is_some_and(|e| e.error)
}

/// Refused as unauthenticated: HTTP 401/403, or an `ERROR` envelope with sub-code 401/403.
pub fn token_refused(status: StatusCode, body: &[u8]) -> bool {
    matches!(status.as_u16(), 401 | 403)
        || read(body).is_some_and(|e| e.error && matches!(e.sub_code.as_str(), "401" | "403"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_an_error_envelope_and_nothing_else() {
        let e =
            super::read(br#"{"status":"ERROR","subCode":"403","message":"Token is not valid"}"#)
                .unwrap();
        assert!(e.error);
        assert_eq!(e.sub_code, "403");
        assert_eq!(e.message, "Token is not valid");
        assert!(super::read(b"[]").is_none());
        assert!(super::read(b"<html>").is_none());
    }
}
