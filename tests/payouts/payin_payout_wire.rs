//! Every Payin & Payout operation on the wire: the server recomputes the HMAC over the bytes it
//! actually received and compares it with the `Signature` header; the request is exactly the
//! documented one; the documented answer decodes into exact types.
#![cfg(feature = "payin-payout")]

use crate::payin_payout_support as support;

use paygen::payin_payout::{enums, types, GetBodyLine, HmacAuth};
use paygen::{Amount, Config, Credentials, Environment, Error};
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::{body_json, header as has_header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(
        received.len(),
        1,
        "expected exactly one request, got {}",
        received.len()
    );
    received.remove(0)
}

fn payout_request() -> types::builder::PayoutInitiateRequest {
    let doc: types::PayoutInitiateRequest =
        serde_json::from_str(&fixture("initiate_payout.request.json"))
            .expect("the document's request decodes");
    doc.into()
}

#[tokio::test]
async fn get_balance_is_a_signed_get_with_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/balance"))
        .respond_with(signed_only(fixture("get_balance.response.json")))
        .mount(&server)
        .await;
    let answer = client(&server).get_balance().send().await.unwrap();
    // PP-13: the balance arrives as a string and is read exactly.
    assert_eq!(
        answer.data.as_ref().unwrap().balance.unwrap().to_string(),
        "1111.11"
    );
    assert_eq!(
        answer.message.as_deref(),
        Some("Merchant wallet balance fetched.")
    );

    let req = only_request(&server).await;
    assert!(req.body.is_empty(), "a GET sends no body");
    assert_eq!(header(&req, "Access-Key"), Some(ACCESS_KEY));
    assert_eq!(header(&req, "Timestamp"), Some("1790431844701"));
    // PP-3: the body line of a GET is `{}`.
    let message = "GET\napi/v1/balance\n{}\n1790431844701\n";
    assert_eq!(
        header(&req, "Signature"),
        Some(hmac_hex(SECRET, message.as_bytes()).as_str())
    );
    check_signed(&req, "").unwrap();
}

#[tokio::test]
async fn create_payin_link_signs_the_bytes_it_sends() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/payin/generate/link"))
        .and(has_header("content-type", "application/json"))
        .and(body_json(json!({
            "user_id": "a42332-2fs-q341-d36d34",
            "order_id": "adsd-ewerz-23sdsd-ad234",
            "amount": 100,
            "method": "UPI",
            "redirect_url": "http://test.com"
        })))
        .respond_with(signed_only(fixture("create_payin_link.response.json")))
        .mount(&server)
        .await;
    let request = types::PayinLinkRequest::builder()
        .user_id("a42332-2fs-q341-d36d34")
        .order_id("adsd-ewerz-23sdsd-ad234")
        .amount(Amount::from(100_i64))
        .method(enums::PayinMethod::Upi)
        .redirect_url("http://test.com");
    let answer = client(&server)
        .create_payin_link()
        .body(request)
        .send()
        .await
        .unwrap();
    let link = answer.data.as_ref().unwrap();
    assert_eq!(link.pay_url.as_deref(), Some("https://{{PAYMENT_LINK}}"));
    assert_eq!(link.method, Some(enums::PayinMethod::Upi));
    assert_eq!(link.amount.unwrap().to_string(), "100");

    let req = only_request(&server).await;
    // Compact JSON, `/` not escaped: the same bytes the Python snippet signs, key order aside.
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        r#"{"amount":100,"method":"UPI","order_id":"adsd-ewerz-23sdsd-ad234","redirect_url":"http://test.com","user_id":"a42332-2fs-q341-d36d34"}"#
    );
    check_signed(&req, "").unwrap();
}

/// PP-1: Payin Status is sent as JSON (not the cURL's multipart form), and the signature covers
/// exactly those JSON bytes.
#[tokio::test]
async fn get_payin_status_is_json_and_signed_over_its_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/payin/transactions"))
        .respond_with(signed_only(fixture("get_payin_status.response.json")))
        .mount(&server)
        .await;
    let answer = client(&server)
        .get_payin_status()
        .body(types::PayinStatusRequest::builder().order_id("adsd-ewerz-23sdsd-ad234"))
        .send()
        .await
        .unwrap();
    let tx = answer.data.as_ref().unwrap();
    assert_eq!(tx.status, Some(enums::TransactionStatus::Approved));
    assert_eq!(tx.transaction_id.as_deref(), Some("98675644343"));
    assert_eq!(tx.bank_name, None);

    let req = only_request(&server).await;
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(req.body, br#"{"order_id":"adsd-ewerz-23sdsd-ad234"}"#);
    let message = format!(
        "POST\napi/v1/payin/transactions\n{}\n1790431844701\n",
        r#"{"order_id":"adsd-ewerz-23sdsd-ad234"}"#
    );
    assert_eq!(
        header(&req, "Signature"),
        Some(hmac_hex(SECRET, message.as_bytes()).as_str())
    );
}

#[tokio::test]
async fn initiate_payout_sends_the_documented_body_signed() {
    let server = MockServer::start().await;
    let doc: Value = serde_json::from_str(&fixture("initiate_payout.request.json")).unwrap();
    Mock::given(method("POST"))
        .and(path("/api/v1/payout/initiate"))
        .and(body_json(json!({
            "beneficiary_name": "Test Name",
            "beneficiary_email": "test.test@gmail.com",
            "beneficiary_mobile_no": "7878787878",
            "beneficiary_address": "NOIDA",
            "payment_method": "IMPS",
            "beneficiary_acc_no": "99999999999",
            "bank_name": "SBI",
            "ifsc": "SBIN0060589",
            "amount": 100,
            "order_id": "qweq-2d2fss-2234sd-44533",
            "user_id": "aseq-2d2fss-22a4sd-44a33"
        })))
        .respond_with(signed_only(fixture("initiate_payout.response.json")))
        .mount(&server)
        .await;
    let answer = client(&server)
        .initiate_payout()
        .body(payout_request())
        .send()
        .await
        .unwrap();
    let payout = answer.data.as_ref().unwrap();
    assert_eq!(payout.status, Some(enums::TransactionStatus::Pending));
    assert_eq!(payout.charge.unwrap().to_string(), "2");
    // PP-2: the response's number mobile becomes the same text as the request's string.
    assert_eq!(
        payout.beneficiary_mobile_no.as_ref().unwrap().as_str(),
        "7878787878"
    );
    assert_eq!(payout.transaction_id, None);

    let req = only_request(&server).await;
    let sent: Value = serde_json::from_slice(&req.body).unwrap();
    // `remarks: null` is not sent (an absent optional field); everything else is the document's.
    let mut expected = doc.clone();
    expected.as_object_mut().unwrap().remove("remarks");
    assert_eq!(sent, expected);
    // Compact (no whitespace between tokens): re-serialising compactly gives the same bytes.
    assert_eq!(serde_json::to_vec(&sent).unwrap(), req.body);
    check_signed(&req, "").unwrap();
}

/// PP-4: `get_payout_status("…")` signs `api/v1/payout/<order_id>/status`.
#[tokio::test]
async fn get_payout_status_signs_the_path_with_the_order_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/payout/qweq-2d2fss-2234sd-44533/status"))
        .respond_with(signed_only(fixture("get_payout_status.response.json")))
        .mount(&server)
        .await;
    let answer = client(&server)
        .get_payout_status()
        .order_id("qweq-2d2fss-2234sd-44533")
        .send()
        .await
        .unwrap();
    let payout = answer.data.as_ref().unwrap();
    assert_eq!(payout.status, Some(enums::TransactionStatus::Approved));
    assert_eq!(payout.charge.unwrap().to_string(), "5.9");
    assert_eq!(
        payout.beneficiary_mobile_no.as_ref().unwrap().as_str(),
        "7878787878"
    );

    let req = only_request(&server).await;
    assert!(req.body.is_empty());
    let message = "GET\napi/v1/payout/qweq-2d2fss-2234sd-44533/status\n{}\n1790431844701\n";
    assert_eq!(
        header(&req, "Signature"),
        Some(hmac_hex(SECRET, message.as_bytes()).as_str())
    );
}

/// An order id with characters that need percent-encoding is signed as it travels (encoded).
#[tokio::test]
async fn an_encoded_order_id_is_signed_as_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(signed_only(fixture("get_payout_status.response.json")))
        .mount(&server)
        .await;
    client(&server)
        .get_payout_status()
        .order_id("ord 1/2")
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert!(req.url.path().contains("%20"), "{}", req.url.path());
    check_signed(&req, "").unwrap();
}

/// The base URL's own path is not signed: only the operation path is (PP-4, assumption (a)).
#[tokio::test]
async fn a_base_url_path_prefix_is_not_part_of_the_signed_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/merchant-gw/v2/api/v1/balance"))
        .respond_with(SignedOnly {
            base_path: "/merchant-gw/v2".into(),
            body: fixture("get_balance.response.json"),
        })
        .mount(&server)
        .await;
    let base = format!("{}/merchant-gw/v2/", server.uri());
    let c = client_at(&base, HmacAuth::new().with_clock(|| T0));
    c.get_balance().send().await.unwrap();
    let req = only_request(&server).await;
    let message = "GET\napi/v1/balance\n{}\n1790431844701\n";
    assert_eq!(
        header(&req, "Signature"),
        Some(hmac_hex(SECRET, message.as_bytes()).as_str())
    );
}

/// PP-6: non-ASCII text is sent as `\uXXXX` escapes, and the signature covers those bytes.
#[tokio::test]
async fn non_ascii_is_sent_escaped_and_signed_as_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/payout/initiate"))
        .respond_with(signed_only(fixture("initiate_payout.response.json")))
        .mount(&server)
        .await;
    let request = payout_request()
        .beneficiary_name("Zoë Ñandú")
        .remarks(Some("thanks 🙏".to_string()));
    client(&server)
        .initiate_payout()
        .body(request)
        .send()
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert!(
        req.body.is_ascii(),
        "{}",
        String::from_utf8_lossy(&req.body)
    );
    let text = String::from_utf8(req.body.clone()).unwrap();
    assert!(
        text.contains(r#""beneficiary_name":"Zo\u00eb \u00d1and\u00fa""#),
        "{text}"
    );
    assert!(
        text.contains(r#""remarks":"thanks \ud83d\ude4f""#),
        "{text}"
    );
    let sent: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(sent["beneficiary_name"], "Zoë Ñandú");
    check_signed(&req, "").unwrap();
}

/// Every attempt is signed afresh: a retried GET carries a new Timestamp and a valid Signature.
#[tokio::test]
async fn each_retry_is_signed_with_a_fresh_timestamp() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(signed_only(fixture("get_balance.response.json")))
        .mount(&server)
        .await;
    let (_now, clock) = ticking_clock();
    let c = client_at(&server.uri(), HmacAuth::new().with_clock(clock));
    c.get_balance().send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let stamps: Vec<_> = received
        .iter()
        .map(|r| header(r, "Timestamp").unwrap().to_string())
        .collect();
    assert_eq!(stamps, ["1790431844701", "1790431844702"]);
    for r in &received {
        check_signed(r, "").unwrap();
    }
    assert_ne!(
        header(&received[0], "Signature"),
        header(&received[1], "Signature")
    );
}

/// The system clock is the default: the Timestamp is now, in milliseconds.
#[tokio::test]
async fn the_default_clock_sends_milliseconds_now() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(signed_only(fixture("get_balance.response.json")))
        .mount(&server)
        .await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    paygen::payin_payout::Client::from_config(config(&server.uri()))
        .unwrap()
        .get_balance()
        .send()
        .await
        .unwrap();
    let after = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let req = only_request(&server).await;
    let ts: u64 = header(&req, "Timestamp").unwrap().parse().unwrap();
    assert!(before <= ts && ts <= after, "{before} <= {ts} <= {after}");
    check_signed(&req, "").unwrap();
}

/// PP-3's switch: with `GetBodyLine::Empty` a GET is signed over an empty body line.
#[tokio::test]
async fn the_get_body_line_can_be_switched_to_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("get_balance.response.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let c = client_at(
        &server.uri(),
        HmacAuth::new()
            .with_clock(|| T0)
            .with_get_body_line(GetBodyLine::Empty),
    );
    c.get_balance().send().await.unwrap();
    let req = only_request(&server).await;
    let message = "GET\napi/v1/balance\n\n1790431844701\n";
    assert_eq!(
        header(&req, "Signature"),
        Some(hmac_hex(SECRET, message.as_bytes()).as_str())
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_stand_in_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(signed_only(fixture("get_balance.response.json")))
        .mount(&server)
        .await;
    let config = Config::new(
        Environment::custom(server.uri()),
        Credentials::hmac(ACCESS_KEY, "not-the-secret"),
    );
    let c = paygen::payin_payout::Client::from_config_with_auth(
        config,
        HmacAuth::new().with_clock(|| T0),
    )
    .unwrap();
    let err = c.get_balance().send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 401);
    assert_eq!(api.message, "Invalid signature.");
    assert!(
        api.note
            .as_deref()
            .unwrap()
            .contains("Timestamp 1790431844701"),
        "{err}"
    );
    assert!(!format!("{err} {err:?}").contains("not-the-secret"));
}

#[test]
fn the_base_url_is_required_and_the_error_says_why() {
    for env in [Environment::Sandbox, Environment::Production] {
        let err = paygen::payin_payout::Client::from_config(Config::new(
            env,
            Credentials::hmac(ACCESS_KEY, SECRET),
        ))
        .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("own base URL") && text.contains("Environment::custom"),
            "{text}"
        );
    }
    for bad in ["not a url", "ftp://host/x", "https://host/x?y=1"] {
        let err = paygen::payin_payout::Client::from_config(Config::new(
            Environment::Custom(bad.into()),
            Credentials::hmac(ACCESS_KEY, SECRET),
        ))
        .unwrap_err();
        assert!(
            matches!(err, Error::Config(_)) && err.to_string().contains(bad),
            "{err}"
        );
    }
}

#[test]
fn hmac_credentials_are_required() {
    let cases = [
        (Credentials::merchant("id", "secret"), "Credentials::hmac"),
        (Credentials::None, "Credentials::hmac"),
        (Credentials::hmac("", SECRET), "access key is empty"),
        (Credentials::hmac(ACCESS_KEY, ""), "secret key is empty"),
    ];
    for (creds, words) in cases {
        let err = paygen::payin_payout::Client::from_config(Config::new(
            Environment::custom("https://pp.example.com"),
            creds,
        ))
        .unwrap_err();
        assert!(
            matches!(err, Error::Config(_)) && err.to_string().contains(words),
            "{err}"
        );
        assert!(!err.to_string().contains(SECRET));
    }
}

#[test]
fn secrets_never_print() {
    let config = config("https://pp.example.com");
    let c = paygen::payin_payout::Client::from_config(config.clone()).unwrap();
    for text in [
        format!("{config:?}"),
        format!("{:?}", c.runtime()),
        format!("{:?}", HmacAuth::new()),
    ] {
        assert!(!text.contains(SECRET), "{text}");
    }
}
