//! Properties of the PG client that must hold for any input, not just the documented samples:
//! open enums keep every value, amounts keep their digits, error bodies keep their code and
//! type, and a POST that may not be repeated is sent exactly once whatever the server answers.
#![cfg(feature = "pg")]

use crate::common;

use std::collections::BTreeSet;

use paygen::pg::evidence::EvidenceDocument;
use paygen::pg::{enums, types};
use paygen::pg::{ErrorCode, ErrorType};
use paygen::{Amount, Error};
use proptest::prelude::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Text the server might send as an enum value: anything printable, and near misses of the
/// known values (other case, padding).
fn enum_text(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,24}",
        proptest::sample::select(known).prop_map(str::to_string),
        proptest::sample::select(known).prop_map(|v| v.to_lowercase()),
        proptest::sample::select(known).prop_map(|v| v.to_uppercase()),
        proptest::sample::select(known).prop_map(|v| format!(" {v}")),
    ]
}

macro_rules! open_enum_properties {
    ($($name:ident),* $(,)?) => {
        /// The enums these properties cover.
        const COVERED: &[&str] = &[$(stringify!($name)),*];
        $(
            #[allow(non_snake_case)]
            mod $name {
                use super::*;

                #[test]
                fn every_known_value_round_trips() {
                    let known = enums::$name::KNOWN;
                    assert!(!known.is_empty());
                    let mut seen = BTreeSet::new();
                    for value in known {
                        let parsed = enums::$name::from(*value);
                        assert!(parsed.is_known(), "{value} is documented");
                        assert_eq!(parsed.as_str(), *value);
                        assert_eq!(parsed.to_string(), *value);
                        let json = serde_json::to_string(value).unwrap();
                        let read: enums::$name = serde_json::from_str(&json).unwrap();
                        assert_eq!(read, parsed);
                        assert_eq!(serde_json::to_string(&read).unwrap(), json);
                        assert!(seen.insert(format!("{parsed:?}")), "{value} has a variant of its own");
                    }
                }

                proptest! {
                    #[test]
                    fn any_value_is_kept_as_sent(text in enum_text(enums::$name::KNOWN)) {
                        let parsed = enums::$name::from(text.as_str());
                        let documented = enums::$name::KNOWN.contains(&text.as_str());
                        prop_assert_eq!(parsed.is_known(), documented);
                        if !documented {
                            prop_assert_eq!(&parsed, &enums::$name::Unknown(text.clone()));
                        }
                        prop_assert_eq!(parsed.as_str(), text.as_str());
                        let json = serde_json::to_string(&text).unwrap();
                        let read: enums::$name = serde_json::from_str(&json).unwrap();
                        prop_assert_eq!(&read, &parsed);
                        prop_assert_eq!(serde_json::to_string(&read).unwrap(), json);
                    }
                }
            }
        )*
    };
}

open_enum_properties!(
    NetbankingBankCode,
    OrderStatus,
    TerminateOrderStatus,
    PaymentStatus,
    PaymentGroup,
    AppProvider,
    WalletCode,
    EmiProvider,
    CardBankName,
    CardlessEmiProvider,
    PaylaterProvider,
    CardChannel,
    CardTokenType,
    UpiChannel,
    PayOrderPaymentMethodType,
    PayOrderChannel,
    PayOrderAction,
    AuthorizeAction,
    AuthorizationStatus,
    AuthenticateAction,
    AuthenticateStatus,
    LinkStatus,
    LinkOrdersStatusFilter,
    OfferType,
    DiscountType,
    CashbackType,
    OfferTncType,
    EmiOfferType,
    EligibilityPaymentMethod,
    OrderDeliveryStatusValue,
    InstrumentType,
    InstrumentStatus,
    RefundStatus,
    RefundType,
    RefundMode,
    RefundSpeedOption,
    DisputeType,
    DisputeStatus,
    DisputeDocumentType,
    SaleType,
    ReconEventType,
    SimulationEntityType,
    SimulatedPaymentStatus,
);

#[test]
fn the_properties_cover_every_enum_of_the_pg_spec() {
    let path = format!("{}/specs/cashfree-pg.yaml", env!("CARGO_MANIFEST_DIR"));
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schemas = spec["components"]["schemas"].as_mapping().expect("schemas");
    let in_spec: BTreeSet<String> = schemas
        .iter()
        .filter(|(_, s)| s.get("enum").is_some() && s.get("x-paygen-replace").is_none())
        .map(|(name, _)| name.as_str().unwrap().to_string())
        .collect();
    let covered: BTreeSet<String> = COVERED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        covered, in_spec,
        "every generated open enum is listed in open_enum_properties!"
    );
}

// ---- amounts ----

/// The decimal text of `units / 10^scale`, written out by hand (the oracle the code is checked
/// against).
fn decimal_text(units: i64, scale: u32) -> String {
    let digits = units.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits
    };
    let (whole, frac) = padded.split_at(padded.len() - scale);
    let sign = if units < 0 { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

proptest! {
    #[test]
    fn amounts_round_trip_exactly_through_json(units in -1_000_000_000_000_000i64..1_000_000_000_000_000, scale in 0u32..=4) {
        let text = decimal_text(units, scale);
        let amount = Amount::from_minor(units, scale);
        prop_assert_eq!(amount.to_string(), text.clone());
        prop_assert_eq!(amount.decimal_places(), scale);
        prop_assert_eq!(serde_json::to_string(&amount).unwrap(), text.clone());

        let read: Amount = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(read, amount);
        prop_assert_eq!(read.decimal_places(), scale);
        let from_string: Amount = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        prop_assert_eq!(from_string.to_string(), text.clone());

        // Inside a generated type, read from and written back to the wire.
        let refund: types::RefundEntity = serde_json::from_str(&format!(r#"{{"refund_amount": {text}, "refund_id": "r-1"}}"#)).unwrap();
        prop_assert_eq!(refund.refund_amount.unwrap().to_string(), text.clone());
        let wire = serde_json::to_string(&refund).unwrap();
        let expected_field = format!(r#""refund_amount":{}"#, text);
        prop_assert!(wire.contains(&expected_field), "{}", wire);
    }

    #[test]
    fn a_two_decimal_amount_keeps_both_decimals(units in 100i64..10_000_000_000) {
        let amount = Amount::from_minor(units, 2);
        let text = serde_json::to_string(&amount).unwrap();
        let (_, frac) = text.split_once('.').expect("a decimal point");
        prop_assert_eq!(frac.len(), 2, "{}", text);
        prop_assert_eq!(text.clone(), decimal_text(units, 2));
        let body = types::CreateOrderRequest::builder()
            .order_amount(amount)
            .order_currency("INR")
            .customer_details(types::CustomerDetails::builder().customer_id("c-1").customer_phone("9898989898"));
        let body = types::CreateOrderRequest::try_from(body).unwrap();
        let wire = serde_json::to_string(&body).unwrap();
        let expected_field = format!(r#""order_amount":{}"#, text);
        prop_assert!(wire.contains(&expected_field), "{}", wire);
    }
}

// ---- error bodies ----

fn error_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,30}",
        "\\PC{1,30}",
        proptest::sample::select(ErrorType::KNOWN).prop_map(str::to_string)
    ]
}

fn check_api_error(
    err: &Error,
    status: u16,
    code: &str,
    kind: &str,
    message: &str,
) -> Result<(), TestCaseError> {
    let api = err
        .as_api()
        .ok_or_else(|| TestCaseError::fail(format!("not an API error: {err:?}")))?;
    prop_assert_eq!(api.status, status);
    prop_assert_eq!(api.code.as_deref(), Some(code));
    prop_assert_eq!(err.code(), Some(code));
    let parsed_code = ErrorCode::of(api).unwrap();
    prop_assert_eq!(parsed_code.as_str(), code);
    let expected_type = ErrorType::from(kind);
    prop_assert_eq!(expected_type.is_known(), ErrorType::KNOWN.contains(&kind));
    prop_assert_eq!(ErrorType::of(api), Some(expected_type.clone()));
    if !ErrorType::KNOWN.contains(&kind) {
        prop_assert_eq!(
            ErrorType::of(api),
            Some(ErrorType::Unknown(kind.to_string()))
        );
    }
    prop_assert_eq!(api.message.as_str(), message);
    Ok(())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The path every generated operation takes for an error answer, from a real server.
    #[test]
    fn error_bodies_from_a_server_keep_any_code_and_type(
        code in error_text(),
        kind in error_text(),
        message in "\\PC{1,40}",
        status in proptest::sample::select(vec![400u16, 401, 403, 404, 409, 422, 500]),
    ) {
        let rt = runtime();
        rt.block_on(async {
            let server = MockServer::start().await;
            let body = serde_json::json!({"message": message, "code": code, "type": kind}).to_string();
            common::answer(&server, status, &body).await;
            let request = types::CreateCustomerRequest::builder().customer_phone("9999999999");
            let err = common::pg(&server).create_customer().body(request).send().await.unwrap_err();
            check_api_error(&err, status, &code, &kind, &message)?;
            let sent = common::only_request(&server).await;
            prop_assert_eq!(err.request_id(), common::header(&sent, "x-request-id"));
            Ok(())
        })?;
    }

    #[test]
    fn a_post_that_may_not_be_repeated_is_never_sent_twice(
        failures in proptest::collection::vec(proptest::sample::select(vec![429u16, 500, 502, 503, 504]), 1..5),
    ) {
        let rt = runtime();
        rt.block_on(async {
            // Each server answers the failures in order, then success.
            async fn server_failing_with(failures: &[u16]) -> MockServer {
                let server = MockServer::start().await;
                for status in failures {
                    Mock::given(any()).respond_with(ResponseTemplate::new(*status)).up_to_n_times(1).mount(&server).await;
                }
                common::answer(&server, 200, r#"{"order_id": "order_42", "refund_id": "refund_1"}"#).await;
                server
            }
            let first = failures[0];

            // A POST without an idempotency key.
            let server = server_failing_with(&failures).await;
            let order = types::CreateOrderRequest::builder()
                .order_amount(Amount::from_minor(10050, 2))
                .order_currency("INR")
                .customer_details(types::CustomerDetails::builder().customer_id("c-1").customer_phone("9898989898"));
            let err = common::pg(&server).create_order().body(order).send().await.unwrap_err();
            prop_assert_eq!(err.status(), Some(first));
            prop_assert_eq!(server.received_requests().await.unwrap().len(), 1);

            // A call that moves money, even with an idempotency key.
            let server = server_failing_with(&failures).await;
            let refund = types::OrderCreateRefundRequest::builder().refund_amount(Amount::from_minor(100, 0)).refund_id("refund_1");
            let err = common::pg(&server)
                .create_refund()
                .order_id("order_42")
                .x_idempotency_key("refund-key-1")
                .body(refund)
                .send()
                .await
                .unwrap_err();
            prop_assert_eq!(err.status(), Some(first));
            prop_assert_eq!(server.received_requests().await.unwrap().len(), 1);

            // The hand-written multipart POST, without a key.
            let server = server_failing_with(&failures).await;
            let document = EvidenceDocument::new("proof.pdf", b"%PDF-1.4".to_vec(), enums::DisputeDocumentType::ShippingProof);
            let err = common::pg(&server)
                .submit_dispute_evidence()
                .dispute_id("433475258")
                .document(document)
                .send()
                .await
                .unwrap_err();
            prop_assert_eq!(err.status(), Some(first));
            prop_assert_eq!(server.received_requests().await.unwrap().len(), 1);
            Ok(())
        })?;
    }
}

#[test]
fn decimal_text_oracle_is_right() {
    assert_eq!(decimal_text(10050, 2), "100.50");
    assert_eq!(decimal_text(5, 2), "0.05");
    assert_eq!(decimal_text(-5, 3), "-0.005");
    assert_eq!(decimal_text(0, 0), "0");
    assert_eq!(decimal_text(0, 2), "0.00");
    assert_eq!(decimal_text(-170, 0), "-170");
}
