//! Payouts v1 (Cashgram) webhooks: form-encoded, signed in the body's `signature` field
//! (Cashfree's "Payloads and Signatures": "Payouts V1 (Cashgram) uses form-encoded POST
//! parameters"; the Cashgram webhooks reference lists the events and their fields). The
//! reference shows no signed example, so the expected signatures are computed here, with the
//! `hmac` crate, from the reference's description, independently of the library.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use paygen::webhooks::{
    parse, sign_form_fields, CashgramEventType, Event, Limit, Provider, Verifier, WebhookError,
};

const SECRET: &str = "payouts-client-secret";

/// The reference's rule written out: every field but `signature`, sorted by name, values
/// concatenated, HMAC-SHA256 with the client secret, base64.
fn documented(fields: &[(&str, &str)]) -> String {
    let mut sorted: Vec<_> = fields.iter().filter(|(k, _)| *k != "signature").collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    for (_, v) in sorted {
        mac.update(v.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The documented `CASHGRAM_REDEEMED` fields, in the reference's order, signed.
fn redeemed() -> Vec<(&'static str, String)> {
    let fields = [
        ("event", "CASHGRAM_REDEEMED"),
        ("cashgramid", "JOHaN10"),
        ("referenceId", "1000001"),
        ("eventTime", "2025-01-15 11:16:10"),
        ("utr", "UTR 1+2"),
    ];
    let sig = documented(&fields);
    let mut out: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    out.push(("signature", sig));
    out
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn form_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        "content-type",
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    h
}

#[test]
fn sign_form_fields_is_the_documented_rule() {
    let fields = redeemed();
    let fields = borrowed(&fields);
    assert_eq!(
        sign_form_fields(&SECRET.into(), fields.iter().copied()),
        documented(&fields)
    );
}

#[test]
fn a_documented_redeemed_webhook_verifies_and_types() {
    let fields = redeemed();
    let body = form(&borrowed(&fields));
    let verifier = Verifier::new(SECRET);
    verifier.verify_form(&body).unwrap();
    let headers = form_headers();
    let delivery = verifier.verify_and_parse(&headers, &body).unwrap();
    assert_eq!(delivery.webhook.provider(), Provider::CashfreePayoutsV1);
    assert_eq!(delivery.webhook.provider().as_str(), "cashfree-payouts-v1");
    let Event::Cashgram(c) = delivery.webhook.event() else {
        panic!("{:?}", delivery.webhook.event())
    };
    assert_eq!(c.event, CashgramEventType::Redeemed);
    assert_eq!(c.cashgram_id, "JOHaN10");
    assert_eq!(
        c.reference_id.as_ref().map(|r| r.to_string()).as_deref(),
        Some("1000001")
    );
    assert_eq!(c.event_time.as_deref(), Some("2025-01-15 11:16:10"));
    assert_eq!(c.utr.as_deref(), Some("UTR 1+2"));
    // No content type (some proxies drop it): still recognised as a Payouts v1 form.
    verifier.verify_and_parse(&HeaderMap::new(), &body).unwrap();
}

#[test]
fn field_order_and_plus_for_space_do_not_matter_but_every_value_does() {
    let fields = redeemed();
    let mut reversed = borrowed(&fields);
    reversed.reverse();
    let verifier = Verifier::new(SECRET);
    verifier.verify_form(&form(&reversed)).unwrap();
    // `+` is a space in a form: the decoded value is what is signed.
    let with_plus = String::from_utf8(form(&borrowed(&fields)))
        .unwrap()
        .replace("eventTime=2025-01-15%2011", "eventTime=2025-01-15+11");
    verifier.verify_form(with_plus.as_bytes()).unwrap();
    for (i, _) in fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.0 != "signature")
    {
        let mut changed = fields.clone();
        changed[i].1.push('0');
        assert_eq!(
            verifier.verify_form(&form(&borrowed(&changed))),
            Err(WebhookError::SignatureMismatch),
            "{}",
            changed[i].0
        );
    }
    assert_eq!(
        Verifier::new("another-secret").verify_form(&form(&borrowed(&fields))),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn a_missing_or_malformed_signature_is_a_typed_authentication_failure() {
    let verifier = Verifier::new(SECRET);
    let unsigned = b"event=CASHGRAM_EXPIRED&cashgramid=cg1&reason=EXCEEDED_EXPIRY_DATE";
    let e = verifier.verify_form(unsigned).unwrap_err();
    assert_eq!(e, WebhookError::MissingSignatureField);
    assert!(e.is_authentication_failure());
    assert!(e.to_string().contains("`signature`"), "{e}");
    // verify_and_parse takes an unsigned Cashgram form for Payouts v1 and says why it fails,
    // instead of asking for x-webhook-signature.
    assert_eq!(
        verifier
            .verify_and_parse(&form_headers(), unsigned)
            .unwrap_err(),
        WebhookError::MissingSignatureField
    );
    for bad in ["abc", "%3D%3D%3D", &"A".repeat(4000)] {
        let body = format!("event=CASHGRAM_EXPIRED&cashgramid=cg1&signature={bad}");
        assert_eq!(
            verifier.verify_form(body.as_bytes()),
            Err(WebhookError::MalformedSignature),
            "{bad}"
        );
    }
    let fields = redeemed();
    let mut twice = String::from_utf8(form(&borrowed(&fields))).unwrap();
    twice.push_str("&signature=");
    twice.push_str(&enc(&fields[5].1));
    assert_eq!(
        verifier.verify_form(twice.as_bytes()),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        Verifier::new("").verify_form(&form(&borrowed(&fields))),
        Err(WebhookError::EmptySecret)
    );
}

#[test]
fn the_form_is_read_within_the_limits_of_every_body() {
    let verifier = Verifier::new(SECRET);
    let many = format!("{}signature=x", "a=1&".repeat(1_000));
    assert!(matches!(
        verifier.verify_form(many.as_bytes()),
        Err(WebhookError::LimitExceeded {
            limit: Limit::FormFields,
            ..
        })
    ));
    let big = format!("event=CASHGRAM_EXPIRED&reason={}", "x".repeat(1 << 20));
    assert!(matches!(
        verifier.verify_form(big.as_bytes()),
        Err(WebhookError::LimitExceeded {
            limit: Limit::BodyBytes,
            ..
        })
    ));
}

#[test]
fn the_three_documented_events_type_and_others_stay_open() {
    let cases: [(&[(&str, &str)], CashgramEventType); 3] = [
        (
            &[
                ("event", "CASHGRAM_TRANSFER_REVERSAL"),
                ("cashgramid", "cg2"),
                ("referenceId", "1000002"),
                ("eventTime", "2025-01-16 09:00:00"),
            ],
            CashgramEventType::TransferReversal,
        ),
        (
            &[
                ("event", "CASHGRAM_EXPIRED"),
                ("cashgramid", "cg3"),
                ("reason", "EXCEEDED_EXPIRY_DATE"),
            ],
            CashgramEventType::Expired,
        ),
        (
            &[("event", "CASHGRAM_REDEEMED"), ("cashgramid", "cg4")],
            CashgramEventType::Redeemed,
        ),
    ];
    for (fields, expected) in cases {
        let body = form(fields);
        let w = parse(&body, Some("application/x-www-form-urlencoded")).unwrap();
        assert_eq!(w.provider(), Provider::CashfreePayoutsV1);
        let Event::Cashgram(c) = w.event() else {
            panic!("{:?}", w.event())
        };
        assert_eq!(c.event, expected);
    }
    // A Payouts v1 event this version does not type: verified, identified, kept as JSON.
    let fields = [
        ("event", "TRANSFER_SUCCESS"),
        ("transferId", "t1"),
        ("referenceId", "9"),
    ];
    let sig = documented(&fields);
    let mut signed: Vec<(&str, &str)> = fields.to_vec();
    signed.push(("signature", &sig));
    let body = form(&signed);
    let headers = form_headers();
    let delivery = Verifier::new(SECRET)
        .verify_and_parse(&headers, &body)
        .unwrap();
    assert_eq!(delivery.webhook.provider(), Provider::CashfreePayoutsV1);
    let Event::Unknown(u) = delivery.webhook.event() else {
        panic!("{:?}", delivery.webhook.event())
    };
    assert_eq!(u.name, "TRANSFER_SUCCESS");
    assert_eq!(u.value()["transferId"], "t1");
}

#[test]
fn a_header_signed_form_is_still_checked_by_its_headers() {
    // A payment-link form with x-webhook-signature: the header scheme applies, not the form's.
    let body = b"type=PAYMENT_LINK_EVENT&data[link_id]=l1&signature=abc";
    let mut h = form_headers();
    h.insert("x-webhook-timestamp", "1746427759733".parse().unwrap());
    h.insert(
        "x-webhook-signature",
        paygen::webhooks::sign(&SECRET.into(), "1746427759733", body)
            .parse()
            .unwrap(),
    );
    let d = Verifier::new(SECRET).verify_and_parse(&h, body).unwrap();
    assert_eq!(d.webhook.provider(), Provider::CashfreePaymentLinks);
}
