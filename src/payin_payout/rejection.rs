//! When a Payin & Payout answer is a rejection. Every answer comes in the envelope
//! `{error, data, message, success}`.
//!
//! The document shows only successes (`"error": ""`, `"success": true`) and no error status or
//! error body, so a failure is recognised by the envelope itself, whatever the HTTP status:
//! `success: false`, or an `error` that is not empty.

use serde_json::Value;

/// True when the answer's envelope says the call failed: `success` is `false`, or `error` is
/// present and not empty (a non-blank string, a non-empty object or array, `true`, a non-zero
/// number). A body that is not a JSON object is not judged here (it fails to decode instead).
pub(crate) fn is_failure(body: &[u8]) -> bool {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    if map.get("success") == Some(&Value::Bool(false)) {
        return true;
    }
    match map.get("error") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::Bool(true)) => true,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
    }
}

/// True when a failure answer speaks of the request's timestamp (the document: "if the timestamp
/// is too old or invalid, the request will be rejected"; the wording of that rejection is not
/// documented, so this looks for the likely words).
pub(crate) fn mentions_timestamp(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
    [
        "timestamp",
        "time stamp",
        "expired",
        "too old",
        "replay",
        "clock",
    ]
    .iter()
    .any(|word| text.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_by_envelope() {
        let cases: &[(&str, bool)] = &[
            (
                r#"{"error":"","data":{},"message":"ok","success":true}"#,
                false,
            ),
            (
                r#"{"error":"","data":[],"message":"Invalid order","success":false}"#,
                true,
            ),
            (
                r#"{"error":"Insufficient balance","message":"x","success":true}"#,
                true,
            ),
            (r#"{"error":{"amount":["required"]},"success":false}"#, true),
            (r#"{"error":{"amount":["required"]}}"#, true),
            (r#"{"error":["bad"]}"#, true),
            (r#"{"error":null,"success":true}"#, false),
            (r#"{"error":"   ","success":true}"#, false),
            (r#"{"error":{},"success":true}"#, false),
            (r#"{"error":0,"success":true}"#, false),
            (r#"{"error":1}"#, true),
            (r#"{"data":{"balance":"1.00"}}"#, false),
            ("not json", false),
            ("[1,2]", false),
        ];
        for (body, failed) in cases {
            assert_eq!(is_failure(body.as_bytes()), *failed, "{body}");
        }
    }

    #[test]
    fn timestamp_words() {
        assert!(mentions_timestamp(
            br#"{"message":"Request Timestamp expired"}"#
        ));
        assert!(mentions_timestamp(br#"{"error":"Invalid timestamp"}"#));
        assert!(!mentions_timestamp(br#"{"error":"Invalid signature"}"#));
    }
}
