//! The fault matrix: every family × every fault, on a call that may be repeated (retried when
//! safe) and, where the family has one, a call that moves money (never repeated; ambiguous
//! whenever the request may have reached the server).

use std::time::Duration;

use futures::future::BoxFuture;
use paygen::{Config, Credentials, Environment, Error, RetryConfig};

use crate::server::{start, Envelope, Fault};

const ATTEMPTS: u32 = 3;
/// The client's total timeout: what the stalling server runs into. Every case runs at once, so
/// the matrix takes about `ATTEMPTS × TIMEOUT` however many cases there are; the margin is for a
/// loaded 2-core CI machine, where a prompt answer must never be read as a timeout.
const TIMEOUT: Duration = Duration::from_millis(1500);

fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn config(url: &str, credentials: Credentials) -> Config {
    Config::new(Environment::custom(url), credentials)
        .with_timeout(TIMEOUT)
        .with_retry(
            RetryConfig::default()
                .with_max_attempts(ATTEMPTS)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
                .with_max_rate_limit_wait(Duration::from_secs(2)),
        )
}

fn merchant(url: &str) -> Config {
    config(
        url,
        Credentials::merchant("TEST_APP_ID", "cfsk_ma_test_SECRET"),
    )
}

fn hmac(url: &str) -> Config {
    config(
        url,
        Credentials::hmac("ACCESS_KEY_faults", "hmac-secret-faults"),
    )
}

type Call = fn(String) -> BoxFuture<'static, Result<(), Error>>;

/// One family's calls and how its API says "error" inside a 200.
struct Family {
    name: &'static str,
    /// A call that may be repeated (a GET).
    safe: Call,
    /// A call that moves money, where the family has one.
    money: Option<Call>,
    envelope: Option<Envelope>,
}

fn families() -> Vec<Family> {
    vec![
        Family {
            name: "pg",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::pg::Client::from_config(merchant(&url))?;
                    c.get_order().order_id("o-1").send().await.map(drop)
                })
            },
            money: Some(|url| {
                Box::pin(async move {
                    let c = paygen::pg::Client::from_config(merchant(&url))?;
                    let body: paygen::pg::types::OrderCreateRefundRequest =
                        serde_json::from_str(&fixture("cashfree-pg/create_refund.request.json"))
                            .unwrap();
                    c.create_refund()
                        .order_id("o-1")
                        .body(body)
                        .send()
                        .await
                        .map(drop)
                })
            }),
            envelope: None,
        },
        Family {
            name: "payouts_v1",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::payouts_v1::Client::from_config(merchant(&url))?;
                    c.get_cashgram_status()
                        .cashgram_id("cg-1")
                        .send()
                        .await
                        .map(drop)
                })
            },
            money: None,
            envelope: Some(Envelope::StatusError),
        },
        Family {
            name: "payouts_v2",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::payouts_v2::Client::from_config(merchant(&url))?;
                    c.get_transfer_status()
                        .transfer_id("t-1")
                        .send()
                        .await
                        .map(drop)
                })
            },
            money: Some(|url| {
                Box::pin(async move {
                    let c = paygen::payouts_v2::Client::from_config(merchant(&url))?;
                    let body: paygen::payouts_v2::types::CreateTransferRequest =
                        serde_json::from_str(&fixture(
                            "cashfree-payouts-v2/create_transfer.request.json",
                        ))
                        .unwrap();
                    c.create_transfer().body(body).send().await.map(drop)
                })
            }),
            envelope: None,
        },
        Family {
            name: "flowwise",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::flowwise::Client::from_config(merchant(&url))?;
                    c.flowwise_get_order()
                        .order_id("o-1")
                        .send()
                        .await
                        .map(drop)
                })
            },
            money: None,
            envelope: None,
        },
        Family {
            name: "collect_from_india",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::collect_from_india::Client::from_config(merchant(&url))?;
                    c.get_import_settlement()
                        .order_id("o-1")
                        .send()
                        .await
                        .map(drop)
                })
            },
            money: None,
            envelope: None,
        },
        Family {
            name: "global_collections",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::global_collections::Client::from_config(merchant(&url))?;
                    c.gc_get_collection_accounts().send().await.map(drop)
                })
            },
            money: None,
            envelope: Some(Envelope::StatusError),
        },
        Family {
            name: "oneescrow",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::oneescrow::Client::from_config(merchant(&url))?;
                    c.escrow_get_fund_source()
                        .payment_instrument_id("pi-1")
                        .send()
                        .await
                        .map(drop)
                })
            },
            money: None,
            envelope: Some(Envelope::StatusError),
        },
        Family {
            name: "bbps",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::bbps::Client::from_config(merchant(&url))?;
                    c.get_bbps_transaction_status()
                        .bbps_transaction_id("b-1")
                        .send()
                        .await
                        .map(drop)
                })
            },
            money: None,
            envelope: None,
        },
        Family {
            name: "payin_payout",
            safe: |url| {
                Box::pin(async move {
                    let c = paygen::payin_payout::Client::from_config(hmac(&url))?;
                    c.get_balance().send().await.map(drop)
                })
            },
            money: Some(|url| {
                Box::pin(async move {
                    let c = paygen::payin_payout::Client::from_config(hmac(&url))?;
                    let body: paygen::payin_payout::types::PayoutInitiateRequest =
                        serde_json::from_str(&fixture("payin-payout/initiate_payout.request.json"))
                            .unwrap();
                    c.initiate_payout().body(body).send().await.map(drop)
                })
            }),
            envelope: Some(Envelope::SuccessFalse),
        },
    ]
}

/// What a case must end in.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Kind {
    Api(u16),
    Decode,
    Transport { timeout: bool },
}

fn kind_of(e: &Error) -> Option<Kind> {
    match e {
        Error::Api(a) => Some(Kind::Api(a.status)),
        Error::Decode(_) => Some(Kind::Decode),
        Error::Transport(t) => Some(Kind::Transport { timeout: t.timeout }),
        _ => None,
    }
}

struct Expect {
    requests: usize,
    kind: Kind,
    ambiguous: bool,
    retryable: bool,
}

/// What a fault must give on a call that may be repeated.
fn on_safe_call(fault: Fault) -> Expect {
    let n = ATTEMPTS as usize;
    let (requests, kind, retryable) = match fault {
        Fault::RateLimitedWithHeaders => (n, Kind::Api(429), true),
        Fault::RateLimitedWithoutHeaders => (1, Kind::Api(429), true),
        Fault::Unavailable => (n, Kind::Api(503), true),
        Fault::Html | Fault::Empty | Fault::WrongShape => (1, Kind::Decode, false),
        Fault::Truncated | Fault::ResetMidBody => (n, Kind::Transport { timeout: false }, true),
        Fault::Stall => (n, Kind::Transport { timeout: true }, true),
        Fault::ErrorEnvelope(_) => (1, Kind::Api(200), false),
    };
    Expect {
        requests,
        kind,
        ambiguous: false,
        retryable,
    }
}

/// What a fault must give on a call that moves money: sent once; ambiguous whenever the
/// request may have been processed and the answer leaves it open.
fn on_money_call(fault: Fault) -> Expect {
    let (kind, ambiguous, retryable) = match fault {
        // Refused unprocessed: certain, and fine to send again later.
        Fault::RateLimitedWithHeaders | Fault::RateLimitedWithoutHeaders => {
            (Kind::Api(429), false, true)
        }
        Fault::Unavailable => (Kind::Api(503), true, false),
        Fault::Html | Fault::Empty | Fault::WrongShape => (Kind::Decode, true, false),
        Fault::Truncated | Fault::ResetMidBody => (Kind::Transport { timeout: false }, true, false),
        Fault::Stall => (Kind::Transport { timeout: true }, true, false),
        // A refusal in the envelope: certain.
        Fault::ErrorEnvelope(_) => (Kind::Api(200), false, false),
    };
    Expect {
        requests: 1,
        kind,
        ambiguous,
        retryable,
    }
}

const FAULTS: [Fault; 9] = [
    Fault::RateLimitedWithHeaders,
    Fault::RateLimitedWithoutHeaders,
    Fault::Unavailable,
    Fault::Html,
    Fault::Empty,
    Fault::Truncated,
    Fault::WrongShape,
    Fault::ResetMidBody,
    Fault::Stall,
];

async fn run(family: &str, what: &str, call: Call, fault: Fault, expect: Expect) -> Vec<String> {
    let server = start(fault).await;
    let outcome = tokio::spawn(call(server.url.clone())).await;
    let at = format!("{family} {what} call, {fault:?}");
    let mut problems = Vec::new();
    let result = match outcome {
        Ok(result) => result,
        Err(panic) => return vec![format!("{at}: panicked: {panic}")],
    };
    let e = match result {
        Ok(()) => return vec![format!("{at}: succeeded")],
        Err(e) => e,
    };
    if kind_of(&e) != Some(expect.kind) {
        problems.push(format!("{at}: expected {:?}, got {e:?}", expect.kind));
    }
    if server.calls() != expect.requests {
        problems.push(format!(
            "{at}: {} requests sent, expected {}",
            server.calls(),
            expect.requests
        ));
    }
    if e.is_ambiguous() != expect.ambiguous {
        problems.push(format!(
            "{at}: is_ambiguous() is {}, expected {} ({e})",
            e.is_ambiguous(),
            expect.ambiguous
        ));
    }
    if e.is_retryable() != expect.retryable {
        problems.push(format!(
            "{at}: is_retryable() is {}, expected {} ({e})",
            e.is_retryable(),
            expect.retryable
        ));
    }
    if e.operation().is_empty() {
        problems.push(format!("{at}: the error names no operation: {e:?}"));
    }
    if e.attempts() as usize != expect.requests {
        problems.push(format!(
            "{at}: attempts() is {}, {} requests sent",
            e.attempts(),
            expect.requests
        ));
    }
    if !matches!(expect.kind, Kind::Transport { .. }) || !matches!(fault, Fault::Stall) {
        // Every answer that arrived keeps its status.
        if e.status().is_none() {
            problems.push(format!("{at}: no HTTP status kept: {e:?}"));
        }
    }
    // Display and Debug never fail and stay bounded.
    let shown = e.to_string();
    let _ = format!("{e:?}");
    if shown.len() > 2_000 {
        problems.push(format!("{at}: Display is {} bytes long", shown.len()));
    }
    problems
}

async fn matrix(pick: impl Fn(&Family) -> Vec<(&'static str, Call, Fault, Expect)>) {
    let mut cases = Vec::new();
    for family in families() {
        for (what, call, fault, expect) in pick(&family) {
            cases.push(tokio::spawn(run(family.name, what, call, fault, expect)));
        }
    }
    let mut problems = Vec::new();
    let n = cases.len();
    for case in cases {
        problems.extend(case.await.expect("the case itself does not panic"));
    }
    assert!(
        problems.is_empty(),
        "{} of {n} cases failed:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_family_on_a_call_that_may_be_repeated() {
    matrix(|f| {
        let mut faults: Vec<Fault> = FAULTS.to_vec();
        faults.extend(f.envelope.map(Fault::ErrorEnvelope));
        faults
            .into_iter()
            .map(|fault| ("safe", f.safe, fault, on_safe_call(fault)))
            .collect()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_family_on_a_call_that_moves_money() {
    matrix(|f| {
        let Some(money) = f.money else {
            return Vec::new();
        };
        let mut faults: Vec<Fault> = FAULTS.to_vec();
        faults.extend(f.envelope.map(Fault::ErrorEnvelope));
        faults
            .into_iter()
            .map(|fault| ("money", money, fault, on_money_call(fault)))
            .collect()
    })
    .await;
}

/// An answer larger than the configured limit is not read: a typed error naming the limit.
#[tokio::test]
async fn an_answer_over_the_size_limit_is_refused() {
    let server = start(Fault::WrongShape).await;
    let c =
        paygen::pg::Client::from_config(merchant(&server.url).with_max_response_body(4)).unwrap();
    let e = c.get_order().order_id("o-1").send().await.unwrap_err();
    match &e {
        Error::Decode(d) => {
            assert_eq!(d.limit, Some(4), "{e}");
            assert_eq!(d.status, Some(200));
            assert_eq!(d.operation, "get_order");
            assert!(d.request_id.is_some());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(e.to_string().contains("limit of 4 bytes"), "{e}");
}

/// An empty path parameter is refused before anything is sent, naming operation and field.
#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = start(Fault::Empty).await;
    let c = paygen::pg::Client::from_config(merchant(&server.url)).unwrap();
    let e = c.get_order().order_id("").send().await.unwrap_err();
    match &e {
        Error::Validation(v) => {
            assert_eq!(v.operation, "get_order");
            assert_eq!(v.field.as_deref(), Some("order_id"));
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(server.calls(), 0);
}

/// A builder field left unset is an error naming the operation and the field.
#[tokio::test]
async fn a_missing_builder_field_names_operation_and_field() {
    let server = start(Fault::Empty).await;
    let c = paygen::pg::Client::from_config(merchant(&server.url)).unwrap();
    let e = c.get_order().send().await.unwrap_err();
    match &e {
        Error::Validation(v) => {
            assert_eq!(v.operation, "get_order");
            assert_eq!(v.field.as_deref(), Some("order_id"));
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(server.calls(), 0);
}

/// A base URL that is not an absolute http(s) URL is refused when the client is built.
#[test]
fn a_bad_base_url_is_refused_when_the_client_is_built() {
    for bad in ["not a url", "ftp://host/pg", "/relative/pg", "http://"] {
        let e = paygen::pg::Client::from_config(merchant(bad)).expect_err(bad);
        assert!(matches!(e, Error::Config(_)), "{bad}: {e:?}");
        assert!(e.to_string().contains("base URL"), "{bad}: {e}");
    }
}
