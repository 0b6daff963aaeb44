//! Payouts v1 and Cashgram on the mock, through `paygen::payouts_v1`: tokens that expire by the
//! mock's clock, and Cashgrams that move ACTIVE → PENDING → REDEEMED, expire after their link
//! day, or are deactivated; every error in the v1 envelope with its documented sub-code.

use std::time::Duration;

use paygen::mock::{MockEvent, MockOptions, MockServer};
use paygen::payouts::CreateOutcome;
use paygen::payouts_v1::enums::{CashgramExpiryReason, CashgramStatus};
use paygen::payouts_v1::{types, Client, ErrorKind, NaiveDate, NewCashgram};
use serde_json::Value;

use crate::framework::http;

fn client(mock: &MockServer) -> Client {
    Client::from_config(mock.payouts_v1_config()).unwrap()
}

/// Today in India, as Cashfree counts a link's days, by the mock's clock.
fn today(mock: &MockServer) -> NaiveDate {
    mock.clock().now_ist().date_naive()
}

fn cashgram(mock: &MockServer, id: &str, days: i64) -> NewCashgram {
    NewCashgram::new(
        id,
        "100.50".parse().unwrap(),
        "John Doe",
        "9876543210",
        today(mock) + chrono::Duration::days(days),
    )
    .remarks("sample cashgram")
    .notify_customer(false)
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

/// Creates a Cashgram that must be new.
async fn create(client: &Client, c: NewCashgram) {
    let outcome = client.create_cashgram_exactly_once(c).await.unwrap();
    assert!(matches!(outcome, CreateOutcome::Created(_)), "{outcome:?}");
}

fn count(mock: &MockServer, operation: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.operation_id == Some(operation))
        .count()
}

fn sub_code(e: &paygen::Error) -> (u16, String, String) {
    let api = e
        .as_api()
        .unwrap_or_else(|| panic!("not an API error: {e:?}"));
    (
        api.status,
        api.code.clone().unwrap_or_default(),
        api.message.clone(),
    )
}

fn next_event(events: &mut tokio::sync::broadcast::Receiver<MockEvent>) -> MockEvent {
    events.try_recv().expect("an event was published")
}

#[tokio::test]
async fn tokens_expire_with_the_mock_clock_and_the_client_gets_a_new_one() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let ok = client.payouts_verify_token().send().await.unwrap();
    assert_eq!(ok.sub_code.as_deref(), Some("200"));
    assert_eq!(ok.message.as_deref(), Some("Token is valid"));
    assert_eq!(count(&mock, "payouts_authorize"), 1);

    // Past the 300 s lifetime by the mock's clock: the cached token is refused with sub-code
    // 403, and the client authorizes again and repeats the call once.
    mock.clock().advance(Duration::from_secs(301));
    let again = client.payouts_verify_token().send().await.unwrap();
    assert_eq!(again.sub_code.as_deref(), Some("200"));
    assert_eq!(count(&mock, "payouts_authorize"), 2);
    let verifies: Vec<u16> = mock
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("payouts_verify_token"))
        .map(|r| r.status)
        .collect();
    assert_eq!(verifies, vec![200, 403, 200]);
}

#[tokio::test]
async fn the_token_lifetime_is_configurable_and_a_missing_token_gets_412() {
    let mock =
        MockServer::start_with(MockOptions::default().with_token_ttl(Duration::from_secs(60)))
            .await
            .unwrap();
    let auth = client(&mock).payouts_authorize().send().await.unwrap();
    let data = auth.into_inner().data.unwrap();
    let lifetime = data.expiry.unwrap() - mock.clock().unix_seconds();
    assert!((59..=60).contains(&lifetime), "{lifetime}");

    let missing = http()
        .get(format!(
            "{}/payout/v1/getCashgramStatus?cashgramId=JOHaN10",
            mock.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 412);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["status"], "ERROR");
    assert_eq!(body["subCode"], "412");
    assert_eq!(body["message"], "Token missing in the request");
}

#[tokio::test]
async fn a_cashgram_is_created_active_redeemed_by_the_recipient_and_settles_by_the_clock() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let mut events = mock.events();
    let created = match client
        .create_cashgram_exactly_once(cashgram(&mock, "JOHaN10", 7))
        .await
        .unwrap()
    {
        CreateOutcome::Created(c) => c,
        other => panic!("expected Created, got {other:?}"),
    };
    assert_eq!(created.message.as_deref(), Some("Cashgram Created"));
    let data = created.into_inner().data.unwrap();
    let reference = data.reference_id.unwrap();
    assert!(data.cashgram_link.unwrap().ends_with(reference.as_str()));

    let active = status(&client, "JOHaN10").await;
    assert_eq!(active.cashgram_status, Some(CashgramStatus::Active));
    assert_eq!(active.reference_id, Some(reference.clone()));
    assert_eq!(active.cashgram_id.as_deref(), Some("JOHaN10"));
    assert!(active.redeem_ref_id.is_none());

    // Redemption is the recipient's act: the control API performs it.
    let redeemed = mock.control("POST", "/payouts-v1/cashgrams/JOHaN10/redeem", b"");
    assert_eq!(redeemed.status, 200);
    let pending = status(&client, "JOHaN10").await;
    assert_eq!(pending.cashgram_status, Some(CashgramStatus::Pending));
    let redeem_ref = pending.redeem_ref_id.unwrap();

    mock.clock().advance(Duration::from_secs(
        paygen::mock::state::payouts_v1::REDEMPTION_SETTLES_AFTER_SECS as u64,
    ));
    let done = status(&client, "JOHaN10").await;
    assert_eq!(done.cashgram_status, Some(CashgramStatus::Redeemed));
    assert_eq!(done.redeem_ref_id, Some(redeem_ref));
    let event = next_event(&mut events);
    assert_eq!(event.event_type, "CASHGRAM_REDEEMED");
    assert_eq!(event.resource_id, "JOHaN10");

    // Neither a second redemption nor a deactivation touches a redeemed Cashgram.
    let twice = mock.control("POST", "/payouts-v1/cashgrams/JOHaN10/redeem", b"");
    assert_eq!(twice.status, 412);
    let e = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "JOHaN10".into(),
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::CashgramNotActive));
    let (http_status, code, message) = sub_code(&e);
    assert_eq!((http_status, code.as_str()), (412, "412"));
    assert_eq!(message, "Active cashgrams can only be deactivated");
}

#[tokio::test]
async fn a_cashgram_expires_when_its_link_expiry_day_has_passed() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let mut events = mock.events();
    create(&client, cashgram(&mock, "cg-soon", 1)).await;
    mock.clock().advance(Duration::from_secs(3 * 86_400));
    let expired = status(&client, "cg-soon").await;
    assert_eq!(expired.cashgram_status, Some(CashgramStatus::Expired));
    assert_eq!(
        expired.reason,
        Some(CashgramExpiryReason::ExceededExpiryDate)
    );
    assert_eq!(next_event(&mut events).event_type, "CASHGRAM_EXPIRED");

    let e = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "cg-soon".into(),
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::CashgramNotActive));
    assert_eq!(
        sub_code(&e).2,
        "Cashgram with id - cg-soon has already been Expired"
    );
    // The same control request over HTTP, answered in the v1 envelope.
    let redeem = http()
        .post(format!(
            "{}/__paygen/payouts-v1/cashgrams/cg-soon/redeem",
            mock.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(redeem.status(), 412);
    let body: Value = redeem.json().await.unwrap();
    assert_eq!(body["status"], "ERROR");
    assert_eq!(body["subCode"], "412");
    assert_eq!(
        status(&client, "cg-soon").await.cashgram_status,
        Some(CashgramStatus::Expired)
    );
}

#[tokio::test]
async fn a_link_is_redeemable_through_its_expiry_day_and_not_the_day_after() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    create(&client, cashgram(&mock, "cg-day", 1)).await;
    let created_on = today(&mock);
    // Move to the last minute of the expiry day (India time): still ACTIVE.
    let now = mock.clock().now_ist();
    let end_of_expiry_day = (created_on + chrono::Duration::days(1))
        .and_hms_opt(23, 59, 0)
        .unwrap();
    let to_go = end_of_expiry_day - now.naive_local();
    mock.clock()
        .advance(Duration::from_secs(to_go.num_seconds() as u64));
    assert_eq!(
        status(&client, "cg-day").await.cashgram_status,
        Some(CashgramStatus::Active)
    );
    mock.clock().advance(Duration::from_secs(120));
    assert_eq!(
        status(&client, "cg-day").await.cashgram_status,
        Some(CashgramStatus::Expired)
    );
}

#[tokio::test]
async fn deactivating_an_active_cashgram_ends_it_and_reads_expired() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    create(&client, cashgram(&mock, "cg-off", 5)).await;
    let off = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "cg-off".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(off.sub_code.as_deref(), Some("200"));
    assert_eq!(
        off.message.as_deref(),
        Some("Cashgram with id - cg-off successfully deactivated!")
    );
    // specs/DISCREPANCIES.md: Cashfree's lifecycle has no DEACTIVATED state; a deactivated
    // Cashgram reads EXPIRED, without a reason.
    let after = status(&client, "cg-off").await;
    assert_eq!(after.cashgram_status, Some(CashgramStatus::Expired));
    assert_eq!(after.reason, None);
    let again = client
        .deactivate_cashgram()
        .body(types::DeactivateCashgramRequest {
            cashgram_id: "cg-off".into(),
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(sub_code(&again).1, "412");
    let redeem = mock.control("POST", "/payouts-v1/cashgrams/cg-off/redeem", b"");
    assert_eq!(redeem.status, 412);
}

#[tokio::test]
async fn a_repeated_cashgram_id_gets_already_exists_and_the_helper_returns_the_existing_one() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let first: types::CreateCashgramRequest = cashgram(&mock, "cg-dup", 3).into();
    client
        .create_cashgram()
        .body(first.clone())
        .send()
        .await
        .unwrap();
    let e = client
        .create_cashgram()
        .body(first)
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::AlreadyExists));
    let (http_status, code, message) = sub_code(&e);
    assert_eq!((http_status, code.as_str()), (409, "409"));
    assert_eq!(message, "Cashgram with id cg-dup already exists");

    match client
        .create_cashgram_exactly_once(cashgram(&mock, "cg-dup", 3))
        .await
        .unwrap()
    {
        CreateOutcome::AlreadyExists(existing) => {
            assert_eq!(existing.cashgram_id.as_deref(), Some("cg-dup"));
            assert_eq!(existing.cashgram_status, Some(CashgramStatus::Active));
        }
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    assert_eq!(count(&mock, "create_cashgram"), 3);
}

#[tokio::test]
async fn a_lost_create_answer_is_resolved_by_looking_the_cashgram_up() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    // The answer is lost after the work is done: the mock's "commit, then fail" fault.
    mock.faults()
        .inject(paygen::mock::Fault::new(
            "create_cashgram",
            paygen::mock::FaultKind::CommitThenStatus { status: 520 },
        ))
        .unwrap();
    match client
        .create_cashgram_exactly_once(cashgram(&mock, "cg-lost", 3))
        .await
        .unwrap()
    {
        CreateOutcome::LookedUp(found) => {
            assert_eq!(found.cashgram_id.as_deref(), Some("cg-lost"));
            assert_eq!(found.cashgram_status, Some(CashgramStatus::Active));
        }
        other => panic!("expected LookedUp, got {other:?}"),
    }
    let creates: Vec<u16> = mock
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("create_cashgram"))
        .map(|r| r.status)
        .collect();
    assert_eq!(creates, vec![520], "sent once, never again");
}

#[tokio::test]
async fn unknown_ids_and_invalid_fields_get_the_v1_envelope_with_their_sub_codes() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let e = client
        .get_cashgram_status()
        .cashgram_id("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::NotFound));
    assert_eq!(sub_code(&e).2, "Cashgram with id nobody does not exists");

    let e = client
        .get_cashgram_status()
        .cashgram_id("not an id!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::InvalidRequest));
    assert_eq!(sub_code(&e).2, "Please provide a valid cashgram Id");

    // More than 30 days ahead (32, so a midnight between the two clocks cannot matter): the server's rule (the client checks only the format).
    let e = client
        .create_cashgram_exactly_once(cashgram(&mock, "cg-far", 32))
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::InvalidRequest));
    let (http_status, code, message) = sub_code(&e);
    assert_eq!((http_status, code.as_str()), (422, "422"));
    assert!(message.contains("linkExpiry"), "{message}");
    let e = client
        .get_cashgram_status()
        .cashgram_id("cg-far")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        ErrorKind::of(&e),
        Some(ErrorKind::NotFound),
        "nothing was created"
    );

    // A body that breaks the spec (remarks with punctuation), sent by hand past the client's
    // own check: the mock's validation answers in the v1 envelope with sub-code 422.
    let token = client
        .payouts_authorize()
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap()
        .token
        .unwrap();
    let answer = http()
        .post(format!("{}/payout/v1/createCashgram", mock.url()))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "cashgramId": "cg-bad", "amount": 1, "name": "A", "phone": "9876543210",
            "linkExpiry": today(&mock).format("%Y/%m/%d").to_string(),
            "remarks": "sample, cashgram"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 422);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["status"], "ERROR");
    assert_eq!(body["subCode"], "422");
    assert!(body["message"].as_str().unwrap().contains("remarks"));
}

#[tokio::test]
async fn reset_forgets_every_cashgram() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    create(&client, cashgram(&mock, "cg-reset", 3)).await;
    mock.reset();
    let e = client
        .get_cashgram_status()
        .cashgram_id("cg-reset")
        .send()
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of(&e), Some(ErrorKind::NotFound));
}
