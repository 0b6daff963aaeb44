//! The bodies of paygen's fuzz targets: one function per entry point that reads untrusted
//! bytes, each taking any input and asserting what must hold for every input (and, by running
//! at all, that nothing panics, aborts or overflows the stack).
//!
//! Shared by the cargo-fuzz targets in `fuzz/fuzz_targets/` (nightly, `cargo fuzz run NAME`)
//! and by the stable smoke run `tests/fuzz_smoke`, which includes this file as a module and
//! feeds every target a few hundred thousand seeded inputs in CI.

use std::time::{Duration, UNIX_EPOCH};

use http::HeaderMap;
use paygen::webhooks::{
    identify, identify_body, parse, reader_disagreement, timestamp_millis, Verifier,
};
use paygen::{Amount, FlexString};
use serde::de::IgnoredAny;
use serde_json::Value;

/// One fuzz target: its name (the cargo-fuzz target's) and its body.
pub struct Target {
    /// The cargo-fuzz target's name (`fuzz/fuzz_targets/<name>.rs`).
    pub name: &'static str,
    /// The body: any bytes in, panics only on a broken property.
    pub run: fn(&[u8]),
}

/// Every target, in the order the smoke run reports them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "webhook_verify",
        run: webhook_verify,
    },
    Target {
        name: "webhook_parse",
        run: webhook_parse,
    },
    Target {
        name: "verify_and_parse",
        run: verify_and_parse,
    },
    Target {
        name: "json_reader",
        run: json_reader,
    },
    Target {
        name: "form_body",
        run: form_body,
    },
    Target {
        name: "identify",
        run: identify_json,
    },
    Target {
        name: "amount",
        run: amount,
    },
    Target {
        name: "flex_string",
        run: flex_string,
    },
    Target {
        name: "response_decoding",
        run: response_decoding,
    },
];

/// The content types a body is tried with; the input's first byte picks one.
const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/json"),
    Some("application/x-www-form-urlencoded"),
    Some("multipart/form-data; boundary=XyZ"),
    Some("text/plain"),
    Some("application/vnd.cashfree+json; charset=utf-8"),
];

const SECRET: &str = "fuzz-secret";
const TIMESTAMP: &str = "1746427759733";

/// The first byte as a content-type choice, and the rest.
fn content_type(data: &[u8]) -> (Option<&'static str>, &[u8]) {
    match data.split_first() {
        Some((b, rest)) => (CONTENT_TYPES[usize::from(*b) % CONTENT_TYPES.len()], rest),
        None => (None, data),
    }
}

/// A length-prefixed piece (first byte = length, capped at what is there), and the rest.
fn piece(data: &[u8]) -> (&[u8], &[u8]) {
    match data.split_first() {
        Some((len, rest)) => rest.split_at(usize::from(*len).min(rest.len())),
        None => (data, data),
    }
}

/// `Verifier::verify_at` on any secret, timestamp, signature and body; what `sign` makes for a
/// usable secret and timestamp verifies, and a different signature does not.
pub fn webhook_verify(data: &[u8]) {
    let (secret, rest) = piece(data);
    let (timestamp, rest) = piece(rest);
    let (signature, body) = piece(rest);
    let secret = String::from_utf8_lossy(secret);
    let timestamp = String::from_utf8_lossy(timestamp);
    let signature = String::from_utf8_lossy(signature);
    let verifier = Verifier::new(secret.as_ref()).with_tolerance(Duration::from_secs(300));
    let now = UNIX_EPOCH + Duration::from_millis(1_746_427_759_733);
    let result = verifier.verify_at(&timestamp, body, &signature, now);
    if secret.is_empty() || timestamp_millis(&timestamp).is_err() {
        assert!(
            result.is_err(),
            "nothing verifies without a secret and a timestamp"
        );
        return;
    }
    let good = verifier.sign(&timestamp, body);
    let fresh = Verifier::new(secret.as_ref());
    assert_eq!(fresh.verify_at(&timestamp, body, &good, now), Ok(()));
    if signature.trim() != good {
        assert!(result.is_err(), "a signature other than the MAC verified");
    }
}

/// `parse` on any body and content type: a parsed webhook holds the body exactly, and its
/// JSON text is JSON.
pub fn webhook_parse(data: &[u8]) {
    let (ct, body) = content_type(data);
    if let Ok(w) = parse(body, ct) {
        assert_eq!(w.raw_body(), body);
        assert!(serde_json::from_str::<IgnoredAny>(w.json_text()).is_ok());
        let _ = w.json();
    }
}

/// `verify_and_parse` on a correctly signed body: it gives exactly what `parse` gives.
pub fn verify_and_parse(data: &[u8]) {
    let (ct, body) = content_type(data);
    let verifier = Verifier::new(SECRET);
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", TIMESTAMP.parse().expect("ascii"));
    let signature = verifier.sign(TIMESTAMP, body);
    headers.insert("x-webhook-signature", signature.parse().expect("base64"));
    if let Some(ct) = ct {
        headers.insert("content-type", ct.parse().expect("ascii"));
    }
    let both = verifier.verify_and_parse(&headers, body);
    let parsed = parse(body, ct);
    assert_eq!(both.map(|v| v.webhook), parsed);
}

/// The one-pass parse's JSON reader against serde_json on any text: both accept or both
/// refuse, and what they read (every event type the one-pass path reads, a `Value`, amounts
/// and ids) is equal.
pub fn json_reader(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(why) = reader_disagreement(text) {
            panic!("the JSON reader and serde_json disagree: {why}");
        }
    }
}

/// Form-encoded and multipart bodies, and identifying them.
pub fn form_body(data: &[u8]) {
    for ct in [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=XyZ",
    ] {
        let parsed = parse(data, Some(ct));
        let identified = identify_body(data, Some(ct));
        match (&parsed, &identified) {
            (Ok(w), Ok(id)) => {
                assert_eq!(w.provider(), id.provider);
                assert_eq!(w.event_name(), id.event);
            }
            (Ok(_), Err(e)) => panic!("parsed but not identified: {e}"),
            _ => {}
        }
    }
}

/// `identify` on any JSON object, and `identify_body` on the same bytes, agree; a known
/// event is one its provider lists.
pub fn identify_json(data: &[u8]) {
    let by_body = identify_body(data, Some("application/json"));
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(data) {
        let id = identify(&map);
        if id.known {
            assert!(id.provider.known_events().contains(&id.event.as_str()));
        }
        if let Ok(b) = by_body {
            assert_eq!(b, id);
        }
    }
}

/// `Amount` from text and from JSON: what parses prints back to the same value and scale.
pub fn amount(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(a) = text.parse::<Amount>() {
            let again: Amount = a.to_string().parse().expect("an amount's text parses");
            assert_eq!(again, a);
            assert_eq!(again.decimal_places(), a.decimal_places());
            assert!(text.len() <= Amount::MAX_DIGITS + 2);
        }
    }
    if let Ok(a) = serde_json::from_slice::<Amount>(data) {
        let json = serde_json::to_string(&a).expect("an amount serialises");
        let again: Amount = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(again.decimal_places(), a.decimal_places());
    }
}

/// `FlexString` from JSON: never longer than its limit.
pub fn flex_string(data: &[u8]) {
    if let Ok(s) = serde_json::from_slice::<FlexString>(data) {
        assert!(s.len() <= FlexString::MAX_LEN);
        let json = serde_json::to_string(&s).expect("a string serialises");
        assert_eq!(serde_json::from_str::<FlexString>(&json).ok(), Some(s));
    }
}

/// Answers and error bodies decoded into generated types (what the runtime does with every
/// body it reads): no panic, and what decodes serialises.
pub fn response_decoding(data: &[u8]) {
    use paygen::pg::types::{ErrorResponse, OrderEntity, PaymentEntity, RefundEntity};
    fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
        if let Ok(v) = serde_json::from_slice::<T>(data) {
            serde_json::to_vec(&v).expect("a decoded value serialises");
        }
    }
    decode::<OrderEntity>(data);
    decode::<PaymentEntity>(data);
    decode::<RefundEntity>(data);
    decode::<ErrorResponse>(data);
}
