//! Global Collections on the wire: one contract test per documented operation, the credential
//! headers as the documents' table maps them (partner key spelled `x-partner-api-key`), and
//! the bearer token of `gc_verify_token`: fetched once, shared, renewed, refreshed once when
//! rejected.
#![cfg(feature = "international")]

use crate::common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{fixture, header, only_request, CLIENT_ID, CLIENT_SECRET};
use paygen::global_collections::{enums, types, Client, FAMILY};
use paygen::{Amount, Config, Credentials, Environment, Error};
use serde_json::json;
use wiremock::matchers::{header as has_header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::from_config(common::config(server)).expect("config is valid")
}

fn partner_client(server: &MockServer) -> Client {
    let config = Config::new(
        Environment::custom(server.uri()),
        Credentials::partner("partner-key-1", "merchant-7"),
    );
    Client::from_config(config).expect("config is valid")
}

fn gc(name: &str) -> String {
    fixture(&format!("cashfree-global-collections/{name}"))
}

fn unix_in(secs: u64) -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + secs
}

fn token_body(token: &str, expiry: u64) -> String {
    json!({"status": "SUCCESS", "subCode": "200", "message": "Token generated", "data": {"token": token, "expiry": expiry}})
        .to_string()
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

const VALID: &str = r#"{"status":"SUCCESS","subCode":"200","message":"Token is valid"}"#;
const NOT_VALID: &str = r#"{"status":"ERROR","subCode":"403","message":"Token is not valid"}"#;

/// A merchant's credential call: the two merchant headers and nothing else for auth.
fn assert_merchant_headers(req: &wiremock::Request) {
    assert_eq!(header(req, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(req, "x-client-secret"), Some(CLIENT_SECRET));
    assert_eq!(header(req, "x-api-version"), Some("2025-01-01"));
    for absent in [
        "api-version",
        "authorization",
        "x-partner-api-key",
        "x-partner-apikey",
        "x-partner-merchantid",
    ] {
        assert!(header(req, absent).is_none(), "{absent} must not be sent");
    }
}

fn requests_to<'a>(all: &'a [wiremock::Request], p: &str) -> Vec<&'a wiremock::Request> {
    all.iter().filter(|r| r.url.path() == p).collect()
}

#[test]
fn hosts_and_auth_marks_follow_the_documents() {
    assert_eq!(
        FAMILY.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.cashfree.com"
    );
    assert_eq!(
        FAMILY.base_url(&Environment::Production).unwrap(),
        "https://api.cashfree.com"
    );
    let auth = |id: &str| FAMILY.operation(id).unwrap().auth.as_str();
    // GC-2: the table of pages 060/061/064/065/067 puts the credentials on these calls.
    for id in [
        "gc_authorize",
        "gc_get_collection_accounts",
        "gc_get_transactions",
        "gc_add_transaction_details",
        "gc_simulate_transaction",
    ] {
        assert_eq!(auth(id), "merchant-or-partner", "{id}");
    }
    assert_eq!(auth("gc_verify_token"), "bearer-token");
    let sandbox_only: Vec<_> = FAMILY
        .operations
        .iter()
        .filter(|o| o.sandbox_only)
        .map(|o| o.operation_id)
        .collect();
    assert_eq!(sandbox_only, ["gc_simulate_transaction"]);
    assert!(FAMILY.operations.iter().all(|o| !o.moves_money));
}

#[tokio::test]
async fn gc_authorize_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/authorize",
        200,
        &gc("gc_authorize.response.json"),
    )
    .await;
    let answer = client(&server).gc_authorize().send().await.unwrap();
    assert_eq!(answer.status.as_deref(), Some("SUCCESS"));
    let data = answer.data.as_ref().unwrap();
    assert_eq!(
        data.token.as_deref(),
        Some("eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9...")
    );
    assert_eq!(data.expiry, Some(1_697_611_541));
    let req = only_request(&server).await;
    assert_merchant_headers(&req);
    assert!(req.body.is_empty(), "no body is sent");
}

#[tokio::test]
async fn a_partner_sends_the_families_partner_header_spelling() {
    // GC-1/GC-3: x-partner-api-key (not x-partner-apikey) in place of x-client-id, and
    // x-partner-merchantid in place of x-client-secret.
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/authorize",
        200,
        &gc("gc_authorize.response.json"),
    )
    .await;
    partner_client(&server).gc_authorize().send().await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "x-partner-api-key"), Some("partner-key-1"));
    assert_eq!(header(&req, "x-partner-merchantid"), Some("merchant-7"));
    for absent in [
        "x-partner-apikey",
        "x-client-id",
        "x-client-secret",
        "authorization",
    ] {
        assert!(header(&req, absent).is_none(), "{absent} must not be sent");
    }
}

#[tokio::test]
async fn gc_verify_token_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/authorize",
        200,
        &token_body("tok-A", unix_in(600)),
    )
    .await;
    answer(
        &server,
        "GET",
        "/gc/token/verify",
        200,
        &gc("gc_verify_token.response.json"),
    )
    .await;
    let answer = client(&server).gc_verify_token().send().await.unwrap();
    // The reference's sample: the token's account, expiry, agent, channel and API flag.
    assert_eq!(answer.account_id, Some(23_794_572));
    assert_eq!(answer.expiry, Some(1_697_611_626));
    assert_eq!(answer.agent_id, Some(23_794_572));
    assert_eq!(answer.channel.as_deref(), Some(""));
    assert_eq!(answer.enable_api, Some(false));
    assert_eq!(answer.status, None, "the sample is not an envelope");

    let all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].url.path(),
        "/gc/authorize",
        "the token is fetched first"
    );
    assert_merchant_headers(&all[0]);
    let verify = &all[1];
    assert_eq!(header(verify, "authorization"), Some("Bearer tok-A"));
    for absent in [
        "x-client-id",
        "x-client-secret",
        "x-partner-api-key",
        "api-version",
    ] {
        assert!(
            header(verify, absent).is_none(),
            "{absent} must not travel with the token"
        );
    }
}

#[tokio::test]
async fn the_token_is_fetched_once_and_reused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/gc/authorize"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("tok-A", unix_in(600)), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    answer(&server, "GET", "/gc/token/verify", 200, VALID).await;
    let c = client(&server);
    for _ in 0..3 {
        c.gc_verify_token().send().await.unwrap();
    }
    let all = server.received_requests().await.unwrap();
    assert!(requests_to(&all, "/gc/token/verify")
        .iter()
        .all(|r| header(r, "authorization") == Some("Bearer tok-A")));
}

#[tokio::test]
async fn concurrent_calls_share_one_token_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/gc/authorize"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("tok-A", unix_in(600)), "application/json")
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    answer(&server, "GET", "/gc/token/verify", 200, VALID).await;
    let c = client(&server);
    let calls = (0..8).map(|_| c.gc_verify_token().send());
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/gc/token/verify"
        )
        .len(),
        8
    );
}

#[tokio::test]
async fn a_token_is_renewed_when_it_is_about_to_expire() {
    let server = MockServer::start().await;
    // Expires in 2-3 s: reused for 1.5 s at most (never more than half its life).
    Mock::given(method("POST"))
        .and(path("/gc/authorize"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("tok-short", unix_in(3)), "application/json"),
        )
        .expect(2)
        .mount(&server)
        .await;
    answer(&server, "GET", "/gc/token/verify", 200, VALID).await;
    let c = client(&server);
    c.gc_verify_token().send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    c.gc_verify_token().send().await.unwrap();
}

#[tokio::test]
async fn a_rejected_token_is_replaced_and_the_call_sent_once_more() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/gc/authorize"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("tok-A", unix_in(600)), "application/json"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/gc/authorize",
        200,
        &token_body("tok-B", unix_in(600)),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/gc/token/verify"))
        .and(has_header("authorization", "Bearer tok-A"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(NOT_VALID, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/gc/token/verify"))
        .and(has_header("authorization", "Bearer tok-B"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(VALID, "application/json"))
        .mount(&server)
        .await;
    let c = client(&server);
    c.gc_verify_token().send().await.unwrap();
    let all = server.received_requests().await.unwrap();
    let order: Vec<_> = all
        .iter()
        .map(|r| {
            (
                r.url.path().to_string(),
                header(r, "authorization").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("/gc/authorize".to_string(), None),
            (
                "/gc/token/verify".to_string(),
                Some("Bearer tok-A".to_string())
            ),
            ("/gc/authorize".to_string(), None),
            (
                "/gc/token/verify".to_string(),
                Some("Bearer tok-B".to_string())
            ),
        ]
    );
    // The new token is kept for later calls.
    c.gc_verify_token().send().await.unwrap();
    assert_eq!(
        requests_to(&server.received_requests().await.unwrap(), "/gc/authorize").len(),
        2
    );
}

#[tokio::test]
async fn a_token_is_refreshed_once_only_and_an_error_envelope_on_200_counts() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/authorize",
        200,
        &token_body("tok-X", unix_in(600)),
    )
    .await;
    // "Token is not valid" in an HTTP 200 envelope, every time.
    answer(&server, "GET", "/gc/token/verify", 200, NOT_VALID).await;
    let err = client(&server).gc_verify_token().send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 200);
    assert_eq!(api.code.as_deref(), Some("403"));
    assert_eq!(api.message, "Token is not valid");
    let all = server.received_requests().await.unwrap();
    assert_eq!(
        requests_to(&all, "/gc/authorize").len(),
        2,
        "one refresh, no loop"
    );
    assert_eq!(requests_to(&all, "/gc/token/verify").len(), 2);
    assert!(
        !format!("{err} {err:?}").contains("tok-X"),
        "the token never prints"
    );
}

#[tokio::test]
async fn a_failed_authorize_is_a_clear_error_and_nothing_else_is_sent() {
    let server = MockServer::start().await;
    let refused = r#"{"status":"ERROR","subCode":"403","message":"Invalid clientId and clientSecret combination"}"#;
    answer(&server, "POST", "/gc/authorize", 403, refused).await;
    let err = client(&server).gc_verify_token().send().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains("gc_authorize failed with HTTP 403"), "{text}");
    assert!(
        text.contains("Invalid clientId and clientSecret combination"),
        "{text}"
    );
    assert!(!text.contains(CLIENT_SECRET));
    let all = server.received_requests().await.unwrap();
    assert!(requests_to(&all, "/gc/token/verify").is_empty());
}

#[tokio::test]
async fn gc_get_collection_accounts_contract() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/gc/virtual-accounts"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            gc("gc_get_collection_accounts.response.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let accounts = client(&server)
        .gc_get_collection_accounts()
        .page(1)
        .send()
        .await
        .unwrap();
    // The reference's sample, typed: the envelope, the page counters and the account.
    assert_eq!(accounts.status.as_deref(), Some("SUCCESS"));
    assert_eq!(accounts.sub_code.as_deref(), Some("200"));
    let data = accounts.data.as_ref().unwrap();
    assert_eq!((data.total_pages, data.total_elements), (Some(1), Some(1)));
    assert_eq!((data.first, data.last), (Some(true), Some(true)));
    let va = &data.v_accounts.as_ref().unwrap()[0];
    assert_eq!(va.account_number.as_deref(), Some("GB47TCCL12345648154924"));
    assert_eq!(va.account_type.as_deref(), Some("iban"));
    assert_eq!(va.currency.as_deref(), Some("AUD"));
    assert_eq!(va.routing_code_type.as_deref(), Some("bic_swift"));
    assert_eq!(va.status, Some(enums::GcVirtualAccountStatus::Active));
    assert_eq!(va.added_on.as_deref(), Some("2023-09-15 16:13:48"));
    assert_eq!(va.vaccount_id.as_deref(), Some("GB47T"));
    let req = only_request(&server).await;
    assert_merchant_headers(&req);
    assert_eq!(req.url.query(), Some("page=1"));
}

#[tokio::test]
async fn gc_get_transactions_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/gc/transactions",
        200,
        &gc("gc_get_transactions.response.json"),
    )
    .await;
    let page = partner_client(&server)
        .gc_get_transactions()
        .start_date("20240101")
        .end_date("2024-01-31 23:59:59")
        .max_return(200)
        .last_return_id(310_729)
        .send()
        .await
        .unwrap();
    // The reference's sample, typed: amounts exact (the string "4950.00" keeps its scale), the
    // numeric referenceId read as text, statuses as the open enums.
    let data = page.data.as_ref().unwrap();
    assert_eq!(data.last_return_id, None, "absent from the sample");
    let p = &data.payments.as_ref().unwrap()[0];
    assert_eq!(
        p.amount.as_ref().map(ToString::to_string).as_deref(),
        Some("4950.00")
    );
    assert_eq!(p.currency.as_deref(), Some("USD"));
    assert_eq!(p.payment_rail, Some(enums::GcPaymentRail::Ach));
    assert_eq!(p.reference_id.as_ref().unwrap().as_str(), "2125");
    assert_eq!(
        p.status,
        Some(enums::GcTransactionStatus::ReadyForSettlement)
    );
    assert_eq!(p.remitter_country.as_deref(), Some("USA"));
    assert_eq!(p.v_account_number.as_deref(), Some("CASHFREELGSH1234"));
    let s = p.settlement.as_ref().unwrap();
    assert_eq!(s.inr_amount, Some("16219.65".parse::<Amount>().unwrap()));
    assert_eq!(s.status, Some(enums::GcSettlementStatus::Settled));
    assert_eq!(s.utr.as_deref(), Some("URN1"));
    assert_eq!(s.expected_settlement_date.as_deref(), Some("2023-07-27"));
    let req = only_request(&server).await;
    let query: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("startDate"), Some("20240101"));
    assert_eq!(get("endDate"), Some("2024-01-31 23:59:59"));
    assert_eq!(get("maxReturn"), Some("200"));
    assert_eq!(get("lastReturnId"), Some("310729"));
    assert_eq!(header(&req, "x-partner-api-key"), Some("partner-key-1"));
    assert_eq!(header(&req, "x-partner-merchantid"), Some("merchant-7"));
    assert!(header(&req, "authorization").is_none());
}

#[tokio::test]
async fn gc_add_transaction_details_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/transactions/310729/invoice-details",
        201,
        &gc("gc_add_transaction_details.response.json"),
    )
    .await;
    let recorded = client(&server)
        .gc_add_transaction_details()
        .reference_id(310_729u64)
        .body(
            types::GcInvoiceDetailsRequest::builder()
                .invoice_number(Some("ABC123".to_string()))
                .invoice_amount(Some("1.00".parse::<Amount>().unwrap()))
                .remitter_name(Some("remitter".to_string()))
                .purpose_code(Some(enums::PurposeCode::P0802))
                .invoice_file(Some("JVBERi0xLjQK".to_string())),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(recorded.status().as_u16(), 201);
    assert_eq!(recorded.cms_payment_id.as_ref().unwrap().as_str(), "310729");
    assert_eq!(
        recorded.invoice_amount,
        Some("1".parse::<Amount>().unwrap())
    );
    assert_eq!(recorded.status, Some(enums::GcInvoiceStatus::Success));

    let req = only_request(&server).await;
    assert_merchant_headers(&req);
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"invoiceAmount":1.00,"invoiceFile":"JVBERi0xLjQK","invoiceNumber":"ABC123","purposeCode":"P0802","remitterName":"remitter"}"#
    );
}

#[test]
fn the_references_placeholder_invoice_body_is_not_a_valid_request() {
    // GC-4: its invoiceAmount is the text "<string>" and its purposeCode no purpose code.
    let curl = gc("gc_add_transaction_details.request-curl.json");
    assert!(serde_json::from_str::<types::GcInvoiceDetailsRequest>(&curl).is_err());
}

#[tokio::test]
async fn gc_simulate_transaction_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/transactions/emulate",
        200,
        &gc("gc_simulate_transaction.response.json"),
    )
    .await;
    let done = client(&server)
        .gc_simulate_transaction()
        .body(
            types::GcSimulateTransactionRequest::builder()
                .v_account_number("GB38TCCL12345687997836")
                .amount("4.50".parse::<Amount>().unwrap())
                .currency("GBP")
                .funding_actions(enums::GcFundingAction::Approve)
                .remitter_account_number(Some("1223456789".to_string())),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(done.status.as_deref(), Some("SUCCESS"));
    assert_eq!(done.message.as_deref(), Some("success_message"));
    let req = only_request(&server).await;
    assert_merchant_headers(&req);
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"amount":4.50,"currency":"GBP","fundingActions":"approve","remitterAccountNumber":"1223456789","vAccountNumber":"GB38TCCL12345687997836"}"#
    );
}

#[tokio::test]
async fn simulation_is_refused_against_production() {
    let config = Config::new(
        Environment::Production,
        Credentials::merchant(CLIENT_ID, CLIENT_SECRET),
    );
    let err = Client::from_config(config)
        .unwrap()
        .gc_simulate_transaction()
        .body(
            types::GcSimulateTransactionRequest::builder()
                .v_account_number("GB38")
                .amount(Amount::from(5))
                .currency("GBP")
                .funding_actions(enums::GcFundingAction::Reject),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("sandbox-only"), "{err}");
}

#[tokio::test]
async fn an_error_envelope_on_a_data_call_is_an_error_and_is_not_retried_with_a_token() {
    let server = MockServer::start().await;
    let refused = r#"{"status":"ERROR","subCode":"403","message":"Merchant not enabled for Global Collections"}"#;
    answer(&server, "GET", "/gc/virtual-accounts", 403, refused).await;
    let err = client(&server)
        .gc_get_collection_accounts()
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!((api.status, api.code.as_deref()), (403, Some("403")));
    // No token was involved, so nothing is refreshed: one request in all.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn bearer_on_every_call_adds_the_token_next_to_the_credentials() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/gc/authorize",
        200,
        &token_body("tok-A", unix_in(600)),
    )
    .await;
    answer(
        &server,
        "GET",
        "/gc/virtual-accounts",
        200,
        r#"{"status":"SUCCESS"}"#,
    )
    .await;
    let c = Client::from_config_with_bearer_on_every_call(common::config(&server)).unwrap();
    c.gc_get_collection_accounts().send().await.unwrap();
    c.gc_get_collection_accounts().send().await.unwrap();
    let all = server.received_requests().await.unwrap();
    let authorize = requests_to(&all, "/gc/authorize");
    assert_eq!(authorize.len(), 1);
    assert!(
        header(authorize[0], "authorization").is_none(),
        "authorize itself carries no token"
    );
    for r in requests_to(&all, "/gc/virtual-accounts") {
        assert_eq!(header(r, "authorization"), Some("Bearer tok-A"));
        assert_eq!(header(r, "x-client-id"), Some(CLIENT_ID));
        assert_eq!(header(r, "x-client-secret"), Some(CLIENT_SECRET));
    }
}

#[test]
fn the_webhook_payloads_parse() {
    let collected: types::GcPaymentWebhook =
        serde_json::from_str(&gc("webhook.INTERNATIONAL_PAYMENT_COLLECTED.json")).unwrap();
    assert_eq!(
        collected.event,
        Some(enums::GcWebhookEvent::InternationalPaymentCollected)
    );
    // GC-4/GC-8: a string amount read exactly, a numeric reference id read as text.
    assert_eq!(
        collected
            .amount
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("4.50")
    );
    assert_eq!(collected.reference_id.as_ref().unwrap().as_str(), "63");
    assert_eq!(
        collected.status,
        Some(enums::GcTransactionStatus::Completed)
    );

    let reversal: types::GcPaymentWebhook =
        serde_json::from_str(&gc("webhook.INTERNATIONAL_PAYMENT_REVERSAL_INITIATED.json")).unwrap();
    assert_eq!(
        reversal.reversal.as_ref().unwrap().status,
        Some(enums::GcReversalStatus::Initiated)
    );
    assert!(reversal.signature.is_some());

    let settlement: types::GcPaymentWebhook =
        serde_json::from_str(&gc("webhook.INR_SETTLEMENT_INITIATED.json")).unwrap();
    // GC-6: the sample's status is READY_FOR_SETTLEMENT, not in the field table.
    assert_eq!(
        settlement.status,
        Some(enums::GcTransactionStatus::ReadyForSettlement)
    );
    let s = settlement.settlement.as_ref().unwrap();
    assert_eq!(
        s.inr_amount.as_ref().map(ToString::to_string).as_deref(),
        Some("16219.65")
    );
    assert_eq!(s.status, Some(enums::GcSettlementStatus::Initiated));
    assert_eq!(settlement.payment_rail, Some(enums::GcPaymentRail::Ach));

    let accounts: types::GcVirtualAccountWebhook =
        serde_json::from_str(&gc("webhook.VIRTUAL_ACCOUNT_DETAILS.json")).unwrap();
    assert_eq!(accounts.v_accounts.as_ref().unwrap().len(), 2);
    assert_eq!(
        "INTERNATIONAL_AMOUNT_COLLECTED"
            .parse::<enums::GcWebhookEvent>()
            .unwrap(),
        enums::GcWebhookEvent::InternationalAmountCollected
    );
}
