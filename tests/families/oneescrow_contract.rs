//! OneEscrow on the wire: one contract test per documented operation (plus the Payouts
//! authorize call that gives the token), the token's life, the statement as a stream over all
//! pages, and the rule that allocations and transfers are never re-sent.
#![cfg(feature = "oneescrow")]

use crate::common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{fixture, header, only_request, CLIENT_ID, CLIENT_SECRET};
use futures::future::BoxFuture;
use futures::TryStreamExt;
use paygen::oneescrow::{enums, types, BearerToken, Client, TokenSource, FAMILY};
use paygen::runtime::Runtime;
use paygen::{Amount, Config, Environment, Error};
use serde_json::json;
use wiremock::matchers::{header as has_header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::from_config(common::config(server)).expect("config is valid")
}

fn oe(name: &str) -> String {
    fixture(&format!("cashfree-oneescrow/{name}"))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
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

/// A server that hands out `tok-1` from the authorize call.
async fn server_with_token() -> MockServer {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/authorize",
        200,
        &token_body("tok-1", now() + 300),
    )
    .await;
    server
}

/// The one request to `p` (the authorize call aside).
async fn only_call_to(server: &MockServer, p: &str) -> wiremock::Request {
    let mut calls: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == p)
        .collect();
    assert_eq!(calls.len(), 1, "expected one request to {p}");
    calls.remove(0)
}

/// A token call: the bearer token, and no credentials or version header.
fn assert_bearer_headers(req: &wiremock::Request, json_body: bool) {
    assert_eq!(header(req, "authorization"), Some("Bearer tok-1"));
    assert_eq!(
        header(req, "content-type"),
        json_body.then_some("application/json")
    );
    for absent in [
        "x-client-id",
        "x-client-secret",
        "x-cf-signature",
        "x-api-version",
        "api-version",
        "x-partner-apikey",
    ] {
        assert!(header(req, absent).is_none(), "{absent} must not be sent");
    }
}

fn body_text(req: &wiremock::Request) -> &str {
    std::str::from_utf8(&req.body).unwrap()
}

fn amount(s: &str) -> Amount {
    s.parse().unwrap()
}

#[test]
fn hosts_and_marks_follow_the_reference() {
    assert_eq!(
        FAMILY.base_url(&Environment::Sandbox).unwrap(),
        "https://sandbox.cashfree.com/payout"
    );
    assert_eq!(
        FAMILY.base_url(&Environment::Production).unwrap(),
        "https://api.cashfree.com/payout"
    );
    assert_eq!(FAMILY.api_version_header, None);
    let moving: Vec<_> = FAMILY
        .operations
        .iter()
        .filter(|o| o.moves_money)
        .map(|o| o.operation_id)
        .collect();
    assert_eq!(moving, ["escrow_allocate_funds", "escrow_transfer_funds"]);
    assert!(FAMILY
        .operations
        .iter()
        .all(|o| !o.sandbox_only && o.status_lookup.is_none()));
    for op in FAMILY
        .operations
        .iter()
        .filter(|o| o.operation_id != "escrow_authorize")
    {
        assert_eq!(op.auth.as_str(), "bearer-token", "{}", op.operation_id);
    }
}

#[tokio::test]
async fn escrow_authorize_contract() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/v1/authorize",
        200,
        &token_body("tok-1", 1_564_130_052),
    )
    .await;
    let answer = client(&server).escrow_authorize().send().await.unwrap();
    let data = answer.data.as_ref().unwrap();
    assert_eq!(
        (data.token.as_deref(), data.expiry),
        (Some("tok-1"), Some(1_564_130_052))
    );
    let req = only_request(&server).await;
    assert_eq!(header(&req, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(&req, "x-client-secret"), Some(CLIENT_SECRET));
    for absent in [
        "authorization",
        "x-cf-signature",
        "x-api-version",
        "api-version",
    ] {
        assert!(header(&req, absent).is_none(), "{absent} must not be sent");
    }
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn escrow_create_virtual_account_contract() {
    let server = server_with_token().await;
    answer(
        &server,
        "POST",
        "/fundsources/connected/virtual-account",
        200,
        &oe("escrow_create_virtual_account.response.json"),
    )
    .await;
    let created = client(&server)
        .escrow_create_virtual_account()
        .body(
            types::EscrowCreateVirtualAccountRequest::builder()
                .display_name("Demo1")
                .account_prefix(Some("1234".to_string())),
        )
        .send()
        .await
        .unwrap();
    let data = created.data.as_ref().unwrap();
    assert_eq!(
        data.payment_instrument_id.as_deref(),
        Some("KOTAKCR_CONNECTED_376933_9e478d1")
    );
    assert_eq!(data.virtual_account_number.as_deref(), Some("90909010KR0M"));

    let req = only_call_to(&server, "/fundsources/connected/virtual-account").await;
    assert_bearer_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"accountPrefix":"1234","displayName":"Demo1"}"#
    );
}

#[test]
fn the_references_curl_bodies_break_the_documented_types() {
    // OE-3: accountPrefix is a string in the schema, a number in the sample.
    assert!(
        serde_json::from_str::<types::EscrowCreateVirtualAccountRequest>(&oe(
            "escrow_create_virtual_account.request-curl.json"
        ))
        .is_err()
    );
    // OE-4: utr is a string in the schema, a number in the sample.
    assert!(serde_json::from_str::<types::EscrowRechargeRequest>(&oe(
        "escrow_allocate_funds.request-curl.json"
    ))
    .is_err());
}

#[tokio::test]
async fn escrow_allocate_funds_contract() {
    let server = server_with_token().await;
    answer(
        &server,
        "POST",
        "/v1/connected-wallet/recharge",
        200,
        &oe("escrow_allocate_funds.response.json"),
    )
    .await;
    let done = client(&server)
        .escrow_allocate_funds()
        .body(
            types::EscrowRechargeRequest::builder()
                .amount(amount("500.01"))
                .payment_instrument_id("YES_CONNECTED_484576_4f21dfa")
                .recharge_id(Some("recharge12".to_string()))
                .utr(Some("54600012345".to_string()))
                .remarks(Some("salary".to_string())),
        )
        .send()
        .await
        .unwrap();
    let data = done.data.as_ref().unwrap();
    assert_eq!(data.reference_id.as_ref().unwrap().as_str(), "4379710");
    assert_eq!(
        data.message.as_deref(),
        Some("Amount added to the merchant balance")
    );

    let req = only_call_to(&server, "/v1/connected-wallet/recharge").await;
    assert_bearer_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"amount":500.01,"paymentInstrumentId":"YES_CONNECTED_484576_4f21dfa","rechargeId":"recharge12","remarks":"salary","utr":"54600012345"}"#
    );
}

#[tokio::test]
async fn escrow_get_fund_source_contract() {
    let server = server_with_token().await;
    answer(
        &server,
        "GET",
        "/v1/fundsources/VA1234567890",
        200,
        &oe("escrow_get_fund_source.response.json"),
    )
    .await;
    let fs = client(&server)
        .escrow_get_fund_source()
        .payment_instrument_id("VA1234567890")
        .send()
        .await
        .unwrap();
    let data = fs.data.as_ref().unwrap();
    // OE-7: balances arrive as strings and are read exactly.
    assert_eq!(
        data.balance.as_ref().map(ToString::to_string).as_deref(),
        Some("1000.00")
    );
    assert_eq!(data.available_balance, Some(amount("950.00")));
    assert_eq!(data.funds_on_hold, Some(amount("50.00")));
    assert_eq!(data.status, Some(enums::EscrowFundSourceStatus::Active));
    assert_eq!(data.id, Some(123));
    let req = only_call_to(&server, "/v1/fundsources/VA1234567890").await;
    assert_bearer_headers(&req, false);
}

#[tokio::test]
async fn escrow_get_account_statement_contract() {
    let server = server_with_token().await;
    answer(
        &server,
        "GET",
        "/v1/accountStatement",
        200,
        &oe("escrow_get_account_statement.response.json"),
    )
    .await;
    let page = client(&server)
        .escrow_get_account_statement()
        .start_time(1_696_000_000)
        .end_time(1_697_000_000)
        .limit(10)
        .send()
        .await
        .unwrap();
    let data = page.data.as_ref().unwrap();
    assert_eq!(data.has_next, Some(false));
    assert_eq!(data.next_cursor.as_deref(), Some(""));
    assert_eq!(data.batches.as_ref().map(Vec::len), Some(0));
    let req = only_call_to(&server, "/v1/accountStatement").await;
    assert_bearer_headers(&req, false);
    assert_eq!(
        req.url.query(),
        Some("endTime=1697000000&limit=10&startTime=1696000000")
    );
}

#[tokio::test]
async fn escrow_transfer_funds_contract() {
    let server = server_with_token().await;
    answer(
        &server,
        "POST",
        "/v1.2/internalTransfer",
        200,
        &oe("escrow_transfer_funds.response.json"),
    )
    .await;
    let done = client(&server)
        .escrow_transfer_funds()
        .body(
            types::EscrowTransferRequest::builder()
                .amount(amount("100.00"))
                .payment_instrument_id(Some("KOTAKCR_CONNECTED_376933_9e478d1".to_string()))
                .to_payment_instrument_id(Some("YES_CONNECTED_484576_4f21dfa".to_string()))
                .transfer_id(Some("testingw123".to_string()))
                .remarks(Some("some remarks".to_string())),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        done.data.as_ref().unwrap().transfer_id.as_deref(),
        Some("123")
    );
    let req = only_call_to(&server, "/v1.2/internalTransfer").await;
    assert_bearer_headers(&req, true);
    assert_eq!(
        body_text(&req),
        r#"{"amount":100.00,"paymentInstrumentId":"KOTAKCR_CONNECTED_376933_9e478d1","remarks":"some remarks","toPaymentInstrumentId":"YES_CONNECTED_484576_4f21dfa","transferId":"testingw123"}"#
    );
}

#[tokio::test]
async fn documented_limits_are_checked_before_sending() {
    let server = server_with_token().await;
    let c = client(&server);
    let transfer = |amount_text: &str, id: &str| {
        types::EscrowTransferRequest::builder()
            .amount(amount(amount_text))
            .transfer_id(Some(id.to_string()))
    };
    let cases = [
        (
            c.escrow_transfer_funds()
                .body(transfer("0.99", "t1"))
                .send()
                .await
                .unwrap_err(),
            "amount",
        ),
        (
            c.escrow_transfer_funds()
                .body(transfer("5", "not allowed!"))
                .send()
                .await
                .unwrap_err(),
            "transferId",
        ),
        (
            c.escrow_transfer_funds()
                .body(transfer("5", &"x".repeat(41)))
                .send()
                .await
                .unwrap_err(),
            "transferId",
        ),
        (
            c.escrow_allocate_funds()
                .body(
                    types::EscrowRechargeRequest::builder()
                        .amount(amount("10.005"))
                        .payment_instrument_id("va"),
                )
                .send()
                .await
                .unwrap_err(),
            "amount",
        ),
    ];
    for (err, field) in cases {
        match err {
            Error::Validation(v) => assert_eq!(v.field.as_deref(), Some(field), "{v}"),
            other => panic!("expected a validation error, got {other}"),
        }
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "not even a token was fetched"
    );
}

#[tokio::test]
async fn allocations_and_transfers_are_never_resent() {
    let server = server_with_token().await;
    answer(&server, "POST", "/v1/connected-wallet/recharge", 502, "").await;
    answer(&server, "POST", "/v1.2/internalTransfer", 503, "").await;
    let c = client(&server);
    let e1 = c
        .escrow_allocate_funds()
        .body(
            types::EscrowRechargeRequest::builder()
                .amount(amount("500.01"))
                .payment_instrument_id("va"),
        )
        .send()
        .await
        .unwrap_err();
    let e2 = c
        .escrow_transfer_funds()
        .body(types::EscrowTransferRequest::builder().amount(amount("5")))
        .send()
        .await
        .unwrap_err();
    assert_eq!((e1.status(), e2.status()), (Some(502), Some(503)));
    only_call_to(&server, "/v1/connected-wallet/recharge").await;
    only_call_to(&server, "/v1.2/internalTransfer").await;

    // A read is retried, which shows the rule above is the money rule and not a lack of retries.
    let server = server_with_token().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/v1/fundsources/va",
        200,
        &oe("escrow_get_fund_source.response.json"),
    )
    .await;
    client(&server)
        .escrow_get_fund_source()
        .payment_instrument_id("va")
        .send()
        .await
        .unwrap();
    let reads = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/v1/fundsources/va")
        .count();
    assert_eq!(reads, 2);
}

#[tokio::test]
async fn an_error_envelope_on_http_200_is_an_error() {
    let server = server_with_token().await;
    let refused = r#"{"status":"ERROR","subCode":"422","message":"Insufficient balance in the source account"}"#;
    answer(&server, "POST", "/v1.2/internalTransfer", 200, refused).await;
    let err = client(&server)
        .escrow_transfer_funds()
        .body(types::EscrowTransferRequest::builder().amount(amount("5")))
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!((api.status, api.code.as_deref()), (200, Some("422")));
    assert_eq!(api.message, "Insufficient balance in the source account");
    only_call_to(&server, "/v1.2/internalTransfer").await;
}

#[tokio::test]
async fn one_token_serves_every_call_and_a_rejected_one_is_replaced_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/authorize"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("tok-1", now() + 300), "application/json"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/v1/authorize",
        200,
        &token_body("tok-2", now() + 300),
    )
    .await;
    answer(
        &server,
        "GET",
        "/v1/fundsources/va",
        200,
        &oe("escrow_get_fund_source.response.json"),
    )
    .await;
    // The transfer refuses tok-1 as the Payouts envelope does (HTTP 200, ERROR, 403).
    Mock::given(method("POST"))
        .and(path("/v1.2/internalTransfer"))
        .and(has_header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"status":"ERROR","subCode":"403","message":"Token is not valid"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/v1.2/internalTransfer",
        200,
        &oe("escrow_transfer_funds.response.json"),
    )
    .await;

    let c = client(&server);
    c.escrow_get_fund_source()
        .payment_instrument_id("va")
        .send()
        .await
        .unwrap();
    c.escrow_get_fund_source()
        .payment_instrument_id("va")
        .send()
        .await
        .unwrap();
    c.escrow_transfer_funds()
        .body(types::EscrowTransferRequest::builder().amount(amount("5")))
        .send()
        .await
        .unwrap();
    let seen: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.url.path(),
                header(r, "authorization").unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            "/v1/authorize -",
            "/v1/fundsources/va Bearer tok-1",
            "/v1/fundsources/va Bearer tok-1",
            "/v1.2/internalTransfer Bearer tok-1",
            "/v1/authorize -",
            // Refused for its token, so it was never processed: sent once more, with the new one.
            "/v1.2/internalTransfer Bearer tok-2",
        ]
    );
}

#[tokio::test]
async fn wrong_credentials_stop_before_the_call() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/v1/authorize", 200, r#"{"status":"ERROR","subCode":"401","message":"Invalid clientId and clientSecret combination"}"#).await;
    let err = client(&server)
        .escrow_get_fund_source()
        .payment_instrument_id("va")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(
        err.to_string()
            .contains("Invalid clientId and clientSecret combination"),
        "{err}"
    );
    assert!(!err.to_string().contains(CLIENT_SECRET));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "only the authorize call"
    );
}

#[tokio::test]
async fn with_a_public_key_the_authorize_call_is_signed() {
    use base64::Engine;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::{Oaep, RsaPrivateKey};

    let private = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).unwrap();
    let pem = private
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let server = server_with_token().await;
    let c = Client::from_config(
        common::config(&server)
            .with_payout_public_key_pem(pem)
            .unwrap(),
    )
    .unwrap();
    c.escrow_authorize().send().await.unwrap();
    let req = only_request(&server).await;
    let signature = header(&req, "x-cf-signature").expect("X-Cf-Signature is sent");
    let encrypted = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .unwrap();
    let plain = String::from_utf8(
        private
            .decrypt(Oaep::new::<sha1::Sha1>(), &encrypted)
            .unwrap(),
    )
    .unwrap();
    let (id, seconds) = plain.split_once('.').unwrap();
    assert_eq!(id, CLIENT_ID);
    assert!(now().abs_diff(seconds.parse().unwrap()) <= 5, "{plain}");

    // A bad key is refused when it is set, before any client exists.
    let bad =
        common::config(&server).with_payout_public_key_pem("-----BEGIN PUBLIC KEY-----\nnope\n");
    assert!(bad.is_err());
}

struct Counting(AtomicU32);

impl TokenSource for Counting {
    fn fetch<'a>(
        &'a self,
        _runtime: &'a Runtime,
    ) -> BoxFuture<'a, Result<BearerToken, paygen::error::AuthError>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move {
            Ok(BearerToken::from_unix_expiry(
                format!("vault-{n}"),
                (now() + 300) as i64,
            ))
        })
    }
}

#[tokio::test]
async fn a_token_source_of_ones_own_replaces_the_authorize_call() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v1/fundsources/va",
        200,
        &oe("escrow_get_fund_source.response.json"),
    )
    .await;
    let source = Arc::new(Counting(AtomicU32::new(0)));
    let config = Config::new(Environment::custom(server.uri()), paygen::Credentials::None);
    let c = Client::from_config_with_token_source(config, source.clone()).unwrap();
    c.escrow_get_fund_source()
        .payment_instrument_id("va")
        .send()
        .await
        .unwrap();
    c.escrow_get_fund_source()
        .payment_instrument_id("va")
        .send()
        .await
        .unwrap();
    assert_eq!(source.0.load(Ordering::SeqCst), 1);
    let all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all
        .iter()
        .all(|r| header(r, "authorization") == Some("Bearer vault-1")));
}

fn statement_page(entries: serde_json::Value, next: &str, has_next: bool) -> String {
    json!({"status": "SUCCESS", "subCode": "200", "message": "Account Statement Retrieved",
           "data": {"prevCursor": "", "nextCursor": next, "hasNext": has_next, "batches": entries}})
    .to_string()
}

async fn statement(server: &MockServer, cursor: Option<&str>, body: String) {
    let m = Mock::given(method("GET")).and(path("/v1/accountStatement"));
    let m = match cursor {
        Some(c) => m.and(query_param("cursor", c)),
        None => m.and(query_param_is_missing("cursor")),
    };
    m.respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_statement_is_a_stream_over_every_page() {
    let server = server_with_token().await;
    statement(
        &server,
        None,
        statement_page(json!([{"n": 1}, {"n": 2}]), "c2", true),
    )
    .await;
    statement(
        &server,
        Some("c2"),
        statement_page(json!([{"n": 3}]), "c3", true),
    )
    .await;
    statement(
        &server,
        Some("c3"),
        statement_page(json!([{"n": 4}]), "", false),
    )
    .await;
    let c = client(&server);
    let entries: Vec<_> = c
        .account_statement(1_696_000_000, 1_697_000_000)
        .limit(2)
        .payment_instrument_id("va_1")
        .entries()
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<_> = entries.iter().map(|e| e["n"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);

    let calls: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/v1/accountStatement")
        .collect();
    assert_eq!(calls.len(), 3);
    for (call, cursor) in calls.iter().zip([None, Some("c2"), Some("c3")]) {
        let q: Vec<(String, String)> = call
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("startTime"), Some("1696000000"));
        assert_eq!(get("endTime"), Some("1697000000"));
        assert_eq!(get("limit"), Some("2"));
        assert_eq!(get("paymentInstrumentId"), Some("va_1"));
        assert_eq!(get("cursor"), cursor);
        assert_eq!(header(call, "authorization"), Some("Bearer tok-1"));
    }

    // Pages themselves, in order, ending with the one that says hasNext false.
    let pages: Vec<_> = c
        .account_statement(1, 2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        pages.iter().map(|p| p.has_next).collect::<Vec<_>>(),
        [Some(true), Some(true), Some(false)]
    );
}

#[tokio::test]
async fn an_inconsistent_statement_stops_with_an_error_instead_of_looping() {
    // More pages promised without a cursor.
    let server = server_with_token().await;
    statement(&server, None, statement_page(json!([{"n": 1}]), "", true)).await;
    let err = client(&server)
        .account_statement(1, 2)
        .entries()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.message.contains("hasNext")),
        "{err}"
    );

    // A cursor that leads back to itself.
    let server = server_with_token().await;
    statement(&server, None, statement_page(json!([]), "c2", true)).await;
    statement(&server, Some("c2"), statement_page(json!([]), "c2", true)).await;
    let err = client(&server)
        .account_statement(1, 2)
        .pages()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.message.contains("already followed")),
        "{err}"
    );
    let calls = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/v1/accountStatement")
        .count();
    assert_eq!(calls, 2);

    // A limit below 1 is refused before anything is sent.
    let server = server_with_token().await;
    let err = client(&server)
        .account_statement(1, 2)
        .limit(0)
        .pages()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field.as_deref() == Some("limit")),
        "{err}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_error_page_ends_the_stream_with_that_error() {
    let server = server_with_token().await;
    statement(&server, None, statement_page(json!([{"n": 1}]), "c2", true)).await;
    Mock::given(method("GET"))
        .and(path("/v1/accountStatement"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(422).set_body_raw(
            r#"{"status":"ERROR","subCode":"422","message":"endTime must be after startTime"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let mut entries = c.account_statement(1, 2).entries();
    assert_eq!(entries.try_next().await.unwrap().unwrap()["n"], 1);
    let err = entries.try_next().await.unwrap_err();
    assert_eq!(err.status(), Some(422));
}
