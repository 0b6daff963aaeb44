//! Payment Gateway entries of `specs/DISCREPANCIES.md` (PG-*) that no contract test pinned:
//! each test asserts what the documents say and what the SDK chose, so it fails if the SDK (or
//! the spec it is generated from) did the other thing.
#![cfg(feature = "pg")]

use crate::common;

use common::{answer, fixture, pg};
use paygen::pg::{enums, types, FAMILY};
use paygen::pg::{ErrorCode, ErrorType};
use paygen::{Amount, Error};
use serde_json::Value;
use wiremock::MockServer;

/// The PG spec, as YAML.
fn spec() -> serde_yaml::Value {
    let path = format!("{}/specs/cashfree-pg.yaml", env!("CARGO_MANIFEST_DIR"));
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// `components.schemas.<name>` of the PG spec.
fn schema<'a>(spec: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    let s = &spec["components"]["schemas"][name];
    assert!(!s.is_null(), "the PG spec has no schema {name}");
    s
}

/// The operations `specs/documented/cashfree-pg.tsv` lists (from the documents).
fn documented_operation_ids() -> Vec<String> {
    let path = format!(
        "{}/specs/documented/cashfree-pg.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').nth(2).expect("a third column").to_string())
        .collect()
}

/// `data.payment` of a webhook fixture (the payment object of doc 089's samples).
fn webhook_payment(name: &str) -> Value {
    let text = common::webhook_sample(name);
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["data"]["payment"].take()
}

fn order(amount: &str) -> types::builder::CreateOrderRequest {
    types::CreateOrderRequest::builder()
        .order_id(Some("order_42".to_string()))
        .order_amount(amount.parse::<Amount>().unwrap())
        .order_currency("INR")
        .customer_details(
            types::CustomerDetails::builder()
                .customer_id("7112AAA812234")
                .customer_phone("9898989898"),
        )
}

/// PG-1 / PG-30: order pay (`POST /orders/sessions`) is the one call without credentials; every
/// other call takes doc 001's merchant or partner pair (no other scheme of the reference).
#[test]
fn only_order_pay_is_anonymous_and_every_other_call_takes_doc_001s_pairs() {
    let anonymous: Vec<_> = FAMILY
        .operations
        .iter()
        .filter(|o| o.auth.as_str() == "none")
        .map(|o| (o.operation_id, o.method, o.path))
        .collect();
    assert_eq!(anonymous, [("pay_order", "POST", "/orders/sessions")]);
    for op in FAMILY
        .operations
        .iter()
        .filter(|o| o.auth.as_str() != "none")
    {
        assert_eq!(
            op.auth.as_str(),
            "merchant-or-partner",
            "{}",
            op.operation_id
        );
    }
    let spec = spec();
    let schemes: Vec<String> = spec["components"]["securitySchemes"]
        .as_mapping()
        .unwrap()
        .values()
        .map(|s| s["name"].as_str().unwrap().to_ascii_lowercase())
        .collect();
    assert!(
        !schemes.iter().any(|h| h == "x-client-signature"),
        "PG-30: the reference's signature scheme is not modelled: {schemes:?}"
    );
    assert_eq!(
        spec["paths"]["/orders/sessions"]["post"]["security"]
            .as_sequence()
            .map(Vec::len),
        Some(0),
        "PG-1: order pay has `security: []`"
    );
}

/// PG-37: the Apple Pay authorisation is kept from doc 023 although the SDK reference lacks it.
#[test]
fn apple_pay_authorisation_is_kept_from_doc_023() {
    let op = FAMILY.operation("authorize_apple_pay").expect("kept");
    assert_eq!((op.method, op.path), ("POST", "/orders/sessions/authorize"));
    assert!(op.doc_source.contains("023_"), "{}", op.doc_source);
    assert!(op.moves_money);
    assert!(documented_operation_ids().contains(&"authorize_apple_pay".to_string()));
}

/// PG-3: API errors are `{message, code, type, help}`; the four `error_*` fields of doc 022's
/// "Error structure" belong to a failed payment (doc 022's webhook sample).
#[test]
fn api_errors_are_message_code_type_and_payments_carry_the_error_fields() {
    let api: types::ErrorResponse =
        serde_json::from_str(&fixture("cashfree-pg/create_order.error-400.json")).unwrap();
    assert_eq!(api.code, Some(ErrorCode::RequestFailed));
    assert_eq!(api.type_, Some(ErrorType::InvalidRequestError));
    assert_eq!(
        api.message.as_deref(),
        Some("bad URL, please check API documentation")
    );
    assert!(api.help.as_deref().unwrap().contains("Merchant Dashboard"));

    // Doc 022, "Sample error response from webhook", as printed.
    let payment: types::PaymentEntity = serde_json::from_str(
        r#"{ "auth_id": null, "authorization": null, "bank_reference": "306118259130", "cf_payment_id": 1636676360, "entity": "payment", "error_details": { "error_code": "TRANSACTION_DECLINED", "error_description": "transaction is rejected at the remitter bank end. Please reach out to issuer bank", "error_reason": "bank_rejected", "error_source": "bank" }, "is_captured": false, "order_amount": 1.00, "order_id": "order_18482MSWq8prPMOW0jTeGsx0B1JmPC1", "payment_amount": 1.00, "payment_completion_time": "2023-03-02T18:24:51+05:30", "payment_currency": "INR", "payment_group": "upi", "payment_message": "01::REJECTED", "payment_method": { "upi": { "channel": "collect", "upi_id": "8XXXXXXXX2@upi" } }, "payment_status": "FAILED", "payment_time": "2023-03-02T18:24:18+05:30" }"#,
    )
    .unwrap();
    let details = payment.error_details.as_ref().unwrap();
    assert_eq!(details.error_code.as_deref(), Some("TRANSACTION_DECLINED"));
    assert_eq!(details.error_reason.as_deref(), Some("bank_rejected"));
    assert_eq!(details.error_source.as_deref(), Some("bank"));
    assert!(details
        .error_description
        .as_deref()
        .unwrap()
        .contains("remitter"));
    // PG-16: the webhook's numeric id reads as the same text id the API sends.
    assert_eq!(payment.cf_payment_id.as_deref(), Some("1636676360"));
}

/// PG-4: `ErrorCode` is doc 022's 121 codes plus the two sample codes `request_invalid` and
/// `internal_error`; the reference's misspelt `somethind_not_found` stays unknown.
#[test]
fn error_codes_are_doc_022s_plus_the_two_sample_codes() {
    assert_eq!(ErrorCode::KNOWN.len(), 121 + 2);
    for sample in ["request_invalid", "internal_error"] {
        assert!(ErrorCode::KNOWN.contains(&sample), "{sample}");
        assert!(ErrorCode::from(sample).is_known(), "{sample}");
    }
    let misspelt = ErrorCode::from("somethind_not_found");
    assert_eq!(misspelt, ErrorCode::Unknown("somethind_not_found".into()));
    assert_eq!(ErrorType::KNOWN.len(), 9);
}

/// PG-6: `OrderStatus` is doc 021's five states; "SUCCESS" (doc 021's prose) is not one.
#[test]
fn order_states_are_doc_021s_five() {
    assert_eq!(
        enums::OrderStatus::KNOWN,
        [
            "ACTIVE",
            "PAID",
            "EXPIRED",
            "TERMINATED",
            "TERMINATION_REQUESTED"
        ]
    );
    assert!(!enums::OrderStatus::from("SUCCESS").is_known());
    let created: types::OrderEntity =
        serde_json::from_str(&fixture("cashfree-pg/create_order.response.json")).unwrap();
    assert_eq!(created.order_status, Some(enums::OrderStatus::Active));
    assert_eq!(
        enums::TerminateOrderStatus::KNOWN,
        ["TERMINATED"],
        "the terminate request takes one value"
    );
}

/// PG-8: the webhook samples' payment objects (doc 089) read as the API's `PaymentEntity`:
/// group `vba_transfer` is known, the card / UPI / app extras are fields, and the webhook-only
/// method keys (`pay_later`, `bank_transfer`, `vba_transfer`) are ignored, not rejected.
#[test]
fn doc_089s_payment_objects_read_as_the_apis_payment_entity() {
    for name in [
        "pg.payment_success.2025-01-01.json",
        "pg.payment_failed.2025-01-01.json",
        "pg.payment_user_dropped.2025-01-01.json",
    ] {
        let p: types::PaymentEntity =
            serde_json::from_value(webhook_payment(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(p.payment_status.as_ref().unwrap().is_known(), "{name}");
    }
    assert!(enums::PaymentGroup::from("vba_transfer").is_known());
    for (name, group) in [
        ("pg.payment_method.vba_transfer.json", "vba_transfer"),
        ("pg.payment_method.pay_later.json", "pay_later"),
        ("pg.payment_method.bank_transfer.json", "bank_transfer"),
    ] {
        let p: types::PaymentEntity = serde_json::from_value(webhook_payment(name)).unwrap();
        assert_eq!(p.payment_group, Some(enums::PaymentGroup::from(group)));
        assert!(p.payment_group.as_ref().unwrap().is_known(), "{name}");
        assert_eq!(
            p.payment_method,
            Some(types::PaymentMethodInPayments::default()),
            "{name}: the webhook-only key is not an API key"
        );
    }
    let card: types::PaymentEntity =
        serde_json::from_value(webhook_payment("pg.payment_method.credit_card_emi.json")).unwrap();
    let card = card.payment_method.unwrap().card.unwrap();
    assert!(card.emi_details.is_some(), "card EMI details sit in `card`");
    let card: types::PaymentEntity =
        serde_json::from_value(webhook_payment("pg.payment_method.card.json")).unwrap();
    let card = card.payment_method.unwrap().card.unwrap();
    assert!(card.card_sub_type.is_some() && card.par.is_some());
    let upi: types::PaymentEntity =
        serde_json::from_value(webhook_payment("pg.payment_method.upi.json")).unwrap();
    let upi = upi.payment_method.unwrap().upi.unwrap();
    assert!(upi.upi_instrument.is_some() && upi.upi_instrument_number.is_some());
    let app: types::PaymentEntity =
        serde_json::from_value(webhook_payment("pg.payment_method.app.json")).unwrap();
    let app = app.payment_method.unwrap().app.unwrap();
    assert_eq!(
        (app.channel.as_deref(), app.upi_id.as_deref()),
        (Some("AmazonPay"), None),
        "doc 089's app sample sends `upi_id: null`"
    );
    let m: types::PaymentMethodInPayments =
        serde_json::from_str(r#"{"app": {"channel": "link", "upi_id": "asha@okicici"}}"#).unwrap();
    assert_eq!(m.app.unwrap().upi_id.as_deref(), Some("asha@okicici"));
}

/// PG-9: what is sent follows the reference (an integer bank code); what is read takes both the
/// reference's number and the webhooks' string.
#[test]
fn netbanking_bank_code_is_sent_as_an_integer_and_read_either_way() {
    let request = types::Netbanking {
        channel: "link".into(),
        netbanking_bank_code: Some(3044),
        netbanking_bank_name: None,
    };
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"channel":"link","netbanking_bank_code":3044}"#
    );
    for body in [
        r#"{"netbanking":{"netbanking_bank_code":3044}}"#,
        r#"{"netbanking":{"netbanking_bank_code":"3044"}}"#,
    ] {
        let m: types::PaymentMethodInPayments = serde_json::from_str(body).unwrap();
        assert_eq!(
            m.netbanking.unwrap().netbanking_bank_code.as_deref(),
            Some("3044"),
            "{body}"
        );
    }
    let p: types::PaymentEntity =
        serde_json::from_value(webhook_payment("pg.payment_failed.2025-01-01.json")).unwrap();
    assert_eq!(
        p.payment_method
            .unwrap()
            .netbanking
            .unwrap()
            .netbanking_bank_code
            .as_deref(),
        Some("3054"),
        "doc 089's string code"
    );
}

/// PG-11: order pay's wallet is the provider's name (reference), not doc 021's numeric code,
/// which is kept for documentation only.
#[test]
fn wallets_are_sent_by_provider_name() {
    let app = types::App {
        channel: "link".into(),
        phone: "9898989898".into(),
        provider: enums::AppProvider::Phonepe,
    };
    let json = serde_json::to_string(&app).unwrap();
    assert!(json.contains(r#""provider":"phonepe""#), "{json}");
    assert_eq!(
        enums::AppProvider::KNOWN,
        [
            "gpay",
            "phonepe",
            "ola",
            "paytm",
            "amazon",
            "airtel",
            "freecharge",
            "mobikwik",
            "jio"
        ]
    );
    assert_eq!(
        enums::WalletCode::KNOWN,
        ["4001", "4002", "4003", "4006", "4007", "4008", "4009", "4010"]
    );
    let spec = spec();
    assert_eq!(
        schema(&spec, "App")["properties"]["provider"]["$ref"].as_str(),
        Some("#/components/schemas/AppProvider")
    );
    let text = serde_yaml::to_string(&spec["paths"]).unwrap()
        + &serde_yaml::to_string(&spec["components"]).unwrap();
    assert_eq!(
        text.matches("#/components/schemas/WalletCode").count(),
        0,
        "WalletCode documents doc 021's codes; no field uses it"
    );
}

/// PG-12: each provider enum is the union of the documented values (reference + doc 021).
#[test]
fn provider_enums_are_the_union_of_every_documented_value() {
    assert_eq!(
        enums::EmiProvider::KNOWN,
        [
            "hdfc",
            "kotak",
            "icici",
            "rbl",
            "bob",
            "standard chartered",
            "axis",
            "au",
            "yes",
            "sbi",
            "fed",
            "hsbc",
            "citi",
            "amex"
        ]
    );
    assert_eq!(
        enums::CardBankName::KNOWN,
        ["Kotak", "ICICI", "RBL", "BOB", "Standard Chartered"]
    );
    assert_eq!(
        enums::CardlessEmiProvider::KNOWN,
        [
            "flexmoney",
            "zestmoney",
            "hdfc",
            "icici",
            "cashe",
            "idfc",
            "kotak",
            "snapmint",
            "bharatx"
        ]
    );
    assert_eq!(
        enums::PaylaterProvider::KNOWN,
        [
            "kotak",
            "flexipay",
            "zestmoney",
            "lazypay",
            "olapostpaid",
            "simpl",
            "freechargepaylater",
            "mobikwik"
        ]
    );
    let emi: enums::EmiProvider = serde_json::from_str(r#""standard chartered""#).unwrap();
    assert!(emi.is_known());
    assert_eq!(
        serde_json::to_string(&emi).unwrap(),
        r#""standard chartered""#
    );
    let later: enums::PaylaterProvider = serde_json::from_str(r#""mobikwik""#).unwrap();
    assert!(later.is_known(), "doc 021's pay-later provider");
    assert_eq!(serde_json::to_string(&later).unwrap(), r#""mobikwik""#);
    let cardless: enums::CardlessEmiProvider = serde_json::from_str(r#""flexmoney""#).unwrap();
    assert!(cardless.is_known(), "doc 089's cardless EMI provider");
    assert_eq!(serde_json::to_string(&cardless).unwrap(), r#""flexmoney""#);
}

/// PG-17: dispute times are plain strings, so offset-less, 9999 and nanosecond times all read.
#[test]
fn dispute_times_are_kept_as_sent() {
    let listed: Vec<types::DisputesEntity> = serde_json::from_str(&fixture(
        "cashfree-pg/get_disputes_for_payment.response.json",
    ))
    .unwrap();
    let created = listed[0].created_at.as_deref().unwrap();
    assert!(
        !created.ends_with('Z') && !created.contains('+'),
        "the reference's sample time has no offset: {created}"
    );
    let closed =
        serde_json::from_str::<Value>(&common::webhook_sample("dispute.closed.2025-01-01.json"))
            .unwrap()["data"]["dispute"]
            .clone();
    let closed: types::DisputesEntity = serde_json::from_value(closed).unwrap();
    assert_eq!(
        closed.resolved_at.as_deref(),
        Some("2023-06-15T21:16:51.682836678+05:30")
    );
}

/// PG-18: `DisputeStatus` and `DisputeType` are the reference's enums, which equal doc 026's
/// lists (7 outcomes for each of 5 stages), and doc 026's repaired samples read into them.
#[test]
fn dispute_enums_are_doc_026s_lists() {
    let stages = [
        "DISPUTE",
        "CHARGEBACK",
        "RETRIEVAL",
        "PRE_ARBITRATION",
        "ARBITRATION",
    ];
    assert_eq!(enums::DisputeType::KNOWN, stages);
    let outcomes = [
        "CREATED",
        "DOCS_RECEIVED",
        "UNDER_REVIEW",
        "MERCHANT_WON",
        "MERCHANT_LOST",
        "MERCHANT_ACCEPTED",
        "INSUFFICIENT_EVIDENCE",
    ];
    let mut expected: Vec<String> = stages
        .iter()
        .flat_map(|s| outcomes.iter().map(move |o| format!("{s}_{o}")))
        .collect();
    let mut known: Vec<String> = enums::DisputeStatus::KNOWN
        .iter()
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    known.sort();
    assert_eq!(known, expected);
    for name in [
        "dispute.created.2025-01-01.json",
        "dispute.updated.2025-01-01.json",
        "dispute.closed.2025-01-01.json",
    ] {
        let v: Value = serde_json::from_str(&common::webhook_sample(name)).unwrap();
        let d: types::DisputesEntity =
            serde_json::from_value(v["data"]["dispute"].clone()).unwrap();
        assert!(d.dispute_status.unwrap().is_known(), "{name}");
        assert!(d.dispute_type.unwrap().is_known(), "{name}");
    }
}

/// PG-21: the PG refunds come from the reference on the PG host; Flowwise's refund path is the
/// same text on another host, and the PG ones are not in the documented list.
#[test]
fn pg_refunds_are_the_references_on_the_pg_host() {
    for (id, method, path) in [
        ("create_refund", "POST", "/orders/{order_id}/refunds"),
        ("get_refunds_for_order", "GET", "/orders/{order_id}/refunds"),
        (
            "get_refund",
            "GET",
            "/orders/{order_id}/refunds/{refund_id}",
        ),
    ] {
        let op = FAMILY.operation(id).unwrap();
        assert_eq!((op.method, op.path), (method, path), "{id}");
        assert!(op.doc_source.contains("078_"), "{id}: {}", op.doc_source);
        assert!(
            op.doc_source.contains("/refunds/"),
            "{id}: {}",
            op.doc_source
        );
        assert!(
            !documented_operation_ids().contains(&id.to_string()),
            "{id}"
        );
    }
    assert_eq!(
        FAMILY.base_url(&paygen::Environment::Production).unwrap(),
        "https://api.cashfree.com/pg"
    );
    #[cfg(feature = "flowwise")]
    {
        let fw = paygen::flowwise::FAMILY
            .operation("flowwise_create_refund_for_order")
            .unwrap();
        assert_eq!(fw.path, "/orders/{order_id}/refunds");
        assert_ne!(
            paygen::flowwise::FAMILY
                .base_url(&paygen::Environment::Production)
                .unwrap(),
            FAMILY.base_url(&paygen::Environment::Production).unwrap()
        );
    }
}

/// PG-24: settlements, reconciliation and the token vault take their method and path from the
/// reference; the three POST reads do not move money; listing instruments needs
/// `instrument_type`.
#[test]
fn settlement_recon_and_vault_calls_are_the_references() {
    for (id, path) in [
        ("get_settlements", "/settlements"),
        ("get_settlement_recon", "/settlement/recon"),
        ("get_recon", "/recon"),
    ] {
        let op = FAMILY.operation(id).unwrap();
        assert_eq!((op.method, op.path), ("POST", path), "{id}");
        assert!(!op.moves_money, "{id} only reads");
        assert!(op.doc_source.contains("078_"), "{id}");
        assert!(
            !documented_operation_ids().contains(&id.to_string()),
            "{id}"
        );
    }
    let op = FAMILY.operation("get_customer_instruments").unwrap();
    assert_eq!(
        (op.method, op.path),
        ("GET", "/customers/{customer_id}/instruments")
    );
    let query: Value = serde_json::from_str(op.query_schema.unwrap()).unwrap();
    assert_eq!(query["required"], serde_json::json!(["instrument_type"]));
}

/// PG-28: `order_amount` has an inclusive minimum of 1 and two decimals: 1.00 is sent, 0.99 and
/// 10.345 are refused before anything is sent.
#[tokio::test]
async fn an_order_of_exactly_one_rupee_is_sent_and_less_or_three_decimals_is_not() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        r#"{"order_id": "order_42", "order_status": "ACTIVE", "order_amount": 1.00}"#,
    )
    .await;
    let client = pg(&server);
    for amount in ["0.99", "10.345"] {
        let err = client
            .create_order()
            .body(order(amount))
            .send()
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("{amount}: expected a validation error, got {err:?}")
        };
        assert_eq!(v.field.as_deref(), Some("order_amount"), "{amount}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    client
        .create_order()
        .body(order("1.00"))
        .send()
        .await
        .expect("1.00 is allowed (minimum: 1, inclusive)");
    let sent = common::only_request(&server).await;
    assert!(std::str::from_utf8(&sent.body)
        .unwrap()
        .contains(r#""order_amount":1.00"#));
}

/// PG-31: the small corrections to the reference's types.
#[test]
fn the_references_small_type_slips_are_corrected() {
    let spec = spec();
    let bank_code = &schema(&spec, "Netbanking")["properties"]["netbanking_bank_code"];
    assert_eq!(bank_code["type"].as_str(), Some("integer"));
    assert!(bank_code["pattern"].is_null(), "no pattern on an integer");
    let currency = &schema(&spec, "CreateLinkRequest")["properties"]["link_currency"];
    assert_eq!(currency["type"].as_str(), Some("string"));
    assert!(currency["minimum"].is_null(), "no minimum on a string");
    for (name, field) in [
        ("CustomerDetails", "customer_bank_code"),
        ("PaymentModeDetails", "code"),
    ] {
        assert_eq!(
            schema(&spec, name)["properties"][field]["type"].as_str(),
            Some("integer"),
            "{name}.{field}"
        );
    }
    for (name, field) in [
        ("InstrumentEntity", "created_at"),
        ("AuthorizationInPayments", "action_time"),
    ] {
        let f = &schema(&spec, name)["properties"][field];
        assert_eq!(f["type"].as_str(), Some("string"), "{name}.{field}");
        assert!(f["format"].is_null(), "{name}.{field} is not date-time");
    }
    for field in ["emi", "total_interest", "total_amount"] {
        let f = &schema(&spec, "EMIPlan")["properties"][field];
        assert_eq!(
            (f["type"].as_str(), f["format"].as_str()),
            (Some("number"), Some("decimal")),
            "EMIPlan.{field}"
        );
    }
    let instrument: types::InstrumentEntity =
        serde_json::from_str(r#"{"created_at": "2021-11-11 16:57:57"}"#).unwrap();
    assert_eq!(
        instrument.created_at.as_deref(),
        Some("2021-11-11 16:57:57")
    );
    let auth: types::AuthorizationInPayments =
        serde_json::from_str(r#"{"action_time": "2022-08-03T16:09:51"}"#).unwrap();
    assert_eq!(auth.action_time.as_deref(), Some("2022-08-03T16:09:51"));
    let plan: types::EmiPlan = serde_json::from_str(
        r#"{"emi": 2050.33, "total_interest": 301.98, "total_amount": 12301.98}"#,
    )
    .unwrap();
    assert_eq!(plan.emi.unwrap().to_string(), "2050.33");
    assert_eq!(plan.total_interest.unwrap().to_string(), "301.98");
    assert_eq!(plan.total_amount.unwrap().to_string(), "12301.98");
}

/// PG-32: fields whose descriptions list values are named open enums with those values.
#[test]
fn enums_built_from_descriptions_list_the_documented_values_and_stay_open() {
    assert_eq!(
        enums::EmiOfferType::KNOWN,
        ["credit_card_emi", "debit_card_emi", "cardless_emi"]
    );
    assert_eq!(enums::EligibilityPaymentMethod::KNOWN.len(), 16);
    assert_eq!(
        enums::ReconEventType::KNOWN,
        [
            "SETTLEMENT",
            "PAYMENT",
            "REFUND",
            "REFUND_REVERSAL",
            "DISPUTE",
            "DISPUTE_REVERSAL",
            "CHARGEBACK",
            "CHARGEBACK_REVERSAL",
            "OTHER_ADJUSTMENT",
            "FUND_SWEEP_REVERSAL"
        ]
    );
    assert_eq!(enums::SaleType::KNOWN, ["CREDIT", "DEBIT"]);
    assert_eq!(enums::RefundMode::KNOWN, ["STANDARD", "INSTANT"]);
    assert_eq!(enums::LinkOrdersStatusFilter::KNOWN, ["ALL", "PAID"]);
    let other: enums::EmiOfferType = serde_json::from_str(r#""upi_emi""#).unwrap();
    assert_eq!(other, enums::EmiOfferType::Unknown("upi_emi".into()));
    let other: enums::RefundMode = serde_json::from_str(r#""SCHEDULED""#).unwrap();
    assert_eq!(other, enums::RefundMode::Unknown("SCHEDULED".into()));
    let other: enums::ReconEventType = serde_json::from_str(r#""INTEREST""#).unwrap();
    assert!(!other.is_known());
}

/// PG-34: a refund's `entity` is a plain string, like the other entities'.
#[test]
fn a_refunds_entity_is_a_plain_string() {
    let spec = spec();
    let entity = &schema(&spec, "RefundEntity")["properties"]["entity"];
    assert_eq!(entity["type"].as_str(), Some("string"));
    assert!(entity["enum"].is_null() && entity["$ref"].is_null());
    let refunds: Vec<types::RefundEntity> =
        serde_json::from_str(&fixture("cashfree-pg/create_refund.example-array.json")).unwrap();
    let entity: Option<String> = refunds[0].entity.clone();
    assert_eq!(entity.as_deref(), Some("refund"));
}

/// PG-35: `cardless_emi.emi_details` (doc 089) is an optional field: null in the sample, read
/// when sent.
#[test]
fn cardless_emi_details_are_read_when_sent() {
    let p: types::PaymentEntity =
        serde_json::from_value(webhook_payment("pg.payment_method.cardless_emi.json")).unwrap();
    let cardless = p.payment_method.unwrap().cardless_emi.unwrap();
    assert_eq!(cardless.provider.as_deref(), Some("flexmoney"));
    assert!(cardless.emi_details.is_none());
    let m: types::PaymentMethodInPayments = serde_json::from_str(
        r#"{"cardless_emi": {"provider": "flexmoney", "emi_details": {"emi_amount": 1025.50, "emi_tenure": 3}}}"#,
    )
    .unwrap();
    let emi = m.cardless_emi.unwrap().emi_details.unwrap();
    assert_eq!(emi.emi_amount.unwrap().to_string(), "1025.50");
    assert_eq!(emi.emi_tenure, Some(3));
}
