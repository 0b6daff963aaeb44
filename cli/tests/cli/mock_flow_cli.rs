//! The tools together, as a developer runs them: `paygen mock` standalone, `paygen call` for one
//! operation of every family against it (auth, signing and the mock's state), and a payment on
//! the mock delivered, signed, to a `paygen listen` receiver through `--forward-to`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::{paygen, text, Listener};

/// A running `paygen mock`, killed when dropped.
struct Mock {
    child: Child,
    origin: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `paygen mock --port 0 args…` with the documented test pair and reads its banner.
fn start_mock(args: &[&str]) -> Mock {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paygen"))
        .arg("mock")
        .args(["--host", "127.0.0.1", "--port", "0"])
        .args(args)
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("paygen runs");
    let mut first = String::new();
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    reader.read_line(&mut first).expect("a banner");
    // Keep reading what it prints after the banner: a closed pipe would end the server.
    std::thread::spawn(move || {
        let mut sink = String::new();
        while reader.read_line(&mut sink).unwrap_or(0) > 0 {
            sink.clear();
        }
    });
    let origin = first
        .trim_end()
        .strip_prefix("paygen mock listening on ")
        .unwrap_or_else(|| panic!("first line: {first}"))
        .to_string();
    Mock { child, origin }
}

/// The credentials `paygen call` reads, for the mock's documented test pair; the Payouts public
/// key is the mock's TEST key, written to a file as a merchant keeps theirs.
///
/// The file is written once per test process: the tests run in parallel, and rewriting it
/// (truncate, then write) under a `paygen call` of another test let that call read it empty.
fn credentials() -> Vec<(&'static str, String)> {
    static KEY_FILE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let key = KEY_FILE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("paygen-cli-mock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key = dir.join("payouts_public_key.pem");
        std::fs::write(&key, paygen::mock::TEST_PAYOUT_PUBLIC_KEY_PEM).unwrap();
        key
    });
    let id = paygen::mock::auth::DEFAULT_CLIENT_ID.to_string();
    let secret = paygen::mock::auth::DEFAULT_CLIENT_SECRET.to_string();
    vec![
        ("CASHFREE_CLIENT_ID", id.clone()),
        ("CASHFREE_CLIENT_SECRET", secret.clone()),
        ("CASHFREE_PAYOUTS_PUBLIC_KEY", key.display().to_string()),
        ("PAYIN_PAYOUT_ACCESS_KEY", id),
        ("PAYIN_PAYOUT_SECRET_KEY", secret),
    ]
}

/// `paygen call OPERATION --env BASE args…`: (exit code, JSON answer on stdout, stderr).
fn call(base: &str, operation: &str, args: &[&str]) -> (i32, Value, String) {
    let (code, _, json, err) = call_raw(base, operation, args);
    (code, json, err)
}

/// [`call`] with the answer's text as printed, too.
fn call_raw(base: &str, operation: &str, args: &[&str]) -> (i32, String, Value, String) {
    let env = credentials();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut all = vec!["call", operation, "--env", base];
    all.extend_from_slice(args);
    let out = paygen(&all, &env, b"");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        json,
        text(&out.stderr),
    )
}

#[test]
fn paygen_call_reaches_every_family_of_a_running_mock() {
    let mock = start_mock(&[]);
    let o = mock.origin.as_str();
    let pg = format!("{o}/pg");

    // PG: the created order is in the mock's state and fetched back.
    let (code, order, err) = call(
        &pg,
        "create_order",
        &[
            "--body",
            r#"{"order_id":"cli_order_1","order_amount":10.50,"order_currency":"INR","customer_details":{"customer_id":"cli_customer_7","customer_phone":"9999999999"}}"#,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(order["order_status"], "ACTIVE", "{order}");
    let (code, raw, fetched, err) =
        call_raw(&pg, "get_order", &["--param", "order_id=cli_order_1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fetched["order_id"], "cli_order_1");
    assert!(
        raw.contains(r#""order_amount":10.50"#),
        "exact amount: {raw}"
    );

    // Payouts v1: the bearer token comes from `authorize`, signed with X-Cf-Signature.
    let (code, auth, err) = call(o, "payouts_authorize", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(auth["status"], "SUCCESS", "{auth}");
    assert!(auth["data"]["token"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));

    // Payouts v2 (signed): an unknown transfer is the documented 404, exit status 3.
    let payout = format!("{o}/payout");
    let (code, _, err) = call(
        &payout,
        "get_transfer_status",
        &["--param", "transfer_id=no_such_transfer"],
    );
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("404"), "{err}");

    // OneEscrow: the connected fund source the mock starts with.
    let (code, source, err) = call(
        &payout,
        "escrow_get_fund_source",
        &["--param", "paymentInstrumentId=escrow_fs_mock"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(source["data"]["paymentInstrumentId"], "escrow_fs_mock");

    // Flowwise (under its own prefix): a customer is created once; the second time is a 409.
    let flowwise = format!("{o}/flowwise/router");
    let customer = r#"{"customer_id":"cli_customer_1","scope":"PROJECT"}"#;
    let (code, _, err) = call(&flowwise, "flowwise_create_customer", &["--body", customer]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = call(&flowwise, "flowwise_create_customer", &["--body", customer]);
    assert_eq!(code, 3, "a repeated customer id is refused: {err}");
    assert!(err.contains("409"), "{err}");

    // Collect from India: an unknown payment has no verification (404).
    let (code, _, err) = call(
        o,
        "get_import_payment_verification",
        &["--param", "cf_payment_id=123456"],
    );
    assert_eq!(code, 3, "{err}");

    // Global Collections: the collection accounts, as the spec's typed page.
    let (code, accounts, err) = call(o, "gc_get_collection_accounts", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        accounts["data"]["vAccounts"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{accounts}"
    );

    // BBPS: no Cashfree API creates a bill payment, so an unknown one is a 404.
    let (code, _, err) = call(
        o,
        "get_bbps_transaction_status",
        &["--param", "bbps_transaction_id=unknown"],
    );
    assert_eq!(code, 3, "{err}");

    // Payin & Payout (HMAC over the exact bytes): the wallet the mock starts with.
    let (code, balance, err) = call(&format!("{o}/payin-payout"), "get_balance", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(balance["success"], true, "{balance}");
}

#[test]
fn a_payment_on_the_mock_reaches_paygen_listen_verified() {
    let secret = paygen::mock::auth::DEFAULT_CLIENT_SECRET;
    let listener = Listener::start(&["--secret-stdin"], &[], format!("{secret}\n").as_bytes());
    let mock = start_mock(&["--forward-to", &listener.url]);
    let pg = format!("{}/pg", mock.origin);

    let (code, order, err) = call(
        &pg,
        "create_order",
        &[
            "--body",
            r#"{"order_id":"cli_paid_1","order_amount":100.50,"order_currency":"INR","customer_details":{"customer_id":"cli_customer_7","customer_phone":"9999999999"}}"#,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let session = order["payment_session_id"].as_str().unwrap().to_string();
    // Cashfree's sandbox test UPI id pays at once on the mock.
    let pay = format!(
        r#"{{"payment_session_id":"{session}","payment_method":{{"upi":{{"channel":"collect","upi_id":"testsuccess@gocash"}}}}}}"#
    );
    let (code, _, err) = call(&pg, "pay_order", &["--body", &pay]);
    assert_eq!(code, 0, "{err}");

    let line = listener.next_delivery();
    assert!(line.starts_with("PAYMENT_SUCCESS_WEBHOOK"), "{line}");
    assert!(line.ends_with("verified"), "{line}");
}

/// `YYYY/MM/DD` of the UTC day `days` from now (Cashgram's `linkExpiry` format).
fn day_from_now(days: u64) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400 + days) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}/{month:02}/{day:02}")
}

/// A Cashgram redeemed on the mock reaches `paygen listen` as the form-encoded Payouts v1
/// webhook, signed in its body, and listen verifies it with `paygen::webhooks`.
#[test]
fn a_redeemed_cashgram_on_the_mock_reaches_paygen_listen_verified() {
    let secret = paygen::mock::auth::DEFAULT_CLIENT_SECRET;
    let listener = Listener::start(&["--secret-stdin"], &[], format!("{secret}\n").as_bytes());
    let mock = start_mock(&["--forward-to", &listener.url]);
    let body = format!(
        r#"{{"cashgramId":"cli_cg_1","amount":"100.50","name":"John Doe","phone":"9876543210","linkExpiry":"{}","notifyCustomer":0}}"#,
        day_from_now(5)
    );
    let (code, created, err) = call(&mock.origin, "create_cashgram", &["--body", &body]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(created["status"], "SUCCESS", "{created}");
    let redeemed = control(
        &mock.origin,
        "POST",
        "/payouts-v1/cashgrams/cli_cg_1/redeem",
        "",
    );
    assert!(!redeemed.is_null(), "the redeem control answered");
    // The mock settles the redemption on its clock: move it on past the settling time.
    let secs = paygen::mock::state::payouts_v1::REDEMPTION_SETTLES_AFTER_SECS + 1;
    control(
        &mock.origin,
        "POST",
        "/clock/advance",
        &format!(r#"{{"seconds":{secs}}}"#),
    );
    let (code, _, err) = call(
        &mock.origin,
        "get_cashgram_status",
        &["--param", "cashgramId=cli_cg_1"],
    );
    assert_eq!(code, 0, "{err}");
    let line = listener.next_delivery();
    assert!(
        line.starts_with("CASHGRAM_REDEEMED cashfree-payouts-v1 "),
        "{line}"
    );
    assert!(line.ends_with("verified"), "{line}");
}

/// `METHOD origin/__paygen<path>` with a JSON body: the mock's control API.
fn control(origin: &str, method: &str, path: &str, body: &str) -> Value {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = paygen::tls::http_client(std::time::Duration::from_secs(20)).unwrap();
        let url = format!("{origin}/__paygen{path}");
        let request = match method {
            "POST" => http.post(url).body(body.to_string()),
            _ => http.get(url),
        };
        let answer = request
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap();
        let bytes = answer.bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    })
}

#[test]
fn paygen_call_looks_up_a_transfer_the_mock_committed_before_answering_500() {
    let mock = start_mock(&[]);
    let o = mock.origin.as_str();
    // "Commit, then 5xx": the document's case ("When you get a 5XX response, do not initiate
    // another transaction. Check the status").
    let armed = control(
        o,
        "POST",
        "/faults",
        r#"{"operation":"create_transfer","fault":{"kind":"commit_then_status","status":500}}"#,
    );
    assert_eq!(armed[0]["operation"], "create_transfer", "{armed}");
    let body = r#"{"transfer_id":"cli_once_1","transfer_amount":12.50,"beneficiary_details":{"beneficiary_id":"b_1","beneficiary_instrument_details":{"bank_account_number":"026291800001191","bank_ifsc":"HDFC0000001"}}}"#;
    let (code, raw, found, err) =
        call_raw(&format!("{o}/payout"), "create_transfer", &["--body", body]);
    assert_eq!(code, 5, "exit 5: committed, learned by the lookup; {err}");
    assert!(
        err.contains("create_transfer") && err.contains("get_transfer_status"),
        "{err}"
    );
    // The committed transfer, as get_transfer_status answers it, amount with its scale.
    assert_eq!(found["transfer_id"], "cli_once_1", "{raw}");
    assert!(raw.contains(r#""transfer_amount":12.50"#), "{raw}");
    assert!(found["status"].is_string(), "{raw}");
    // Exactly one create reached the mock, then one lookup.
    let log = control(o, "GET", "/requests", "");
    let ops: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["operation_id"].as_str())
        .collect();
    assert_eq!(
        ops.iter().filter(|op| **op == "create_transfer").count(),
        1,
        "{ops:?}"
    );
    assert_eq!(ops.last(), Some(&"get_transfer_status"), "{ops:?}");
}

#[test]
fn paygen_call_says_the_outcome_is_unknown_when_the_lookup_cannot_tell() {
    let mock = start_mock(&[]);
    let o = mock.origin.as_str();
    // The create is dropped before the mock does anything, and the lookup finds nothing:
    // neither "committed" nor "not committed" can be said.
    control(
        o,
        "POST",
        "/faults",
        r#"{"operation":"create_transfer","fault":{"kind":"status","status":502}}"#,
    );
    let body = r#"{"transfer_id":"cli_once_2","transfer_amount":1.00,"beneficiary_details":{"beneficiary_id":"b_1","beneficiary_instrument_details":{"bank_account_number":"026291800001191","bank_ifsc":"HDFC0000001"}}}"#;
    let (code, _, _, err) = call_raw(&format!("{o}/payout"), "create_transfer", &["--body", body]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("transfer_id=cli_once_2") && err.contains("create_transfer"),
        "names the id to look up: {err}"
    );
}

#[test]
fn trigger_against_a_running_mock_makes_each_event_from_state_and_paygen_listen_verifies_it() {
    use paygen::mock::auth::{DEFAULT_CLIENT_SECRET, DEFAULT_PARTNER_API_KEY};
    use paygen::mock::trigger::FROM_STATE;
    // The receiver holds the mock's secrets, from the environment.
    let env = [
        ("PAYGEN_WEBHOOK_SECRET", DEFAULT_CLIENT_SECRET),
        ("CASHFREE_PARTNER_API_KEY", DEFAULT_PARTNER_API_KEY),
    ];
    let listener = Listener::start(&[], &env, b"");
    let hook = format!("{}/webhooks/cashfree", listener.url);
    let mock = start_mock(&["--forward-to", &hook]);
    for event in FROM_STATE {
        // The mock's URL from the environment, as a developer exports it once.
        let out = paygen(
            &["trigger", event],
            &[("PAYGEN_MOCK_URL", mock.origin.as_str())],
            b"",
        );
        let stdout = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{event}: {stdout}{}",
            text(&out.stderr)
        );
        assert!(
            stdout.starts_with(&format!("triggered {event} on the mock at ")),
            "{stdout}"
        );
        assert!(stdout.contains("\ncreated "), "{stdout}");
        assert!(
            stdout.contains(&format!("delivered {event} to {hook}: HTTP 200 (attempt 1")),
            "{stdout}"
        );
        // The receiver saw it (after any side-effect events, e.g. the paid link's payment).
        let line = loop {
            let line = listener.next_delivery();
            if line.starts_with(&format!("{event} ")) {
                break line;
            }
        };
        if event.starts_with("payin.") || event.starts_with("payout.") {
            assert!(line.contains("unsigned"), "{line}");
        } else {
            assert!(line.ends_with(" verified"), "{event}: {line}");
        }
    }
}

#[test]
fn trigger_against_a_mock_also_delivers_to_its_own_forward_to_and_refuses_what_state_cannot_make() {
    let listener = Listener::start(
        &["--secret-stdin"],
        &[],
        format!("{}\n", paygen::mock::auth::DEFAULT_CLIENT_SECRET).as_bytes(),
    );
    let hook = format!("{}/hook", listener.url);
    let mock = start_mock(&[]);
    let o = mock.origin.as_str();
    let out = paygen(
        &[
            "trigger",
            "PAYMENT_LINK_EVENT",
            "--mock",
            o,
            "--forward-to",
            &hook,
        ],
        &[],
        b"",
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("created link trg_"), "{stdout}");
    assert!(
        stdout.contains("published PAYMENT_LINK_EVENT for trg_"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("delivered PAYMENT_LINK_EVENT to {hook}: HTTP 200")),
        "{stdout}"
    );
    // Only the event asked for goes to the trigger's own URL: the link event, verified.
    let line = listener.next_delivery();
    assert!(line.starts_with("PAYMENT_LINK_EVENT "), "{line}");
    assert!(line.ends_with(" verified"), "{line}");

    // An event no state change of the mock makes: refused with the reason, exit 3.
    let out = paygen(&["trigger", "DISPUTE_CLOSED", "--mock", o], &[], b"");
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot produce DISPUTE_CLOSED") && err.contains("without --mock"),
        "{err}"
    );
    // A mock with no endpoint: made, and said that nothing was delivered.
    let out = paygen(
        &["trigger", "PAYMENT_SUCCESS_WEBHOOK", "--mock", o],
        &[],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("no webhook endpoint"),
        "{}",
        text(&out.stderr)
    );
    // The mock signs: a secret given here is refused, naming the flag.
    let out = paygen(
        &[
            "trigger",
            "PAYMENT_SUCCESS_WEBHOOK",
            "--mock",
            o,
            "--secret",
            "s",
        ],
        &[],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--secret is for a standalone sample"));
    // No mock there: exit 4.
    let out = paygen(
        &[
            "trigger",
            "PAYMENT_SUCCESS_WEBHOOK",
            "--mock",
            "http://127.0.0.1:9",
        ],
        &[],
        b"",
    );
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
}
