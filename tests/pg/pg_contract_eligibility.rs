//! PG eligibility checks on the wire: payment methods, offers, cardless EMI, pay later.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, pg, Expected};
use paygen::pg::{enums, types};
use paygen::{Amount, Error};
use wiremock::MockServer;

fn amount(text: &str) -> Amount {
    text.parse().expect("a decimal")
}

#[tokio::test]
async fn get_eligible_payment_methods_asks_about_an_order() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"[
          {"eligibility": true, "entity_type": "payment_methods", "entity_value": "netbanking",
           "entity_details": {"payment_method_details": [
             {"nick": "kotak_mahindra_bank", "display": "Kotak Mahindra Bank", "eligibility": true, "code": 3032},
             {"nick": "bank_of_india", "display": "Bank Of India", "eligibility": false, "code": 3006}]}},
          {"eligibility": false, "entity_type": "payment_methods", "entity_value": "upi", "entity_details": null}
        ]"#,
    )
    .await;
    let body = types::EligibilityFetchPaymentMethodsRequest {
        queries: types::PaymentMethodsQueries {
            amount: Some(amount("100.00")),
            order_id: Some("order_42".into()),
        },
        filters: Some(types::PaymentMethodsEligibilityFilters {
            payment_methods: vec![
                enums::EligibilityPaymentMethod::Netbanking,
                enums::EligibilityPaymentMethod::Upi,
            ],
        }),
    };
    let methods = pg(&server)
        .get_eligible_payment_methods()
        .body(body)
        .send()
        .await
        .expect("checked");
    assert_pg_request(
        &server,
        Expected::post(
            "/eligibility/payment_methods",
            r#"{"filters":{"payment_methods":["netbanking","upi"]},"queries":{"amount":100.00,"order_id":"order_42"}}"#,
        ),
    )
    .await;
    assert_eq!(methods.len(), 2);
    assert_eq!(methods[0].eligibility, Some(true));
    assert_eq!(methods[0].entity_value.as_deref(), Some("netbanking"));
    let banks = methods[0]
        .entity_details
        .as_ref()
        .unwrap()
        .payment_method_details
        .as_ref()
        .unwrap();
    assert_eq!(banks[0].code, Some(3032));
    assert_eq!(banks[0].display.as_deref(), Some("Kotak Mahindra Bank"));
    assert_eq!(banks[1].eligibility, Some(false));
    assert_eq!(methods[1].eligibility, Some(false));
    assert!(methods[1].entity_details.is_none());
}

#[tokio::test]
async fn get_eligible_payment_methods_needs_an_amount_of_at_least_one_rupee() {
    let server = MockServer::start().await;
    let body = types::EligibilityFetchPaymentMethodsRequest {
        queries: types::PaymentMethodsQueries {
            amount: Some(amount("0.50")),
            order_id: None,
        },
        filters: None,
    };
    let err = pg(&server)
        .get_eligible_payment_methods()
        .body(body)
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("queries.amount"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_eligible_offers_filters_by_offer_type() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"[{"eligibility": true, "entity_type": "offers", "entity_value": "d2b430fb-1afe-455a-af31-66d00377b29a",
             "entity_details": {"offer_id": "d2b430fb-1afe-455a-af31-66d00377b29a", "offer_status": "active",
                                "order_amount": 1500.00, "payable_amount": 1350.00,
                                "offer_meta": {"offer_title": "10% off on UPI", "offer_description": "10% off up to 150", "offer_code": "UPI10",
                                               "offer_start_time": "2025-01-01T00:00:00Z", "offer_end_time": "2025-03-31T23:59:59Z"},
                                "offer_details": {"offer_type": "DISCOUNT",
                                                  "discount_details": {"discount_type": "percentage", "discount_value": 10, "max_discount_amount": 150.00}},
                                "offer_validations": {"min_amount": 500, "max_allowed": 150, "payment_method": {"upi": {}}}}}]"#,
    )
    .await;
    let body = types::EligibilityFetchOffersRequest {
        queries: types::OfferQueries {
            order_id: Some("order_42".into()),
            amount: Some(amount("1500.00")),
        },
        filters: Some(types::OfferFilters {
            offer_type: vec![enums::OfferType::Discount, enums::OfferType::Cashback],
        }),
    };
    let offers = pg(&server)
        .get_eligible_offers()
        .body(body)
        .send()
        .await
        .expect("checked");
    assert_pg_request(
        &server,
        Expected::post(
            "/eligibility/offers",
            r#"{"filters":{"offer_type":["DISCOUNT","CASHBACK"]},"queries":{"amount":1500.00,"order_id":"order_42"}}"#,
        ),
    )
    .await;
    let offer = offers[0].entity_details.as_ref().unwrap();
    assert_eq!(offer.payable_amount.unwrap().to_string(), "1350.00");
    let discount = offer
        .offer_details
        .as_ref()
        .unwrap()
        .discount_details
        .as_ref()
        .unwrap();
    assert_eq!(
        discount.discount_type,
        Some(enums::DiscountType::Percentage)
    );
    assert_eq!(discount.max_discount_amount.unwrap().to_string(), "150.00");
    assert!(offer
        .offer_validations
        .as_ref()
        .unwrap()
        .payment_method
        .as_ref()
        .unwrap()
        .upi
        .is_some());
}

#[tokio::test]
async fn get_eligible_cardless_emi_reads_the_plans() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"[{"eligibility": true, "entity_type": "cardlessemi", "entity_value": "idfc",
             "entity_details": {"payment_method": "idfc", "emi_plans": [
               {"tenure": 3, "interest_rate": 13.5, "currency": "INR", "emi": 3410.35, "total_interest": 231.05, "total_amount": 10231.05},
               {"tenure": 6, "interest_rate": 13.5, "currency": "INR", "emi": 1732.80, "total_interest": 396.80, "total_amount": 10396.80}]}}]"#,
    )
    .await;
    let body = types::EligibilityFetchCardlessEmiRequest {
        queries: types::CardlessEmiQueries {
            amount: Some(amount("10000.00")),
            customer_details: Some(types::CustomerDetailsCardlessEmi {
                customer_phone: "9898989898".into(),
            }),
            order_id: None,
        },
    };
    let lenders = pg(&server)
        .get_eligible_cardless_emi()
        .body(body)
        .send()
        .await
        .expect("checked");
    assert_pg_request(
        &server,
        Expected::post(
            "/eligibility/cardlessemi",
            r#"{"queries":{"amount":10000.00,"customer_details":{"customer_phone":"9898989898"}}}"#,
        ),
    )
    .await;
    let idfc = lenders[0].entity_details.as_ref().unwrap();
    assert_eq!(idfc.payment_method.as_deref(), Some("idfc"));
    assert_eq!(
        enums::CardlessEmiProvider::from(idfc.payment_method.as_deref().unwrap()),
        enums::CardlessEmiProvider::Idfc
    );
    let plans = idfc.emi_plans.as_ref().unwrap();
    assert_eq!(plans[1].tenure, Some(6));
    assert_eq!(plans[1].emi.unwrap().to_string(), "1732.80");
    assert_eq!(plans[1].total_amount.unwrap().to_string(), "10396.80");
    assert_eq!(plans[0].interest_rate, Some(13.5));
}

#[tokio::test]
async fn get_eligible_paylater_asks_by_phone() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"[{"eligibility": true, "entity_type": "paylater", "entity_value": "simpl", "entity_details": {"payment_method": "simpl"}},
            {"eligibility": false, "entity_type": "paylater", "entity_value": "lazypay", "entity_details": {"payment_method": "lazypay"}}]"#,
    )
    .await;
    let body = types::EligibilityFetchPaylaterRequest {
        queries: types::CardlessEmiQueries {
            order_id: Some("order_42".into()),
            amount: None,
            customer_details: Some(types::CustomerDetailsCardlessEmi {
                customer_phone: "9898989898".into(),
            }),
        },
    };
    let providers = pg(&server)
        .get_eligible_paylater()
        .body(body)
        .send()
        .await
        .expect("checked");
    assert_pg_request(
        &server,
        Expected::post(
            "/eligibility/paylater",
            r#"{"queries":{"customer_details":{"customer_phone":"9898989898"},"order_id":"order_42"}}"#,
        ),
    )
    .await;
    assert_eq!(providers.len(), 2);
    assert_eq!(providers[0].eligibility, Some(true));
    let name = providers[0]
        .entity_details
        .as_ref()
        .unwrap()
        .payment_method
        .as_deref()
        .unwrap();
    assert_eq!(
        enums::PaylaterProvider::from(name),
        enums::PaylaterProvider::Simpl
    );
    assert_eq!(providers[1].eligibility, Some(false));
}
