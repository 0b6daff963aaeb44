//! Collect from India on the mock: every operation through `paygen::collect_from_india` — a
//! payment's verification moving through its statuses as documents are uploaded (or its
//! deadline passes), and the sandbox settlement cycle: trigger, mark processed, settlement
//! details and recon.

use std::time::Duration;

use paygen::collect_from_india::{types, Client, UploadField};
use paygen::mock::auth::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use paygen::mock::{Family, MockServer};
use paygen::{Amount, Config, Credentials, Environment};
use serde_json::Value;

/// Every text document of the upload form.
const FIELDS: [UploadField; 10] = [
    UploadField::ImporterName,
    UploadField::ImporterAddress,
    UploadField::ImporterAddressPostalCode,
    UploadField::GoodsDescription,
    UploadField::CountryOfOrigin,
    UploadField::InvoiceNumber,
    UploadField::EcommerceOrderSerialNumber,
    UploadField::HsCode,
    UploadField::ShipmentDate,
    UploadField::PortOfLoading,
];

fn client(mock: &MockServer) -> Client {
    Client::from_config(mock.config_for(Family::CollectFromIndia)).unwrap()
}

/// Records a collected payment the way Cashfree opens a verification; returns its id.
async fn collected(mock: &MockServer, order_id: &str, amount: &str) -> String {
    let answer: Value = super::framework::http()
        .post(format!(
            "{}/__paygen/collect-from-india/payments",
            mock.url()
        ))
        .body(format!(
            r#"{{"order_id":"{order_id}","order_amount":{amount},"settlement_currency":"USD"}}"#
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["cf_payment_id"].as_u64().unwrap().to_string()
}

async fn status(c: &Client, id: &str) -> (String, Vec<(String, String)>) {
    let v = c
        .get_import_payment_verification()
        .cf_payment_id(id)
        .send()
        .await
        .unwrap()
        .into_inner();
    let docs = v
        .details
        .unwrap_or_default()
        .into_iter()
        .map(|d| {
            (
                d.doc_name.unwrap().to_string(),
                d.doc_status.unwrap().to_string(),
            )
        })
        .collect();
    (v.payment_verification_status.unwrap().to_string(), docs)
}

fn doc<'a>(docs: &'a [(String, String)], name: &str) -> &'a str {
    docs.iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s.as_str())
        .unwrap()
}

/// Uploads every sandbox test value and a PDF invoice.
async fn verify_all(c: &Client, id: &str) {
    let mut call = c
        .upload_import_payment_verification()
        .cf_payment_id(id.to_string());
    for (name, value) in paygen::mock::state::collect_from_india::TEST_VALUES {
        let field = FIELDS
            .iter()
            .copied()
            .find(|f| f.as_str() == *name)
            .unwrap();
        call = call.value(field, *value);
    }
    call.invoice_file("invoice.pdf", b"%PDF-1.4 mock\n".to_vec())
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_verification_moves_from_action_required_through_in_review_to_verified() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let id = collected(&mock, "order_1", "1000.00").await;
    let (overall, docs) = status(&c, &id).await;
    assert_eq!(overall, "ACTION_REQUIRED");
    assert!(docs.iter().all(|(_, s)| s == "ACTION_REQUIRED"), "{docs:?}");

    // A value that is not the sandbox's test value waits for review; a non-PDF is refused.
    let result = c
        .upload_import_payment_verification()
        .cf_payment_id(id.clone())
        .importer_name("Jane Roe")
        .invoice_file_with_content_type("invoice.png", "image/png", b"\x89PNG".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(result.uploaded_documents.as_ref().unwrap().len(), 2);
    assert_eq!(result.errors.as_ref().unwrap().len(), 1, "the PNG invoice");
    let (overall, docs) = status(&c, &id).await;
    assert_eq!(overall, "ACTION_REQUIRED");
    assert_eq!(doc(&docs, "importer_name"), "IN_REVIEW");
    assert_eq!(doc(&docs, "invoice_file"), "ACTION_REQUIRED");

    verify_all(&c, &id).await;
    let (overall, docs) = status(&c, &id).await;
    assert_eq!(overall, "VERIFIED", "{docs:?}");
    // CFI-14/CFI-15: the overall states the mock derives are the spec's typed ones.
    let v = c
        .get_import_payment_verification()
        .cf_payment_id(id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        v.payment_verification_status,
        Some(paygen::collect_from_india::enums::ImportVerificationStatus::Verified)
    );
    assert_eq!(doc(&docs, "invoice_file"), "VERIFIED");
    assert_eq!(doc(&docs, "shipment_date"), "VERIFIED");
}

#[tokio::test]
async fn documents_all_under_review_make_the_payment_in_review() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let id = collected(&mock, "order_1", "10.00").await;
    let mut call = c
        .upload_import_payment_verification()
        .cf_payment_id(id.clone());
    for field in FIELDS {
        call = call.value(field, "not the test value");
    }
    let result = call
        .invoice_file("i.pdf", b"%PDF".to_vec())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(result.missing_documents.unwrap_or_default().is_empty());
    assert_eq!(status(&c, &id).await.0, "IN_REVIEW");
}

#[tokio::test]
async fn an_unverified_payment_expires_and_then_refuses_uploads() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let id = collected(&mock, "order_1", "10.00").await;
    mock.clock().advance(Duration::from_secs(
        paygen::mock::state::collect_from_india::VERIFICATION_WINDOW_SECS as u64 + 1,
    ));
    assert_eq!(status(&c, &id).await.0, "EXPIRED");
    let err = c
        .upload_import_payment_verification()
        .cf_payment_id(id)
        .importer_name("John")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(
        (api.status, api.code.as_deref()),
        (400, Some("verification_expired"))
    );
    let unknown = c
        .get_import_payment_verification()
        .cf_payment_id("42")
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.as_api().unwrap().status, 404);
}

#[tokio::test]
async fn verified_payments_settle_are_marked_processed_and_show_in_recon() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let a = collected(&mock, "order_a", "1000.00").await;
    let b = collected(&mock, "order_b", "500.00").await;
    let unverified = collected(&mock, "order_c", "700.00").await;
    verify_all(&c, &a).await;
    verify_all(&c, &b).await;

    let before = c
        .get_import_settlement()
        .order_id("order_a")
        .send()
        .await
        .unwrap();
    assert!(before.cf_ica_settlement_details.is_none());

    let mut events = mock.events();
    c.trigger_import_sandbox_settlement().send().await.unwrap();
    let event = events.try_recv().unwrap();
    assert_eq!(event.event_type, "ICA_SETTLEMENT_UPDATE");
    assert!(
        event.data.contains(r#""status":"NOT_INITIATED""#),
        "{}",
        event.data
    );
    let details = c
        .get_import_settlement()
        .order_id("order_a")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        details
            .cf_order_details
            .as_ref()
            .unwrap()
            .cf_payment_id
            .as_ref()
            .unwrap()
            .as_str(),
        a
    );
    let s = details.cf_ica_settlement_details.unwrap();
    assert_eq!(s.status.as_ref().unwrap().as_str(), "NOT_INITIATED");
    // 1500.00 collected; 1.9% service charge 28.50, 18% tax on it 5.13.
    assert_eq!(
        s.collection_amount_inr,
        Some("1500.00".parse::<Amount>().unwrap())
    );
    assert_eq!(
        s.service_charge_inr,
        Some("28.50".parse::<Amount>().unwrap())
    );
    assert_eq!(
        s.settlement_amount_inr,
        Some("1466.37".parse::<Amount>().unwrap())
    );
    let settlement_id = s.cf_ica_settlement_id.unwrap().as_str().to_string();
    let not_settled = c
        .get_import_settlement()
        .order_id("order_c")
        .send()
        .await
        .unwrap();
    assert!(
        not_settled.cf_ica_settlement_details.is_none(),
        "{unverified} is not verified"
    );

    let update: types::ImportSandboxSettlementUpdate = serde_json::from_str(&format!(
        r#"{{"cf_ica_settlement_id":"{settlement_id}","status":"PROCESSED"}}"#
    ))
    .unwrap();
    let settled = c
        .mark_import_sandbox_settlement_processed()
        .body(update.clone())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(settled.status.as_ref().unwrap().as_str(), "SETTLED");
    let fx = settled.settlement_foreign_currency_details.unwrap();
    assert_eq!(fx.settlement_currency.as_deref(), Some("USD"));
    assert!(fx.settlement_amount.is_some());
    let utr = settled.settlement_utr.clone().unwrap();
    let again = c
        .mark_import_sandbox_settlement_processed()
        .body(update)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        again.as_api().unwrap().code.as_deref(),
        Some("settlement_already_processed")
    );

    let recon = |filter: String, cursor: Option<String>| {
        let cursor = cursor.map_or("null".to_string(), |c| format!("\"{c}\""));
        let body: types::ImportReconRequest = serde_json::from_str(&format!(
            r#"{{"filter":{filter},"pagination":{{"limit":1,"cursor":{cursor}}}}}"#
        ))
        .unwrap();
        c.get_import_settlement_recon().body(body).send()
    };
    let by_utr = format!(r#"{{"settlement_utrs":["{utr}"]}}"#);
    let first = recon(by_utr.clone(), None).await.unwrap().into_inner();
    assert_eq!(first.data.as_ref().unwrap().len(), 1);
    let cursor = first.cursor.clone().expect("a second page");
    let second = recon(by_utr, Some(cursor)).await.unwrap().into_inner();
    assert!(second.cursor.is_none(), "two payments, one a page");
    let mut orders: Vec<String> = first
        .data
        .unwrap()
        .into_iter()
        .chain(second.data.unwrap())
        .map(|e| e.order_id.unwrap())
        .collect();
    orders.sort();
    assert_eq!(orders, ["order_a", "order_b"]);
    let none = recon(r#"{"cf_ica_settlement_ids":[1]}"#.into(), None)
        .await
        .unwrap()
        .into_inner();
    assert!(none.data.unwrap().is_empty());
}

#[tokio::test]
async fn a_recon_cursor_keeps_its_place_while_settlements_are_added_and_belongs_to_its_query() {
    // MK-11: the cursor names the event a page starts at and the filter and limit it came with.
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    for order in ["walk_a", "walk_b"] {
        let id = collected(&mock, order, "100.00").await;
        verify_all(&c, &id).await;
    }
    c.trigger_import_sandbox_settlement().send().await.unwrap();
    let now = mock.clock().now();
    let at =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let window = format!(
        r#"{{"start_date":"{}","end_date":"{}"}}"#,
        at(now - chrono::Duration::hours(1)),
        at(now + chrono::Duration::hours(1))
    );
    let recon = |filter: &str, limit: i64, cursor: Option<&str>| {
        let cursor = cursor.map_or("null".to_string(), |c| format!("\"{c}\""));
        let body: types::ImportReconRequest = serde_json::from_str(&format!(
            r#"{{"filter":{filter},"pagination":{{"limit":{limit},"cursor":{cursor}}}}}"#
        ))
        .unwrap();
        c.get_import_settlement_recon().body(body).send()
    };
    let orders = |page: &types::ImportReconResponse| -> Vec<String> {
        page.data
            .iter()
            .flatten()
            .map(|e| e.order_id.clone().unwrap())
            .collect()
    };
    let first = recon(&window, 1, None).await.unwrap().into_inner();
    assert_eq!(orders(&first), ["walk_a"]);
    let cursor = first.cursor.clone().expect("a second page");

    // A settlement made while paging comes on a later page; nothing shows twice.
    let late = collected(&mock, "walk_late", "100.00").await;
    verify_all(&c, &late).await;
    c.trigger_import_sandbox_settlement().send().await.unwrap();
    let mut seen = orders(&first);
    let mut next = Some(cursor.clone());
    while let Some(at) = next.take() {
        let page = recon(&window, 1, Some(&at)).await.unwrap().into_inner();
        seen.extend(orders(&page));
        next = page.cursor;
        assert!(seen.len() <= 3, "{seen:?}");
    }
    assert_eq!(seen, ["walk_a", "walk_b", "walk_late"]);

    // The cursor belongs to its query: another limit, another filter, or a made-up cursor (the
    // mock's former `recon_<n>` text among them) is refused.
    let refused = |e: paygen::Error| {
        let api = e.as_api().expect("an API error");
        assert_eq!(api.status, 400, "{api:?}");
        assert_eq!(api.code.as_deref(), Some("cursor_invalid"), "{api:?}");
        assert!(api.message.contains("pagination.cursor"), "{api:?}");
    };
    refused(recon(&window, 2, Some(&cursor)).await.unwrap_err());
    refused(
        recon(r#"{"settlement_utrs":["nope"]}"#, 1, Some(&cursor))
            .await
            .unwrap_err(),
    );
    refused(recon(&window, 1, Some("recon_1")).await.unwrap_err());
}

#[tokio::test]
async fn a_settlement_under_one_rupee_is_skipped() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let id = collected(&mock, "tiny", "1.00").await;
    verify_all(&c, &id).await;
    c.trigger_import_sandbox_settlement().send().await.unwrap();
    let details = c
        .get_import_settlement()
        .order_id("tiny")
        .send()
        .await
        .unwrap();
    assert!(details.cf_ica_settlement_details.is_none());
    let unknown = c
        .get_import_settlement()
        .order_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.as_api().unwrap().status, 404);
}

#[tokio::test]
async fn the_sandbox_helpers_are_refused_against_production_before_anything_is_sent() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::from_config(Config::new(
        Environment::Production,
        Credentials::merchant(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    ))
    .unwrap();
    let err = c
        .trigger_import_sandbox_settlement()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, paygen::Error::Config(_)), "{err}");
    let update: types::ImportSandboxSettlementUpdate =
        serde_json::from_str(r#"{"cf_ica_settlement_id":"10001","status":"PROCESSED"}"#).unwrap();
    let err = c
        .mark_import_sandbox_settlement_processed()
        .body(update)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, paygen::Error::Config(_)), "{err}");
    assert!(mock.requests().is_empty());
}
