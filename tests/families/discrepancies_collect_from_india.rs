//! Collect from India entries of `specs/DISCREPANCIES.md` (CFI-*) that no contract test pinned.
#![cfg(feature = "international")]

use crate::common;

use common::fixture;
use paygen::collect_from_india::{enums, types, Client, UploadField};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn spec() -> serde_yaml::Value {
    let path = format!(
        "{}/specs/cashfree-collect-from-india.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// CFI-8: `ImportDocumentName` lists every name any source uses (14, `awb_number` from doc 052
/// included), while the upload form has only the current reference's 11 parts (no `awb_number`).
#[test]
fn document_names_list_every_name_seen_and_the_form_has_the_current_eleven_parts() {
    assert_eq!(enums::ImportDocumentName::KNOWN.len(), 14);
    for name in [
        "awb_number",
        "importer_address_postal_code",
        "shop_or_brand_name",
        "partner_order_number",
    ] {
        assert!(
            enums::ImportDocumentName::from(name).is_known(),
            "{name} is listed"
        );
    }
    let spec = spec();
    let mut form: Vec<String> = spec["components"]["schemas"]["ImportVerificationUpload"]
        ["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    form.sort();
    let mut expected: Vec<String> = [
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
    ]
    .iter()
    .map(|f| f.as_str().to_string())
    .chain(["invoice_file".to_string()])
    .collect();
    expected.sort();
    assert_eq!(form, expected);
    assert!(!form.contains(&"awb_number".to_string()));
    // Doc 052's webhook asks for an AWB number all the same.
    let v: types::PaymentVerificationUpdateWebhook = serde_json::from_str(&fixture(
        "cashfree-collect-from-india/webhook.PAYMENT_VERIFICATION_UPDATE.json",
    ))
    .unwrap();
    let asked: Vec<_> = v
        .data
        .unwrap()
        .required_details
        .unwrap()
        .into_iter()
        .filter_map(|d| d.doc_name)
        .collect();
    assert!(asked.contains(&enums::ImportDocumentName::AwbNumber));
}

/// CFI-10: where webhooks are delivered does not touch the spec: the two payloads are
/// components, no operation registers a URL, and a payload reads the same however it came.
#[test]
fn webhook_payloads_are_components_and_read_without_delivery_details() {
    let spec = spec();
    for (p, _) in spec["paths"].as_mapping().unwrap() {
        let p = p.as_str().unwrap();
        assert!(
            !p.contains("webhook") && !p.contains("notify"),
            "no registration call: {p}"
        );
    }
    for name in [
        "PaymentVerificationUpdateWebhook",
        "IcaSettlementUpdateWebhook",
    ] {
        assert!(
            !spec["components"]["schemas"][name].is_null(),
            "{name} is a component"
        );
    }
    for (file, expected) in [
        (
            "cfi.payment_verification_update.json",
            "PAYMENT_VERIFICATION_UPDATE",
        ),
        ("cfi.ica_settlement_update.json", "ICA_SETTLEMENT_UPDATE"),
    ] {
        let body = common::webhook_sample(file);
        // No content type, no headers: nothing about the delivery is needed to read it.
        let hook = paygen::webhooks::parse(body.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(hook.is_known(), "{file}");
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["type"].as_str(), Some(expected), "{file}");
    }
}

/// CFI-12: errors are Cashfree's common body (`message, code, type, help`) on 400/401/404/500,
/// and the trigger call declares only the 401 the reference shows.
#[tokio::test]
async fn errors_are_cashfrees_common_body() {
    let spec = spec();
    let error_ref = "#/components/schemas/ImportError";
    for status in ["BadRequest", "Unauthorized", "NotFound", "ServerError"] {
        let r = &spec["components"]["responses"][status];
        assert_eq!(
            r["content"]["application/json"]["schema"]["$ref"].as_str(),
            Some(error_ref),
            "{status}"
        );
    }
    let mut fields: Vec<&str> = spec["components"]["schemas"]["ImportError"]["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["code", "help", "message", "type"]);
    let trigger = &spec["paths"]["/import/settlements/emulate"]["post"]["responses"];
    let codes: Vec<&str> = trigger
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(codes, ["200", "401"]);

    let server = MockServer::start().await;
    let body = r#"{"type":"authentication_error","message":"authentication Failed","code":"request_failed"}"#;
    Mock::given(method("POST"))
        .and(path("/import/settlements/emulate"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = Client::from_config(common::config(&server))
        .unwrap()
        .trigger_import_sandbox_settlement()
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 401);
    assert_eq!(api.error_type.as_deref(), Some("authentication_error"));
    assert_eq!(api.code.as_deref(), Some("request_failed"));
    assert_eq!(api.message, "authentication Failed");
}

/// CFI-14: the payment-level verification states: ACTION_REQUIRED from the samples, IN_REVIEW
/// and VERIFIED (the document states the same pages show), EXPIRED (past `payment_expiry`);
/// anything else is kept, not an error.
#[test]
fn every_verification_state_reads_and_an_unknown_one_is_kept() {
    use enums::ImportVerificationStatus as S;
    for (text, want) in [
        ("ACTION_REQUIRED", S::ActionRequired),
        ("IN_REVIEW", S::InReview),
        ("VERIFIED", S::Verified),
        ("EXPIRED", S::Expired),
    ] {
        let got: S = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        assert_eq!(got, want);
        assert_eq!(serde_json::to_string(&got).unwrap(), format!("\"{text}\""));
    }
    let unknown: S = serde_json::from_str("\"REJECTED\"").unwrap();
    assert_eq!(unknown, S::Unknown("REJECTED".to_string()));
    let body = fixture("cashfree-collect-from-india/get_import_payment_verification.response.json")
        .replace(
            "\"payment_verification_status\": \"ACTION_REQUIRED\"",
            "\"payment_verification_status\": \"VERIFIED\"",
        );
    let v: types::ImportPaymentVerification = serde_json::from_str(&body).unwrap();
    assert_eq!(v.payment_verification_status, Some(S::Verified));
}
