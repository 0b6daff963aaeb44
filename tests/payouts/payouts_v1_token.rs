//! Payouts v1 bearer tokens (document 002: authorize with X-Client-Id / X-Client-Secret, send
//! `Authorization: Bearer <token>` on every other call, token valid for a limited time): fetched
//! once, shared, renewed before `data.expiry`, one authorize call for any number of concurrent
//! callers, refreshed once — never in a loop — when a call is answered "Token is not valid", and
//! "IP not whitelisted" never retried.
#![cfg(feature = "payouts")]

use crate::payouts_support as support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use paygen::payouts_v1::{Client, ErrorKind};
use paygen::{Config, Credentials, Environment, Error};
use support::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

async fn mount_status(server: &MockServer, template: impl wiremock::Respond + 'static) {
    Mock::given(method("GET"))
        .and(path(CASHGRAM_STATUS))
        .respond_with(template)
        .mount(server)
        .await;
}

async fn status_ok(server: &MockServer) {
    mount_status(
        server,
        answer(200, v1_fixture("get_cashgram_status.response.json")),
    )
    .await;
}

async fn get_status(client: &Client) -> Result<(), Error> {
    client
        .get_cashgram_status()
        .cashgram_id("JOHaN10")
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn the_token_is_fetched_once_and_sent_as_a_bearer_on_every_call() {
    let server = MockServer::start().await;
    let authorize = mount_authorize(&server, &[300], Duration::ZERO).await;
    status_ok(&server).await;
    let client = v1(&server);
    for _ in 0..5 {
        get_status(&client).await.unwrap();
    }
    assert_eq!(authorize.load(Ordering::SeqCst), 1);

    let auth = &requests(&server, "POST", AUTHORIZE).await[0];
    assert_eq!(header(auth, "x-client-id"), Some(CLIENT_ID));
    assert_eq!(header(auth, "x-client-secret"), Some(CLIENT_SECRET));
    assert_eq!(header(auth, "authorization"), None);
    assert_eq!(
        header(auth, "x-cf-signature"),
        None,
        "no public key configured"
    );

    let calls = requests(&server, "GET", CASHGRAM_STATUS).await;
    assert_eq!(calls.len(), 5);
    for call in &calls {
        assert_eq!(header(call, "authorization"), Some("Bearer tok-1"));
        assert_eq!(
            header(call, "x-client-secret"),
            None,
            "the secret goes to authorize only"
        );
        assert_eq!(call.url.query(), Some("cashgramId=JOHaN10"));
    }
}

#[tokio::test]
async fn the_token_is_renewed_before_its_expiry() {
    let server = MockServer::start().await;
    // A token that lives 6 s is renewed halfway (the cache's margin is at most half a life).
    // Its expiry is (whole seconds now) + 6, so between 5 and 6 s from this instant: renewal
    // starts between 2 and 3 s from now, and the old token is valid for at least 5 s.
    let authorize = mount_authorize(&server, &[6, 300], Duration::ZERO).await;
    status_ok(&server).await;
    let client = v1(&server);
    let start = std::time::Instant::now();
    get_status(&client).await.unwrap();
    get_status(&client).await.unwrap();
    if start.elapsed() < Duration::from_secs(2) {
        assert_eq!(authorize.load(Ordering::SeqCst), 1, "still fresh");
    }
    tokio::time::sleep(Duration::from_millis(3_500).saturating_sub(start.elapsed())).await;
    get_status(&client).await.unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "renewed while tok-1 was still valid"
    );
    assert_eq!(authorize.load(Ordering::SeqCst), 2);
    let calls = requests(&server, "GET", CASHGRAM_STATUS).await;
    let sent: Vec<_> = calls
        .iter()
        .map(|r| header(r, "authorization").unwrap().to_string())
        .collect();
    assert_eq!(sent, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_calls_on_a_stale_token_make_one_authorize_call() {
    let server = MockServer::start().await;
    // tok-1 lives 2 s (renewed after at most 1 s); tok-2 lives 300 s. Authorize is slow, so
    // every caller arrives while the fetch is in flight.
    let authorize = mount_authorize(&server, &[2, 300], Duration::from_millis(300)).await;
    status_ok(&server).await;
    // All thousand wait for the token at once (a call takes its in-flight permit only once it
    // is authenticated); at most 50 are then on the wire together, so a loaded machine is not
    // also asked to hold two thousand sockets open.
    let client = Client::from_config(config(&server).with_max_in_flight(50)).unwrap();
    get_status(&client).await.unwrap();
    assert_eq!(authorize.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(1_200)).await;

    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_status(&client).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        authorize.load(Ordering::SeqCst),
        2,
        "one authorize call for the thousand"
    );
    let calls = requests(&server, "GET", CASHGRAM_STATUS).await;
    assert_eq!(calls.len(), 1001);
    assert!(calls[1..]
        .iter()
        .all(|r| header(r, "authorization") == Some("Bearer tok-2")));
    // A thousand finished tasks awaited in one go can leave the task's tokio budget spent,
    // and wiremock's drop would then spin forever (it did, twice, under load).
    crate::common::release(server).await;
}

/// What [`crate::common::release`] guards against, pinned: a wiremock server dropped by a task
/// whose tokio budget is spent must still be dropped once released. Run on its own thread and
/// runtime, so a regression fails this test after 20 s instead of hanging the suite.
#[test]
fn a_server_released_after_the_budget_is_spent_drops() {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = MockServer::start().await;
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            for i in 0..200 {
                tx.send(i).unwrap();
            }
            // A fresh budget, then every unit of it spent on ready receives.
            tokio::task::yield_now().await;
            while tokio::task::coop::has_budget_remaining() {
                rx.recv().await;
            }
            crate::common::release(server).await;
        });
        let _ = done.send(());
    });
    assert!(
        finished.recv_timeout(Duration::from_secs(20)).is_ok(),
        "the released server was not dropped within 20 s"
    );
}

#[tokio::test]
async fn token_not_valid_refreshes_once_and_then_fails() {
    let server = MockServer::start().await;
    let authorize = mount_authorize(&server, &[300], Duration::ZERO).await;
    mount_status(
        &server,
        answer(200, v1_fixture("payouts_verify_token.error-403.json")),
    )
    .await;
    let client = v1(&server);
    let err = get_status(&client).await.unwrap_err();
    assert_eq!(authorize.load(Ordering::SeqCst), 2, "one refresh");
    let calls = requests(&server, "GET", CASHGRAM_STATUS).await;
    assert_eq!(calls.len(), 2, "sent once more, not in a loop");
    assert_eq!(header(&calls[0], "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(&calls[1], "authorization"), Some("Bearer tok-2"));
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::TokenInvalid));
    assert_eq!(err.code(), Some("403"));
    let api = err.as_api().unwrap();
    assert_eq!(api.message, "Token is not valid");
    assert_eq!(
        api.raw_body,
        v1_fixture("payouts_verify_token.error-403.json").into_bytes()
    );
}

#[tokio::test]
async fn token_not_valid_once_then_the_fresh_token_succeeds() {
    let server = MockServer::start().await;
    let authorize = mount_authorize(&server, &[300], Duration::ZERO).await;
    mount_status(
        &server,
        Sequence::new(vec![
            envelope("ERROR", "403", "Token is not valid"),
            answer(200, v1_fixture("get_cashgram_status.response.json")),
        ]),
    )
    .await;
    let client = v1(&server);
    get_status(&client).await.unwrap();
    assert_eq!(authorize.load(Ordering::SeqCst), 2);
    assert_eq!(count(&server, "GET", CASHGRAM_STATUS).await, 2);
    // The fresh token is kept for later calls.
    get_status(&client).await.unwrap();
    assert_eq!(authorize.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_not_valid_on_a_money_moving_call_is_refused_before_processing_and_sent_once_more() {
    let server = MockServer::start().await;
    let authorize = mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path(CREATE_CASHGRAM))
        .respond_with(Sequence::new(vec![
            envelope("ERROR", "403", "Token is not valid"),
            answer(200, v1_fixture("create_cashgram.response.json")),
        ]))
        .mount(&server)
        .await;
    let client = v1(&server);
    let body: paygen::payouts_v1::types::CreateCashgramRequest =
        serde_json::from_str(&v1_fixture("create_cashgram.request-curl.json")).unwrap();
    let created = client.create_cashgram().body(body).send().await.unwrap();
    assert_eq!(
        created.data.as_ref().unwrap().reference_id.as_deref(),
        Some("123456")
    );
    assert_eq!(authorize.load(Ordering::SeqCst), 2);
    assert_eq!(count(&server, "POST", CREATE_CASHGRAM).await, 2);
}

#[tokio::test]
async fn ip_not_whitelisted_is_a_distinct_error_and_never_retried() {
    for status in [200u16, 403] {
        let server = MockServer::start().await;
        let authorize = mount_authorize(&server, &[300], Duration::ZERO).await;
        let body = r#"{"status":"ERROR","subCode":"403","message":"IP not whitelisted"}"#;
        mount_status(&server, answer(status, body)).await;
        let client = v1(&server);
        let err = get_status(&client).await.unwrap_err();
        assert_eq!(
            count(&server, "GET", CASHGRAM_STATUS).await,
            1,
            "HTTP {status}: not retried"
        );
        assert_eq!(
            authorize.load(Ordering::SeqCst),
            1,
            "HTTP {status}: no token refresh"
        );
        assert_eq!(ErrorKind::of(&err), Some(ErrorKind::IpNotWhitelisted));
        assert_eq!(err.code(), Some("403"));
        assert!(!err.is_retryable());
        let api = err.as_api().unwrap();
        assert_eq!(api.status, status);
        assert_eq!(api.message, "IP not whitelisted");
        assert_eq!(api.attempts, 1);
        assert_eq!(
            api.note.as_deref(),
            Some(ErrorKind::IpNotWhitelisted.what_to_do())
        );
        let shown = err.to_string();
        assert!(
            shown.contains("IP Whitelist") && shown.contains("X-Cf-Signature"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn an_authorize_call_refused_for_the_ip_fails_the_call_with_the_same_kind() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(AUTHORIZE))
        .respond_with(envelope("ERROR", "403", "IP not whitelisted"))
        .mount(&server)
        .await;
    status_ok(&server).await;
    let client = v1(&server);
    let err = get_status(&client).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::IpNotWhitelisted));
    assert!(
        err.to_string()
            .contains("Two-Factor Authentication > IP Whitelist"),
        "{err}"
    );
    assert_eq!(count(&server, "POST", AUTHORIZE).await, 1, "not retried");
    assert_eq!(
        count(&server, "GET", CASHGRAM_STATUS).await,
        0,
        "nothing sent without a token"
    );
}

#[tokio::test]
async fn wrong_credentials_are_named_and_no_call_is_sent_without_a_token() {
    for status in [200u16, 401] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(AUTHORIZE))
            .respond_with(answer(
                status,
                v1_fixture("payouts_authorize.error-401.json"),
            ))
            .mount(&server)
            .await;
        status_ok(&server).await;
        let client = v1(&server);
        let err = get_status(&client).await.unwrap_err();
        assert_eq!(
            ErrorKind::of(&err),
            Some(ErrorKind::InvalidCredentials),
            "HTTP {status}: {err}"
        );
        assert!(
            err.to_string()
                .contains("Invalid clientId and clientSecret combination"),
            "{err}"
        );
        assert!(!err.to_string().contains(CLIENT_SECRET));
        assert!(!format!("{err:?}").contains(CLIENT_SECRET));
        assert_eq!(count(&server, "GET", CASHGRAM_STATUS).await, 0);
        // Calling authorize directly gives the API error itself.
        let direct = client.payouts_authorize().send().await.unwrap_err();
        assert_eq!(direct.code(), Some("401"));
        assert_eq!(ErrorKind::of(&direct), Some(ErrorKind::InvalidCredentials));
    }
}

/// P4: the token's lifetime comes from `data.expiry`, not from 300 s or 6 minutes. The
/// document's sample expiry (1564130052) is long past: read as clock skew, the token is reused
/// briefly rather than refetched for every call.
#[tokio::test]
async fn the_documented_authorize_answer_yields_a_usable_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(AUTHORIZE))
        .respond_with(answer(
            200,
            v1_fixture("payouts_authorize.response-guide.json"),
        ))
        .mount(&server)
        .await;
    status_ok(&server).await;
    let client = v1(&server);
    get_status(&client).await.unwrap();
    get_status(&client).await.unwrap();
    assert_eq!(count(&server, "POST", AUTHORIZE).await, 1);
    let calls = requests(&server, "GET", CASHGRAM_STATUS).await;
    assert_eq!(
        header(&calls[1], "authorization"),
        Some("Bearer eyJ0eXA...fWStg")
    );

    let token = client.payouts_authorize().send().await.unwrap();
    let data = token.data.as_ref().unwrap();
    assert_eq!(data.expiry, Some(1564130052));
    assert_eq!(token.message.as_deref(), Some("Token generated"));
}

#[tokio::test]
async fn verify_token_carries_the_cached_token() {
    let server = MockServer::start().await;
    let authorize = mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path(VERIFY))
        .respond_with(answer(
            200,
            v1_fixture("payouts_verify_token.response.json"),
        ))
        .mount(&server)
        .await;
    let client = v1(&server);
    let ok = client.payouts_verify_token().send().await.unwrap();
    assert_eq!(ok.message.as_deref(), Some("Token is valid"));
    assert_eq!(ok.sub_code.as_deref(), Some("200"));
    assert_eq!(authorize.load(Ordering::SeqCst), 1);
    let sent = &requests(&server, "POST", VERIFY).await[0];
    assert_eq!(header(sent, "authorization"), Some("Bearer tok-1"));
}

#[tokio::test]
async fn the_signature_goes_on_the_authorize_call_only() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    status_ok(&server).await;
    let client = Client::from_config(
        config(&server)
            .with_payout_public_key_pem(public_pem())
            .unwrap(),
    )
    .unwrap();
    get_status(&client).await.unwrap();
    let auth = &requests(&server, "POST", AUTHORIZE).await[0];
    let (id, secs) = split_signed(&decrypt_signature(
        header(auth, "x-cf-signature").expect("signed"),
    ));
    assert_eq!(id, CLIENT_ID);
    assert!(
        secs.abs_diff(unix_now()) <= 5,
        "signed with the current time: {secs}"
    );
    let call = &requests(&server, "GET", CASHGRAM_STATUS).await[0];
    assert_eq!(
        header(call, "x-cf-signature"),
        None,
        "the token carries the identity from then on"
    );
}

#[tokio::test]
async fn a_bad_public_key_is_a_configuration_error_before_any_call() {
    let server = MockServer::start().await;
    // Refused when it is set, before any client exists.
    let err = config(&server)
        .with_payout_public_key_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
        .expect_err("refused");
    assert!(err.to_string().contains("not an RSA public key"), "{err}");

    // A key that is fine, but credentials without a client id to sign.
    let none = Config::new(Environment::custom(server.uri()), Credentials::None)
        .with_payout_public_key_pem(public_pem())
        .unwrap();
    let err = Client::from_config(none).expect_err("refused");
    assert!(err.to_string().contains("client id"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn secrets_and_tokens_never_show_in_errors() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(CASHGRAM_STATUS))
        .and(query_param("cashgramId", "JOHaN10"))
        .respond_with(answer(
            200,
            v1_fixture("get_cashgram_status.error-404.json"),
        ))
        .mount(&server)
        .await;
    let client = v1(&server);
    let err = get_status(&client).await.unwrap_err();
    for shown in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(!shown.contains(CLIENT_SECRET), "{shown}");
        assert!(!shown.contains("tok-1"), "{shown}");
    }
}
