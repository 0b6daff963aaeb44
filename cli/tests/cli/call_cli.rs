//! `paygen call` against wiremock stand-ins, one operation of every family: the library's
//! runtime does the auth, signing and validation, the answer is printed byte for byte, and
//! errors are typed with their exit status.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{paygen, text};

const CLIENT_ID: &str = "TEST_APP_1";
const CLIENT_SECRET: &str = "cfsk_ma_test_SECRET_123";
const PAYOUT_ID: &str = "CF_PAYOUT_ID_9";
const PAYOUT_SECRET: &str = "payout_SECRET_456";
const PARTNER_KEY: &str = "partner_SECRET_789";
const ACCESS_KEY: &str = "pp_access_1";
const PP_SECRET: &str = "pp_SECRET_000";

fn merchant_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("CASHFREE_CLIENT_ID", CLIENT_ID),
        ("CASHFREE_CLIENT_SECRET", CLIENT_SECRET),
        ("CASHFREE_PAYOUTS_CLIENT_ID", PAYOUT_ID),
        ("CASHFREE_PAYOUTS_CLIENT_SECRET", PAYOUT_SECRET),
        ("PAYIN_PAYOUT_ACCESS_KEY", ACCESS_KEY),
        ("PAYIN_PAYOUT_SECRET_KEY", PP_SECRET),
    ]
}

fn json_answer(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Answers the Payouts authorize call (Payouts v1 and OneEscrow) with `tok-1`.
async fn mount_authorize(server: &MockServer, at: &str) {
    let body = json!({"status": "SUCCESS", "subCode": "200", "message": "Token generated",
        "data": {"token": "tok-1", "expiry": unix_now() + 300}});
    Mock::given(method("POST"))
        .and(path(at))
        .and(header("x-client-id", PAYOUT_ID))
        .and(header("x-client-secret", PAYOUT_SECRET))
        .respond_with(json_answer(200, &body.to_string()))
        .mount(server)
        .await;
}

fn call(args: &[&str]) -> std::process::Output {
    let env = merchant_env();
    paygen(&[&["call"], args].concat(), &env, b"")
}

fn the_one_request(requests: &[Request], p: &str) -> Request {
    let matching: Vec<&Request> = requests.iter().filter(|r| r.url.path() == p).collect();
    assert_eq!(matching.len(), 1, "one request to {p}");
    matching[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_get_order_sends_merchant_headers_and_prints_the_answer_exactly() {
    let server = MockServer::start().await;
    let body = r#"{"order_id":"order_1","order_amount":100.50,"order_status":"ACTIVE"}"#;
    Mock::given(method("GET"))
        .and(path("/pg/orders/order_1"))
        .and(header("x-client-id", CLIENT_ID))
        .and(header("x-client-secret", CLIENT_SECRET))
        .and(header("x-api-version", "2025-01-01"))
        .respond_with(json_answer(200, body))
        .expect(1)
        .mount(&server)
        .await;
    let out = call(&[
        "get_order",
        "--param",
        "order_id=order_1",
        "--env",
        &format!("{}/pg", server.uri()),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // 100.50 keeps its scale: the body is printed as received.
    assert_eq!(text(&out.stdout), format!("{body}\n"));
    let requests = server.received_requests().await.unwrap();
    let id = requests[0].headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID request id: {id}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_order_sends_the_body_byte_for_byte_with_the_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pg/orders"))
        .and(header("x-idempotency-key", "order-42"))
        .and(header("content-type", "application/json"))
        .respond_with(json_answer(200, r#"{"order_id":"order-42"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let body = r#"{"order_id":"order-42","order_amount":100.50,"order_currency":"INR","customer_details":{"customer_id":"c_7","customer_phone":"9999999999"}}"#;
    let env = merchant_env();
    // The body from standard input.
    let out = paygen(
        &[
            "call",
            "create_order",
            "--body-file",
            "-",
            "--idempotency-key",
            "order-42",
            "--request-id",
            "req-1",
            "--env",
            &format!("{}/pg", server.uri()),
        ],
        &env,
        body.as_bytes(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].body, body.as_bytes());
    assert_eq!(requests[0].headers["x-request-id"], "req-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_operation_of_every_other_family_is_authenticated_as_its_spec_says() {
    let server = MockServer::start().await;
    let uri = server.uri();
    mount_authorize(&server, "/payout/v1/authorize").await;
    let ok = |b: &str| json_answer(200, b);
    let answers: &[(&str, &str, &str)] = &[
        (
            "GET",
            "/payout/v1/getCashgramStatus",
            r#"{"status":"SUCCESS","subCode":"200","message":"Cashgram details retrieved","data":{"cashgramStatus":"ACTIVE"}}"#,
        ),
        (
            "GET",
            "/payout/transfers",
            r#"{"transfer_id":"t_1","status":"SUCCESS"}"#,
        ),
        ("GET", "/fw/orders/o_1", r#"{"order_id":"o_1"}"#),
        (
            "GET",
            "/pg/import/transactions/5114910002",
            r#"{"cf_payment_id":"5114910002"}"#,
        ),
        ("GET", "/pg/gc/virtual-accounts", r#"[]"#),
        (
            "GET",
            "/payout/v1/fundsources/pi_1",
            r#"{"status":"SUCCESS","subCode":"200","message":"ok","data":{}}"#,
        ),
        (
            "GET",
            "/bbps/biller/bill/status/b_1",
            r#"{"status":"SUCCESS"}"#,
        ),
        (
            "GET",
            "/api/v1/balance",
            r#"{"success":true,"message":"Balance fetched","data":{"balance":"100.00"}}"#,
        ),
    ];
    for (m, p, b) in answers {
        Mock::given(method(*m))
            .and(path(*p))
            .respond_with(ok(b))
            .mount(&server)
            .await;
    }
    type Env = Vec<(&'static str, &'static str)>;
    let runs: Vec<(Vec<String>, Env)> = vec![
        (
            vec![
                "get_cashgram_status".into(),
                "--param".into(),
                "cashgramId=cg_1".into(),
                "--env".into(),
                uri.clone(),
            ],
            vec![],
        ),
        (
            vec![
                "get_transfer_status".into(),
                "--param".into(),
                "transfer_id=t_1".into(),
                "--env".into(),
                format!("{uri}/payout"),
            ],
            vec![],
        ),
        (
            vec![
                "flowwise_get_order".into(),
                "--param".into(),
                "order_id=o_1".into(),
                "--env".into(),
                format!("{uri}/fw"),
            ],
            vec![],
        ),
        (
            vec![
                "get_import_payment_verification".into(),
                "--param".into(),
                "cf_payment_id=5114910002".into(),
                "--env".into(),
                format!("{uri}/pg"),
            ],
            vec![],
        ),
        (
            vec![
                "gc_get_collection_accounts".into(),
                "--env".into(),
                format!("{uri}/pg"),
            ],
            // A partner this time: no merchant credentials in the environment.
            vec![
                ("CASHFREE_PARTNER_API_KEY", PARTNER_KEY),
                ("CASHFREE_PARTNER_MERCHANT_ID", "m_1"),
            ],
        ),
        (
            vec![
                "escrow_get_fund_source".into(),
                "--param".into(),
                "paymentInstrumentId=pi_1".into(),
                "--env".into(),
                format!("{uri}/payout"),
            ],
            vec![],
        ),
        (
            vec![
                "get_bbps_transaction_status".into(),
                "--param".into(),
                "bbps_transaction_id=b_1".into(),
                "--env".into(),
                uri.clone(),
            ],
            vec![],
        ),
        (
            vec!["get_balance".into(), "--env".into(), uri.clone()],
            vec![],
        ),
    ];
    for (args, env) in &runs {
        let env = if env.is_empty() {
            merchant_env()
        } else {
            env.clone()
        };
        let mut all = vec!["call"];
        all.extend(args.iter().map(String::as_str));
        let out = paygen(&all, &env, b"");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let requests = server.received_requests().await.unwrap();
    let h = |r: &Request, name: &str| r.headers.get(name).map(|v| v.to_str().unwrap().to_string());

    // Payouts v1 and OneEscrow: the bearer token from authorize, no credentials.
    for p in [
        "/payout/v1/getCashgramStatus",
        "/payout/v1/fundsources/pi_1",
    ] {
        let r = the_one_request(&requests, p);
        assert_eq!(
            h(&r, "authorization").as_deref(),
            Some("Bearer tok-1"),
            "{p}"
        );
        assert!(h(&r, "x-client-secret").is_none(), "{p}");
    }
    assert_eq!(
        the_one_request(&requests, "/payout/v1/getCashgramStatus")
            .url
            .query(),
        Some("cashgramId=cg_1")
    );
    // Payouts v2: the Payouts credentials and its own API version.
    let r = the_one_request(&requests, "/payout/transfers");
    assert_eq!(h(&r, "x-client-id").as_deref(), Some(PAYOUT_ID));
    assert_eq!(h(&r, "x-client-secret").as_deref(), Some(PAYOUT_SECRET));
    assert_eq!(h(&r, "x-api-version").as_deref(), Some("2024-01-01"));
    assert_eq!(r.url.query(), Some("transfer_id=t_1"));
    // Merchant headers for Flowwise, Collect from India and BBPS.
    for p in [
        "/fw/orders/o_1",
        "/pg/import/transactions/5114910002",
        "/bbps/biller/bill/status/b_1",
    ] {
        let r = the_one_request(&requests, p);
        assert_eq!(h(&r, "x-client-id").as_deref(), Some(CLIENT_ID), "{p}");
        assert_eq!(
            h(&r, "x-client-secret").as_deref(),
            Some(CLIENT_SECRET),
            "{p}"
        );
    }
    // Global Collections as a partner (its documents spell the header x-partner-api-key).
    let r = the_one_request(&requests, "/pg/gc/virtual-accounts");
    assert_eq!(h(&r, "x-partner-api-key").as_deref(), Some(PARTNER_KEY));
    assert_eq!(h(&r, "x-partner-merchantid").as_deref(), Some("m_1"));
    assert!(h(&r, "x-client-id").is_none());
    // Payin & Payout: Access-Key, Timestamp and the HMAC Signature of what was sent.
    let r = the_one_request(&requests, "/api/v1/balance");
    assert_eq!(h(&r, "access-key").as_deref(), Some(ACCESS_KEY));
    let ts: u64 = h(&r, "timestamp").unwrap().parse().unwrap();
    assert_eq!(
        h(&r, "signature").unwrap(),
        paygen::payin_payout::signing::sign(PP_SECRET, "GET", "api/v1/balance", b"{}", ts)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_the_spec_refuses_is_never_sent_and_exits_1_naming_the_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_answer(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;
    let pg = format!("{}/pg", server.uri());
    let out = call(&[
        "create_order",
        "--body",
        r#"{"order_amount":0.5,"order_currency":"INR","customer_details":{"customer_id":"c_7","customer_phone":"9999999999"}}"#,
        "--env",
        &pg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("create_order") && err.contains("order_amount"),
        "{err}"
    );
    assert!(err.contains("not sent"), "{err}");

    let out = call(&[
        "get_order",
        "--param",
        "order_id=o",
        "--param",
        "bogus=1",
        "--env",
        &pg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("get_order") && err.contains("bogus") && err.contains("order_id"),
        "{err}"
    );

    let out = call(&["get_order", "--env", &pg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("order_id"),
        "{}",
        text(&out.stderr)
    );

    let out = call(&["create_order", "--body", "{not json", "--env", &pg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not valid JSON"),
        "{}",
        text(&out.stderr)
    );

    let out = call(&["no_such_operation", "--env", &pg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("paygen ops"),
        "{}",
        text(&out.stderr)
    );

    // Without credentials: the variables to set, and nothing sent.
    let out = paygen(
        &["call", "get_order", "--param", "order_id=o", "--env", &pg],
        &[],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("CASHFREE_CLIENT_ID"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_error_prints_the_typed_error_and_the_body_and_exits_3() {
    let server = MockServer::start().await;
    let body =
        r#"{"message":"order not found","code":"order_not_found","type":"invalid_request_error"}"#;
    Mock::given(method("GET"))
        .and(path("/pg/orders/missing"))
        .respond_with(json_answer(404, body))
        .expect(1)
        .mount(&server)
        .await;
    let out = call(&[
        "get_order",
        "--param",
        "order_id=missing",
        "--env",
        &format!("{}/pg", server.uri()),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(text(&out.stdout), format!("{body}\n"));
    let err = text(&out.stderr);
    assert!(
        err.contains("get_order") && err.contains("404") && err.contains("order_not_found"),
        "{err}"
    );
    assert!(!err.contains(CLIENT_SECRET));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_that_moves_money_is_sent_once_even_on_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/payout/transfers"))
        .respond_with(json_answer(
            503,
            r#"{"message":"try later","code":"service_unavailable"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let body = r#"{"transfer_id":"t_9","transfer_amount":1.00,"beneficiary_details":{"beneficiary_id":"b_1"}}"#;
    let out = call(&[
        "create_transfer",
        "--body",
        body,
        "--idempotency-key",
        "t_9",
        "--env",
        &format!("{}/payout", server.uri()),
    ]);
    // A 503 on a money-moving create is ambiguous: the transfer is looked up by its id
    // (get_transfer_status), which this stand-in does not answer, so the outcome is unknown.
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("transfer_id=t_9"),
        "names the id to look up: {err}"
    );
    // Exactly one create reached the server (checked by `expect(1)` on drop).
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_shows_the_exact_request_without_any_secret_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json_answer(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;
    let uri = server.uri();
    let order = r#"{"order_amount":100.50,"order_currency":"INR","customer_details":{"customer_id":"c_7","customer_phone":"9999999999"}}"#;
    let payout = r#"{"beneficiary_name":"Ak Test","beneficiary_email":"test@yopmail.com","beneficiary_mobile_no":"7878787878","beneficiary_address":"NOIDA","payment_method":"IMPS","beneficiary_acc_no":"99999999999","bank_name":"SBI","ifsc":"SBIN0060589","amount":100.00,"order_id":"po_1","user_id":"u_1"}"#;
    let runs: Vec<Vec<String>> = vec![
        vec![
            "create_order".into(),
            "--body".into(),
            order.into(),
            "--idempotency-key".into(),
            "k-1".into(),
            "--env".into(),
            format!("{uri}/pg"),
        ],
        vec![
            "get_transfer_status".into(),
            "--param".into(),
            "transfer_id=t 1".into(),
            "--env".into(),
            format!("{uri}/payout"),
        ],
        vec![
            "get_cashgram_status".into(),
            "--param".into(),
            "cashgramId=cg_1".into(),
            "--env".into(),
            uri.clone(),
        ],
        vec!["get_balance".into(), "--env".into(), uri.clone()],
        vec![
            "initiate_payout".into(),
            "--body".into(),
            payout.into(),
            "--env".into(),
            uri.clone(),
        ],
    ];
    for args in &runs {
        let mut all = vec!["call", "--dry-run"];
        all.extend(args.iter().map(String::as_str));
        let out = paygen(&all, &merchant_env(), b"");
        let stdout = text(&out.stdout);
        let both = format!("{stdout}{}", text(&out.stderr));
        for secret in [CLIENT_SECRET, PAYOUT_SECRET, PP_SECRET, PARTNER_KEY] {
            assert!(!both.contains(secret), "{args:?} shows {secret}:\n{both}");
        }
        assert!(out.status.success(), "{args:?}: {both}");
        let first = stdout.lines().next().unwrap();
        assert!(
            first.starts_with("GET ") || first.starts_with("POST "),
            "{first}"
        );
    }
    // The create_order request line, headers and body, exactly.
    let out = paygen(
        &[
            "call",
            "--dry-run",
            "create_order",
            "--body",
            order,
            "--idempotency-key",
            "k-1",
            "--request-id",
            "r-1",
            "--env",
            &format!("{uri}/pg"),
        ],
        &merchant_env(),
        b"",
    );
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("POST {uri}/pg/orders"));
    for expected in [
        "content-type: application/json",
        "x-api-version: 2025-01-01",
        "x-request-id: r-1",
        "x-idempotency-key: k-1",
        "x-client-secret: <masked>",
    ] {
        assert!(lines.contains(&expected), "{expected} in\n{stdout}");
    }
    assert_eq!(lines.last(), Some(&order));
    // Payin & Payout: the signature (derived from the secret) is masked too.
    let out = paygen(
        &["call", "--dry-run", "get_balance", "--env", &uri],
        &merchant_env(),
        b"",
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("signature: <masked>"), "{stdout}");
    assert!(stdout.contains("timestamp: "), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_come_from_a_file_or_standard_input_instead_of_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pg/orders/o_1"))
        .and(header("x-client-id", "FILE_APP"))
        .and(header("x-client-secret", "file_SECRET"))
        .respond_with(json_answer(200, r#"{"order_id":"o_1"}"#))
        .expect(2)
        .mount(&server)
        .await;
    let pg = format!("{}/pg", server.uri());
    let creds = "# sandbox\nCASHFREE_CLIENT_ID=FILE_APP\nCASHFREE_CLIENT_SECRET=\"file_SECRET\"\n";
    let out = paygen(
        &[
            "call",
            "get_order",
            "--param",
            "order_id=o_1",
            "--credentials",
            "-",
            "--env",
            &pg,
        ],
        &[],
        creds.as_bytes(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = std::env::temp_dir().join(format!("paygen-creds-{}.env", std::process::id()));
    std::fs::write(&file, creds).unwrap();
    // The file wins over the environment.
    let out = paygen(
        &[
            "call",
            "get_order",
            "--param",
            "order_id=o_1",
            "--credentials",
            file.to_str().unwrap(),
        ],
        &[
            ("CASHFREE_CLIENT_ID", "ENV_APP"),
            ("CASHFREE_CLIENT_SECRET", "env_secret"),
            ("PAYGEN_ENVIRONMENT", &pg),
        ],
        b"",
    );
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payouts_calls_carry_x_cf_signature_from_the_public_key_file() {
    use crate::payouts_signature_cli::{decrypt_signature, public_pem, split_signed};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/payout/transfers"))
        .respond_with(json_answer(200, r#"{"transfer_id":"t_1"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let pem = std::env::temp_dir().join(format!("paygen-call-key-{}.pem", std::process::id()));
    std::fs::write(&pem, public_pem()).unwrap();
    let mut env = merchant_env();
    env.push(("CASHFREE_PAYOUTS_PUBLIC_KEY", pem.to_str().unwrap()));
    let out = paygen(
        &[
            "call",
            "get_transfer_status",
            "--param",
            "transfer_id=t_1",
            "--env",
            &format!("{}/payout", server.uri()),
        ],
        &env,
        b"",
    );
    let _ = std::fs::remove_file(&pem);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let request = &server.received_requests().await.unwrap()[0];
    let signature = request.headers["x-cf-signature"].to_str().unwrap();
    let (client_id, secs) = split_signed(&decrypt_signature(signature));
    assert_eq!(client_id, PAYOUT_ID);
    assert!(secs.abs_diff(unix_now()) < 120, "{secs}");
}
