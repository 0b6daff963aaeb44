//! `paygen trigger` and `paygen listen` over real sockets: every documented event, freshly
//! signed, verifies in `paygen listen`, in a receiver of the test's own, and with
//! `paygen webhook verify`.

use std::io::{Read, Write};
use std::net::TcpStream;

use paygen::webhooks::{samples, Verifier};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{paygen, text, Listener};

const SECRET: &str = "whsec_trigger_test_1";
const PARTNER_KEY: &str = "partner_key_test_2";

fn listed_events() -> Vec<String> {
    let out = paygen(&["trigger", "--list"], &[], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(str::to_string).collect()
}

fn is_payin_payout(event: &str) -> bool {
    event.starts_with("payin.") || event.starts_with("payout.")
}

#[test]
fn the_list_is_every_event_the_webhooks_module_knows() {
    let listed = listed_events();
    assert_eq!(listed, samples::events());
    // One per provider family of the documents, at least.
    for e in [
        "PAYMENT_SUCCESS_WEBHOOK",
        "PAYMENT_FAILED_WEBHOOK",
        "PAYMENT_USER_DROPPED_WEBHOOK",
        "DISPUTE_CREATED",
        "PAYMENT_LINK_EVENT",
        "PAYMENT_VERIFICATION_UPDATE",
        "ICA_SETTLEMENT_UPDATE",
        "INTERNATIONAL_PAYMENT_COLLECTED",
        "VIRTUAL_ACCOUNT_DETAILS",
        "payin.succeeded",
        "payout.failed",
    ] {
        assert!(listed.iter().any(|l| l == e), "{e} missing");
    }
}

#[test]
fn every_event_reaches_paygen_listen_verified() {
    // Secrets from the environment: neither process has one on its command line.
    let env = [
        ("PAYGEN_WEBHOOK_SECRET", SECRET),
        ("CASHFREE_PARTNER_API_KEY", PARTNER_KEY),
    ];
    let listener = Listener::start(&[], &env, b"");
    for event in listed_events() {
        let out = paygen(
            &[
                "trigger",
                &event,
                "--forward-to",
                &format!("{}/webhooks/cashfree", listener.url),
            ],
            &env,
            b"",
        );
        assert!(out.status.success(), "{event}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("HTTP 200"),
            "{}",
            text(&out.stdout)
        );
        let line = listener.next_delivery();
        assert!(line.starts_with(&format!("{event} ")), "{event}: {line}");
        if is_payin_payout(&event) {
            assert!(
                line.contains("payin-payout") && line.contains("unsigned"),
                "{line}"
            );
        } else {
            assert!(line.ends_with(" verified"), "{event}: {line}");
            assert!(line.contains("attempt=1"), "{line}");
        }
    }
}

#[test]
fn listen_says_why_a_delivery_does_not_verify_and_still_answers_200() {
    let listener = Listener::start(&["--secret-stdin"], &[], format!("{SECRET}\n").as_bytes());
    // Signed with another secret.
    let out = paygen(
        &[
            "trigger",
            "DISPUTE_CREATED",
            "--forward-to",
            &listener.url,
            "--secret",
            "another-secret",
        ],
        &[],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let line = listener.next_delivery();
    assert!(
        line.starts_with("DISPUTE_CREATED cashfree-disputes") && line.contains("NOT VERIFIED"),
        "{line}"
    );
    // No signature headers at all, by hand.
    let address = listener.url.trim_start_matches("http://");
    let body = br#"{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{"payment":{"cf_payment_id":"1"}}}"#;
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /hook HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let line = listener.next_delivery();
    assert!(
        line.starts_with("PAYMENT_SUCCESS_WEBHOOK cashfree-pg")
            && line.contains("NOT VERIFIED")
            && line.contains("x-webhook-signature"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_verifies_in_an_in_test_receiver_and_with_webhook_verify() {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let events = listed_events();
    for event in &events {
        // The secret on standard input.
        let out = paygen(
            &[
                "trigger",
                event,
                "--secret-stdin",
                "--forward-to",
                &format!("{}/in-test", receiver.uri()),
            ],
            &[],
            format!("{SECRET}\n").as_bytes(),
        );
        assert!(out.status.success(), "{event}: {}", text(&out.stderr));
    }
    let received = receiver.received_requests().await.unwrap();
    assert_eq!(received.len(), events.len());
    let dir = std::env::temp_dir().join(format!("paygen-trigger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let verifier = Verifier::new(SECRET);
    for (request, event) in received.iter().zip(&events) {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        assert_eq!(header("x-webhook-attempt").as_deref(), Some("1"), "{event}");
        if is_payin_payout(event) {
            // The document describes no signature for these.
            assert!(header("x-webhook-signature").is_none(), "{event}");
            let w = paygen::webhooks::parse(&request.body, Some("application/json")).unwrap();
            assert_eq!(w.event_name(), event);
            continue;
        }
        let verified = verifier
            .verify_and_parse(&request.headers, &request.body)
            .unwrap_or_else(|e| panic!("{event}: {e}"));
        assert_eq!(verified.webhook.event_name(), event);
        let sample = samples::find(event, None).unwrap();
        if sample.provider.signs_in_body() {
            // Payouts v1 (Cashgram): signed in the body's `signature` field, and no webhook
            // header but the attempt.
            assert!(header("x-webhook-signature").is_none(), "{event}");
            assert!(header("x-webhook-timestamp").is_none(), "{event}");
            let body = String::from_utf8(request.body.clone()).unwrap();
            assert!(body.contains("&signature="), "{event}: {body}");
            let file = dir.join(format!("{event}.body"));
            std::fs::write(&file, &request.body).unwrap();
            for (secret, verifies) in [(SECRET, true), ("not-the-secret", false)] {
                let out = paygen(
                    &["webhook", "verify", "--body-file", file.to_str().unwrap()],
                    &[("PAYGEN_WEBHOOK_SECRET", secret)],
                    b"",
                );
                assert_eq!(
                    out.status.success(),
                    verifies,
                    "{event}: {}",
                    text(&out.stderr)
                );
            }
            continue;
        }
        assert!(header("x-webhook-version").is_some(), "{event}");
        let key = header("x-idempotency-key").unwrap();
        assert_eq!(key.len(), 44, "{event}: {key}");
        // The body is the documented sample, byte for byte.
        assert_eq!(request.body, sample.body(), "{event}");

        let file = dir.join(format!("{event}.body"));
        std::fs::write(&file, &request.body).unwrap();
        let out = paygen(
            &[
                "webhook",
                "verify",
                "--timestamp",
                &header("x-webhook-timestamp").unwrap(),
                "--signature",
                &header("x-webhook-signature").unwrap(),
                "--tolerance-secs",
                "600",
                "--body-file",
                file.to_str().unwrap(),
            ],
            &[("PAYGEN_WEBHOOK_SECRET", SECRET)],
            b"",
        );
        assert!(out.status.success(), "{event}: {}", text(&out.stderr));
        // And a different secret does not verify it.
        let out = paygen(
            &[
                "webhook",
                "verify",
                "--timestamp",
                &header("x-webhook-timestamp").unwrap(),
                "--signature",
                &header("x-webhook-signature").unwrap(),
                "--body-file",
                file.to_str().unwrap(),
            ],
            &[("PAYGEN_WEBHOOK_SECRET", "not-the-secret")],
            b"",
        );
        assert!(!out.status.success(), "{event}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn global_collections_events_are_signed_with_the_partner_key() {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let out = paygen(
        &[
            "trigger",
            "INR_SETTLEMENT_APPROVED",
            "--forward-to",
            &receiver.uri(),
        ],
        &[
            ("CASHFREE_CLIENT_SECRET", SECRET),
            ("CASHFREE_PARTNER_API_KEY", PARTNER_KEY),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let request = &receiver.received_requests().await.unwrap()[0];
    assert!(Verifier::new(PARTNER_KEY)
        .verify_and_parse(&request.headers, &request.body)
        .is_ok());
    assert!(Verifier::new(SECRET)
        .verify_and_parse(&request.headers, &request.body)
        .is_err());
    let body = String::from_utf8(request.body.clone()).unwrap();
    // The settlement table: INR_SETTLEMENT_APPROVED → settlement status SETTLED.
    assert!(
        body.contains(r#""event": "INR_SETTLEMENT_APPROVED""#),
        "{body}"
    );
    assert!(body.contains(r#""status": "SETTLED""#), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_refuses_makes_trigger_fail_and_no_receiver_too() {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&receiver)
        .await;
    let env = [("PAYGEN_WEBHOOK_SECRET", SECRET)];
    let out = paygen(
        &[
            "trigger",
            "PAYMENT_FAILED_WEBHOOK",
            "--forward-to",
            &receiver.uri(),
        ],
        &env,
        b"",
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("HTTP 500"),
        "{}",
        text(&out.stderr)
    );
    drop(receiver);
    let out = paygen(
        &[
            "trigger",
            "PAYMENT_FAILED_WEBHOOK",
            "--forward-to",
            "http://127.0.0.1:9/",
        ],
        &env,
        b"",
    );
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
}

#[test]
fn trigger_without_a_receiver_prints_the_signed_delivery_and_needs_a_secret() {
    let out = paygen(
        &[
            "trigger",
            "PAYMENT_SUCCESS_WEBHOOK",
            "--payload-version",
            "2023-08-01",
        ],
        &[("CASHFREE_CLIENT_SECRET", SECRET)],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let (head, body) = stdout.split_once("\n\n").unwrap();
    let mut headers = http::HeaderMap::new();
    for line in head.lines() {
        let (k, v) = line.split_once(": ").unwrap();
        headers.insert(http::HeaderName::try_from(k).unwrap(), v.parse().unwrap());
    }
    assert_eq!(headers["x-webhook-version"], "2023-08-01");
    let body = body.strip_suffix('\n').unwrap();
    assert!(Verifier::new(SECRET)
        .verify_and_parse(&headers, body.as_bytes())
        .is_ok());

    let out = paygen(&["trigger", "PAYMENT_SUCCESS_WEBHOOK"], &[], b"");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("PAYGEN_WEBHOOK_SECRET"),
        "{}",
        text(&out.stderr)
    );
    let out = paygen(&["trigger", "NO_SUCH_EVENT"], &[], b"");
    assert!(text(&out.stderr).contains("paygen trigger --list"));
}
