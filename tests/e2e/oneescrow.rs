//! OneEscrow on the mock, through `paygen::oneescrow`: virtual accounts, allocations and
//! transfers that move real balances, and an account statement built from them whose cursor
//! pages the SDK's `pages()` / `entries()` walk exactly once.

use std::collections::HashSet;
use std::time::Duration;

use futures::TryStreamExt;
use paygen::mock::state::oneescrow::ESCROW_FUND_SOURCE_ID;
use paygen::mock::{Family, MockServer};
use paygen::oneescrow::{types, Client};
use paygen::Amount;
use serde_json::Value;

use crate::framework::http;

fn client(mock: &MockServer) -> Client {
    Client::from_config(mock.config_for(Family::OneEscrow)).unwrap()
}

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

async fn new_va(client: &Client, name: &str, prefix: Option<&str>) -> String {
    let answer = client
        .escrow_create_virtual_account()
        .body(types::EscrowCreateVirtualAccountRequest {
            display_name: name.into(),
            account_prefix: prefix.map(str::to_string),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.status.as_deref(), Some("SUCCESS"));
    answer.data.unwrap().payment_instrument_id.unwrap()
}

async fn allocate(client: &Client, va: &str, value: &str, recharge_id: Option<&str>) {
    let answer = client
        .escrow_allocate_funds()
        .body(types::EscrowRechargeRequest {
            amount: amount(value),
            payment_instrument_id: va.into(),
            recharge_id: recharge_id.map(str::to_string),
            utr: Some("UTR0001".into()),
            remarks: None,
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.status.as_deref(), Some("SUCCESS"));
    assert!(answer.data.unwrap().reference_id.is_some());
}

fn transfer(from: &str, to: &str, value: &str, id: Option<&str>) -> types::EscrowTransferRequest {
    types::EscrowTransferRequest {
        amount: amount(value),
        payment_instrument_id: Some(from.into()),
        recharge_account: None,
        to_payment_instrument_id: Some(to.into()),
        remarks: Some("split".into()),
        transfer_id: id.map(str::to_string),
    }
}

async fn balance(client: &Client, va: &str) -> String {
    let source = client
        .escrow_get_fund_source()
        .payment_instrument_id(va)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert_eq!(source.payment_instrument_id.as_deref(), Some(va));
    assert_eq!(source.available_balance, source.balance);
    source.balance.unwrap().to_string()
}

fn code(e: &paygen::Error) -> (u16, String) {
    let api = e
        .as_api()
        .unwrap_or_else(|| panic!("not an API error: {e:?}"));
    (api.status, api.message.clone())
}

#[tokio::test]
async fn virtual_accounts_allocations_and_transfers_move_exact_balances() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);

    // The first virtual account needs the bank's prefix; later ones reuse it.
    let e = client
        .escrow_create_virtual_account()
        .body(types::EscrowCreateVirtualAccountRequest {
            display_name: "Seller A".into(),
            account_prefix: None,
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e).0, 422);
    assert!(code(&e).1.contains("accountPrefix"));
    let a = new_va(&client, "Seller A", Some("CFES")).await;
    let b = new_va(&client, "Seller B", None).await;
    assert_ne!(a, b);
    let shown = client
        .escrow_get_fund_source()
        .payment_instrument_id(b.as_str())
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert!(shown.virtual_account_number.unwrap().starts_with("CFES"));
    assert_eq!(shown.display_name.as_deref(), Some("Seller B"));
    assert_eq!(balance(&client, &a).await, "0.00");

    allocate(&client, &a, "1000.50", Some("r-1")).await;
    assert_eq!(balance(&client, &a).await, "1000.50");
    let e = client
        .escrow_allocate_funds()
        .body(types::EscrowRechargeRequest {
            amount: amount("5"),
            payment_instrument_id: a.clone(),
            recharge_id: Some("r-1".into()),
            utr: None,
            remarks: None,
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e).0, 409, "a repeated rechargeId");
    assert_eq!(balance(&client, &a).await, "1000.50");

    let moved = client
        .escrow_transfer_funds()
        .body(transfer(&a, &b, "250.25", Some("t-1")))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(moved.data.unwrap().transfer_id.as_deref(), Some("t-1"));
    assert_eq!(balance(&client, &a).await, "750.25");
    assert_eq!(balance(&client, &b).await, "250.25");

    let e = client
        .escrow_transfer_funds()
        .body(transfer(&a, &b, "1", Some("t-1")))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e).0, 409, "a repeated transferId");
    let e = client
        .escrow_transfer_funds()
        .body(transfer(&b, &a, "250.26", None))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e).0, 422);
    assert!(code(&e).1.contains("250.25"), "{}", code(&e).1);
    assert_eq!(balance(&client, &a).await, "750.25");
    assert_eq!(balance(&client, &b).await, "250.25");

    let generated = client
        .escrow_transfer_funds()
        .body(transfer(&b, &a, "1.25", None))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(!generated.data.unwrap().transfer_id.unwrap().is_empty());
    assert_eq!(balance(&client, &b).await, "249.00");
    assert_eq!(balance(&client, &a).await, "751.50");

    // From Cashfree's internal recharge account, whose balance the mock does not keep.
    client
        .escrow_transfer_funds()
        .body(types::EscrowTransferRequest {
            payment_instrument_id: None,
            recharge_account: Some("RECHARGE01".into()),
            ..transfer(&a, &b, "1.00", Some("t-recharge"))
        })
        .send()
        .await
        .unwrap();
    assert_eq!(balance(&client, &b).await, "250.00");
    assert_eq!(balance(&client, &a).await, "751.50");

    let e = client
        .escrow_get_fund_source()
        .payment_instrument_id("va_none")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e).0, 404);
    // The connected escrow fund source is there from the start.
    assert_eq!(balance(&client, ESCROW_FUND_SOURCE_ID).await, "0.00");
}

#[tokio::test]
async fn the_statement_pages_walk_every_entry_exactly_once() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let start = mock.clock().unix_seconds() - 1;
    let a = new_va(&client, "A", Some("CFES")).await;
    let b = new_va(&client, "B", None).await;
    for n in 0..3 {
        allocate(&client, &a, "100.00", Some(&format!("r-{n}"))).await;
    }
    for n in 0..10 {
        let (from, to) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
        client
            .escrow_transfer_funds()
            .body(transfer(from, to, "10.10", Some(&format!("t-{n}"))))
            .send()
            .await
            .unwrap();
    }
    let end = mock.clock().unix_seconds() + 1;
    // 3 credits, then a debit and a credit per transfer.
    let pages: Vec<types::EscrowStatementPage> = client
        .account_statement(start, end)
        .limit(5)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.batches.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, vec![5, 5, 5, 5, 3]);
    assert_eq!(pages[0].prev_cursor.as_deref(), Some(""));
    assert!(pages[..4].iter().all(|p| p.has_next == Some(true)));
    assert_eq!(pages[4].has_next, Some(false));
    assert_eq!(pages[4].next_cursor.as_deref(), Some(""));

    let entries: Vec<_> = client
        .account_statement(start, end)
        .limit(5)
        .entries()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(entries.len(), 23);
    let ids: HashSet<&str> = entries
        .iter()
        .map(|e| e["entryId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 23, "every entry once");
    assert_eq!(entries[0]["type"], "CREDIT");
    assert_eq!(entries[0]["amount"], "100.00");
    assert_eq!(entries[3]["type"], "DEBIT");
    assert_eq!(entries[3]["transferId"], "t-0");
    assert_eq!(entries[3]["counterparty"], b.as_str());
    // The last entry is t-9's credit to A: 300 - 5×10.10 + 5×10.10.
    assert_eq!(entries[22]["paymentInstrumentId"], a.as_str());
    assert_eq!(entries[22]["balanceAfter"], "300.00");

    // One account's statement: B has a credit and a debit per pair of transfers.
    let of_b: Vec<_> = client
        .account_statement(start, end)
        .payment_instrument_id(b.as_str())
        .limit(3)
        .entries()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(of_b.len(), 10);
    assert!(of_b.iter().all(|e| e["paymentInstrumentId"] == b.as_str()));
    assert_eq!(of_b[9]["balanceAfter"], "0.00");

    // A window that ends before the entries sees none of them.
    let none: Vec<_> = client
        .account_statement(start - 100, start - 50)
        .entries()
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_cursor_keeps_its_place_while_entries_are_added_and_belongs_to_its_query() {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    let start = mock.clock().unix_seconds() - 1;
    let end = start + 3600;
    let a = new_va(&client, "A", Some("CFES")).await;
    for n in 0..4 {
        allocate(&client, &a, "1.00", Some(&format!("r-{n}"))).await;
    }
    let page = |cursor: Option<String>, limit: i64| {
        let mut call = client
            .escrow_get_account_statement()
            .start_time(start)
            .end_time(end)
            .limit(limit);
        if let Some(c) = cursor {
            call = call.cursor(c);
        }
        call.send()
    };
    let first = page(None, 3).await.unwrap().into_inner().data.unwrap();
    assert_eq!(first.batches.as_ref().unwrap().len(), 3);
    // Two more entries arrive between pages: the walk goes on where it was and sees them.
    mock.clock().advance(Duration::from_secs(10));
    allocate(&client, &a, "2.00", Some("r-late-1")).await;
    allocate(&client, &a, "2.00", Some("r-late-2")).await;
    let second = page(first.next_cursor.clone(), 3)
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    let second_entries = second.batches.clone().unwrap();
    let amounts: Vec<&Value> = second_entries.iter().map(|e| &e["amount"]).collect();
    assert_eq!(amounts, vec!["1.00", "2.00", "2.00"]);
    assert_eq!(second.has_next, Some(false));
    // prevCursor leads back to the first page.
    let back = page(second.prev_cursor.clone(), 3)
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert_eq!(back.batches, first.batches);

    // A cursor sent with another limit is refused, in the v1 envelope.
    let e = page(first.next_cursor.clone(), 2).await.unwrap_err();
    let (status, message) = code(&e);
    assert_eq!(status, 422);
    assert!(message.contains("cursor"), "{message}");
    assert!(message.contains("another query"), "{message}");
    // A made-up cursor is refused the same way, saying it is not one the mock gave.
    let e = page(Some("bm90LWEtY3Vyc29y".into()), 3).await.unwrap_err();
    let (status, message) = code(&e);
    assert_eq!(status, 422);
    assert!(message.contains("not a cursor this mock gave"), "{message}");
}

#[tokio::test]
async fn calls_without_a_good_token_get_the_v1_envelope() {
    let mock = MockServer::start().await.unwrap();
    let url = format!(
        "{}/payout/v1/fundsources/{ESCROW_FUND_SOURCE_ID}",
        mock.url()
    );
    let missing = http().get(&url).send().await.unwrap();
    assert_eq!(missing.status(), 412);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["status"], "ERROR");
    assert_eq!(body["subCode"], "412");
    let junk = http().get(&url).bearer_auth("junk").send().await.unwrap();
    assert_eq!(junk.status(), 403);
    let body: Value = junk.json().await.unwrap();
    assert_eq!(body["message"], "Token is not valid");

    // The client's token expires by the mock's clock and is renewed without the caller seeing.
    let client = client(&mock);
    assert_eq!(balance(&client, ESCROW_FUND_SOURCE_ID).await, "0.00");
    mock.clock().advance(Duration::from_secs(301));
    assert_eq!(balance(&client, ESCROW_FUND_SOURCE_ID).await, "0.00");
    let authorizations = mock
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("payouts_authorize"))
        .count();
    assert_eq!(authorizations, 2);
}
