//! Webhook signatures against the vectors computed by the documents' own snippets
//! (tests/vectors/webhooks/make_vectors.py runs their Node and Python code), tampering, replay
//! tolerance, and properties over arbitrary bodies.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use paygen::webhooks::{sign, DeliveryHeaders, Event, Verifier, WebhookError};
use paygen::Secret;
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    generated_by: String,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    secret: String,
    timestamp: String,
    body_file: Option<String>,
    body: Option<String>,
    signature: String,
}

impl Vector {
    fn body(&self) -> Vec<u8> {
        match (&self.body_file, &self.body) {
            (Some(path), None) => std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")),
            (None, Some(body)) => body.clone().into_bytes(),
            _ => panic!("{}: exactly one of body_file and body", self.name),
        }
    }
}

fn vectors() -> Vec<Vector> {
    let text = std::fs::read_to_string("tests/vectors/webhooks/vectors.json").unwrap();
    let v: Vectors = serde_json::from_str(&text).unwrap();
    assert_eq!(v.generated_by, "tests/vectors/webhooks/make_vectors.py");
    v.vectors
}

/// A moment the vectors' timestamps are "now" for, so tolerance checks pass.
fn at(timestamp: &str) -> SystemTime {
    UNIX_EPOCH
        + Duration::from_millis(paygen::webhooks::timestamp_millis(timestamp).unwrap() as u64)
}

#[test]
fn the_documents_snippets_and_paygen_agree_on_every_vector() {
    let vectors = vectors();
    assert!(vectors.len() >= 40, "every fixture plus the edge cases");
    for v in &vectors {
        let body = v.body();
        let secret = Secret::new(v.secret.clone());
        assert_eq!(
            sign(&secret, &v.timestamp, &body),
            v.signature,
            "{}",
            v.name
        );
        let verifier = Verifier::new(v.secret.clone()).with_tolerance(Duration::from_secs(300));
        assert_eq!(
            verifier.verify_at(&v.timestamp, &body, &v.signature, at(&v.timestamp)),
            Ok(()),
            "{}",
            v.name
        );
    }
}

#[test]
fn tampering_with_any_byte_the_timestamp_or_the_secret_fails() {
    for v in vectors() {
        let body = v.body();
        let verifier = Verifier::new(v.secret.clone());
        let now = at(&v.timestamp);
        for i in 0..body.len() {
            let mut tampered = body.clone();
            tampered[i] ^= 0x01;
            assert_eq!(
                verifier.verify_at(&v.timestamp, &tampered, &v.signature, now),
                Err(WebhookError::SignatureMismatch),
                "{}: byte {i}",
                v.name
            );
        }
        let mut longer = body.clone();
        longer.push(b' ');
        assert_eq!(
            verifier.verify_at(&v.timestamp, &longer, &v.signature, now),
            Err(WebhookError::SignatureMismatch)
        );
        if !body.is_empty() {
            assert_eq!(
                verifier.verify_at(&v.timestamp, &body[..body.len() - 1], &v.signature, now),
                Err(WebhookError::SignatureMismatch)
            );
        }
        let ts: u64 = v.timestamp.parse().unwrap();
        for other in [ts + 1, ts - 1] {
            assert_eq!(
                verifier.verify_at(&other.to_string(), &body, &v.signature, now),
                Err(WebhookError::SignatureMismatch),
                "{}: timestamp {other}",
                v.name
            );
        }
        let mut wrong = v.secret.clone();
        wrong.push('x');
        assert_eq!(
            Verifier::new(wrong).verify_at(&v.timestamp, &body, &v.signature, now),
            Err(WebhookError::SignatureMismatch),
            "{}",
            v.name
        );
    }
}

#[test]
fn reserialising_170_00_as_170_breaks_the_signature() {
    let all = vectors();
    let find = |n: &str| all.iter().find(|v| v.name == n).unwrap();
    let exact = find("amount-170.00");
    let reserialised = find("amount-170-reserialised");
    assert_ne!(exact.signature, reserialised.signature);
    // What a receiver that parses and re-serialises would verify:
    let value: serde_json::Value = serde_json::from_slice(&exact.body()).unwrap();
    let again = serde_json::to_vec(&value).unwrap();
    assert_ne!(again, exact.body());
    assert_eq!(
        Verifier::new(exact.secret.clone()).verify(&exact.timestamp, &again, &exact.signature),
        Err(WebhookError::SignatureMismatch)
    );
    // Parsing with paygen keeps 170.00 (it is paygen::Amount, not f64).
    let body = exact.body();
    let w = paygen::webhooks::parse(&body, None).unwrap();
    let Event::Payment(p) = w.event() else {
        panic!()
    };
    assert_eq!(
        p.data
            .payment
            .as_ref()
            .unwrap()
            .payment_amount
            .unwrap()
            .to_string(),
        "170.00"
    );
}

#[test]
fn a_trailing_newline_is_part_of_the_signed_body() {
    // The documents' Java sample appends '\n' to every line it reads; the raw body is what counts.
    let all = vectors();
    let with = all.iter().find(|v| v.name == "trailing-newline").unwrap();
    let without = all
        .iter()
        .find(|v| v.name == "no-trailing-newline")
        .unwrap();
    assert_eq!(with.body(), [without.body(), b"\n".to_vec()].concat());
    assert_ne!(with.signature, without.signature);
    assert_eq!(
        Verifier::new(without.secret.clone()).verify(
            &without.timestamp,
            &with.body(),
            &without.signature
        ),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn the_signature_header_must_be_a_base64_hmac() {
    let v = Verifier::new("s");
    for bad in [
        "",
        "not base64!",
        "AAAA",
        "07r5C3VMwsGYeldGOCYxe5zoHhIN1zLfa8O0U/yngHI",
    ] {
        assert_eq!(
            v.verify("1746427759733", b"{}", bad),
            Err(WebhookError::MalformedSignature),
            "{bad:?}"
        );
    }
    // The documents' header sample is well-formed; it just is not ours.
    assert_eq!(
        v.verify(
            "1746427759733",
            b"{}",
            "07r5C3VMwsGYeldGOCYxe5zoHhIN1zLfa8O0U/yngHI="
        ),
        Err(WebhookError::SignatureMismatch)
    );
    // Surrounding whitespace in the header is tolerated.
    let sig = sign(&"s".into(), "1746427759733", b"{}");
    assert_eq!(
        v.verify("1746427759733", b"{}", &format!(" {sig} ")),
        Ok(())
    );
}

#[test]
fn timestamps_must_be_digits_and_recent_when_a_tolerance_is_set() {
    let secret: Secret = "s".into();
    let body = b"{}";
    let ts = "1746427759733";
    let sig = sign(&secret, ts, body);
    let now = at(ts);
    let five_min = Verifier::new("s").with_tolerance(Duration::from_secs(300));
    assert_eq!(
        five_min.verify_at(ts, body, &sig, now + Duration::from_secs(300)),
        Ok(())
    );
    assert_eq!(
        five_min.verify_at(ts, body, &sig, now - Duration::from_secs(300)),
        Ok(())
    );
    let late = five_min
        .verify_at(ts, body, &sig, now + Duration::from_secs(301))
        .unwrap_err();
    assert!(
        matches!(
            late,
            WebhookError::StaleTimestamp {
                skew_ms: 301_000,
                ..
            }
        ),
        "{late:?}"
    );
    assert!(late.to_string().contains("301 s old"), "{late}");
    let early = five_min
        .verify_at(ts, body, &sig, now - Duration::from_secs(400))
        .unwrap_err();
    assert!(early.to_string().contains("in the future"), "{early}");
    // Without a tolerance any age passes.
    assert_eq!(
        Verifier::new("s").verify_at(ts, body, &sig, now + Duration::from_secs(86_400 * 365)),
        Ok(())
    );
    // Staleness is only reported for authentic deliveries.
    assert_eq!(
        five_min.verify_at(ts, b"{ }", &sig, now + Duration::from_secs(3600)),
        Err(WebhookError::SignatureMismatch)
    );
    // A seconds timestamp (10 digits) is read as seconds.
    let s_ts = "1746427759";
    let s_sig = sign(&secret, s_ts, body);
    assert_eq!(five_min.verify_at(s_ts, body, &s_sig, at(ts)), Ok(()));
    for bad in [
        "",
        "2025-05-05T10:00:00+05:30",
        "-1746427759733",
        "17464277597.33",
        "0x10",
    ] {
        let sig = sign(&secret, bad, body);
        assert!(
            matches!(
                Verifier::new("s").verify(bad, body, &sig),
                Err(WebhookError::BadTimestamp(_))
            ),
            "{bad:?}"
        );
    }
    // With the real clock.
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    assert_eq!(
        five_min.verify(&now_ms, body, &sign(&secret, &now_ms, body)),
        Ok(())
    );
    assert!(matches!(
        five_min.verify(ts, body, &sig),
        Err(WebhookError::StaleTimestamp { .. })
    ));
}

#[test]
fn an_empty_secret_verifies_nothing_and_secrets_never_print() {
    let sig = sign(&"".into(), "1746427759733", b"{}");
    assert_eq!(
        Verifier::new("").verify("1746427759733", b"{}", &sig),
        Err(WebhookError::EmptySecret)
    );
    let v = Verifier::new("super-secret-value").with_tolerance(Duration::from_secs(5));
    let shown = format!("{v:?}");
    assert!(!shown.contains("super-secret-value"), "{shown}");
    assert!(shown.contains("Secret(***)"), "{shown}");
    let err = v.verify("1746427759733", b"{}", &sig).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("super-secret-value"));
}

#[test]
fn headers_are_required_and_delivery_metadata_is_exposed() {
    let body = br#"{"data":{"order":{"order_id":"o"}},"type":"PAYMENT_USER_DROPPED_WEBHOOK"}"#;
    let v = Verifier::new("k");
    let ts = "1746427759733";
    let sig = sign(&"k".into(), ts, body);
    let mut h = HeaderMap::new();
    assert_eq!(
        v.verify_and_parse(&h, body).unwrap_err(),
        WebhookError::MissingHeader("x-webhook-signature")
    );
    h.insert("x-webhook-signature", sig.parse().unwrap());
    assert_eq!(
        v.verify_and_parse(&h, body).unwrap_err(),
        WebhookError::MissingHeader("x-webhook-timestamp")
    );
    h.insert("x-webhook-timestamp", ts.parse().unwrap());
    h.insert("x-webhook-attempt", "3".parse().unwrap());
    h.insert("x-webhook-version", "2025-01-01".parse().unwrap());
    h.insert(
        "x-idempotency-key",
        "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc="
            .parse()
            .unwrap(),
    );
    let d = v.verify_and_parse(&h, body).unwrap();
    assert_eq!(d.headers.attempt, Some(3));
    assert_eq!(d.headers.version.as_deref(), Some("2025-01-01"));
    assert_eq!(
        d.dedup_key(),
        "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc="
    );
    assert_eq!(d.webhook.raw_body(), body);
    // Without x-idempotency-key (the 2023-08-01 sample headers have none) the key is the
    // body's digest: the same for every attempt of the same bytes.
    h.remove("x-idempotency-key");
    h.insert("x-webhook-attempt", "4".parse().unwrap());
    let a = v.verify_and_parse(&h, body).unwrap().dedup_key();
    assert_eq!(a, v.verify_and_parse(&h, body).unwrap().dedup_key());
    assert_eq!(a.len(), 44);
    // A bad attempt header is reported, not ignored.
    h.insert("x-webhook-attempt", "first".parse().unwrap());
    assert!(matches!(
        v.verify_and_parse(&h, body),
        Err(WebhookError::InvalidHeader {
            name: "x-webhook-attempt",
            ..
        })
    ));
    // Only the legacy partner header.
    let mut legacy = HeaderMap::new();
    legacy.insert(
        "x-cashfree-signature",
        "07r5C3VMwsGYeldGOCYxe5zoHhIN1zLfa8O0U/yngHI="
            .parse()
            .unwrap(),
    );
    legacy.insert(
        "x-cashfree-timestamp",
        "2021-04-16T14:10:36+05:30".parse().unwrap(),
    );
    assert_eq!(
        v.verify_and_parse(&legacy, body).unwrap_err(),
        WebhookError::LegacySignatureOnly
    );
    // Nothing is parsed before the signature checks out.
    let mut bad = HeaderMap::new();
    bad.insert("x-webhook-timestamp", ts.parse().unwrap());
    bad.insert(
        "x-webhook-signature",
        sign(&"k".into(), ts, b"not json").parse().unwrap(),
    );
    assert!(matches!(
        v.verify_and_parse(&bad, b"not json"),
        Err(WebhookError::BodyNotJson(_))
    ));
    assert_eq!(
        v.verify_and_parse(&bad, body).unwrap_err(),
        WebhookError::SignatureMismatch
    );
    // Headers read without http::HeaderMap.
    let d = DeliveryHeaders::from_lookup(|n| match n {
        "x-webhook-signature" => Some(Ok(sig.as_str())),
        "x-webhook-timestamp" => Some(Ok(ts)),
        _ => None,
    })
    .unwrap();
    assert!(v.verify_and_parse_delivery(d, body).is_ok());
}

#[test]
fn global_collections_partner_webhooks_verify_with_the_partner_key() {
    let v = vectors()
        .into_iter()
        .find(|v| v.name == "gc.reversal.json")
        .unwrap();
    let mut h = HeaderMap::new();
    h.insert("x-webhook-timestamp", v.timestamp.parse().unwrap());
    h.insert("x-webhook-signature", v.signature.parse().unwrap());
    let body = v.body();
    let d = Verifier::new(v.secret.clone())
        .verify_and_parse(&h, &body)
        .unwrap();
    assert_eq!(
        d.webhook.provider().signing_key(),
        Some(paygen::webhooks::SigningKey::PartnerApiKey)
    );
    assert!(matches!(d.webhook.event(), Event::GcPayment(_)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn verify_accepts_what_sign_makes(body in proptest::collection::vec(any::<u8>(), 0..2048),
                                      ts in 1_000_000_000_000u64..9_999_999_999_999u64,
                                      secret in "[ -~]{1,64}") {
        let ts = ts.to_string();
        let sig = sign(&Secret::new(secret.clone()), &ts, &body);
        prop_assert_eq!(Verifier::new(secret).verify(&ts, &body, &sig), Ok(()));
    }

    #[test]
    fn any_one_bit_flip_in_the_body_fails(body in proptest::collection::vec(any::<u8>(), 1..1024),
                                          index in any::<prop::sample::Index>(),
                                          bit in 0u8..8) {
        let ts = "1746427759733";
        let sig = sign(&"k".into(), ts, &body);
        let mut flipped = body.clone();
        let i = index.index(flipped.len());
        flipped[i] ^= 1 << bit;
        prop_assert_eq!(Verifier::new("k").verify(ts, &flipped, &sig), Err(WebhookError::SignatureMismatch));
    }

    #[test]
    fn any_one_bit_flip_in_the_signature_fails(body in proptest::collection::vec(any::<u8>(), 0..256),
                                               bit in 0usize..256) {
        use base64::Engine as _;
        let ts = "1746427759733";
        let sig = sign(&"k".into(), ts, &body);
        let mut raw = base64::engine::general_purpose::STANDARD.decode(&sig).unwrap();
        raw[bit / 8] ^= 1 << (bit % 8);
        let flipped = base64::engine::general_purpose::STANDARD.encode(raw);
        prop_assert_eq!(Verifier::new("k").verify(ts, &body, &flipped), Err(WebhookError::SignatureMismatch));
    }

    #[test]
    fn parse_never_panics(body in proptest::collection::vec(any::<u8>(), 0..512),
                          form in any::<bool>()) {
        let ct = if form { Some("application/x-www-form-urlencoded") } else { None };
        let _ = paygen::webhooks::parse(&body, ct);
        let _ = paygen::webhooks::parse(&body, Some("multipart/form-data; boundary=x"));
    }
}

/// `DeliveryHeaders::from_headers` reads the map in one pass: each header's first value (what
/// `HeaderMap::get` gives), every header it knows, nothing else, and a value that is not
/// visible ASCII is an error naming the header.
#[test]
fn delivery_headers_read_each_headers_first_value() {
    let mut h = HeaderMap::new();
    h.insert("host", "example.com".parse().unwrap());
    h.append("x-webhook-signature", " sig-1 ".parse().unwrap());
    h.append("x-webhook-signature", "sig-2".parse().unwrap());
    h.insert("x-webhook-timestamp", "1746427759733".parse().unwrap());
    h.insert("x-webhook-attempt", "3".parse().unwrap());
    h.insert("x-webhook-version", "2023-08-01".parse().unwrap());
    h.insert("x-idempotency-key", "key-1".parse().unwrap());
    h.insert("content-type", "application/json".parse().unwrap());
    h.insert("x-cashfree-signature", "legacy".parse().unwrap());
    let d = DeliveryHeaders::from_headers(&h).unwrap();
    assert_eq!(d.signature.as_deref(), Some("sig-1"));
    assert_eq!(d.timestamp.as_deref(), Some("1746427759733"));
    assert_eq!(d.attempt, Some(3));
    assert_eq!(d.version.as_deref(), Some("2023-08-01"));
    assert_eq!(d.idempotency_key.as_deref(), Some("key-1"));
    assert_eq!(d.content_type.as_deref(), Some("application/json"));
    assert!(d.has_legacy_signature);

    let none = HeaderMap::new();
    let empty = DeliveryHeaders::from_headers(&none).unwrap();
    assert_eq!(empty, DeliveryHeaders::default());

    let mut bad = HeaderMap::new();
    bad.insert(
        "x-webhook-version",
        http::HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap(),
    );
    assert!(matches!(
        DeliveryHeaders::from_headers(&bad),
        Err(WebhookError::InvalidHeader {
            name: "x-webhook-version",
            ..
        })
    ));
}
