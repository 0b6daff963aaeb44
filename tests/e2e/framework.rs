//! The mock's framework: every operation routed and answering, auth per family, validation
//! with each family's error body, idempotency, the clock, the request log and the control API.

use std::time::Duration;

use paygen::mock::families::MOUNTS;
use paygen::mock::router::Routes;
use paygen::mock::{Family, MockServer};
use serde_json::{json, Value};

/// A plain HTTP client for hand-made requests (TLS is never used against the mock, but reqwest
/// wants a provider chosen).
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn filled(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "x1" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_operation_of_every_spec_is_routed_to_itself() {
    let routes = Routes::build();
    let total: usize = MOUNTS.iter().map(|m| m.info.operations.len()).sum();
    // Payouts v1 and OneEscrow share POST /payout/v1/authorize; one route answers both.
    assert_eq!(routes.len(), total - 1);
    for mount in MOUNTS {
        for op in mount.info.operations {
            let method = http::Method::from_bytes(op.method.as_bytes()).unwrap();
            let path = format!("{}{}", mount.prefix, filled(op.path));
            let (route, _) = routes
                .find(&method, &path)
                .unwrap_or_else(|| panic!("{} {path} is not routed", op.method));
            if op.operation_id == "escrow_authorize" {
                assert_eq!(route.op.operation_id, "payouts_authorize");
            } else {
                assert_eq!(
                    route.op.operation_id, op.operation_id,
                    "{} {path}",
                    op.method
                );
            }
        }
    }
}

#[test]
fn every_operation_has_a_shape_from_its_spec() {
    for mount in MOUNTS {
        for op in mount.info.operations {
            let answer = paygen::mock::shape::answer(mount, op, &[], None);
            assert_eq!(answer.status, op.success_status, "{}", op.operation_id);
            if !answer.body.is_empty() {
                let v: Value = serde_json::from_slice(&answer.body).unwrap();
                assert!(v.is_object() || v.is_array(), "{}: {v}", op.operation_id);
            }
        }
    }
}

fn pg_headers(req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    req.header("x-client-id", paygen::mock::auth::DEFAULT_CLIENT_ID)
        .header("x-client-secret", paygen::mock::auth::DEFAULT_CLIENT_SECRET)
        .header("x-api-version", "2025-01-01")
}

#[tokio::test]
async fn wrong_credentials_get_each_familys_documented_error() {
    let mock = MockServer::start().await.unwrap();
    let http = http();
    let pg = http
        .get(format!("{}/pg/orders/o1", mock.url()))
        .header("x-client-id", "someone")
        .header("x-client-secret", "else")
        .header("x-api-version", "2025-01-01")
        .send()
        .await
        .unwrap();
    assert_eq!(pg.status(), 401);
    let body: Value = pg.json().await.unwrap();
    assert_eq!(body["type"], "authentication_error");
    assert_eq!(body["code"], "authentication_error");

    let v1 = http
        .post(format!("{}/payout/v1/authorize", mock.url()))
        .header("X-Client-Id", "someone")
        .header("X-Client-Secret", "else")
        .send()
        .await
        .unwrap();
    let body: Value = v1.json().await.unwrap();
    assert_eq!(body["status"], "ERROR");
    assert_eq!(body["subCode"], "401");
    assert_eq!(
        body["message"],
        "Invalid clientId and clientSecret combination"
    );

    let pp = http
        .get(format!("{}/payin-payout/api/v1/balance", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(pp.status(), 401);
    let body: Value = pp.json().await.unwrap();
    assert_eq!(body["success"], false);
}

#[tokio::test]
async fn answers_carry_the_request_id_and_rate_limit_headers() {
    let mock = MockServer::start().await.unwrap();
    let http = http();
    let echoed = pg_headers(http.get(format!("{}/pg/offers/of1", mock.url())))
        .header("x-request-id", "req-42")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "req-42");
    assert!(echoed.headers().contains_key("x-ratelimit-remaining"));
    assert!(echoed.headers().contains_key("x-ratelimit-limit"));
    let fresh = pg_headers(http.get(format!("{}/pg/offers/of1", mock.url())))
        .send()
        .await
        .unwrap();
    let id = fresh.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let records = mock.requests();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].operation_id, Some("get_offer"));
    assert_eq!(records[0].request_id, "req-42");
}

#[tokio::test]
async fn a_missing_api_version_and_a_broken_rule_are_refused_as_pg_documents() {
    let mock = MockServer::start().await.unwrap();
    let http = http();
    let no_version = http
        .get(format!("{}/pg/offers/of1", mock.url()))
        .header("x-client-id", paygen::mock::auth::DEFAULT_CLIENT_ID)
        .header("x-client-secret", paygen::mock::auth::DEFAULT_CLIENT_SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(no_version.status(), 400);
    let body: Value = no_version.json().await.unwrap();
    assert_eq!(body["code"], "version_invalid");

    let zero = pg_headers(http.post(format!("{}/pg/orders", mock.url())))
        .json(&json!({"order_amount": 0, "order_currency": "INR",
            "customer_details": {"customer_id": "c_1", "customer_phone": "9999999999"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(zero.status(), 400);
    let body: Value = zero.json().await.unwrap();
    assert_eq!(body["code"], "order_amount_invalid");
    assert_eq!(body["type"], "invalid_request_error");
    assert!(body["message"].as_str().unwrap().contains("create_order"));
}

#[tokio::test]
async fn an_unknown_path_gets_the_documented_bad_url_error() {
    let mock = MockServer::start().await.unwrap();
    let answer = http()
        .get(format!("{}/pg/no/such/thing", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["code"], "request_failed");
    assert!(body["message"].as_str().unwrap().starts_with("bad URL"));
}

#[tokio::test]
async fn idempotency_replays_the_same_body_and_refuses_another() {
    let mock = MockServer::start().await.unwrap();
    let http = http();
    let send = |body: Value| {
        pg_headers(http.post(format!("{}/pg/customers", mock.url())))
            .header("x-idempotency-key", "k-1")
            .json(&body)
            .send()
    };
    let body = json!({"customer_phone": "9999999999", "customer_name": "Asha"});
    let first = send(body.clone()).await.unwrap();
    let first_status = first.status();
    let first_body = first.bytes().await.unwrap();
    let again = send(body).await.unwrap();
    assert_eq!(again.status(), first_status);
    assert_eq!(again.bytes().await.unwrap(), first_body);
    assert_eq!(first_status, 200);
    let other = send(json!({"customer_phone": "8888888888"}))
        .await
        .unwrap();
    assert_eq!(other.status(), 409);
    let v: Value = other.json().await.unwrap();
    assert_eq!(v["type"], "idempotency_error");
}

#[tokio::test]
async fn payouts_v1_tokens_expire_by_the_clock_with_sub_code_403() {
    let mock = MockServer::start().await.unwrap();
    let http = http();
    let auth: Value = http
        .post(format!("{}/payout/v1/authorize", mock.url()))
        .header("X-Client-Id", paygen::mock::auth::DEFAULT_CLIENT_ID)
        .header("X-Client-Secret", paygen::mock::auth::DEFAULT_CLIENT_SECRET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(auth["subCode"], "200");
    let token = auth["data"]["token"].as_str().unwrap().to_string();
    let verify = |token: String| {
        http.post(format!("{}/payout/v1/verifyToken", mock.url()))
            .bearer_auth(token)
            .send()
    };
    let ok: Value = verify(token.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(ok["subCode"], "200");
    mock.clock().advance(Duration::from_secs(301));
    let expired = verify(token).await.unwrap();
    assert_eq!(expired.status(), 403);
    let v: Value = expired.json().await.unwrap();
    assert_eq!(v["subCode"], "403");
    assert_eq!(v["message"], "Token is not valid");
}

#[tokio::test]
async fn the_control_api_advances_the_clock_lists_requests_and_resets() {
    let mock = MockServer::start().await.unwrap();
    let http = http();
    let before = mock.clock().now();
    let clock: Value = http
        .post(format!("{}/__paygen/clock/advance", mock.url()))
        .json(&json!({"seconds": 7200}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["offset_seconds"], 7200);
    assert!(mock.clock().now() - before >= chrono::Duration::seconds(7200));
    pg_headers(http.get(format!("{}/pg/offers/of1", mock.url())))
        .send()
        .await
        .unwrap();
    let log: Value = http
        .get(format!("{}/__paygen/requests", mock.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log[0]["operation_id"], "get_offer");
    assert_eq!(log[0]["family"], "cashfree-pg");
    http.post(format!("{}/__paygen/reset", mock.url()))
        .send()
        .await
        .unwrap();
    assert!(mock.requests().is_empty());
    assert_eq!(mock.clock().offset(), Duration::ZERO);
}

#[tokio::test]
async fn payin_payout_calls_are_checked_by_hmac_and_answer_through_the_client() {
    let mock = MockServer::start().await.unwrap();
    let client = paygen::payin_payout::Client::from_config(mock.payin_payout_config()).unwrap();
    let balance = client.get_balance().send().await;
    assert!(balance.is_ok(), "{balance:?}");
    let records = mock.requests();
    assert_eq!(records[0].status, 200);
    assert_eq!(records[0].operation_id, Some("get_balance"));

    let forged = http()
        .get(format!("{}/payin-payout/api/v1/balance", mock.url()))
        .header("Access-Key", paygen::mock::auth::DEFAULT_CLIENT_ID)
        .header(
            "Timestamp",
            chrono::Utc::now().timestamp_millis().to_string(),
        )
        .header("Signature", "00")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}

#[tokio::test]
async fn payouts_calls_carry_a_signature_the_mock_decrypts() {
    let mock = MockServer::start_with(
        paygen::mock::MockOptions::default().with_required_payout_signature(true),
    )
    .await
    .unwrap();
    let client = paygen::payouts_v2::Client::from_config(mock.payouts_config()).unwrap();
    let _ = client.get_transfer_status().transfer_id("t_1").send().await;
    assert_ne!(mock.requests()[0].status, 403, "{:?}", mock.requests());
    let unsigned = paygen::payouts_v2::Client::from_config(paygen::Config::new(
        paygen::Environment::custom(mock.base_url(Family::PayoutsV2)),
        paygen::Credentials::merchant(
            paygen::mock::auth::DEFAULT_CLIENT_ID,
            paygen::mock::auth::DEFAULT_CLIENT_SECRET,
        ),
    ))
    .unwrap();
    let refused = unsigned
        .get_transfer_status()
        .transfer_id("t_1")
        .send()
        .await;
    assert!(refused.is_err());
    assert_eq!(mock.requests().last().unwrap().status, 403);
}
