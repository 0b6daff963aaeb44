//! Collect from India on the wire: one contract test per documented operation, the
//! hand-written multipart upload byte for byte, the sandbox-only helpers refused against
//! production, and the webhook payloads the spec describes.
#![cfg(feature = "international")]

use crate::common;

use common::{fixture, header, only_request, CLIENT_ID, CLIENT_SECRET};
use paygen::collect_from_india::{enums, types, Client, UploadField, FAMILY};
use paygen::{Amount, Config, Credentials, Environment, Error};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::from_config(common::config(server)).expect("config is valid")
}

fn cfi(name: &str) -> String {
    fixture(&format!("cashfree-collect-from-india/{name}"))
}

async fn answer(server: &MockServer, m: &str, p: &str, status: u16, body: &str) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json"),
        )
        .mount(server)
        .await;
}

/// The headers every call carries, and those it must not.
fn assert_headers(req: &wiremock::Request) {
    assert_eq!(header(req, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(req, "x-client-secret"), Some(CLIENT_SECRET));
    assert_eq!(header(req, "x-api-version"), Some("2025-01-01"));
    assert_eq!(header(req, "accept"), Some("application/json"));
    for absent in [
        "api-version",
        "authorization",
        "x-partner-apikey",
        "x-partner-merchantid",
    ] {
        assert!(header(req, absent).is_none(), "{absent} must not be sent");
    }
}

fn amount(s: &str) -> Amount {
    s.parse().unwrap()
}

#[test]
fn hosts_are_the_bare_cashfree_hosts_without_pg() {
    // CFI-1: the reference serves /import/... from the bare hosts.
    assert_eq!(
        FAMILY.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.cashfree.com"
    );
    assert_eq!(
        FAMILY.base_url(&Environment::Production).unwrap(),
        "https://api.cashfree.com"
    );
    assert_eq!(FAMILY.api_version, "2025-01-01");
    assert!(FAMILY
        .operations
        .iter()
        .all(|o| o.path.starts_with("/import/") && !o.moves_money));
    let sandbox_only: Vec<_> = FAMILY
        .operations
        .iter()
        .filter(|o| o.sandbox_only)
        .map(|o| o.operation_id)
        .collect();
    assert_eq!(
        sandbox_only,
        [
            "trigger_import_sandbox_settlement",
            "mark_import_sandbox_settlement_processed"
        ]
    );
    let upload = FAMILY
        .operation("upload_import_payment_verification")
        .unwrap();
    assert!(upload.multipart && upload.request_schema.is_none());
}

#[tokio::test]
async fn get_import_settlement_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/import/orders/6cafd7aa-6568-4cc4-ba71-5e528272a3d3/settlements",
        200,
        &cfi("get_import_settlement.response.json"),
    )
    .await;
    let details = client(&server)
        .get_import_settlement()
        .order_id("6cafd7aa-6568-4cc4-ba71-5e528272a3d3")
        .send()
        .await
        .unwrap();
    let order = details.cf_order_details.as_ref().unwrap();
    assert_eq!(
        order.cf_payment_id.as_ref().unwrap().as_str(),
        "5114911054376"
    );
    assert_eq!(order.order_amount, Some(amount("8455")));
    let settlement = details.cf_ica_settlement_details.as_ref().unwrap();
    assert_eq!(
        settlement.cf_ica_settlement_id.as_ref().unwrap().as_str(),
        "10"
    );
    assert_eq!(settlement.status, Some(enums::IcaSettlementStatus::Settled));
    assert_eq!(settlement.adjustment_amount_inr, Some(amount("-18743.89")));
    assert_eq!(settlement.settlement_amount_inr, Some(amount("65500.04")));
    let fcy = settlement
        .settlement_foreign_currency_details
        .as_ref()
        .unwrap();
    // CFI-2: the API's name for the foreign amount, exact to its four places.
    assert_eq!(
        fcy.settlement_amount
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("780.8891")
    );
    assert_eq!(fcy.settlement_amount_fcy, None);
    // CFI-3: a time without a zone is kept as sent.
    assert_eq!(
        settlement.settled_on.as_deref(),
        Some("2024-08-29T16:30:46")
    );

    let req = only_request(&server).await;
    assert_headers(&req);
    assert!(req.body.is_empty() && header(&req, "content-type").is_none());
}

#[tokio::test]
async fn get_import_settlement_recon_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/import/settlements/recon",
        200,
        &cfi("get_import_settlement_recon.response.json"),
    )
    .await;
    let body: types::ImportReconRequest =
        serde_json::from_str(&cfi("get_import_settlement_recon.request.json")).unwrap();
    let page = client(&server)
        .get_import_settlement_recon()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(page.cursor, None, "a null cursor: the last page");
    let events = page.data.as_ref().unwrap();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.event_id.as_ref().unwrap().as_str(), "5114910810523");
    assert_eq!(e.event_type, Some(enums::ImportReconEventType::Payment));
    assert_eq!(e.event_settlement_amount, Some(amount("49856.58")));
    assert_eq!(e.payment_service_tax, Some(amount("174.42")));
    assert_eq!(e.cf_ica_settlement_id.as_ref().unwrap().as_str(), "7");
    assert_eq!(e.payment_group.as_deref(), Some("UPI"));

    let req = only_request(&server).await;
    assert_headers(&req);
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        concat!(
            r#"{"filter":{"cf_ica_settlement_ids":[123],"end_date":"2025-09-02T01:01:01.00+05:30","#,
            r#""settlement_utrs":["UTR123456789"],"start_date":"2025-09-01T01:01:01.00+05:30"},"#,
            r#""pagination":{"cursor":"<string>","limit":123}}"#
        )
    );
}

#[tokio::test]
async fn get_import_payment_verification_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/import/transactions/5114910606536",
        200,
        &cfi("get_import_payment_verification.response.json"),
    )
    .await;
    // CFI-4: the id may be given as a number; it goes out as its digits.
    let v = client(&server)
        .get_import_payment_verification()
        .cf_payment_id(5_114_910_606_536u64)
        .send()
        .await
        .unwrap();
    assert_eq!(v.cf_payment_id.as_ref().unwrap().as_str(), "5114910606536");
    assert_eq!(v.payment_status, Some(enums::ImportPaymentStatus::Success));
    assert_eq!(
        v.payment_verification_status,
        Some(enums::ImportVerificationStatus::ActionRequired)
    );
    let details = v.details.as_ref().unwrap();
    assert_eq!(details.len(), 11);
    assert_eq!(
        details[5].doc_name,
        Some(enums::ImportDocumentName::InvoiceFile)
    );
    assert_eq!(
        details[5].doc_type,
        Some(enums::ImportDocumentType::Document)
    );
    assert_eq!(
        details[10].doc_name,
        Some(enums::ImportDocumentName::AwbNumber)
    );
    let req = only_request(&server).await;
    assert_headers(&req);
}

fn upload_result() -> String {
    // No complete example is published; the body follows the reference's field names.
    r#"{"uploaded_documents":[{"doc_name":"importer_name","doc_type":"VALUE","doc_status":"IN_REVIEW","remarks":null},{"doc_name":"invoice_file","doc_type":"DOCUMENT","doc_status":"IN_REVIEW","remarks":null}],"missing_documents":[{"doc_name":"hs_code","doc_type":"VALUE","doc_status":"ACTION_REQUIRED","remarks":"required for physical goods"}],"errors":[]}"#.to_string()
}

#[tokio::test]
async fn upload_import_payment_verification_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/import/transactions/5114910634577",
        200,
        &upload_result(),
    )
    .await;
    let result = client(&server)
        .upload_import_payment_verification()
        .cf_payment_id("5114910634577")
        .importer_name("John")
        .shipment_date("01/01/2027")
        .invoice_file("invoice.pdf", b"%PDF-1.4 test\n".to_vec())
        .importer_name("John Smith")
        .send()
        .await
        .unwrap();
    assert_eq!(result.uploaded_documents.as_ref().unwrap().len(), 2);
    let missing = &result.missing_documents.as_ref().unwrap()[0];
    assert_eq!(missing.doc_name, Some(enums::ImportDocumentName::HsCode));
    assert_eq!(
        missing.doc_status,
        Some(enums::ImportDocumentStatus::ActionRequired)
    );

    let req = only_request(&server).await;
    assert_headers(&req);
    let content_type = header(&req, "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"importer_name\"\r\n\r\nJohn Smith\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"shipment_date\"\r\n\r\n01/01/2027\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"invoice_file\"; filename=\"invoice.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.4 test\n\r\n--{b}--\r\n",
        b = boundary
    );
    assert_eq!(std::str::from_utf8(&req.body).unwrap(), expected);
}

#[tokio::test]
async fn every_documented_upload_field_has_its_documented_name() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/import/transactions/1",
        200,
        &upload_result(),
    )
    .await;
    let fields = [
        (UploadField::ImporterName, "importer_name"),
        (UploadField::ImporterAddress, "importer_address"),
        (
            UploadField::ImporterAddressPostalCode,
            "importer_address_postal_code",
        ),
        (UploadField::GoodsDescription, "goods_description"),
        (UploadField::CountryOfOrigin, "country_of_origin"),
        (UploadField::InvoiceNumber, "invoice_number"),
        (
            UploadField::EcommerceOrderSerialNumber,
            "ecommerce_order_serial_number",
        ),
        (UploadField::HsCode, "hs_code"),
        (UploadField::ShipmentDate, "shipment_date"),
        (UploadField::PortOfLoading, "port_of_loading"),
    ];
    let c = client(&server);
    let mut call = c.upload_import_payment_verification().cf_payment_id(1u64);
    for (field, name) in fields {
        assert_eq!(field.as_str(), name);
        call = call.value(field, format!("value of {name}"));
    }
    call.invoice_file_with_content_type("scan.png", "image/png", vec![0x89, b'P', b'N', b'G'])
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    let body = String::from_utf8_lossy(&req.body);
    for (_, name) in fields {
        assert!(
            body.contains(&format!("name=\"{name}\"\r\n\r\nvalue of {name}\r\n")),
            "{name} missing"
        );
    }
    assert!(body.contains("filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n"));
}

#[tokio::test]
async fn an_upload_that_cannot_be_right_is_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let cases = [
        (
            c.upload_import_payment_verification().importer_name("John"),
            Some("cf_payment_id"),
        ),
        (
            c.upload_import_payment_verification().cf_payment_id(1u64),
            None,
        ),
        (
            c.upload_import_payment_verification()
                .cf_payment_id(1u64)
                .hs_code("  "),
            Some("hs_code"),
        ),
        (
            c.upload_import_payment_verification()
                .cf_payment_id(1u64)
                .invoice_file("a.pdf", Vec::new()),
            Some("invoice_file"),
        ),
        (
            c.upload_import_payment_verification()
                .cf_payment_id(1u64)
                .invoice_file("a\".pdf", vec![1]),
            Some("invoice_file"),
        ),
        (
            c.upload_import_payment_verification()
                .cf_payment_id(1u64)
                .invoice_file_with_content_type("a", "pdf", vec![1]),
            Some("invoice_file"),
        ),
    ];
    for (call, field) in cases {
        match call.send().await.unwrap_err() {
            Error::Validation(v) => {
                assert_eq!(v.operation, "upload_import_payment_verification");
                assert_eq!(v.field.as_deref(), field, "{v}");
            }
            other => panic!("expected a validation error, got {other}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_upload_error_is_the_same_typed_error_as_a_generated_calls() {
    let server = MockServer::start().await;
    let body = r#"{"message":"authentication Failed","code":"request_failed","type":"authentication_error"}"#;
    answer(&server, "POST", "/import/transactions/9", 401, body).await;
    let err = client(&server)
        .upload_import_payment_verification()
        .cf_payment_id(9u64)
        .invoice_number("234234")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.operation, "upload_import_payment_verification");
    assert_eq!(
        (api.status, api.code.as_deref()),
        (401, Some("request_failed"))
    );
    assert_eq!(api.message, "authentication Failed");
    assert_eq!(api.raw_body, body.as_bytes());
    assert!(!format!("{err} {err:?}").contains(CLIENT_SECRET));
}

#[tokio::test]
async fn an_upload_is_a_post_and_is_not_resent() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/import/transactions/9", 503, "{}").await;
    let err = client(&server)
        .upload_import_payment_verification()
        .cf_payment_id(9u64)
        .hs_code("3456")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn trigger_import_sandbox_settlement_contract() {
    // CFI-6: the success body is empty (the reference's example is ''), or an empty object.
    for body in ["", "{}"] {
        let server = MockServer::start().await;
        answer(&server, "POST", "/import/settlements/emulate", 200, body).await;
        let done = client(&server)
            .trigger_import_sandbox_settlement()
            .send()
            .await
            .unwrap();
        assert_eq!(done.status().as_u16(), 200);
        let req = only_request(&server).await;
        assert_headers(&req);
        assert!(req.body.is_empty(), "nothing is sent");
    }
}

#[tokio::test]
async fn mark_import_sandbox_settlement_processed_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "PUT",
        "/import/settlements/emulate",
        200,
        &cfi("mark_import_sandbox_settlement_processed.response.json"),
    )
    .await;
    let body: types::ImportSandboxSettlementUpdate = serde_json::from_str(&cfi(
        "mark_import_sandbox_settlement_processed.request.json",
    ))
    .unwrap();
    let settlement = client(&server)
        .mark_import_sandbox_settlement_processed()
        .body(body)
        .send()
        .await
        .unwrap();
    // CFI-5: a string in the request, a number in the answer.
    assert_eq!(
        settlement.cf_ica_settlement_id.as_ref().unwrap().as_str(),
        "10050"
    );
    assert_eq!(settlement.status, Some(enums::IcaSettlementStatus::Settled));
    assert_eq!(settlement.settlement_amount_inr, Some(amount("853.23")));
    assert_eq!(
        settlement.payment_from.as_deref(),
        Some("2025-04-14T13:54:37+05:30")
    );

    let req = only_request(&server).await;
    assert_headers(&req);
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"cf_ica_settlement_id":"10050","status":"PROCESSED"}"#
    );
}

#[tokio::test]
async fn the_sandbox_helpers_are_refused_against_production() {
    let config = Config::new(
        Environment::Production,
        Credentials::merchant(CLIENT_ID, CLIENT_SECRET),
    );
    let c = Client::from_config(config).unwrap();
    let update: types::ImportSandboxSettlementUpdate = serde_json::from_str(&cfi(
        "mark_import_sandbox_settlement_processed.request.json",
    ))
    .unwrap();
    let errors = [
        c.trigger_import_sandbox_settlement()
            .send()
            .await
            .unwrap_err(),
        c.mark_import_sandbox_settlement_processed()
            .body(update)
            .send()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::Config(_)), "{err}");
        assert!(err.to_string().contains("sandbox-only"), "{err}");
    }
}

#[test]
fn the_webhook_payloads_parse() {
    let v: types::PaymentVerificationUpdateWebhook =
        serde_json::from_str(&cfi("webhook.PAYMENT_VERIFICATION_UPDATE.json")).unwrap();
    assert_eq!(
        v.type_,
        Some(enums::ImportWebhookType::PaymentVerificationUpdate)
    );
    let data = v.data.as_ref().unwrap();
    assert_eq!(
        data.cf_payment_id.as_ref().unwrap().as_str(),
        "5114910634577"
    );
    assert_eq!(data.required_details.as_ref().unwrap().len(), 11);

    let s: types::IcaSettlementUpdateWebhook =
        serde_json::from_str(&cfi("webhook.ICA_SETTLEMENT_UPDATE.json")).unwrap();
    assert_eq!(s.type_, Some(enums::ImportWebhookType::IcaSettlementUpdate));
    let data = s.data.as_ref().unwrap();
    assert_eq!(data.status, Some(enums::IcaSettlementStatus::NotInitiated));
    assert_eq!(data.adjustment_amount_inr, Some(amount("-347641.22")));
    // CFI-2: the webhook's name for the foreign amount, here null.
    let fcy = data.settlement_foreign_currency_details.as_ref().unwrap();
    assert_eq!(
        (
            fcy.settlement_amount_fcy.as_ref(),
            fcy.settlement_amount.as_ref()
        ),
        (None, None)
    );
    let raw: Value = serde_json::from_str(&cfi("webhook.ICA_SETTLEMENT_UPDATE.json")).unwrap();
    assert!(raw["data"]["settlement_foreign_currency_details"]
        .get("settlement_amount_fcy")
        .is_some());
}
