//! Webhook events share the generated API enums where the values are the same (issue 9): one
//! type for a payment status, whether it comes from `get_order` or from a webhook, still open.
#![cfg(all(feature = "pg", feature = "international"))]

use paygen::webhooks::{self, parse, Event};

#[test]
fn payment_webhooks_use_the_pg_enums() {
    let body = br#"{"data":{"payment":{"payment_status":"SUCCESS","payment_group":"upi_ppi"},"payment_offers":[{"offer_type":"CASHBACK"}]},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let Event::Payment(p) = parse(body, None).unwrap().into_event() else {
        panic!()
    };
    let payment = p.data.payment.unwrap();
    // The same types as the API's: assignable without conversion.
    let status: paygen::pg::enums::PaymentStatus = payment.payment_status.unwrap();
    let group: paygen::pg::enums::PaymentGroup = payment.payment_group.unwrap();
    assert_eq!(status, paygen::pg::enums::PaymentStatus::Success);
    // `upi_ppi` is in the PG spec; the webhook type knows it now (it was `Unknown` before).
    assert_eq!(group, paygen::pg::enums::PaymentGroup::UpiPpi);
    let offer: paygen::pg::enums::OfferType = p.data.payment_offers.unwrap()[0]
        .offer_type
        .clone()
        .unwrap();
    assert_eq!(offer, webhooks::OfferType::Cashback);
    // Still open.
    let later = br#"{"data":{"payment":{"payment_status":"PARTIALLY_CAPTURED"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
    let Event::Payment(p) = parse(later, None).unwrap().into_event() else {
        panic!()
    };
    assert_eq!(
        p.data.payment.unwrap().payment_status,
        Some(paygen::pg::enums::PaymentStatus::Unknown(
            "PARTIALLY_CAPTURED".into()
        ))
    );
}

#[test]
fn dispute_link_and_collect_from_india_webhooks_use_their_families_enums() {
    let _: fn(webhooks::DisputeStatus) -> paygen::pg::enums::DisputeStatus = |s| s;
    let _: fn(webhooks::DisputeType) -> paygen::pg::enums::DisputeType = |s| s;
    let _: fn(webhooks::LinkStatus) -> paygen::pg::enums::LinkStatus = |s| s;
    let _: fn(webhooks::DocumentStatus) -> paygen::collect_from_india::enums::ImportDocumentStatus =
        |s| s;
    let _: fn(webhooks::DocumentType) -> paygen::collect_from_india::enums::ImportDocumentType =
        |s| s;
    let _: fn(
        webhooks::VerificationStatus,
    ) -> paygen::collect_from_india::enums::ImportVerificationStatus = |s| s;
    let _: fn(
        webhooks::IcaSettlementStatus,
    ) -> paygen::collect_from_india::enums::IcaSettlementStatus = |s| s;
    assert_eq!(webhooks::DisputeStatus::KNOWN.len(), 35);
    // `SETTLED` is in the Collect from India spec; the ICA settlement webhook knows it now.
    assert!(webhooks::IcaSettlementStatus::from("SETTLED").is_known());
}
