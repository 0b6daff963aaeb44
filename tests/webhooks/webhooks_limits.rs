//! Webhook bodies arrive unauthenticated: every reader is bounded, and a body past a limit ends
//! in `WebhookError::LimitExceeded` naming the limit — never a panic, a stack overflow or
//! unbounded memory. Also: the one-pass path for documented bodies gives exactly what the
//! general path gives.

use std::path::Path;

use http::HeaderMap;
use paygen::webhooks::{
    identify_body, limits, parse, sign, BodyFormat, Limit, Verifier, WebhookError,
};

fn exceeded(limit: Limit) -> WebhookError {
    WebhookError::LimitExceeded {
        limit,
        max: limit.max(),
    }
}

#[test]
fn a_form_name_nested_a_hundred_thousand_levels_is_refused_not_a_crash() {
    // Before: one recursion per level, which aborted the process on a deep enough name.
    let body = format!("type=PAYMENT_LINK_EVENT&data{}=1", "[a]".repeat(100_000));
    for ct in [Some("application/x-www-form-urlencoded"), None] {
        let err = parse(body.as_bytes(), ct).unwrap_err();
        if ct.is_some() {
            assert_eq!(err, exceeded(Limit::FormNameDepth));
        } else {
            // Sniffed as a form only when it reads as one; either way a typed refusal.
            assert!(!err.is_authentication_failure(), "{err}");
        }
    }
    let err =
        identify_body(body.as_bytes(), Some("application/x-www-form-urlencoded")).unwrap_err();
    assert_eq!(err, exceeded(Limit::FormNameDepth));
    assert!(
        err.to_string().contains("32 levels in a form field name"),
        "{err}"
    );
}

#[test]
fn json_nested_past_the_depth_limit_is_refused_by_name() {
    for open in ["[", "{\"a\":"] {
        let close = if open == "[" { "]" } else { "}" };
        let deep = format!(
            "{{\"type\":\"PAYMENT_SUCCESS_WEBHOOK\",\"data\":{}1{}}}",
            open.repeat(20_000),
            close.repeat(20_000)
        );
        let err = parse(deep.as_bytes(), Some("application/json")).unwrap_err();
        assert_eq!(err, exceeded(Limit::JsonDepth), "{open}");
    }
    // A value nested deeply inside a form field counts too.
    let body = format!(
        "type=PAYMENT_LINK_EVENT&data={}{}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let err = parse(body.as_bytes(), Some("application/x-www-form-urlencoded")).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::LimitExceeded { .. } | WebhookError::UnexpectedShape { .. }
        ),
        "{err:?}"
    );
    // At the limit, it still parses (as an unknown-shaped but valid body).
    let ok = format!(
        "{{\"event\":\"x\",\"data\":{}{}}}",
        "[".repeat(limits::MAX_JSON_DEPTH - 1),
        "]".repeat(limits::MAX_JSON_DEPTH - 1)
    );
    assert!(parse(ok.as_bytes(), None).is_ok());
    let over = format!(
        "{{\"event\":\"x\",\"data\":{}{}}}",
        "[".repeat(limits::MAX_JSON_DEPTH),
        "]".repeat(limits::MAX_JSON_DEPTH)
    );
    assert_eq!(
        parse(over.as_bytes(), None).unwrap_err(),
        exceeded(Limit::JsonDepth)
    );
}

#[test]
fn bodies_larger_than_a_mebibyte_are_refused_before_parsing() {
    let mut body = br#"{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{},"pad":""#.to_vec();
    body.resize(limits::MAX_BODY_BYTES, b'x');
    body.extend_from_slice(b"\"}");
    assert_eq!(parse(&body, None).unwrap_err(), exceeded(Limit::BodyBytes));
    assert_eq!(
        identify_body(&body, None).unwrap_err(),
        exceeded(Limit::BodyBytes)
    );
    let secret = "whsec";
    let ts = "1746427759733";
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", ts.parse().unwrap());
    headers.insert(
        "x-webhook-signature",
        sign(&secret.into(), ts, &body).parse().unwrap(),
    );
    let err = Verifier::new(secret)
        .verify_and_parse(&headers, &body)
        .unwrap_err();
    assert_eq!(err, exceeded(Limit::BodyBytes));
    // Refused before the signature is even checked: a wrong one gives the same answer.
    headers.insert(
        "x-webhook-signature",
        sign(&"other".into(), ts, b"").parse().unwrap(),
    );
    let err = Verifier::new(secret)
        .verify_and_parse(&headers, &body)
        .unwrap_err();
    assert_eq!(err, exceeded(Limit::BodyBytes));
    #[cfg(feature = "axum")]
    assert_eq!(
        paygen::webhooks::axum::WebhookRejection::from(err).status(),
        http::StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[test]
fn forms_with_too_many_fields_are_refused() {
    let body = "a=1&".repeat(limits::MAX_FORM_FIELDS + 1);
    assert_eq!(
        parse(body.as_bytes(), Some("application/x-www-form-urlencoded")).unwrap_err(),
        exceeded(Limit::FormFields)
    );
    let part = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n1\r\n";
    let body = format!("{}--b--\r\n", part.repeat(limits::MAX_FORM_FIELDS + 1));
    assert_eq!(
        parse(body.as_bytes(), Some("multipart/form-data; boundary=b")).unwrap_err(),
        exceeded(Limit::FormFields)
    );
}

#[test]
fn oversized_ids_and_amounts_inside_a_body_are_shape_errors() {
    let id = "9".repeat(paygen::FlexString::MAX_LEN + 1);
    let body = format!(
        r#"{{"data":{{"payment":{{"cf_payment_id":"{id}"}}}},"type":"PAYMENT_SUCCESS_WEBHOOK"}}"#
    );
    let err = parse(body.as_bytes(), None).unwrap_err();
    assert!(
        matches!(&err, WebhookError::UnexpectedShape { reason, .. } if reason.contains("4096")),
        "{err:?}"
    );
    let amount = "9".repeat(40);
    let body = format!(
        r#"{{"data":{{"payment":{{"payment_amount":{amount}}}}},"type":"PAYMENT_SUCCESS_WEBHOOK"}}"#
    );
    let err = parse(body.as_bytes(), None).unwrap_err();
    assert!(
        matches!(&err, WebhookError::UnexpectedShape { reason, .. } if reason.contains("at most 28")),
        "{err:?}"
    );
    let body = br#"{"data":{"payment":{"payment_amount":1e3}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    assert!(matches!(
        parse(body, None).unwrap_err(),
        WebhookError::UnexpectedShape { .. }
    ));
}

/// Every documented JSON payload: the one-pass path (its `type` near the end) and the general
/// path (the same body with the `type` pushed out of the hint window by trailing whitespace)
/// give the same provider, event name and typed event.
#[test]
fn the_one_pass_path_and_the_general_path_agree_on_every_documented_payload() {
    let dir = Path::new("src/webhooks/samples");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        let mut padded = body.clone();
        padded.extend(std::iter::repeat_n(b' ', 300));
        let fast = parse(&body, Some("application/json")).unwrap();
        let slow = parse(&padded, Some("application/json")).unwrap();
        assert_eq!(fast.provider(), slow.provider(), "{path:?}");
        assert_eq!(fast.event_name(), slow.event_name(), "{path:?}");
        assert_eq!(fast.event(), slow.event(), "{path:?}");
        assert_eq!(fast.format(), BodyFormat::Json);
        assert_eq!(fast.raw_body(), &body[..]);
        assert_eq!(fast.json_text().as_bytes(), &body[..]);
        compared += 1;
    }
    assert!(compared >= 30, "only {compared} payloads");
}

/// A trailing `type` that is not the top-level one (nested, duplicated, escaped, not a string)
/// never misleads the one-pass path: the answer, success or error, is the general path's.
#[test]
fn a_misleading_trailing_type_gets_the_general_paths_answer() {
    let cases: &[(&str, Result<&str, ()>)] = &[
        (
            r#"{"type":"DISPUTE_CREATED","data":{"payment":{"type":"PAYMENT_SUCCESS_WEBHOOK"}}}"#,
            Ok("DISPUTE_CREATED"),
        ),
        (
            r#"{"data":{"x":{"type":"PAYMENT_SUCCESS_WEBHOOK"}},"event":"payin.succeeded"}"#,
            Ok("payin.succeeded"),
        ),
        (
            r#"{"type":"REFUND_STATUS_WEBHOOK","data":{},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#,
            Err(()),
        ),
        (
            r#"{"data":{},"type":"PAYMENT_SUCCESS\u005fWEBHOOK"}"#,
            Ok("PAYMENT_SUCCESS_WEBHOOK"),
        ),
        (r#"{"data":{},"type":7}"#, Ok("")),
    ];
    for (body, expected) in cases {
        let padded = format!("{body}{}", " ".repeat(300));
        let got = parse(body.as_bytes(), None);
        let general = parse(padded.as_bytes(), None);
        match (&got, expected) {
            (Ok(w), Ok(event)) => assert_eq!(w.event_name(), *event, "{body}"),
            (Err(_), Err(())) => {}
            other => panic!("{body}: {other:?}"),
        }
        let summary = |w: &paygen::webhooks::Webhook<'_>| {
            let event = w.is_known().then(|| w.event().clone().into_owned());
            (w.provider(), w.event_name().to_string(), event)
        };
        assert_eq!(
            got.as_ref().map(summary),
            general.as_ref().map(summary),
            "{body}"
        );
    }
}

/// Found by the fuzz smoke run: a documented-looking body with a byte that is not UTF-8 in a
/// field the event type ignores. JSON is UTF-8, so it is refused as not JSON on every path, and
/// never becomes a webhook whose JSON text is empty.
#[test]
fn a_body_that_is_not_utf8_is_not_json_even_where_the_event_ignores_the_field() {
    let mut body = br#"{"data":{"unknown":""#.to_vec();
    body.push(0xff);
    body.extend_from_slice(
        br#""},"event_time":"2025-01-15T12:20:29+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}"#,
    );
    let parsed = paygen::webhooks::parse(&body, Some("application/json"));
    assert!(
        matches!(parsed, Err(paygen::webhooks::WebhookError::BodyNotJson(_))),
        "{parsed:?}"
    );
}
