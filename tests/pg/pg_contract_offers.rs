//! PG offers on the wire: create and get.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, pg, Expected};
use paygen::pg::{enums, types};
use paygen::{Amount, Error};
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().expect("a decimal")
}

fn new_year_offer(payment_method: types::OfferPaymentMethod) -> types::CreateOfferRequest {
    types::CreateOfferRequest {
        offer_meta: types::OfferMeta {
            offer_title: Some("New year offer".into()),
            offer_description: Some("Flat 10 off and 5% back".into()),
            offer_code: Some("CFTESTOFFER".into()),
            offer_start_time: Some("2025-01-01T00:00:00Z".into()),
            offer_end_time: Some("2025-03-31T23:59:59Z".into()),
        },
        offer_tnc: types::OfferTnc {
            offer_tnc_type: Some(enums::OfferTncType::Text),
            offer_tnc_value: Some("One use per customer".into()),
        },
        offer_details: types::OfferDetails {
            offer_type: Some(enums::OfferType::DiscountAndCashback),
            discount_details: Some(types::DiscountDetails {
                discount_type: Some(enums::DiscountType::Flat),
                discount_value: Some(amount("10.00")),
                max_discount_amount: Some(amount("10.00")),
            }),
            cashback_details: Some(types::CashbackDetails {
                cashback_type: Some(enums::CashbackType::Percentage),
                cashback_value: Some(amount("5")),
                max_cashback_amount: Some(amount("150.00")),
            }),
        },
        offer_validations: types::OfferValidations {
            min_amount: Some(amount("100.00")),
            max_allowed: Some(amount("2")),
            payment_method: Some(payment_method),
        },
    }
}

/// The offer as the API returns it (reference shape; the reference sends the discount figures
/// as strings).
const OFFER: &str = r#"{
  "offer_id": "d2b430fb-1afe-455a-af31-66d00377b29a",
  "offer_status": "active",
  "order_amount": 1499.50,
  "payable_amount": 1489.50,
  "offer_meta": {"offer_title": "New year offer", "offer_description": "Flat 10 off and 5% back", "offer_code": "CFTESTOFFER",
                 "offer_start_time": "2025-01-01T00:00:00Z", "offer_end_time": "2025-03-31T23:59:59Z"},
  "offer_tnc": {"offer_tnc_type": "text", "offer_tnc_value": "One use per customer"},
  "offer_details": {"offer_type": "DISCOUNT_AND_CASHBACK",
                    "discount_details": {"discount_type": "flat", "discount_value": "10", "max_discount_amount": "10.00"},
                    "cashback_details": {"cashback_type": "percentage", "cashback_value": "5", "max_cashback_amount": "150"}},
  "offer_validations": {"min_amount": 100, "max_allowed": 2,
                        "payment_method": {"card": {"type": ["cc"], "bank_name": "hdfc bank", "scheme_name": ["visa"]}}}
}"#;

#[tokio::test]
async fn create_offer_sends_meta_terms_details_and_validations() {
    let server = MockServer::start().await;
    answer(&server, 200, OFFER).await;
    let card_only = types::OfferPaymentMethod {
        card: Some(types::OfferCard {
            type_: Some(vec!["cc".into()]),
            bank_name: Some("hdfc bank".into()),
            scheme_name: Some(vec!["visa".into()]),
        }),
        ..Default::default()
    };
    let offer = pg(&server)
        .create_offer()
        .body(new_year_offer(card_only))
        .send()
        .await
        .expect("created");
    assert_pg_request(
        &server,
        Expected::post(
            "/offers",
            concat!(
                r#"{"offer_details":{"cashback_details":{"cashback_type":"percentage","cashback_value":5,"max_cashback_amount":150.00},"#,
                r#""discount_details":{"discount_type":"flat","discount_value":10.00,"max_discount_amount":10.00},"#,
                r#""offer_type":"DISCOUNT_AND_CASHBACK"},"offer_meta":{"offer_code":"CFTESTOFFER","#,
                r#""offer_description":"Flat 10 off and 5% back","offer_end_time":"2025-03-31T23:59:59Z","#,
                r#""offer_start_time":"2025-01-01T00:00:00Z","offer_title":"New year offer"},"#,
                r#""offer_tnc":{"offer_tnc_type":"text","offer_tnc_value":"One use per customer"},"#,
                r#""offer_validations":{"max_allowed":2,"min_amount":100.00,"payment_method":{"card":{"bank_name":"hdfc bank","#,
                r#""scheme_name":["visa"],"type":["cc"]}}}}"#
            ),
        ),
    )
    .await;
    assert_eq!(
        offer.offer_id.as_deref(),
        Some("d2b430fb-1afe-455a-af31-66d00377b29a")
    );
    assert_eq!(offer.offer_status.as_deref(), Some("active"));
    assert_eq!(offer.order_amount.unwrap().to_string(), "1499.50");
    assert_eq!(offer.payable_amount.unwrap().to_string(), "1489.50");
    let details = offer.offer_details.as_ref().unwrap();
    assert_eq!(
        details.offer_type,
        Some(enums::OfferType::DiscountAndCashback)
    );
    let discount = details.discount_details.as_ref().unwrap();
    assert_eq!(
        discount.discount_value.unwrap().to_string(),
        "10",
        "an amount sent as a string is read exactly"
    );
    assert_eq!(discount.max_discount_amount.unwrap().to_string(), "10.00");
    let cashback = details.cashback_details.as_ref().unwrap();
    assert_eq!(
        cashback.cashback_type,
        Some(enums::CashbackType::Percentage)
    );
    assert_eq!(cashback.max_cashback_amount.unwrap().to_string(), "150");
    let card = offer
        .offer_validations
        .as_ref()
        .unwrap()
        .payment_method
        .as_ref()
        .unwrap()
        .card
        .as_ref()
        .unwrap();
    assert_eq!(card.type_.as_deref(), Some(&["cc".to_string()][..]));
}

#[tokio::test]
async fn create_offer_wallet_key_is_the_schema_name() {
    // PG-29: the schema's key is `app` with `provider` (the reference examples say wallet/issuer).
    let server = MockServer::start().await;
    answer(&server, 200, OFFER).await;
    let wallet = types::OfferPaymentMethod {
        app: Some(types::OfferWallet {
            provider: Some("paytm".into()),
        }),
        ..Default::default()
    };
    pg(&server)
        .create_offer()
        .body(new_year_offer(wallet))
        .send()
        .await
        .expect("created");
    let req = common::only_request(&server).await;
    let body = std::str::from_utf8(&req.body).unwrap();
    assert!(
        body.ends_with(r#""payment_method":{"app":{"provider":"paytm"}}}}"#),
        "{body}"
    );
}

#[tokio::test]
async fn create_offer_refuses_a_title_longer_than_documented() {
    let server = MockServer::start().await;
    let mut offer = new_year_offer(types::OfferPaymentMethod::default());
    offer.offer_meta.offer_title = Some("x".repeat(51));
    let err = pg(&server)
        .create_offer()
        .body(offer)
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("offer_meta.offer_title"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn get_offer_reads_a_no_cost_emi_offer() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{
          "offer_id": "7f3b6a1c-55a9-4c1e-9d3e-2b1e0c9a4f10",
          "offer_status": "active",
          "offer_meta": {"offer_title": "No cost EMI", "offer_description": "Interest waived on 3 and 6 months", "offer_code": "NCEMI",
                         "offer_start_time": "2025-01-01T00:00:00Z", "offer_end_time": "2025-12-31T23:59:59Z"},
          "offer_tnc": {"offer_tnc_type": "link", "offer_tnc_value": "https://shop.example.com/emi-terms"},
          "offer_details": {"offer_type": "NO_COST_EMI"},
          "offer_validations": {"min_amount": 3000.00, "max_allowed": 1,
                                "payment_method": {"emi": {"type": "credit_card_emi", "issuer": "hdfc bank", "tenures": [3, 6]}}}
        }"#,
    )
    .await;
    let offer = pg(&server)
        .get_offer()
        .offer_id("7f3b6a1c-55a9-4c1e-9d3e-2b1e0c9a4f10")
        .send()
        .await
        .expect("found");
    assert_pg_request(
        &server,
        Expected::get("/offers/7f3b6a1c-55a9-4c1e-9d3e-2b1e0c9a4f10"),
    )
    .await;
    assert_eq!(
        offer.offer_details.as_ref().unwrap().offer_type,
        Some(enums::OfferType::NoCostEmi)
    );
    assert_eq!(
        offer.offer_tnc.as_ref().unwrap().offer_tnc_type,
        Some(enums::OfferTncType::Link)
    );
    let validations = offer.offer_validations.as_ref().unwrap();
    assert_eq!(validations.min_amount.unwrap().to_string(), "3000.00");
    let emi = validations
        .payment_method
        .as_ref()
        .unwrap()
        .emi
        .as_ref()
        .unwrap();
    assert_eq!(emi.type_, Some(enums::EmiOfferType::CreditCardEmi));
    assert_eq!(emi.tenures.as_deref(), Some(&[3, 6][..]));
}

#[tokio::test]
async fn get_offer_keeps_an_offer_type_it_does_not_know() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"offer_id": "o-1", "offer_details": {"offer_type": "BUY_NOW_PAY_LATER_BONUS"}}"#,
    )
    .await;
    let offer = pg(&server)
        .get_offer()
        .offer_id("o-1")
        .send()
        .await
        .expect("parsed");
    assert_eq!(
        offer.offer_details.as_ref().unwrap().offer_type,
        Some(enums::OfferType::Unknown("BUY_NOW_PAY_LATER_BONUS".into()))
    );
}
