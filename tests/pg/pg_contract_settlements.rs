//! PG settlements and reconciliation on the wire: the settlement of an order, settlement search,
//! settlement reconciliation and the PG ledger.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, assert_pg_request, fixture, header, pg, Expected};
use paygen::pg::{enums, types};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SETTLEMENTS_QUERY: &str = concat!(
    r#"{"filters":{"cf_settlement_ids":["4234233"],"end_date":"2022-07-21T23:59:59Z","settlement_utrs":["utr1","utr2"],"#,
    r#""start_date":"2022-07-20T00:00:00Z"},"pagination":{"cursor":"#,
    r#""eyJzZWFyY2hBZnRlciI6eyJsaXN0IjpbMTg4NjcxNDVdLCJlbXB0eSI6ZmFsc2V9LCJyZWNvbkFQSVR5cGUiOiJMRURHRVIifQ==","limit":10}}"#
);

#[tokio::test]
async fn get_settlement_for_order_reads_charges_and_utr() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"cf_payment_id": 5114910253399, "cf_settlement_id": "6121238", "settlement_currency": "INR", "order_id": "order_42",
            "entity": "settlement", "order_amount": 1499.50, "payment_time": "2025-01-14T11:09:45+05:30",
            "service_charge": 29.99, "service_tax": 5.40, "settlement_amount": 1464.11, "settlement_id": 6121238,
            "transfer_id": 238, "transfer_time": "2025-01-16T12:57:52+05:30", "transfer_utr": "N87912312",
            "forex_conversion_handling_charge": null, "forex_conversion_handling_tax": null, "forex_conversion_rate": null,
            "charges_currency": "INR"}"#,
    )
    .await;
    let s = pg(&server)
        .get_settlement_for_order()
        .order_id("order_42")
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::get("/orders/order_42/settlements")).await;
    assert_eq!(s.cf_payment_id.as_deref(), Some("5114910253399"));
    assert_eq!(s.cf_settlement_id.as_deref(), Some("6121238"));
    assert_eq!(s.order_amount.unwrap().to_string(), "1499.50");
    assert_eq!(s.service_tax.unwrap().to_string(), "5.40");
    assert_eq!(s.settlement_amount.unwrap().to_string(), "1464.11");
    assert_eq!(
        s.order_amount.unwrap().decimal()
            - s.service_charge.unwrap().decimal()
            - s.service_tax.unwrap().decimal(),
        s.settlement_amount.unwrap().decimal(),
        "exact arithmetic on exact amounts"
    );
    assert_eq!(s.settlement_id, Some(6121238));
    assert_eq!(s.transfer_utr.as_deref(), Some("N87912312"));
    assert!(s.forex_conversion_rate.is_none());
}

#[tokio::test]
async fn get_settlements_sends_the_documented_query_and_reads_the_documented_answer() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/get_settlements.response.json"),
    )
    .await;
    let body: types::FetchSettlementsRequest =
        serde_json::from_str(&fixture("cashfree-pg/get_settlements.request.json"))
            .expect("the documented request parses");
    let page = pg(&server)
        .get_settlements()
        .body(body)
        .send()
        .await
        .expect("found");
    assert_pg_request(&server, Expected::post("/settlements", SETTLEMENTS_QUERY)).await;
    // PG-25: the answer is a page; its entry is the reference's one `SettlementEntity` example.
    assert_eq!(
        page.cursor.as_deref(),
        Some("eyJzZWFyY2hBZnRlciI6WzE4ODY3MTQ2XX0="),
        "the cursor to send back for the next page"
    );
    assert_eq!(page.limit, Some(1));
    let data = page.data.as_deref().expect("the page's settlements");
    assert_eq!(data.len(), 1);
    let s = &data[0];
    assert_eq!(s.cf_settlement_id.as_deref(), Some("6121238"));
    assert_eq!(s.order_id.as_deref(), Some("order-12-127"));
    assert_eq!(s.order_amount.unwrap().to_string(), "100");
    assert_eq!(s.service_tax.unwrap().to_string(), "1.8");
    assert_eq!(s.settlement_amount.unwrap().to_string(), "88.2");
    assert_eq!(
        s.forex_conversion_handling_charge.unwrap().to_string(),
        "11.12"
    );
    assert_eq!(s.forex_conversion_rate, Some(84.24));
    assert_eq!(s.transfer_id, Some(238));
}

#[tokio::test]
async fn a_bare_settlement_answer_reads_as_an_empty_page_and_keeps_every_byte() {
    // PG-25: should a server answer the reference's bare entity instead of a page, the typed
    // page is empty (never an error) and the settlement is still in the raw body.
    let server = MockServer::start().await;
    let bare = r#"{"cf_payment_id": "553338", "cf_settlement_id": "6121238", "order_id": "order-12-127", "settlement_amount": 88.20}"#;
    answer(&server, 200, bare).await;
    let body: types::FetchSettlementsRequest =
        serde_json::from_str(&fixture("cashfree-pg/get_settlements.request.json")).unwrap();
    let page = pg(&server)
        .get_settlements()
        .body(body)
        .send()
        .await
        .expect("a bare entity is not an error");
    assert!(page.data.is_none(), "{:?}", page.data);
    assert!(page.cursor.is_none());
    assert_eq!(page.raw_body(), bare.as_bytes());
    let kept: types::SettlementEntity = serde_json::from_slice(page.raw_body()).unwrap();
    assert_eq!(kept.settlement_amount.unwrap().to_string(), "88.20");
}

#[tokio::test]
async fn get_settlements_is_a_read_and_is_retried_with_an_idempotency_key() {
    // PG-24: the POST reads data only; with a key the runtime may send it again.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        200,
        &fixture("cashfree-pg/get_settlements.response.json"),
    )
    .await;
    let body: types::FetchSettlementsRequest =
        serde_json::from_str(&fixture("cashfree-pg/get_settlements.request.json")).unwrap();
    pg(&server)
        .get_settlements()
        .x_idempotency_key("settlements-page-1")
        .body(body)
        .send()
        .await
        .expect("second attempt");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert!(received
        .iter()
        .all(|r| r.body == SETTLEMENTS_QUERY.as_bytes()));
    assert!(received
        .iter()
        .all(|r| header(r, "x-idempotency-key") == Some("settlements-page-1")));
}

#[tokio::test]
async fn get_settlement_recon_reads_nested_events() {
    // PG-26: the reference example's values (event_remarks "null,", forex numbers, a numeric
    // bank reference) under the schema's key names.
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"cursor": "eyJzZWFyY2hBZnRlciI6WzE4ODY3MTQ2XX0=", "limit": 1, "data": [{
          "customer_details": {"customer_bank_account_number": "1234567", "customer_bank_code": 3044, "customer_bank_ifsc": "SBIN0000123",
                               "customer_email": "asha@example.com", "customer_id": "7112AAA812234", "customer_name": "Asha Rao", "customer_phone": "9898989898"},
          "dispute_details": {"closed_in_favor_of": null, "dispute_category": null, "dispute_note": null, "dispute_resolved_on": null, "resolved_on": null},
          "event_details": {"entity": "recon", "event_amount": 3000.00, "event_currency": "INR", "event_id": "43594", "event_remarks": "null,",
                            "event_service_charge": 59.00, "event_service_tax": 10.62, "event_settlement_amount": 2930.38,
                            "event_status": "SUCCESS", "event_time": "2025-01-16T15:06:41+05:30", "event_type": "PAYMENT", "sale_type": "CREDIT"},
          "order_details": {"order_amount": 3000.00, "order_currency": "INR", "order_id": "order_42", "order_tags": {"key1": "value1"}},
          "payment_details": {"bank_reference": 210396, "cf_payment_id": "5114910253399", "charges_currency": "INR",
                              "forex_conversion_handling_charge": 0, "forex_conversion_handling_tax": 0, "payment_amount": 3000.00,
                              "payment_currency": "INR", "payment_mode": "UPI", "payment_service_charge": 59.00, "payment_service_tax": 10.62,
                              "payment_time": "2025-01-16T15:06:41+05:30", "status": "SUCCESS"},
          "refund_details": {"refund_arn": null, "refund_id": null, "refund_note": null, "refund_processed_at": null},
          "settlement_details": {"adjustment": 0.00, "amount_settled": 2930.38, "cf_settlement_id": "6121238", "payment_from": "2025-01-15T00:00:00+05:30",
                                 "payment_till": "2025-01-15T23:59:59+05:30", "reason": null, "remarks": null, "service_charge": 0, "service_tax": 0,
                                 "settlement_charge": 0, "settlement_date": "2025-01-17T11:00:00+05:30", "settlement_initiated_on": "2025-01-17T10:00:00+05:30",
                                 "settlement_tax": 0, "settlement_type": "NORMAL_SETTLEMENT", "split_service_charge": 0, "split_service_tax": 0,
                                 "utr": "N87912312", "vendor_commission": 0}
        }]}"#,
    )
    .await;
    let body = types::SettlementFetchReconRequest {
        pagination: types::SettlementsPagination {
            limit: 1,
            cursor: None,
        },
        filters: types::SettlementsFilters {
            cf_settlement_ids: vec!["6121238".into()],
            ..Default::default()
        },
    };
    let page = pg(&server)
        .get_settlement_recon()
        .body(body)
        .send()
        .await
        .expect("found");
    assert_pg_request(
        &server,
        Expected::post(
            "/settlement/recon",
            r#"{"filters":{"cf_settlement_ids":["6121238"]},"pagination":{"limit":1}}"#,
        ),
    )
    .await;
    assert_eq!(
        page.cursor.as_deref(),
        Some("eyJzZWFyY2hBZnRlciI6WzE4ODY3MTQ2XX0=")
    );
    assert_eq!(page.limit, Some(1));
    let event = &page.data.as_ref().unwrap()[0];
    let details = event.event_details.as_ref().unwrap();
    assert_eq!(details.event_type, Some(enums::ReconEventType::Payment));
    assert_eq!(details.sale_type, Some(enums::SaleType::Credit));
    assert_eq!(
        details.event_settlement_amount.unwrap().to_string(),
        "2930.38"
    );
    assert_eq!(details.event_remarks.as_deref(), Some("null,"));
    assert_eq!(details.event_id.as_deref(), Some("43594"));
    let payment = event.payment_details.as_ref().unwrap();
    assert_eq!(payment.bank_reference.as_deref(), Some("210396"));
    assert_eq!(
        payment
            .forex_conversion_handling_charge
            .unwrap()
            .to_string(),
        "0"
    );
    assert_eq!(
        event
            .customer_details
            .as_ref()
            .unwrap()
            .customer_bank_code
            .as_deref(),
        Some("3044")
    );
    let settlement = event.settlement_details.as_ref().unwrap();
    assert_eq!(settlement.amount_settled.unwrap().to_string(), "2930.38");
    assert_eq!(settlement.adjustment.unwrap().to_string(), "0.00");
    assert_eq!(
        event
            .order_details
            .as_ref()
            .unwrap()
            .order_tags
            .as_ref()
            .unwrap()
            .get("key1"),
        Some(&serde_json::json!("value1"))
    );
    assert!(event.refund_details.as_ref().unwrap().refund_id.is_none());
}

#[tokio::test]
async fn get_recon_reads_a_ledger_page() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"cursor": null, "limit": 10, "data": [
          {"event_id": "5114910810523", "entity": "recon", "event_type": "PAYMENT", "sale_type": "CREDIT", "event_time": "2025-01-16T13:32:27+05:30",
           "event_settlement_amount": 49856.58, "event_amount": 51000.00, "event_status": "SUCCESS", "event_currency": "INR", "order_id": "order_42",
           "order_amount": 51000.00, "customer_name": "Asha Rao", "customer_phone": 9898989898, "customer_email": "asha@example.com",
           "payment_amount": 51000.00, "payment_utr": "412345678901", "payment_time": "2025-01-16T13:32:27+05:30",
           "payment_service_charge": 969.00, "payment_service_tax": 174.42, "cf_payment_id": 5114910810523, "cf_settlement_id": null,
           "settlement_utr": null, "vendor_commission": 0, "split_service_charge": 0, "split_service_tax": 0},
          {"event_id": "88120", "entity": "recon", "event_type": "FUND_SWEEP_REVERSAL", "sale_type": "DEBIT", "event_amount": 120.50,
           "event_status": "SUCCESS", "adjustment": 120.50, "adjustment_remarks": "sweep reversed"},
          {"event_id": "88121", "event_type": "INTEREST_CREDIT", "sale_type": "CREDIT", "event_amount": 1.25}
        ]}"#,
    )
    .await;
    let body = types::FetchReconRequest {
        pagination: types::ReconPagination {
            limit: 10,
            cursor: None,
        },
        filters: types::ReconFilters {
            start_date: "2025-01-16T00:00:00Z".into(),
            end_date: "2025-01-16T23:59:59Z".into(),
        },
    };
    let page = pg(&server)
        .get_recon()
        .body(body)
        .send()
        .await
        .expect("found");
    assert_pg_request(
        &server,
        Expected::post(
            "/recon",
            r#"{"filters":{"end_date":"2025-01-16T23:59:59Z","start_date":"2025-01-16T00:00:00Z"},"pagination":{"limit":10}}"#,
        ),
    )
    .await;
    assert!(page.cursor.is_none(), "the last page has no cursor");
    let events = page.data.as_ref().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(
        events[0].event_settlement_amount.unwrap().to_string(),
        "49856.58"
    );
    assert_eq!(events[0].payment_service_tax.unwrap().to_string(), "174.42");
    assert_eq!(events[0].customer_phone.as_deref(), Some("9898989898"));
    assert_eq!(events[0].cf_payment_id.as_deref(), Some("5114910810523"));
    assert!(events[0].cf_settlement_id.is_none());
    assert_eq!(
        events[1].event_type,
        Some(enums::ReconEventType::FundSweepReversal)
    );
    assert_eq!(events[1].sale_type, Some(enums::SaleType::Debit));
    assert_eq!(events[1].adjustment.unwrap().to_string(), "120.50");
    assert_eq!(
        events[2].event_type,
        Some(enums::ReconEventType::Unknown("INTEREST_CREDIT".into()))
    );
}

#[tokio::test]
async fn get_recon_refuses_a_page_larger_than_documented() {
    let server = MockServer::start().await;
    let body = types::FetchReconRequest {
        pagination: types::ReconPagination {
            limit: 1001,
            cursor: None,
        },
        filters: types::ReconFilters {
            start_date: "2025-01-16T00:00:00Z".into(),
            end_date: "2025-01-16T23:59:59Z".into(),
        },
    };
    let err = pg(&server).get_recon().body(body).send().await.unwrap_err();
    let paygen::Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("pagination.limit"));
    assert!(server.received_requests().await.unwrap().is_empty());
}
