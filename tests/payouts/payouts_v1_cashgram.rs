//! Cashgram (documents 002 and 003, and the reference's fields): the request as it travels, the
//! rules checked before sending, the lifecycle ACTIVE → PENDING → REDEEMED and ACTIVE → EXPIRED
//! read from status lookups, deactivation, and the discrepancy choices (P1–P3, P7–P12).
#![cfg(feature = "payouts")]

use crate::payouts_support as support;

use std::time::Duration;

use paygen::payouts::CreateOutcome;
use paygen::payouts_v1::enums::{CashgramExpiryReason, CashgramStatus, EnvelopeStatus};
use paygen::payouts_v1::{types, validate_cashgram, Client, ErrorKind, NaiveDate, NewCashgram};
use paygen::{Amount, Error};
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn johan() -> NewCashgram {
    NewCashgram::new(
        "JOHaN10",
        "1.00".parse().unwrap(),
        "John Doe",
        "9876543210",
        date(2020, 4, 1),
    )
    .email("johndoe@cashfree.com")
    .remarks("sample cashgram")
    .notify_customer(true)
}

async fn status_sequence(server: &MockServer, fixtures: &[&str]) {
    let answers = fixtures
        .iter()
        .map(|f| answer(200, v1_fixture(f)))
        .collect();
    Mock::given(method("GET"))
        .and(path(CASHGRAM_STATUS))
        .respond_with(Sequence::new(answers))
        .mount(server)
        .await;
}

async fn status(client: &Client, id: &str) -> types::CashgramStatusData {
    client
        .get_cashgram_status()
        .cashgram_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap()
}

#[tokio::test]
async fn the_create_request_travels_as_document_002_shows_it() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path(CREATE_CASHGRAM))
        .respond_with(answer(200, v1_fixture("create_cashgram.response.json")))
        .mount(&server)
        .await;
    let client = v1(&server);
    let outcome = client.create_cashgram_exactly_once(johan()).await.unwrap();
    let CreateOutcome::Created(created) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(created.status, Some(EnvelopeStatus::Success));
    assert_eq!(created.message.as_deref(), Some("Cashgram Created"));
    let data = created.data.clone().unwrap();
    assert_eq!(data.reference_id.as_deref(), Some("123456"));
    assert_eq!(
        data.cashgram_link.as_deref(),
        Some("http://csgr.am/abcdefg")
    );

    // P2: the path has one /payout/v1 prefix (003's doubled path is a typo).
    let sent = requests(&server, "POST", CREATE_CASHGRAM).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.path(), "/payout/v1/createCashgram");
    assert_eq!(header(&sent[0], "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(&sent[0], "content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        json!({"cashgramId": "JOHaN10", "amount": 1.00, "name": "John Doe", "email": "johndoe@cashfree.com",
               "phone": "9876543210", "linkExpiry": "2020/04/01", "remarks": "sample cashgram", "notifyCustomer": 1})
    );
    let text = String::from_utf8(sent[0].body.clone()).unwrap();
    assert!(
        text.contains(r#""amount":1.00"#),
        "the amount keeps its scale: {text}"
    );
}

/// P10: `notifyCustomer` is a bool in Rust and 1 / 0 on the wire; absent when not set.
#[test]
fn notify_customer_is_a_bool_sent_as_one_or_zero() {
    let wire =
        |c: NewCashgram| serde_json::to_value(types::CreateCashgramRequest::from(c)).unwrap();
    assert_eq!(
        wire(johan().notify_customer(true))["notifyCustomer"],
        json!(1)
    );
    assert_eq!(
        wire(johan().notify_customer(false))["notifyCustomer"],
        json!(0)
    );
    let mut unset = johan();
    unset.notify_customer = None;
    assert!(wire(unset).get("notifyCustomer").is_none());
    // The document's request keeps its `1` through the generated type.
    let doc: types::CreateCashgramRequest =
        serde_json::from_str(&v1_fixture("create_cashgram.request.json")).unwrap();
    assert_eq!(
        serde_json::to_value(&doc).unwrap()["notifyCustomer"],
        json!(1)
    );
}

#[tokio::test]
async fn a_notify_customer_other_than_zero_or_one_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = v1(&server);
    let mut raw = types::CreateCashgramRequest::from(johan());
    raw.notify_customer = Some(2);
    let err = client
        .create_cashgram()
        .body(raw.clone())
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("notifyCustomer"));
    let err = client.create_cashgram_exactly_once(raw).await.unwrap_err();
    assert!(err.to_string().contains("must be 0 or 1"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn remarks_with_punctuation_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    let client = v1(&server);
    let bad = johan().remarks("sample, cashgram!");
    let err = client
        .create_cashgram_exactly_once(bad.clone())
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("remarks"));
    assert!(
        v.message.contains("letters, digits and whitespace") && v.message.contains('`'),
        "{v}"
    );
    // The generated call refuses it too, through the spec's pattern.
    let err = client.create_cashgram().body(bad).send().await.unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("remarks"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "not even a token was fetched"
    );
    // Letters, digits and whitespace (tabs, newlines) pass.
    assert!(johan()
        .remarks("Salary July 2024\tbonus\n")
        .validate()
        .is_ok());
}

/// P7: the samples send the amount as a JSON string ("1", "1.00"); both read exactly, and an
/// amount under 1.00 is refused.
#[test]
fn documented_request_samples_read_exactly_and_small_amounts_are_refused() {
    for (file, amount) in [
        ("create_cashgram.request.json", "1"),
        ("create_cashgram.request-curl.json", "1.00"),
    ] {
        let doc: types::CreateCashgramRequest = serde_json::from_str(&v1_fixture(file)).unwrap();
        assert_eq!(doc.amount.to_string(), amount, "{file}");
        validate_cashgram(&doc).unwrap();
    }
    let small = NewCashgram {
        amount: "0.99".parse::<Amount>().unwrap(),
        ..johan()
    };
    assert_eq!(
        small.validate().unwrap_err().field.as_deref(),
        Some("amount")
    );
}

/// P8: ids of up to 36 letters, digits, `_` and `-`.
#[test]
fn cashgram_ids_up_to_36_characters_pass() {
    for id in ["JOHaN10", "cf6", "javasdk-test2", &"a".repeat(36)] {
        assert!(
            NewCashgram {
                cashgram_id: id.to_string(),
                ..johan()
            }
            .validate()
            .is_ok(),
            "{id}"
        );
    }
    for id in [
        "a".repeat(37),
        String::new(),
        "has space".into(),
        "dot.ted".into(),
    ] {
        let e = NewCashgram {
            cashgram_id: id.clone(),
            ..johan()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("cashgramId"), "{id:?}");
    }
}

/// P9: `YYYY/MM/DD` from a date; the guide's one-digit `2019/11/9` passes the check, ISO dashes
/// do not.
#[tokio::test]
async fn link_expiry_is_written_yyyy_mm_dd() {
    let wire = types::CreateCashgramRequest::from(NewCashgram {
        link_expiry: date(2019, 11, 9),
        ..johan()
    });
    assert_eq!(wire.link_expiry, "2019/11/09");
    let guide: types::CreateCashgramRequest =
        serde_json::from_str(&v1_fixture("create_cashgram.request-guide.json")).unwrap();
    assert_eq!(guide.link_expiry, "2019/11/9");
    validate_cashgram(&guide).unwrap();
    let iso = types::CreateCashgramRequest {
        link_expiry: "2020-04-01".into(),
        ..wire.clone()
    };
    assert_eq!(
        validate_cashgram(&iso).unwrap_err().field.as_deref(),
        Some("linkExpiry")
    );
    let server = MockServer::start().await;
    let err = v1(&server)
        .create_cashgram()
        .body(iso)
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.field.as_deref(), Some("linkExpiry"));
}

#[tokio::test]
async fn a_cashgram_goes_active_pending_redeemed() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    status_sequence(
        &server,
        &[
            "get_cashgram_status.response.json",
            "get_cashgram_status.response-pending.json",
            "get_cashgram_status.response-redeemed.json",
        ],
    )
    .await;
    let client = v1(&server);
    let active = status(&client, "JOHaN10").await;
    assert_eq!(active.cashgram_status, Some(CashgramStatus::Active));
    assert_eq!(active.redeem_ref_id, None);
    assert_eq!(
        active.cashgram_link.as_deref(),
        Some("http://csgr.am/abcdefg")
    );
    let pending = status(&client, "JOHaN10").await;
    assert_eq!(pending.cashgram_status, Some(CashgramStatus::Pending));
    assert_eq!(pending.redeem_ref_id.as_deref(), Some("123456789"));
    let redeemed = status(&client, "JOHaN10").await;
    assert_eq!(redeemed.cashgram_status, Some(CashgramStatus::Redeemed));
    assert_eq!(redeemed.redeem_ref_id.as_deref(), Some("123456789"));
    assert_eq!(redeemed.reference_id.as_deref(), Some("123456"));
    assert_eq!(redeemed.reason, None);
}

#[tokio::test]
async fn a_cashgram_goes_active_expired_and_can_no_longer_be_deactivated() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    status_sequence(
        &server,
        &[
            "get_cashgram_status.response.json",
            "get_cashgram_status.response-expired.json",
            "get_cashgram_status.response-guide.json",
        ],
    )
    .await;
    Mock::given(method("POST"))
        .and(path(DEACTIVATE))
        .respond_with(answer(
            200,
            v1_fixture("deactivate_cashgram.error-412.json"),
        ))
        .mount(&server)
        .await;
    let client = v1(&server);
    assert_eq!(
        status(&client, "JOHaN10").await.cashgram_status,
        Some(CashgramStatus::Active)
    );
    let expired = status(&client, "JOHaN10").await;
    assert_eq!(expired.cashgram_status, Some(CashgramStatus::Expired));
    assert_eq!(
        expired.reason,
        Some(CashgramExpiryReason::ExceededExpiryDate)
    );
    // P12: the guide's sample has no message and only status and reason in data.
    let answer = client
        .get_cashgram_status()
        .cashgram_id("cf11")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.message, None);
    let guide = answer.data.unwrap();
    assert_eq!(guide.cashgram_status, Some(CashgramStatus::Expired));
    assert_eq!(
        guide.reason,
        Some(CashgramExpiryReason::TransferAttemptsExceeded)
    );
    assert_eq!(guide.cashgram_id, None);

    let err = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "JOHaN10".into(),
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&err), Some(ErrorKind::CashgramNotActive));
    assert_eq!(
        err.as_api().unwrap().message,
        "Cashgram with id - JOHaN10 has already been Expired"
    );
}

/// P1: deactivation is a POST with a JSON body `{cashgramId}` and no query string (002's GET
/// with a query is the older form).
#[tokio::test]
async fn deactivate_is_a_post_with_a_json_body() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path(DEACTIVATE))
        .respond_with(answer(200, v1_fixture("deactivate_cashgram.response.json")))
        .mount(&server)
        .await;
    let client = v1(&server);
    let done = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "JOHaN10".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(
        done.message.as_deref(),
        Some("Cashgram with id - JOHaN10 successfully deactivated!")
    );
    let sent = &requests(&server, "POST", DEACTIVATE).await[0];
    assert_eq!(sent.url.query(), None);
    assert_eq!(
        serde_json::from_slice::<Value>(&sent.body).unwrap(),
        json!({"cashgramId": "JOHaN10"})
    );
    assert_eq!(header(sent, "authorization"), Some("Bearer tok-1"));
    // P8: deactivation takes every id creation takes, and nothing longer.
    let err = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "a".repeat(37),
        })
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(count(&server, "POST", DEACTIVATE).await, 1);
}

/// P11: statuses outside the documented six (a deactivated Cashgram's, say) are kept.
#[test]
fn unknown_cashgram_statuses_are_kept() {
    let data: types::CashgramStatusData = serde_json::from_str(
        r#"{"cashgramStatus":"DEACTIVATED","reason":"SOMETHING_NEW","referenceId":"77"}"#,
    )
    .unwrap();
    assert_eq!(
        data.cashgram_status,
        Some(CashgramStatus::Unknown("DEACTIVATED".into()))
    );
    assert_eq!(
        data.reason,
        Some(CashgramExpiryReason::Unknown("SOMETHING_NEW".into()))
    );
    assert_eq!(
        data.reference_id.as_deref(),
        Some("77"),
        "referenceId read as a string too"
    );
    for known in [
        "ACTIVE", "PENDING", "REDEEMED", "EXPIRED", "FAILED", "REVERSED",
    ] {
        assert!(CashgramStatus::from(known).is_known(), "{known}");
    }
}

/// referenceId and redeemRefId arrive as JSON numbers (or strings); every 64-bit value is kept
/// digit for digit.
#[test]
fn reference_ids_are_read_exactly() {
    let data: types::CashgramStatusData =
        serde_json::from_str(r#"{"referenceId":18446744073709551615,"redeemRefId":"123456789"}"#)
            .unwrap();
    assert_eq!(data.reference_id.as_deref(), Some("18446744073709551615"));
    assert_eq!(data.redeem_ref_id.as_deref(), Some("123456789"));
    let created: types::CreateCashgramResponse =
        serde_json::from_str(&v1_fixture("create_cashgram.response-guide.json")).unwrap();
    assert_eq!(created.data.unwrap().reference_id.as_deref(), Some("3645"));
}

/// P3: the token check is `/payout/v1/verifyToken`.
#[tokio::test]
async fn verify_token_path() {
    let server = MockServer::start().await;
    mount_authorize(&server, &[300], Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path("/payout/v1/verifyToken"))
        .respond_with(answer(
            200,
            v1_fixture("payouts_verify_token.response.json"),
        ))
        .mount(&server)
        .await;
    v1(&server).payouts_verify_token().send().await.unwrap();
}
