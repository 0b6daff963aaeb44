//! Payin & Payout entries of `specs/DISCREPANCIES.md` (PP-*) that no other test pinned: what the
//! document (`../shared/docs/004_…`) says, and what the spec and SDK chose.
#![cfg(feature = "payin-payout")]

use paygen::payin_payout::{enums, types, FAMILY};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let full = format!(
        "{}/tests/fixtures/payin-payout/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn spec() -> serde_yaml::Value {
    let path = format!("{}/specs/payin-payout.yaml", env!("CARGO_MANIFEST_DIR"));
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// PP-10: the five events the document's samples and comments name; no `payout.initiated`; no
/// sample (so no fixture) for the two failure events.
#[test]
fn webhook_events_are_the_five_the_samples_and_comments_name() {
    assert_eq!(
        enums::WebhookEventType::KNOWN,
        [
            "payin.initiated",
            "payin.succeeded",
            "payin.failed",
            "payout.succeeded",
            "payout.failed"
        ]
    );
    let failed: enums::WebhookEventType = serde_json::from_str(r#""payout.failed""#).unwrap();
    assert_eq!(failed, enums::WebhookEventType::PayoutFailed);
    let guessed: enums::WebhookEventType = serde_json::from_str(r#""payout.initiated""#).unwrap();
    assert!(!guessed.is_known(), "payout.initiated is not documented");
    // A failed payin reads with the same types as the succeeded one (the comments' shape).
    let body = fixture("webhook.payin.succeeded.json")
        .replace("payin.succeeded", "payin.failed")
        .replace("\"Approved\"", "\"Rejected\"");
    let event: types::PayinWebhookEvent = serde_json::from_str(&body).unwrap();
    assert_eq!(event.event, Some(enums::WebhookEventType::PayinFailed));
    assert_eq!(
        event.data.unwrap().status,
        Some(enums::TransactionStatus::Rejected)
    );
    let spec = spec();
    for name in ["payin.failed", "payout.failed"] {
        let entry = &spec["x-webhooks"]["events"][name];
        assert!(!entry.is_null(), "{name} is listed");
        assert!(
            entry["fixture"].is_null(),
            "{name} has no documented sample"
        );
    }
}

/// PP-14: Check Balance and Payout Status are GETs without a request body (their "Request Body
/// Ex: {}" is only the signature's body line); the other three are POSTs with a JSON body.
#[test]
fn get_operations_carry_no_request_body() {
    let spec = spec();
    for (path, method, id) in [
        ("/api/v1/balance", "get", "get_balance"),
        (
            "/api/v1/payout/{order_id}/status",
            "get",
            "get_payout_status",
        ),
    ] {
        let op = &spec["paths"][path][method];
        assert_eq!(op["operationId"].as_str(), Some(id));
        assert!(op["requestBody"].is_null(), "{id} has no requestBody");
        let table = FAMILY.operation(id).unwrap();
        assert_eq!(table.method, "GET", "{id}");
        assert!(table.request_schema.is_none(), "{id}");
    }
    for id in ["create_payin_link", "get_payin_status", "initiate_payout"] {
        let table = FAMILY.operation(id).unwrap();
        assert_eq!(table.method, "POST", "{id}");
        assert!(table.request_schema.is_some(), "{id} sends JSON");
    }
}

/// Deletes ` // …` end-of-line comments with the whitespace before them (URLs in strings have
/// no space before their `//`).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find(" //") {
            Some(at) => line[..at].trim_end().to_string(),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// PP-16: the Payin Status response as the document prints it (lines 255–274) is not JSON; the
/// fixture is that text with only the comments and the trailing comma removed.
#[test]
fn only_comments_and_one_trailing_comma_were_removed_from_the_samples() {
    let printed = r#"{
"error": "",
"data": {
"user_id": "a42332-2fs-q341-d36d34", // your user_id which you sent
"order_id": "adsd-ewerz-23sdsd-ad234", // your unique order_id
"transaction_id": "98675644343", // Payment unique refrence no (UTR)
"amount": 100, // Received or final amount
"request_amount": 100, // Requested amount from the user
"method": "UPI",
"comments": "Auto Approved",
"status": "Approved", // 'Pending' or 'Approved' or 'Rejected'
"time_of_processing": "2025-08-04 16:58:30",
"created_at": "2025-08-04T06:16:03.000000Z",
"updated_at": "2025-08-04T11:28:30.000000Z",
"bank_upi": "bharatpe907m7b2z0p2i00183@yesbankltd", // The value may sometimes be null
"bank_name": null, // The value may sometimes be null
},
"message": "Payin transaction fetched successfully.",
"success": true
}"#;
    assert!(serde_json::from_str::<types::PayinStatusResponse>(printed).is_err());
    let uncommented = strip_comments(printed);
    assert!(
        serde_json::from_str::<Value>(&uncommented).is_err(),
        "the trailing comma alone still breaks it"
    );
    let repaired = uncommented.replace("\"bank_name\": null,\n}", "\"bank_name\": null\n}");
    assert_eq!(
        format!("{repaired}\n"),
        fixture("get_payin_status.response.json"),
        "the fixture is the document's text with exactly these two repairs"
    );
    let read: types::PayinStatusResponse = serde_json::from_str(&repaired).unwrap();
    assert_eq!(read.data.unwrap().bank_name, None);
    for name in [
        "create_payin_link.response.json",
        "initiate_payout.response.json",
        "get_payout_status.response.json",
        "webhook.payin.succeeded.json",
        "webhook.payout.succeeded.json",
    ] {
        let text = fixture(name);
        assert!(!text.contains(" //"), "{name}: a comment is left");
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// PP-18: the samples disagree about the same order (charge 2 vs 5.9, an 11- vs a 10-digit
/// account, a creation after the last update); each answer is read as sent, nothing is
/// assumed or cross-checked.
#[test]
fn each_answer_is_read_as_sent_without_cross_checks() {
    let initiated: types::PayoutInitiateResponse =
        serde_json::from_str(&fixture("initiate_payout.response.json")).unwrap();
    let status: types::PayoutStatusResponse =
        serde_json::from_str(&fixture("get_payout_status.response.json")).unwrap();
    let (a, b) = (initiated.data.unwrap(), status.data.unwrap());
    assert_eq!(a.order_id, b.order_id, "the same order");
    assert_eq!(a.charge.unwrap().to_string(), "2");
    assert_eq!(b.charge.unwrap().to_string(), "5.9");
    assert_eq!(a.beneficiary_acc_no.as_deref(), Some("99999999999"));
    assert_eq!(b.beneficiary_acc_no.as_deref(), Some("9999999999"));
    let payin: types::PayinWebhookEvent =
        serde_json::from_str(&fixture("webhook.payin.initiated.json")).unwrap();
    let payin = payin.data.unwrap();
    assert_eq!(
        payin.created_at.as_deref(),
        Some("2025-09-09T06:16:03.000000Z")
    );
    assert_eq!(
        payin.updated_at.as_deref(),
        Some("2025-08-04T11:28:30.000000Z")
    );
}

/// PP-19: only Payout Status says the calling IP must be whitelisted; the spec notes it there.
#[test]
fn ip_whitelisting_is_noted_on_payout_status_only() {
    let spec = spec();
    let paths = spec["paths"].as_mapping().unwrap();
    let mut noted = Vec::new();
    for (_, item) in paths {
        for (_, op) in item.as_mapping().unwrap() {
            let text = op["description"].as_str().unwrap_or_default();
            if text.contains("whitelisted") {
                noted.push(op["operationId"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(noted, ["get_payout_status"]);
}

/// PP-20: response `required` lists are the fields every example shows (`Payout`: all but
/// `vpa`), and responses are read with them relaxed: an answer missing them still reads.
#[test]
fn response_required_lists_follow_the_examples_and_are_relaxed_when_read() {
    let spec = spec();
    let payout = &spec["components"]["schemas"]["Payout"];
    let mut properties: Vec<String> = payout["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let mut required: Vec<String> = payout["required"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    properties.retain(|p| p != "vpa");
    properties.sort();
    required.sort();
    assert_eq!(required, properties, "every field but vpa is required");
    let bank_name = &spec["components"]["schemas"]["PayinTransaction"]["properties"]["bank_name"];
    assert_eq!(
        bank_name["nullable"].as_bool(),
        Some(true),
        "null in an example"
    );
    let sparse: types::PayoutStatusResponse = serde_json::from_str(
        r#"{"success": true, "data": {"order_id": "o-1", "status": "Pending"}}"#,
    )
    .expect("response requireds are relaxed");
    let data = sparse.data.unwrap();
    assert_eq!(data.order_id.as_deref(), Some("o-1"));
    assert!(data.charge.is_none() && data.beneficiary_name.is_none());
}
