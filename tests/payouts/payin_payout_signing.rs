//! The signer against the document's own snippets: `tests/vectors/payin-payout/vectors.json` was
//! computed by running the document's Python and JavaScript (`generate.py` next to it), and every
//! Rust signature must equal it. Plus: any change to method, path, body, timestamp or secret
//! changes the signature.
#![cfg(feature = "payin-payout")]

use paygen::payin_payout::signing::{ascii_json, sign, signed_path, signing_message, verify};
use proptest::prelude::*;
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let path = format!(
        "{}/tests/vectors/payin-payout/vectors.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: Value = serde_json::from_str(&text).expect("vectors.json is JSON");
    json["cases"].as_array().expect("cases").clone()
}

fn case(name: &str) -> Value {
    vectors()
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no vector {name}"))
}

fn s<'a>(c: &'a Value, key: &str) -> &'a str {
    c[key].as_str().unwrap_or_else(|| panic!("{key} in {c}"))
}

#[test]
fn every_vector_from_the_document_snippets_is_reproduced() {
    let cases = vectors();
    assert!(cases.len() >= 10, "the vectors file lost cases");
    for c in &cases {
        let timestamp: u64 = s(c, "timestamp").parse().unwrap();
        let ours = sign(
            s(c, "secret"),
            s(c, "method"),
            s(c, "path"),
            s(c, "body_line").as_bytes(),
            timestamp,
        );
        assert_eq!(
            ours,
            s(c, "javascript"),
            "{}: JavaScript snippet",
            s(c, "name")
        );
        if let Some(python) = c["python"].as_str() {
            assert_eq!(ours, python, "{}: Python snippet", s(c, "name"));
        }
        assert_eq!(
            signing_message(
                s(c, "method"),
                s(c, "path"),
                s(c, "body_line").as_bytes(),
                timestamp
            ),
            s(c, "message").as_bytes(),
            "{}: message layout",
            s(c, "name")
        );
        assert!(verify(
            s(c, "secret"),
            s(c, "method"),
            s(c, "path"),
            s(c, "body_line").as_bytes(),
            timestamp,
            s(c, "signature")
        ));
    }
}

/// PP-3: paygen signs `{}` for a GET (the Python snippet, the example); the prose's empty line
/// gives another digest, so a change of reading cannot go unnoticed.
#[test]
fn get_body_line_is_braces_and_the_empty_reading_differs() {
    let braces = case("get_balance");
    let empty = case("get_balance_empty_line");
    assert_eq!(s(&braces, "body_line"), "{}");
    assert_eq!(s(&empty, "body_line"), "");
    assert_eq!(
        sign("secret", "GET", "api/v1/balance", b"{}", 1790431844701),
        s(&braces, "python")
    );
    assert_ne!(s(&braces, "signature"), s(&empty, "signature"));
    assert_eq!(
        sign("secret", "GET", "api/v1/balance", b"", 1790431844701),
        s(&empty, "javascript")
    );
}

/// PP-6: paygen writes non-ASCII as `\uXXXX`, which reproduces Python's `json.dumps` byte for
/// byte (surrogate pairs included); the raw UTF-8 body is a different message.
#[test]
fn non_ascii_bodies_are_escaped_as_the_python_snippet_does() {
    for name in [
        "initiate_payout_non_ascii",
        "initiate_payout_astral",
        "initiate_payout",
    ] {
        let c = case(name);
        let escaped = ascii_json(s(&c, "raw_utf8_body").as_bytes());
        assert_eq!(
            std::str::from_utf8(&escaped).unwrap(),
            s(&c, "body_line"),
            "{name}"
        );
    }
    let escaped = case("initiate_payout_non_ascii");
    let raw = case("initiate_payout_non_ascii_raw_utf8");
    assert_ne!(s(&escaped, "signature"), s(&raw, "signature"));
    // Raw UTF-8 bytes are signed as bytes, as the JavaScript snippet does.
    assert_eq!(
        sign(
            "secret",
            "POST",
            "api/v1/payout/initiate",
            s(&raw, "body_line").as_bytes(),
            1790431844701
        ),
        s(&raw, "javascript")
    );
}

/// PP-4: the signed path has no leading slash.
#[test]
fn the_signed_path_has_no_leading_slash() {
    let c = case("initiate_payout");
    assert_eq!(s(&c, "path"), "api/v1/payout/initiate");
    assert_eq!(
        signed_path("/api/v1/payout/initiate", ""),
        Some("api/v1/payout/initiate")
    );
    let with_slash = sign(
        "secret",
        "POST",
        "/api/v1/payout/initiate",
        s(&c, "body_line").as_bytes(),
        1790431844701,
    );
    assert_ne!(with_slash, s(&c, "signature"));
}

/// PP-5: the message ends with a newline after the timestamp (all four snippets).
#[test]
fn the_message_ends_with_a_newline() {
    let c = case("get_balance");
    assert!(s(&c, "message").ends_with("1790431844701\n"));
    let without = paygen::payin_payout::signing::hmac_hex(
        "secret",
        b"GET\napi/v1/balance\n{}\n1790431844701",
    );
    assert_ne!(without, s(&c, "signature"));
}

/// A secret longer than the SHA-256 block and not ASCII is keyed by its UTF-8 bytes.
#[test]
fn long_non_ascii_secret() {
    let c = case("initiate_payout_long_secret");
    assert!(s(&c, "secret").len() > 64 && !s(&c, "secret").is_ascii());
    assert_eq!(
        sign(
            s(&c, "secret"),
            "POST",
            "api/v1/payout/initiate",
            s(&c, "body_line").as_bytes(),
            1700000000000
        ),
        s(&c, "python")
    );
}

#[test]
fn signatures_are_lowercase_hex_of_64_characters() {
    for c in vectors() {
        let sig = s(&c, "signature");
        assert_eq!(sig.len(), 64);
        assert!(
            sig.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{sig}"
        );
    }
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GET".to_string()),
        Just("POST".to_string()),
        "[A-Z]{1,7}"
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_change_changes_the_signature(
        secret in "[ -~]{1,80}",
        m in method(),
        path in "[a-z0-9/_-]{1,40}",
        body in proptest::collection::vec(any::<u8>(), 0..200),
        ts in 0u64..4_000_000_000_000,
        other_secret in "[ -~]{1,80}",
        other_m in method(),
        other_path in "[a-z0-9/_-]{1,40}",
        other_body in proptest::collection::vec(any::<u8>(), 0..200),
        other_ts in 0u64..4_000_000_000_000,
    ) {
        let base = sign(&secret, &m, &path, &body, ts);
        prop_assert_eq!(&base, &sign(&secret, &m, &path, &body, ts));
        if other_secret != secret {
            prop_assert_ne!(&base, &sign(&other_secret, &m, &path, &body, ts));
        }
        if other_m != m {
            prop_assert_ne!(&base, &sign(&secret, &other_m, &path, &body, ts));
        }
        if other_path != path {
            prop_assert_ne!(&base, &sign(&secret, &m, &other_path, &body, ts));
        }
        if other_body != body {
            prop_assert_ne!(&base, &sign(&secret, &m, &path, &other_body, ts));
        }
        if other_ts != ts {
            prop_assert_ne!(&base, &sign(&secret, &m, &path, &body, other_ts));
        }
    }

    #[test]
    fn one_byte_more_or_less_changes_the_signature(
        secret in "[ -~]{1,40}",
        body in proptest::collection::vec(any::<u8>(), 1..100),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let base = sign(&secret, "POST", "api/v1/payout/initiate", &body, 1790431844701);
        let mut changed = body.clone();
        let i = at.index(body.len());
        changed[i] ^= flip;
        prop_assert_ne!(&base, &sign(&secret, "POST", "api/v1/payout/initiate", &changed, 1790431844701));
        prop_assert_ne!(&base, &sign(&secret, "POST", "api/v1/payout/initiate", &body[..body.len() - 1], 1790431844701));
        let mut secret2 = secret.clone();
        secret2.push('x');
        prop_assert_ne!(&base, &sign(&secret2, "POST", "api/v1/payout/initiate", &body, 1790431844701));
    }

    #[test]
    fn ascii_json_is_ascii_and_means_the_same(name in "\\PC{0,30}") {
        let json = serde_json::to_vec(&serde_json::json!({"beneficiary_name": name})).unwrap();
        let escaped = ascii_json(&json);
        prop_assert!(escaped.iter().all(|b| *b < 0x7f));
        let a: Value = serde_json::from_slice(&json).unwrap();
        let b: Value = serde_json::from_slice(&escaped).unwrap();
        prop_assert_eq!(a, b);
    }
}
