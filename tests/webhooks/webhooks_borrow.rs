//! A parsed webhook borrows the body it was read from: no copy of the body, and text fields
//! that point into it wherever the JSON string needs no unescaping. `into_owned` detaches a
//! webhook from its body with the same content.

use std::borrow::Cow;

use http::HeaderMap;
use paygen::webhooks::{parse, sign, Event, PaymentWebhook, Verifier, Webhook, WebhookError};

const SAMPLE: &str = "src/webhooks/samples/pg.payment_success.2023-08-01.json";

/// True when `text` lies inside `body` (borrowed from it, not a copy).
fn points_into(body: &[u8], text: &str) -> bool {
    body.as_ptr_range().contains(&text.as_ptr())
}

fn payment<'a>(w: &'a Webhook<'_>) -> &'a PaymentWebhook<'a> {
    match w.event() {
        Event::Payment(p) => p,
        other => panic!("not a payment: {other:?}"),
    }
}

#[test]
fn the_documented_body_is_read_in_place() {
    let body = std::fs::read(SAMPLE).unwrap();
    let w = parse(&body, Some("application/json")).unwrap();
    // The webhook holds the caller's bytes, not a copy.
    assert_eq!(w.raw_body().as_ptr(), body.as_ptr());
    assert_eq!(w.json_text().as_ptr(), body.as_ptr());
    let p = payment(&w);
    let order = p.data.order.as_ref().unwrap();
    let pay = p.data.payment.as_ref().unwrap();
    let customer = p.data.customer_details.as_ref().unwrap();
    let offer = &p.data.payment_offers.as_ref().unwrap()[0];
    // Plain strings and ids (`FlexString` fields read as text) borrow from the body.
    for (field, text) in [
        ("order_id", order.order_id.as_ref()),
        ("cf_payment_id", pay.cf_payment_id.as_ref()),
        ("bank_reference", pay.bank_reference.as_ref()),
        ("customer_phone", customer.customer_phone.as_ref()),
        ("offer_id", offer.offer_id.as_ref()),
        ("event_time", p.event_time.as_ref()),
    ] {
        let text = text.unwrap_or_else(|| panic!("{field} is in the sample"));
        assert!(matches!(text, Cow::Borrowed(_)), "{field} was copied");
        assert!(points_into(&body, text), "{field} is not in the body");
    }
    assert_eq!(order.order_id.as_deref(), Some("order_OFR_2"));
    assert_eq!(pay.cf_payment_id.as_deref(), Some("1453002795"));
    assert_eq!(customer.customer_phone.as_deref(), Some("9908734801"));
    // The exact amount keeps its text, as before.
    assert_eq!(pay.payment_amount.unwrap().to_string(), "1");
}

#[test]
fn escaped_strings_and_number_ids_read_as_sent() {
    let body = br#"{"data":{"order":{"order_id":"a\"b\u00e9"},"payment":{"cf_payment_id":98765432109876543210,"bank_reference":"x\/y","payment_message":"ok"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let w = parse(body, None).unwrap();
    let p = payment(&w);
    let order_id = p.data.order.as_ref().unwrap().order_id.as_ref().unwrap();
    // An escaped string cannot point into the body: it is unescaped into its own text.
    assert!(matches!(order_id, Cow::Owned(_)));
    assert_eq!(order_id, "a\"bé");
    let pay = p.data.payment.as_ref().unwrap();
    assert_eq!(pay.bank_reference.as_deref(), Some("x/y"));
    // A number id keeps every digit, borrowed from the body (no trip through f64).
    let id = pay.cf_payment_id.as_ref().unwrap();
    assert_eq!(id, "98765432109876543210");
    assert!(points_into(body, id));
    assert!(points_into(body, pay.payment_message.as_ref().unwrap()));
}

#[test]
fn shapes_the_payment_reader_leaves_to_the_derived_types_still_read() {
    // An escaped key, the order as an array of its fields, an id sent as `true`: rare, valid
    // JSON that serde_json reads, and so does `parse`, still borrowing what it can.
    let body = br#"{"data":{"order":{"order\u005fid":"o1"},"payment":{"cf_payment_id":true,"payment_message":"ok"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let w = parse(body, None).unwrap();
    let p = payment(&w);
    assert_eq!(
        p.data.order.as_ref().unwrap().order_id.as_deref(),
        Some("o1")
    );
    let pay = p.data.payment.as_ref().unwrap();
    assert_eq!(pay.cf_payment_id.as_deref(), Some("true"));
    assert!(points_into(body, pay.payment_message.as_ref().unwrap()));
    let body = br#"{"data":{"order":["o2",7.50,"INR",null]},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let w = parse(body, None).unwrap();
    let order = payment(&w).data.order.as_ref().unwrap();
    assert_eq!(order.order_id.as_deref(), Some("o2"));
    assert_eq!(order.order_amount.unwrap().to_string(), "7.50");
}

#[test]
fn shapes_the_dispute_and_link_readers_leave_to_the_derived_types_still_read() {
    // The same rare shapes in a dispute and a payment-link event: read as serde_json reads
    // them, the plain text still lent from the body.
    let body = br#"{"data":{"dispute":{"dispute\u005fid":"d1","reason_code":true,"reason_description":"fraud"}},"type":"DISPUTE_CREATED"}"#;
    let w = parse(body, None).unwrap();
    let Event::Dispute(d) = w.event() else {
        panic!("not a dispute: {:?}", w.event())
    };
    let dispute = d.data.dispute.as_ref().unwrap();
    assert_eq!(dispute.dispute_id.as_deref(), Some("d1"));
    assert_eq!(dispute.reason_code.as_deref(), Some("true"));
    assert!(points_into(
        body,
        dispute.reason_description.as_ref().unwrap()
    ));
    let body = br#"{"data":{"link_id":"l1","link_partial_payments":"true","customer_details":["9999999999"]},"type":"PAYMENT_LINK_EVENT"}"#;
    let w = parse(body, None).unwrap();
    let Event::PaymentLink(l) = w.event() else {
        panic!("not a payment link: {:?}", w.event())
    };
    assert!(points_into(body, l.data.link_id.as_ref().unwrap()));
    assert_eq!(l.data.link_partial_payments, Some(true));
    let customer = l.data.customer_details.as_ref().unwrap();
    assert_eq!(customer.customer_phone.as_deref(), Some("9999999999"));
}

#[test]
fn text_fields_refuse_what_a_string_field_refused() {
    // A number where the document has text is a shape error naming the event, as before.
    let body = br#"{"data":{"order":{"order_id":5}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    match parse(body, None) {
        Err(WebhookError::UnexpectedShape { event, reason }) => {
            assert_eq!(event, "PAYMENT_SUCCESS_WEBHOOK");
            assert!(reason.contains("expected a string"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // `null` is absent, for text and ids alike.
    let body = br#"{"data":{"order":{"order_id":null},"payment":{"auth_id":null}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let w = parse(body, None).unwrap();
    let p = payment(&w);
    assert_eq!(p.data.order.as_ref().unwrap().order_id, None);
    assert_eq!(p.data.payment.as_ref().unwrap().auth_id, None);
    // An object where an id goes is refused.
    let body = br#"{"data":{"payment":{"auth_id":{}}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    assert!(matches!(
        parse(body, None),
        Err(WebhookError::UnexpectedShape { .. })
    ));
}

#[test]
fn into_owned_keeps_everything_once_the_body_is_gone() {
    let borrowed_copy;
    let owned: Webhook<'static> = {
        let body = std::fs::read(SAMPLE).unwrap();
        let w = parse(&body, Some("application/json")).unwrap();
        borrowed_copy = format!("{w:?}");
        w.into_owned()
        // `body` is dropped here.
    };
    assert_eq!(format!("{owned:?}"), borrowed_copy);
    assert_eq!(owned.raw_body(), std::fs::read(SAMPLE).unwrap().as_slice());
    assert_eq!(owned.event_name(), "PAYMENT_SUCCESS_WEBHOOK");
    let p = payment(&owned);
    let offer = &p.data.payment_offers.as_ref().unwrap()[0];
    assert_eq!(
        offer.offer_id.as_deref(),
        Some("0f05e1d0-fbf8-4c9c-a1f0-814c7b2abdba")
    );
    let upi = p.data.payment.as_ref().unwrap();
    let upi = upi.payment_method.as_ref().unwrap().upi.as_ref().unwrap();
    assert_eq!(upi.upi_id.as_deref(), Some("suhasg6@ybl"));
}

#[test]
fn unknown_events_borrow_their_json_too() {
    let body = br#"{"type":"REFUND_STATUS_WEBHOOK","data":{"refund":{"refund_amount":1.10}}}"#;
    let w = parse(body, None).unwrap();
    let Event::Unknown(u) = w.event() else {
        panic!("{:?}", w.event())
    };
    assert_eq!(u.name, "REFUND_STATUS_WEBHOOK");
    // Exactly as received (1.10 keeps its zero) and not a copy.
    assert_eq!(u.json.as_bytes(), body);
    assert!(points_into(body, &u.json));
    let owned = w.clone().into_event().into_owned();
    assert_eq!(&owned, w.event());
}

#[test]
fn a_verified_delivery_borrows_the_body_it_was_checked_over() {
    let body = std::fs::read(SAMPLE).unwrap();
    let ts = "1746427759733";
    let mut headers = HeaderMap::new();
    headers.insert("x-webhook-timestamp", ts.parse().unwrap());
    let sig = sign(&"secret".into(), ts, &body);
    headers.insert("x-webhook-signature", sig.parse().unwrap());
    let d = Verifier::new("secret")
        .verify_and_parse(&headers, &body)
        .unwrap();
    assert_eq!(d.webhook.raw_body().as_ptr(), body.as_ptr());
    // The headers borrow the header map's values.
    let sent = headers.get("x-webhook-signature").unwrap().as_bytes();
    let read = d.headers.signature.as_ref().unwrap();
    assert!(matches!(read, Cow::Borrowed(_)));
    assert_eq!(read.as_ptr(), sent.as_ptr());
    assert_eq!(d.headers.timestamp.as_deref(), Some(ts));
    let kept = d.clone().into_owned();
    assert!(matches!(kept.headers.signature, Some(Cow::Owned(_))));
    assert_eq!(kept, d);
    assert_eq!(kept.dedup_key(), d.dedup_key());
}

proptest::proptest! {
    /// Any string and any whole-number id read back as the JSON says, on the one-pass path;
    /// the text is borrowed exactly when its JSON literal has no escapes, and `into_owned`
    /// changes nothing but ownership.
    #[test]
    fn borrowed_fields_read_what_the_json_says(s in ".{0,40}", n: u64) {
        let literal = serde_json::to_string(&s).unwrap();
        let body = format!(
            r#"{{"data":{{"order":{{"order_id":{literal}}},"payment":{{"cf_payment_id":{n},"bank_reference":{literal}}}}},"type":"PAYMENT_SUCCESS_WEBHOOK"}}"#
        );
        let w = parse(body.as_bytes(), None).unwrap();
        let p = payment(&w);
        let order_id = p.data.order.as_ref().unwrap().order_id.as_ref().unwrap();
        let pay = p.data.payment.as_ref().unwrap();
        proptest::prop_assert_eq!(order_id.as_ref(), s.as_str());
        proptest::prop_assert_eq!(pay.bank_reference.as_deref(), Some(s.as_str()));
        let n_text = n.to_string();
        proptest::prop_assert_eq!(pay.cf_payment_id.as_deref(), Some(n_text.as_str()));
        let plain = literal == format!("\"{s}\"");
        proptest::prop_assert_eq!(matches!(order_id, Cow::Borrowed(_)), plain);
        if plain {
            proptest::prop_assert!(points_into(body.as_bytes(), order_id));
        }
        let owned = w.clone().into_owned();
        proptest::prop_assert_eq!(&owned, &w);
    }
}
