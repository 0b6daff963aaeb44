//! PG settlements and reconciliation through the generated client against the mock: what the
//! mock's paid orders, refunds and disputes add up to, searched, filtered and paged by cursor.

use std::collections::HashSet;
use std::time::Duration;

use paygen::mock::MockServer;
use paygen::pg::{enums, types, Client};
use serde_json::{json, Value};

use crate::framework::http;
use crate::pg::{amount, api, of, order, pay, simulate, upi};

/// Two orders paid: `100.50` by the sandbox success UPI id, `250.00` by a test card that
/// `simulate_payment` succeeds. Gives their cf_payment_ids.
async fn two_paid_orders(client: &Client) -> (String, String) {
    let a = order(client, "ledger_a", "100.50", json!({})).await;
    let paid_a = pay(
        client,
        a.payment_session_id.as_deref().unwrap(),
        upi("testsuccess@gocash"),
    )
    .await
    .unwrap();
    let b = order(client, "ledger_b", "250.00", json!({})).await;
    let paid_b = pay(
        client,
        b.payment_session_id.as_deref().unwrap(),
        json!({"card": {"channel": "link", "card_number": "4706131211212123",
            "card_holder_name": "Test", "card_expiry_mm": "12", "card_expiry_yy": "30", "card_cvv": "123"}}),
    )
    .await
    .unwrap();
    let id_b = paid_b.cf_payment_id.clone().unwrap();
    simulate(client, &id_b, "SUCCESS", None).await.unwrap();
    (paid_a.cf_payment_id.unwrap().to_string(), id_b.to_string())
}

/// The body of a settlement search or recon request.
fn search(filters: Value, limit: i64, cursor: Option<&str>) -> Value {
    json!({"pagination": {"limit": limit, "cursor": cursor}, "filters": filters})
}

/// A window of two hours around the mock clock's now, to the second (a query's cursor only
/// works with the same filters, so each test computes it once).
fn around_now(mock: &MockServer) -> Value {
    let now = mock.clock().now();
    let at =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    json!({
        "start_date": at(now - chrono::Duration::hours(1)),
        "end_date": at(now + chrono::Duration::hours(1)),
    })
}

/// `get_settlements` answers a page `{cursor, limit, data}`, typed `SettlementsPage` (PG-25,
/// MK-7).
async fn settlements(
    client: &Client,
    body: Value,
) -> Result<types::SettlementsPage, paygen::Error> {
    client
        .get_settlements()
        .body(of::<types::FetchSettlementsRequest>(body))
        .send()
        .await
        .map(paygen::Response::into_inner)
}

/// The settlements of a page (a page without `data` is a failure: the mock always sends it).
fn entries(page: &types::SettlementsPage) -> &[types::SettlementEntity] {
    page.data
        .as_deref()
        .expect("the mock sends data on every page")
}

/// The `cf_payment_id` of each settlement of a page.
fn payment_ids(page: &types::SettlementsPage) -> Vec<String> {
    entries(page)
        .iter()
        .map(|s| {
            s.cf_payment_id
                .as_deref()
                .expect("a settlement names its payment")
                .to_string()
        })
        .collect()
}

async fn settlement_recon(client: &Client, body: Value) -> types::SettlementReconEntity {
    client
        .get_settlement_recon()
        .body(of::<types::SettlementFetchReconRequest>(body))
        .send()
        .await
        .unwrap()
        .into_inner()
}

async fn recon(client: &Client, body: Value) -> types::ReconEntity {
    client
        .get_recon()
        .body(of::<types::FetchReconRequest>(body))
        .send()
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test]
async fn settlements_of_paid_orders_are_searched_with_exact_amounts_filtered_and_paged() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let (pay_a, pay_b) = two_paid_orders(&client).await;
    // An unpaid order and a failed payment settle nothing.
    order(&client, "ledger_unpaid", "10.00", json!({})).await;
    let failed = order(&client, "ledger_failed", "20.00", json!({})).await;
    pay(
        &client,
        failed.payment_session_id.as_deref().unwrap(),
        upi("testfailure@gocash"),
    )
    .await
    .unwrap();

    let window = around_now(&mock);
    let page = settlements(&client, search(window.clone(), 10, None))
        .await
        .unwrap();
    let data = entries(&page);
    assert_eq!(data.len(), 2, "{page:?}");
    assert!(page.cursor.is_none(), "one page holds both");
    assert_eq!(page.limit, Some(10));
    assert_eq!(payment_ids(&page), vec![pay_a.clone(), pay_b.clone()]);
    assert_eq!(data[0].order_id.as_deref(), Some("ledger_a"));
    assert_eq!(data[1].order_id.as_deref(), Some("ledger_b"));
    // Exact amounts, scale kept: 100.50 less 2% (2.01) and 18% tax on it (0.36); 250.00 less
    // 5.00 and 0.90.
    let money = |s: &types::SettlementEntity| {
        [
            s.order_amount,
            s.service_charge,
            s.service_tax,
            s.settlement_amount,
        ]
        .map(|a| a.map(|a| a.to_string()).unwrap_or_default())
    };
    assert_eq!(money(&data[0]), ["100.50", "2.01", "0.36", "98.13"]);
    assert_eq!(money(&data[1]), ["250.00", "5.00", "0.90", "244.10"]);
    // The search and the per-order call agree.
    let one = client
        .get_settlement_for_order()
        .order_id("ledger_b")
        .send()
        .await
        .unwrap();
    assert_eq!(
        one.cf_settlement_id.as_deref(),
        data[1].cf_settlement_id.as_deref()
    );
    assert_eq!(
        one.settlement_amount.map(|a| a.to_string()).as_deref(),
        Some("244.10")
    );
    assert_eq!(one.transfer_utr, data[1].transfer_utr);

    // limit 1: each settlement exactly once, then no cursor.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..3 {
        let page = settlements(&client, search(window.clone(), 1, cursor.as_deref()))
            .await
            .unwrap();
        assert_eq!(entries(&page).len(), 1, "{page:?}");
        assert_eq!(page.limit, Some(1));
        seen.extend(payment_ids(&page));
        cursor = page.cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, vec![pay_a.clone(), pay_b.clone()]);

    // An order paid while paging shows on a later page; nothing shows twice.
    let first = settlements(&client, search(window.clone(), 1, None))
        .await
        .unwrap();
    let late = order(&client, "ledger_late", "1.00", json!({})).await;
    let late_pay = pay(
        &client,
        late.payment_session_id.as_deref().unwrap(),
        upi("testsuccess@gocash"),
    )
    .await
    .unwrap()
    .cf_payment_id
    .unwrap()
    .to_string();
    let mut seen = payment_ids(&first);
    let mut cursor = first.cursor;
    while let Some(c) = cursor.take() {
        let page = settlements(&client, search(window.clone(), 1, Some(&c)))
            .await
            .unwrap();
        seen.extend(payment_ids(&page));
        cursor = page.cursor;
        assert!(seen.len() <= 3, "{seen:?}");
    }
    assert_eq!(seen, vec![pay_a.clone(), pay_b.clone(), late_pay]);

    // Filters narrow: by id, by UTR, by a window before the payments.
    let id_b = data[1].cf_settlement_id.as_deref().unwrap();
    let by_id = settlements(
        &client,
        search(json!({"cf_settlement_ids": [id_b]}), 10, None),
    )
    .await
    .unwrap();
    assert_eq!(entries(&by_id).len(), 1);
    assert_eq!(entries(&by_id)[0].order_id.as_deref(), Some("ledger_b"));
    let utr_a = data[0].transfer_utr.as_deref().unwrap();
    let by_utr = settlements(
        &client,
        search(json!({"settlement_utrs": [utr_a]}), 10, None),
    )
    .await
    .unwrap();
    assert_eq!(entries(&by_utr).len(), 1);
    assert_eq!(entries(&by_utr)[0].order_id.as_deref(), Some("ledger_a"));
    let before = settlements(
        &client,
        search(
            json!({"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-01-02T00:00:00Z"}),
            10,
            None,
        ),
    )
    .await
    .unwrap();
    assert!(entries(&before).is_empty());
    let unknown = settlements(
        &client,
        search(json!({"cf_settlement_ids": ["1"]}), 10, None),
    )
    .await
    .unwrap();
    assert!(entries(&unknown).is_empty());
}

#[tokio::test]
async fn a_bad_cursor_limit_or_filter_gets_the_documented_error() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    two_paid_orders(&client).await;
    let window = around_now(&mock);
    let first = settlements(&client, search(window.clone(), 1, None))
        .await
        .unwrap();
    let cursor = first.cursor.expect("two settlements, one a page");

    let refused = |body: Value| {
        let client = client.clone();
        async move { api(settlements(&client, body).await.unwrap_err()) }
    };
    let made_up = refused(search(window.clone(), 1, Some("bm90LWEtY3Vyc29y"))).await;
    assert_eq!(made_up.status, 400);
    assert_eq!(made_up.code.as_deref(), Some("cursor_invalid"));
    // A cursor belongs to its query: another limit or other filters refuse it.
    let other_limit = refused(search(window.clone(), 2, Some(&cursor))).await;
    assert_eq!(other_limit.code.as_deref(), Some("cursor_invalid"));
    let other_filters = refused(search(
        json!({"start_date": "2020-01-01T00:00:00Z", "end_date": "2030-01-01T00:00:00Z"}),
        1,
        Some(&cursor),
    ))
    .await;
    assert_eq!(other_filters.code.as_deref(), Some("cursor_invalid"));
    let zero = refused(search(around_now(&mock), 0, None)).await;
    assert_eq!(zero.status, 400);
    assert_eq!(zero.code.as_deref(), Some("limit_invalid"));
    let nothing = refused(search(json!({}), 10, None)).await;
    assert_eq!(nothing.code.as_deref(), Some("filters_invalid"));
    let half = refused(search(
        json!({"start_date": "2025-01-01T00:00:00Z"}),
        10,
        None,
    ))
    .await;
    assert_eq!(half.code.as_deref(), Some("end_date_missing"));
    let reversed = refused(search(
        json!({"start_date": "2025-02-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}),
        10,
        None,
    ))
    .await;
    assert_eq!(reversed.code.as_deref(), Some("end_date_invalid"));

    // Above the spec's maximum of 1000 the mock refuses it too (the client would not send it).
    let over = http()
        .post(format!("{}/pg/settlements", mock.url()))
        .header("x-client-id", mock.options().credentials.client_id.as_str())
        .header(
            "x-client-secret",
            mock.options().credentials.client_secret.expose(),
        )
        .header("x-api-version", "2025-01-01")
        .json(&search(around_now(&mock), 1001, None))
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), 400);
    let body: Value = over.json().await.unwrap();
    assert_eq!(body["code"], json!("limit_invalid"), "{body}");
}

#[tokio::test]
async fn recon_lists_the_payment_refund_and_settlement_events_with_exact_amounts() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let (pay_a, pay_b) = two_paid_orders(&client).await;
    let refund = client
        .create_refund()
        .order_id("ledger_a")
        .body(types::OrderCreateRefundRequest {
            refund_amount: amount("40.00"),
            refund_id: "ledger_refund".into(),
            refund_note: Some("damaged".into()),
            refund_speed: None,
            refund_splits: Vec::new(),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.clock().advance(Duration::from_secs(61));
    let window = around_now(&mock);

    // Settlement recon of order A's settlement: its payment, then its refund (processed now).
    let settled = settlements(&client, search(window.clone(), 10, None))
        .await
        .unwrap();
    let id_a = entries(&settled)[0]
        .cf_settlement_id
        .as_deref()
        .unwrap()
        .to_string();
    let page = settlement_recon(
        &client,
        search(json!({"cf_settlement_ids": [id_a.clone()]}), 10, None),
    )
    .await;
    let events = page.data.unwrap();
    assert_eq!(events.len(), 2);
    assert!(page.cursor.is_none());
    let payment = events[0].event_details.as_ref().unwrap();
    assert_eq!(payment.event_type, Some(enums::ReconEventType::Payment));
    assert_eq!(payment.sale_type, Some(enums::SaleType::Credit));
    assert_eq!(payment.event_id.as_ref().unwrap().as_str(), pay_a);
    assert_eq!(
        payment.event_amount.map(|a| a.to_string()).as_deref(),
        Some("100.50")
    );
    assert_eq!(
        payment
            .event_settlement_amount
            .map(|a| a.to_string())
            .as_deref(),
        Some("98.13")
    );
    let details = events[0].settlement_details.as_ref().unwrap();
    assert_eq!(
        details.cf_settlement_id.as_ref().unwrap().as_str(),
        id_a.as_str()
    );
    assert_eq!(
        details.amount_settled.map(|a| a.to_string()).as_deref(),
        Some("98.13")
    );
    let refund_event = events[1].event_details.as_ref().unwrap();
    assert_eq!(refund_event.event_type, Some(enums::ReconEventType::Refund));
    assert_eq!(refund_event.sale_type, Some(enums::SaleType::Debit));
    assert_eq!(refund_event.event_status.as_deref(), Some("SUCCESS"));
    assert_eq!(
        refund_event.event_id.as_ref().unwrap().as_str(),
        refund.cf_refund_id.as_ref().unwrap().as_str()
    );
    assert_eq!(
        refund_event.event_amount.map(|a| a.to_string()).as_deref(),
        Some("40.00")
    );
    let refund_details = events[1].refund_details.as_ref().unwrap();
    assert_eq!(refund_details.refund_id.as_deref(), Some("ledger_refund"));
    assert_eq!(refund_details.refund_note.as_deref(), Some("damaged"));
    assert!(refund_details.refund_processed_at.is_some());

    // Both settlements' events a page of one at a time: each exactly once.
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = settlement_recon(&client, search(window.clone(), 1, cursor.as_deref())).await;
        let data = page.data.unwrap();
        assert_eq!(data.len(), 1);
        let id = data[0]
            .event_details
            .as_ref()
            .unwrap()
            .event_id
            .clone()
            .unwrap();
        assert!(seen.insert(id.to_string()), "{id} seen twice");
        pages += 1;
        cursor = page.cursor;
        if cursor.is_none() || pages > 5 {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert!(seen.contains(&pay_b));

    // The PG ledger of the window: per payment its PAYMENT and SETTLEMENT, and the REFUND.
    let ledger = recon(&client, search(window.clone(), 10, None)).await;
    let rows = ledger.data.unwrap();
    let kinds: Vec<_> = rows
        .iter()
        .map(|r| (r.event_type.clone().unwrap(), r.order_id.clone().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (enums::ReconEventType::Payment, "ledger_a".to_string()),
            (enums::ReconEventType::Settlement, "ledger_a".to_string()),
            (enums::ReconEventType::Payment, "ledger_b".to_string()),
            (enums::ReconEventType::Settlement, "ledger_b".to_string()),
            (enums::ReconEventType::Refund, "ledger_a".to_string()),
        ]
    );
    let amounts = |i: usize| {
        (
            rows[i].event_amount.map(|a| a.to_string()),
            rows[i].event_settlement_amount.map(|a| a.to_string()),
        )
    };
    assert_eq!(amounts(0), (Some("100.50".into()), Some("98.13".into())));
    assert_eq!(amounts(2), (Some("250.00".into()), Some("244.10".into())));
    assert_eq!(amounts(4), (Some("40.00".into()), Some("40.00".into())));
    assert_eq!(rows[4].sale_type, Some(enums::SaleType::Debit));
    assert_eq!(rows[4].refund_id.as_deref(), Some("ledger_refund"));
    assert_eq!(
        rows[3].amount_settled.map(|a| a.to_string()).as_deref(),
        Some("244.10")
    );
    assert_eq!(
        rows[3].service_charge.map(|a| a.to_string()).as_deref(),
        Some("5.00")
    );
    assert_eq!(
        rows[3].service_tax.map(|a| a.to_string()).as_deref(),
        Some("0.90")
    );

    // The same ledger two rows a page: every row once, in the same order.
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..5 {
        let page = recon(&client, search(window.clone(), 2, cursor.as_deref())).await;
        paged.extend(
            page.data
                .unwrap()
                .into_iter()
                .map(|r| r.event_id.unwrap().to_string()),
        );
        cursor = page.cursor;
        if cursor.is_none() {
            break;
        }
    }
    let all: Vec<String> = rows
        .iter()
        .map(|r| r.event_id.clone().unwrap().to_string())
        .collect();
    assert_eq!(paged, all);

    // A window before anything happened is empty.
    let empty = recon(
        &client,
        search(
            json!({"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-01-02T00:00:00Z"}),
            10,
            None,
        ),
    )
    .await;
    assert!(empty.data.unwrap().is_empty());
}

#[tokio::test]
async fn a_dispute_shows_in_recon_as_a_debit_of_its_payment() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::from_config(mock.config()).unwrap();
    let (pay_a, _) = two_paid_orders(&client).await;
    let opened: Value = http()
        .post(format!("{}/__paygen/pg/disputes", mock.url()))
        .json(&json!({"cf_payment_id": pay_a, "dispute_type": "CHARGEBACK"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ledger = recon(&client, search(around_now(&mock), 10, None)).await;
    let rows = ledger.data.unwrap();
    let chargeback = rows
        .iter()
        .find(|r| r.event_type == Some(enums::ReconEventType::Chargeback))
        .expect("the chargeback is in the ledger");
    assert_eq!(
        chargeback.event_id.as_ref().unwrap().as_str(),
        opened["dispute_id"].as_str().unwrap()
    );
    assert_eq!(chargeback.sale_type, Some(enums::SaleType::Debit));
    assert_eq!(
        chargeback.event_amount.map(|a| a.to_string()).as_deref(),
        Some("100.50")
    );
    assert_eq!(
        chargeback.event_status.as_deref(),
        Some("CHARGEBACK_CREATED")
    );
}
