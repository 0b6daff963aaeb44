//! The harness itself, against a wiremock stand-in that answers with the documents' samples:
//! every call is made and reported, unknown answer fields are found, production is refused
//! before anything is sent, and a run without the switch or keys is a skip.

use std::time::Duration;

use paygen::Environment;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::flows::{PayinPayoutKeys, Settings};
use crate::guard::{self, Target};
use crate::report::{self, Outcome};

fn fixture(family: &str, name: &str) -> Value {
    let full = format!(
        "{}/tests/fixtures/{family}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The variables of a full run (sandbox-looking keys, never real).
fn vars(extra: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let mut all: Vec<(String, String)> = [
        ("PAYGEN_LIVE_SANDBOX", "1"),
        ("CASHFREE_CLIENT_ID", "TEST_APP_ID"),
        ("CASHFREE_CLIENT_SECRET", "cfsk_ma_test_SECRET_value"),
        ("CASHFREE_PAYOUTS_CLIENT_ID", "CF_PAYOUTS_TEST_ID"),
        ("CASHFREE_PAYOUTS_CLIENT_SECRET", "payouts_test_secret"),
        ("CASHFREE_GC_CLIENT_ID", "CF_GC_TEST_ID"),
        ("CASHFREE_GC_CLIENT_SECRET", "gc_test_secret"),
        ("PAYIN_PAYOUT_BASE_URL", "http://127.0.0.1:9/payin-payout"),
        ("PAYIN_PAYOUT_ACCESS_KEY", "access-1"),
        ("PAYIN_PAYOUT_SECRET", "signing-secret-1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        all.retain(|(n, _)| n != k);
        all.push((k.to_string(), v.to_string()));
    }
    move |k| all.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
}

async fn answer(
    server: &MockServer,
    m: &str,
    route: wiremock::matchers::PathRegexMatcher,
    body: Value,
) {
    Mock::given(method(m))
        .and(route)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// A stand-in for every host, laid out as [`Target::one_host`] expects, answering with the
/// documents' samples. The order fetch carries two fields no spec lists.
async fn stand_in() -> MockServer {
    let server = MockServer::start().await;
    let order = fixture("cashfree-pg", "create_order.response.json");
    let mut fetched = order.clone();
    fetched["paygen_selftest_extra"] = json!({"nested": 1});
    fetched["customer_details"]["customer_loyalty_tier"] = json!("gold");
    let payment = fixture("cashfree-pg", "pay_order.response.json");
    let payments = json!([{
        "cf_payment_id": "5114910002", "order_id": "order_1", "entity": "payment",
        "payment_amount": 1.00, "payment_currency": "INR", "payment_status": "SUCCESS",
        "payment_group": "upi", "is_captured": true
    }]);
    let refund = json!({
        "cf_payment_id": "5114910002", "cf_refund_id": "77", "refund_id": "paygen_refund_1",
        "order_id": "order_1", "entity": "refund", "refund_amount": 1.00,
        "refund_currency": "INR", "refund_status": "SUCCESS", "refund_type": "MERCHANT_INITIATED"
    });
    answer(&server, "POST", path_regex("^/pg/orders$"), order).await;
    answer(&server, "GET", path_regex("^/pg/orders/[^/]+$"), fetched).await;
    answer(
        &server,
        "POST",
        path_regex("^/pg/orders/sessions$"),
        payment,
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/pg/orders/[^/]+/payments$"),
        payments,
    )
    .await;
    answer(
        &server,
        "POST",
        path_regex("^/pg/orders/[^/]+/refunds$"),
        refund.clone(),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/pg/orders/[^/]+/refunds/[^/]+$"),
        refund,
    )
    .await;

    let v1 = "cashfree-payouts-v1";
    answer(
        &server,
        "POST",
        path_regex("^/payout/v1/authorize$"),
        fixture(v1, "payouts_authorize.response.json"),
    )
    .await;
    answer(
        &server,
        "POST",
        path_regex("^/payout/v1/createCashgram$"),
        fixture(v1, "create_cashgram.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/payout/v1/getCashgramStatus$"),
        fixture(v1, "get_cashgram_status.response.json"),
    )
    .await;
    let v2 = "cashfree-payouts-v2";
    answer(
        &server,
        "POST",
        path_regex("^/payout/transfers$"),
        fixture(v2, "create_transfer.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/payout/transfers$"),
        fixture(v2, "get_transfer_status.response.json"),
    )
    .await;
    let gc = "cashfree-global-collections";
    answer(
        &server,
        "POST",
        path_regex("^/gc/authorize$"),
        fixture(gc, "gc_authorize.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/gc/token/verify$"),
        fixture(gc, "gc_verify_token.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/gc/virtual-accounts$"),
        fixture(gc, "gc_get_collection_accounts.response.json"),
    )
    .await;
    answer(
        &server,
        "POST",
        path_regex("^/gc/transactions/emulate$"),
        fixture(gc, "gc_simulate_transaction.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/gc/transactions$"),
        fixture(gc, "gc_get_transactions.response.json"),
    )
    .await;
    let pp = "payin-payout";
    answer(
        &server,
        "GET",
        path_regex("^/payin-payout/api/v1/balance$"),
        fixture(pp, "get_balance.response.json"),
    )
    .await;
    answer(
        &server,
        "POST",
        path_regex("^/payin-payout/api/v1/payin/generate/link$"),
        fixture(pp, "create_payin_link.response.json"),
    )
    .await;
    answer(
        &server,
        "POST",
        path_regex("^/payin-payout/api/v1/payin/transactions$"),
        fixture(pp, "get_payin_status.response.json"),
    )
    .await;
    server
}

/// The settings of a full run whose Payin & Payout keys point at `target`'s base URL.
fn settings_for(target: &Target) -> Settings {
    let mut s = Settings::from_lookup(vars(&[])).unwrap();
    if let (Some(keys), Some(url)) = (s.payin_payout.as_mut(), &target.payin_payout) {
        keys.base_url = url.clone();
    }
    s
}

#[tokio::test]
async fn a_run_against_a_stand_in_makes_and_reports_every_call() {
    let server = stand_in().await;
    let target = Target::one_host(&server.uri());
    let report = crate::run(&target, &settings_for(&target)).await.unwrap();
    let text = report.to_string();
    println!("{text}"); // `-- --nocapture` shows what a live run prints

    let made: Vec<(&str, &str)> = report
        .calls
        .iter()
        .map(|c| (c.family, c.operation))
        .collect();
    assert_eq!(
        made,
        [
            ("pg", "create_order"),
            ("pg", "get_order"),
            ("pg", "pay_order"),
            ("pg", "get_payments_for_order"),
            ("pg", "create_refund"),
            ("pg", "get_refund"),
            ("payouts v2", "create_transfer"),
            ("payouts v2", "get_transfer_status"),
            ("payouts v1", "create_cashgram"),
            ("payouts v1", "get_cashgram_status"),
            ("global collections", "gc_authorize"),
            ("global collections", "gc_verify_token"),
            ("global collections", "gc_get_collection_accounts"),
            ("global collections", "gc_simulate_transaction"),
            ("global collections", "gc_get_transactions"),
            ("payin-payout", "get_balance"),
            ("payin-payout", "create_payin_link"),
            ("payin-payout", "get_payin_status"),
        ],
        "{text}"
    );
    assert!(report.problems().is_empty(), "{text}");
    assert!(report
        .calls
        .iter()
        .all(|c| c.outcome == Outcome::Answered(200)));

    // The two fields the stand-in added to the order are found, with their paths.
    let fetched = report.call("get_order").unwrap();
    assert!(
        fetched
            .unknown_fields
            .contains(&"paygen_selftest_extra".to_string()),
        "{text}"
    );
    assert!(
        fetched
            .unknown_fields
            .contains(&"customer_details.customer_loyalty_tier".to_string()),
        "{text}"
    );
    assert!(
        text.contains("field the SDK does not know: paygen_selftest_extra"),
        "{text}"
    );
    // The documents' own create-order sample has no field the SDK lacks.
    assert_eq!(
        report.call("create_order").unwrap().unknown_fields,
        Vec::<String>::new(),
        "{text}"
    );

    // What was sent: the sandbox's UPI test id, and a refund of the order's INR 1.00.
    let received = server.received_requests().await.unwrap();
    let body_of = |suffix: &str| -> String {
        let r = received
            .iter()
            .find(|r| r.method.as_str() == "POST" && r.url.path().ends_with(suffix))
            .unwrap_or_else(|| panic!("no POST …{suffix}"));
        String::from_utf8(r.body.clone()).unwrap()
    };
    // Compared as bytes: the amounts keep their scale on the wire.
    assert!(body_of("/orders/sessions").contains(r#""upi_id":"testsuccess@gocash""#));
    assert!(body_of("/orders").contains(r#""order_amount":1.00"#));
    assert!(body_of("/refunds").contains(r#""refund_amount":1.00"#));
    let transfer = body_of("/transfers");
    assert!(transfer.contains(r#""transfer_amount":1.00"#), "{transfer}");
    assert!(
        transfer.contains(r#""bank_ifsc":"YESB0000262""#),
        "{transfer}"
    );
    assert!(body_of("/createCashgram").contains(r#""amount":1.00"#));
    // The simulation funds the first collection account the listing returned, in its currency.
    let simulated = body_of("/transactions/emulate");
    assert!(
        simulated.contains(r#""vAccountNumber":"GB47TCCL12345648154924""#),
        "{simulated}"
    );
    assert!(simulated.contains(r#""currency":"AUD""#), "{simulated}");
    assert!(
        simulated.contains(r#""fundingActions":"approve""#),
        "{simulated}"
    );
}

#[tokio::test]
async fn a_payment_that_never_succeeds_is_looked_up_a_bounded_number_of_times_and_not_refunded() {
    let server = MockServer::start().await;
    let pending = json!([{"cf_payment_id": "1", "payment_status": "PENDING"}]);
    answer(
        &server,
        "POST",
        path_regex("^/pg/orders$"),
        fixture("cashfree-pg", "create_order.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/pg/orders/[^/]+$"),
        fixture("cashfree-pg", "create_order.response.json"),
    )
    .await;
    answer(
        &server,
        "POST",
        path_regex("^/pg/orders/sessions$"),
        fixture("cashfree-pg", "pay_order.response.json"),
    )
    .await;
    answer(
        &server,
        "GET",
        path_regex("^/pg/orders/[^/]+/payments$"),
        pending,
    )
    .await;
    let mut target = Target::one_host(&server.uri());
    target.payment_polls = (4, Duration::from_millis(1));
    let mut settings = Settings::from_lookup(vars(&[])).unwrap();
    settings.payouts = None;
    settings.global_collections = None;
    settings.payin_payout = None;
    let report = crate::run(&target, &settings).await.unwrap();
    let lookups = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("/payments"))
        .count();
    assert_eq!(lookups, 4);
    assert_eq!(
        report.call("create_refund").unwrap().outcome,
        Outcome::NotMade("the payment did not reach SUCCESS in the sandbox".into())
    );
    assert_eq!(report.problems().len(), 1, "{report}");
    assert!(server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .all(|r| !r.url.path().ends_with("/refunds")));
}

#[tokio::test]
async fn a_failed_call_is_reported_with_the_sdks_error_and_the_flow_stops() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pg/orders"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"message": "authentication Failed", "code": "request_failed", "type": "authentication_error"}),
        ))
        .mount(&server)
        .await;
    let target = Target::one_host(&server.uri());
    let mut settings = Settings::from_lookup(vars(&[])).unwrap();
    settings.payouts = None;
    settings.global_collections = None;
    settings.payin_payout = None;
    let report = crate::run(&target, &settings).await.unwrap();
    match &report.call("create_order").unwrap().outcome {
        Outcome::Failed(e) => assert!(e.contains("create_order failed with HTTP 401"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(!report.to_string().contains("cfsk_ma_test_SECRET_value"));
    assert_eq!(report.problems().len(), 5, "{report}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_production_host_anywhere_stops_the_run_before_anything_is_sent() {
    let server = stand_in().await;
    for (family, production) in [
        ("pg", "https://api.cashfree.com/pg"),
        ("payouts v1", "https://payout-api.cashfree.com"),
        ("payouts v2", "https://API.cashfree.com./payout"),
        ("global collections", "https://api.cashfree.com"),
    ] {
        let mut target = Target::one_host(&server.uri());
        match family {
            "pg" => target.pg = Environment::custom(production),
            "payouts v1" => target.payouts_v1 = Environment::custom(production),
            "payouts v2" => target.payouts_v2 = Environment::custom(production),
            _ => target.global_collections = Environment::custom(production),
        }
        let refusal = crate::run(&target, &settings_for(&target))
            .await
            .unwrap_err();
        assert!(refusal.0.contains("production host"), "{refusal}");
        assert!(refusal.0.starts_with(family), "{refusal}");
    }
    let mut target = Target::one_host(&server.uri());
    target.payouts_v2 = Environment::Production;
    let refusal = crate::run(&target, &settings_for(&target))
        .await
        .unwrap_err();
    assert!(
        refusal.to_string().contains("configured for production"),
        "{refusal}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn the_sandbox_hosts_pass_and_every_other_cashfree_host_is_refused() {
    assert!(Target::sandbox().check().is_ok());
    for ok in [
        "https://sandbox.cashfree.com/pg",
        "https://payout-gamma.cashfree.com",
        "http://127.0.0.1:8080/pg",
        "https://payments.example.in/api",
    ] {
        assert_eq!(guard::check_url("pg", ok), Ok(()), "{ok}");
    }
    for refused in [
        "https://api.cashfree.com/pg",
        "https://payout-api.cashfree.com",
        "https://cac-api.cashfree.com",
        "https://cashfree.com",
        "ftp://sandbox.cashfree.com",
        "not a url",
    ] {
        assert!(guard::check_url("pg", refused).is_err(), "{refused}");
    }
}

#[test]
fn production_keys_and_environment_are_refused_without_printing_them() {
    let secret = "cfsk_ma_prod_0123456789abcdef_0a1b2c3d";
    let refusal = Settings::from_lookup(vars(&[("CASHFREE_CLIENT_SECRET", secret)]))
        .err()
        .unwrap();
    assert!(refusal.0.contains("CASHFREE_CLIENT_SECRET"), "{refusal}");
    assert!(!refusal.to_string().contains(secret));
    let refusal = Settings::from_lookup(vars(&[("CASHFREE_PAYOUTS_CLIENT_SECRET", secret)]))
        .err()
        .unwrap();
    assert!(
        refusal.0.contains("CASHFREE_PAYOUTS_CLIENT_SECRET"),
        "{refusal}"
    );
    let refusal =
        Settings::from_lookup(vars(&[("CASHFREE_CLIENT_ID", "69840976689cac79aa7b79fc")]))
            .err()
            .unwrap();
    assert!(refusal.0.contains("does not start with TEST"), "{refusal}");
    for env in ["production", "prod", "https://api.cashfree.com/pg"] {
        let refusal = Settings::from_lookup(vars(&[("PAYGEN_ENVIRONMENT", env)]))
            .err()
            .unwrap();
        assert!(refusal.0.contains("PAYGEN_ENVIRONMENT"), "{refusal}");
    }
    assert!(Settings::from_lookup(vars(&[("PAYGEN_ENVIRONMENT", "sandbox")])).is_ok());
    let refusal = Settings::from_lookup(vars(&[(
        "PAYIN_PAYOUT_BASE_URL",
        "https://api.cashfree.com/pp",
    )]))
    .err()
    .unwrap();
    assert!(refusal.0.contains("production host"), "{refusal}");
}

#[test]
fn without_keys_every_family_is_skipped_with_the_variables_to_set() {
    let s =
        Settings::from_lookup(|k| (k == "PAYGEN_LIVE_SANDBOX").then(|| "1".to_string())).unwrap();
    assert!(s.enabled);
    assert!(s.pg.is_none() && s.payouts.is_none() && s.payin_payout.is_none());
    let why: Vec<(&str, &str)> = s.skipped.iter().map(|(f, w)| (*f, w.as_str())).collect();
    assert_eq!(why.len(), 4);
    assert!(why[0].0 == "pg" && why[0].1.contains("CASHFREE_CLIENT_ID"));
    assert!(why[1].0 == "payouts" && why[1].1.contains("CASHFREE_PAYOUTS_CLIENT_SECRET"));
    assert!(why[2].0 == "global collections" && why[2].1.contains("CASHFREE_GC_CLIENT_ID"));
    assert!(why[3].0 == "payin-payout" && why[3].1.contains("PAYIN_PAYOUT_BASE_URL"));
    // Empty values count as unset.
    let s = Settings::from_lookup(|_| Some(String::new())).unwrap();
    assert!(!s.enabled && s.pg.is_none());
    // Keys alone are no switch.
    assert!(
        !Settings::from_lookup(vars(&[("PAYGEN_LIVE_SANDBOX", "0")]))
            .unwrap()
            .enabled
    );
}

#[test]
fn overrides_change_the_hosts_and_the_payin_payout_base_comes_from_its_variable() {
    let s =
        Settings::from_lookup(vars(&[("PAYGEN_LIVE_PG_URL", "http://127.0.0.1:1/pg")])).unwrap();
    let t = s.target();
    assert_eq!(t.pg, Environment::custom("http://127.0.0.1:1/pg"));
    assert_eq!(t.payouts_v1, Environment::Sandbox);
    assert_eq!(
        t.payin_payout.as_deref(),
        Some("http://127.0.0.1:9/payin-payout")
    );
    let keys: &PayinPayoutKeys = s.payin_payout.as_ref().unwrap();
    assert_eq!(keys.user_id, "paygen_live");
    // An override to a production host is refused when the run starts.
    let s = Settings::from_lookup(vars(&[(
        "PAYGEN_LIVE_PAYOUTS_V2_URL",
        "https://api.cashfree.com/payout",
    )]))
    .unwrap();
    assert!(s.target().check().is_err());
}

#[test]
fn unknown_fields_are_found_by_path_and_bounded() {
    let raw = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": null, "list": [{"x": 1, "y": 2}]});
    let typed = json!({"a": 1, "b": {"c": 2}, "list": [{"x": 1}]});
    let (found, left_off) = report::unknown_fields(&raw, &typed);
    assert_eq!(found, ["b.d", "list[0].y"]);
    assert_eq!(left_off, 0);

    let many: serde_json::Map<String, Value> =
        (0..100).map(|i| (format!("k{i:03}"), json!(i))).collect();
    let (found, left_off) = report::unknown_fields(&Value::Object(many), &json!({}));
    assert_eq!(
        (found.len(), left_off),
        (report::MAX_UNKNOWN, 100 - report::MAX_UNKNOWN)
    );

    // Deeper than MAX_DEPTH is not walked.
    let mut deep_raw = json!({"extra": 1});
    let mut deep_typed = json!({});
    for _ in 0..report::MAX_DEPTH {
        deep_raw = json!({"n": deep_raw});
        deep_typed = json!({"n": deep_typed});
    }
    assert_eq!(
        report::unknown_fields(&deep_raw, &deep_typed).0,
        Vec::<String>::new()
    );
}

/// The harness against `paygen::mock`, the stateful local Cashfree: every family's sandbox-safe
/// flow runs end to end against a server that checks credentials, `X-Cf-Signature`, the Payin &
/// Payout HMAC and every amount rule, and each call is reported answered — so a live run's
/// report means the same thing the self-test's does.
#[cfg(feature = "mock")]
#[tokio::test]
async fn a_run_against_the_paygen_mock_answers_every_call() {
    use paygen::mock::{auth, Family, MockServer, TEST_PAYOUT_PUBLIC_KEY_PEM};

    let mock = MockServer::start().await.unwrap();
    let mut target = Target::one_host(mock.url());
    let payin_payout_url = mock.base_url(Family::PayinPayout);
    target.payin_payout = Some(payin_payout_url.clone());
    let mut settings = Settings::from_lookup(vars(&[
        ("CASHFREE_CLIENT_ID", auth::DEFAULT_CLIENT_ID),
        ("CASHFREE_CLIENT_SECRET", auth::DEFAULT_CLIENT_SECRET),
        ("CASHFREE_PAYOUTS_CLIENT_ID", auth::DEFAULT_CLIENT_ID),
        (
            "CASHFREE_PAYOUTS_CLIENT_SECRET",
            auth::DEFAULT_CLIENT_SECRET,
        ),
        ("CASHFREE_GC_CLIENT_ID", auth::DEFAULT_CLIENT_ID),
        ("CASHFREE_GC_CLIENT_SECRET", auth::DEFAULT_CLIENT_SECRET),
        ("PAYIN_PAYOUT_BASE_URL", &payin_payout_url),
        ("PAYIN_PAYOUT_ACCESS_KEY", auth::DEFAULT_CLIENT_ID),
        ("PAYIN_PAYOUT_SECRET", auth::DEFAULT_CLIENT_SECRET),
    ]))
    .unwrap();
    if let Some(payouts) = settings.payouts.as_mut() {
        payouts.public_key_pem = Some(TEST_PAYOUT_PUBLIC_KEY_PEM.to_string());
    }
    let report = crate::run(&target, &settings).await.unwrap();
    let text = report.to_string();
    println!("{text}");
    assert!(report.problems().is_empty(), "{text}");
    for family in [
        "pg",
        "payouts v2",
        "payouts v1",
        "global collections",
        "payin-payout",
    ] {
        assert!(
            report.calls.iter().any(|c| c.family == family),
            "no {family} call in\n{text}"
        );
    }
    // What reached the mock is what the report says was made.
    let answered = report
        .calls
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Answered(_)))
        .count();
    assert!(mock.requests().len() >= answered, "{text}");
}
