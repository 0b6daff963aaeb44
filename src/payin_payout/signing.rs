//! The Payin & Payout API's request signature, as plain functions.
//!
//! Every request carries `Signature` = lowercase hex HMAC-SHA256, keyed with the merchant's
//! Secret Key, of
//!
//! ```text
//! METHOD \n PATH \n BODY \n TIMESTAMP \n
//! ```
//!
//! - `METHOD`: `GET` or `POST`, upper case;
//! - `PATH`: the operation's path without its leading `/` (`api/v1/payout/initiate`), and without
//!   the path of the merchant's base URL;
//! - `BODY`: the exact bytes of the JSON body sent, or `{}` when nothing is sent (GET included —
//!   see [`GetBodyLine`](super::GetBodyLine) for the other reading of the document);
//! - `TIMESTAMP`: the `Timestamp` header, milliseconds since the Unix epoch;
//! - the message ends with a newline after the timestamp, as in all four of the document's
//!   snippets.
//!
//! The client signs every attempt itself ([`HmacAuth`](super::HmacAuth)); these functions are
//! public so a rejected request can be checked by hand (the `paygen payin-payout sign` command
//! runs [`sign`]).
//!
//! ```
//! use paygen::payin_payout::signing::{sign, signing_message};
//!
//! let message = signing_message("GET", "api/v1/balance", b"{}", 1790431844701);
//! assert_eq!(message, b"GET\napi/v1/balance\n{}\n1790431844701\n");
//! // The digest the document's own Python and JavaScript snippets give for this request.
//! assert_eq!(
//!     sign("secret", "GET", "api/v1/balance", b"{}", 1790431844701),
//!     "8ee39437e9c64435c774d0a536c0f26e22081665475ac458b657fcec37a7e3e6"
//! );
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The body line the document signs when a request has no body: `{}`.
pub const EMPTY_BODY_LINE: &[u8] = b"{}";

/// The exact bytes the signature covers: `METHOD\nPATH\nBODY\nTIMESTAMP\n`.
///
/// Nothing is added or normalised: `method`, `path` and `body` go in as given.
pub fn signing_message(method: &str, path: &str, body: &[u8], timestamp_ms: u64) -> Vec<u8> {
    let timestamp = timestamp_ms.to_string();
    let mut message =
        Vec::with_capacity(method.len() + path.len() + body.len() + timestamp.len() + 4);
    for part in [
        method.as_bytes(),
        path.as_bytes(),
        body,
        timestamp.as_bytes(),
    ] {
        message.extend_from_slice(part);
        message.push(b'\n');
    }
    message
}

/// Lowercase hex HMAC-SHA256 of `message` keyed with `secret` (the Secret Key's UTF-8 bytes).
pub fn hmac_hex(secret: impl AsRef<[u8]>, message: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_ref()).expect("HMAC accepts a key of any length");
    mac.update(message);
    let digest = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The `Signature` header for one request: lowercase hex HMAC-SHA256 of
/// [`signing_message`]`(method, path, body, timestamp_ms)` keyed with `secret`.
///
/// ```
/// let signature = paygen::payin_payout::signing::sign(
///     "secret",
///     "POST",
///     "api/v1/payin/transactions",
///     br#"{"order_id":"adsd-ewerz-23sdsd-ad234"}"#,
///     1754304483001,
/// );
/// assert_eq!(signature.len(), 64);
/// ```
pub fn sign(
    secret: impl AsRef<[u8]>,
    method: &str,
    path: &str,
    body: &[u8],
    timestamp_ms: u64,
) -> String {
    hmac_hex(secret, &signing_message(method, path, body, timestamp_ms))
}

/// True when `signature` (hex, either case) is the signature of this request; compared in
/// constant time. Useful to check a captured request against the Secret Key.
///
/// ```
/// use paygen::payin_payout::signing::{sign, verify};
/// let s = sign("secret", "GET", "api/v1/balance", b"{}", 1);
/// assert!(verify("secret", "GET", "api/v1/balance", b"{}", 1, &s));
/// assert!(!verify("secret", "GET", "api/v1/balance", b"", 1, &s));
/// ```
pub fn verify(
    secret: impl AsRef<[u8]>,
    method: &str,
    path: &str,
    body: &[u8],
    timestamp_ms: u64,
    signature: &str,
) -> bool {
    let expected = sign(secret, method, path, body, timestamp_ms);
    let given = signature.trim().to_ascii_lowercase();
    expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// The `PATH` line for a request URL path: `url_path` with the base URL's path (`base_path`, e.g.
/// `/gateway` for `https://host/gateway`; empty or `/` for none) and then one leading `/`
/// removed. `None` when `url_path` is not under `base_path`.
///
/// ```
/// use paygen::payin_payout::signing::signed_path;
/// assert_eq!(signed_path("/api/v1/balance", ""), Some("api/v1/balance"));
/// assert_eq!(signed_path("/gateway/api/v1/balance", "/gateway/"), Some("api/v1/balance"));
/// assert_eq!(signed_path("/other/api/v1/balance", "/gateway"), None);
/// ```
pub fn signed_path<'a>(url_path: &'a str, base_path: &str) -> Option<&'a str> {
    let base = base_path.trim_end_matches('/');
    let rest = url_path.strip_prefix(base)?;
    if !base.is_empty() && !rest.is_empty() && !rest.starts_with('/') {
        // `/gatewayX/...` is not under `/gateway`.
        return None;
    }
    Some(rest.strip_prefix('/').unwrap_or(rest))
}

/// JSON text with every character outside printable ASCII written as a `\uXXXX` escape
/// (lowercase hex, surrogate pairs above U+FFFF) — byte for byte what the document's Python
/// snippet (`json.dumps(..., separators=(',', ':'))`, which keeps `ensure_ascii`) makes of the
/// same text. Borrowed when there is nothing to escape; the input is returned unchanged when it
/// is not UTF-8.
///
/// In JSON text such characters only occur inside strings, so the result means the same JSON.
///
/// ```
/// use paygen::payin_payout::signing::ascii_json;
/// assert_eq!(&*ascii_json(r#"{"name":"Zoë"}"#.as_bytes()), br#"{"name":"Zo\u00eb"}"#);
/// assert_eq!(&*ascii_json("{\"r\":\"🙏\"}".as_bytes()), br#"{"r":"\ud83d\ude4f"}"#);
/// ```
pub fn ascii_json(json: &[u8]) -> Cow<'_, [u8]> {
    if json.iter().all(|b| *b < 0x7f) {
        return Cow::Borrowed(json);
    }
    let Ok(text) = std::str::from_utf8(json) else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 16);
    for c in text.chars() {
        if (c as u32) < 0x7f {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    Cow::Owned(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_layout_is_four_lines_each_ending_in_a_newline() {
        let m = signing_message("POST", "api/v1/payout/initiate", b"{\"a\":1}", 42);
        assert_eq!(m, b"POST\napi/v1/payout/initiate\n{\"a\":1}\n42\n");
    }

    #[test]
    fn signed_path_rules() {
        assert_eq!(
            signed_path("/api/v1/payout/x/status", "/"),
            Some("api/v1/payout/x/status")
        );
        assert_eq!(
            signed_path("/gw/api/v1/balance", "/gw"),
            Some("api/v1/balance")
        );
        assert_eq!(signed_path("/gwx/api/v1/balance", "/gw"), None);
        assert_eq!(signed_path("/gw", "/gw"), Some(""));
    }

    #[test]
    fn ascii_json_escapes_del_like_python() {
        assert_eq!(&*ascii_json(b"\"a\x7fb\""), b"\"a\\u007fb\"");
        assert!(matches!(ascii_json(b"{}"), Cow::Borrowed(_)));
        assert_eq!(&*ascii_json(b"\xff\xfe"), b"\xff\xfe");
    }

    #[test]
    fn verify_rejects_other_lengths_and_accepts_upper_case() {
        let s = sign("k", "GET", "p", b"{}", 1);
        assert!(verify("k", "GET", "p", b"{}", 1, &s.to_uppercase()));
        assert!(!verify("k", "GET", "p", b"{}", 1, &s[..10]));
        assert!(!verify("k", "GET", "p", b"{}", 2, &s));
    }
}
