//! `paygen webhook sign|verify|parse`, run as a user runs them.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

fn paygen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paygen"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The tool may exit (refusing its arguments) before reading standard input: a closed pipe
    // is then expected, not a failure of the test.
    let _ = input.write_all(stdin.unwrap_or_default());
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[derive(serde::Deserialize)]
struct Vector {
    name: String,
    secret: String,
    timestamp: String,
    body_file: Option<String>,
    signature: String,
}

fn vector(name: &str) -> Vector {
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/vectors/webhooks/vectors.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let list: Vec<Vector> = serde_json::from_value(all["vectors"].clone()).unwrap();
    list.into_iter().find(|v| v.name == name).unwrap()
}

#[test]
fn sign_prints_the_documented_signature_from_a_file_and_from_stdin() {
    let v = vector("pg.payment_success.2025-01-01.json");
    let file = v.body_file.as_deref().unwrap();
    let out = paygen(
        &[
            "webhook",
            "sign",
            "--secret",
            &v.secret,
            "--timestamp",
            &v.timestamp,
            "--body-file",
            file,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{}\n", v.signature));
    let body =
        std::fs::read(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(file))
            .unwrap();
    let out = paygen(
        &[
            "webhook",
            "sign",
            "--secret",
            &v.secret,
            "--timestamp",
            &v.timestamp,
        ],
        Some(&body),
    );
    assert_eq!(text(&out.stdout), format!("{}\n", v.signature));
}

#[test]
fn sign_refuses_an_empty_secret_and_a_timestamp_that_is_not_digits() {
    let out = paygen(
        &[
            "webhook",
            "sign",
            "--secret",
            "",
            "--timestamp",
            "1746427759733",
        ],
        Some(b"{}"),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--secret is empty"),
        "{}",
        text(&out.stderr)
    );
    let out = paygen(
        &[
            "webhook",
            "sign",
            "--secret",
            "s",
            "--timestamp",
            "yesterday",
        ],
        Some(b"{}"),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("timestamp `yesterday`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_exits_zero_only_for_a_valid_signature() {
    let v = vector("dispute.updated.2025-01-01.json");
    let file = v.body_file.as_deref().unwrap();
    let base = [
        "webhook",
        "verify",
        "--secret",
        &v.secret,
        "--timestamp",
        &v.timestamp,
        "--body-file",
        file,
    ];
    let ok = paygen(&[&base[..], &["--signature", &v.signature]].concat(), None);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(ok.stdout.is_empty());

    let body =
        std::fs::read(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(file))
            .unwrap();
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    let out = paygen(
        &[
            "webhook",
            "verify",
            "--secret",
            &v.secret,
            "--timestamp",
            &v.timestamp,
            "--signature",
            &v.signature,
        ],
        Some(&tampered),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("signature does not match"),
        "{}",
        text(&out.stderr)
    );

    let out = paygen(
        &[
            "webhook",
            "verify",
            "--secret",
            "wrong",
            "--timestamp",
            &v.timestamp,
            "--signature",
            &v.signature,
        ],
        Some(&body),
    );
    assert!(!out.status.success());

    let out = paygen(
        &[
            "webhook",
            "verify",
            "--secret",
            &v.secret,
            "--timestamp",
            &v.timestamp,
            "--signature",
            "???",
        ],
        Some(&body),
    );
    assert!(
        text(&out.stderr).contains("not base64"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_with_a_tolerance_refuses_old_timestamps() {
    let v = vector("pg.payment_failed.2025-01-01.json");
    let file = v.body_file.as_deref().unwrap();
    // The vector's timestamp is from 2025: far outside 300 s of now.
    let out = paygen(
        &[
            "webhook",
            "verify",
            "--secret",
            &v.secret,
            "--timestamp",
            &v.timestamp,
            "--signature",
            &v.signature,
            "--tolerance-secs",
            "300",
            "--body-file",
            file,
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("late delivery or replay"),
        "{}",
        text(&out.stderr)
    );

    // A fresh timestamp, signed with `paygen webhook sign`, passes.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let sig = paygen(
        &[
            "webhook",
            "sign",
            "--secret",
            "k",
            "--timestamp",
            &now,
            "--body-file",
            file,
        ],
        None,
    );
    let sig = text(&sig.stdout).trim().to_string();
    let out = paygen(
        &[
            "webhook",
            "verify",
            "--secret",
            "k",
            "--timestamp",
            &now,
            "--signature",
            &sig,
            "--tolerance-secs",
            "300",
            "--body-file",
            file,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn parse_prints_one_json_line_for_any_json_object() {
    for (file, provider, event) in [
        (
            "pg.payment_success.2023-08-01.json",
            "cashfree-pg",
            "PAYMENT_SUCCESS_WEBHOOK",
        ),
        (
            "dispute.closed.2025-01-01.json",
            "cashfree-disputes",
            "DISPUTE_CLOSED",
        ),
        (
            "link.payment_link_event.json",
            "cashfree-payment-links",
            "PAYMENT_LINK_EVENT",
        ),
        (
            "cfi.ica_settlement_update.json",
            "cashfree-collect-from-india",
            "ICA_SETTLEMENT_UPDATE",
        ),
        (
            "gc.virtual_account.json",
            "cashfree-global-collections",
            "VIRTUAL_ACCOUNT_DETAILS",
        ),
        (
            "pp.payout_succeeded.json",
            "payin-payout",
            "payout.succeeded",
        ),
    ] {
        let out = paygen(
            &[
                "webhook",
                "parse",
                "--body-file",
                &format!(
                    "{}/../src/webhooks/samples/{file}",
                    env!("CARGO_MANIFEST_DIR")
                ),
            ],
            None,
        );
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        let line: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            line,
            serde_json::json!({"provider": provider, "event": event, "known": true}),
            "{file}"
        );
    }
    for (body, expect) in [
        (
            &br#"{"type":"REFUND_STATUS_WEBHOOK","data":{}}"#[..],
            serde_json::json!({"provider":"cashfree","event":"REFUND_STATUS_WEBHOOK","known":false}),
        ),
        (
            br#"{}"#,
            serde_json::json!({"provider":"unknown","event":"","known":false}),
        ),
        (
            br#"{"event":"payout.reversed"}"#,
            serde_json::json!({"provider":"payin-payout","event":"payout.reversed","known":false}),
        ),
    ] {
        let out = paygen(&["webhook", "parse"], Some(body));
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text(&out.stdout)).unwrap(),
            expect
        );
    }
    // Form bodies with --form: a Cashgram webhook and the form payment-link sample.
    for (file, provider, event) in [
        (
            "cashgram.redeemed.form.txt",
            "cashfree-payouts-v1",
            "CASHGRAM_REDEEMED",
        ),
        (
            "cashgram.expired.form.txt",
            "cashfree-payouts-v1",
            "CASHGRAM_EXPIRED",
        ),
        (
            "link.payment_link_event.form.txt",
            "cashfree-payment-links",
            "PAYMENT_LINK_EVENT",
        ),
    ] {
        let path = format!(
            "{}/../src/webhooks/samples/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let out = paygen(&["webhook", "parse", "--form", "--body-file", &path], None);
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text(&out.stdout)).unwrap(),
            serde_json::json!({"provider": provider, "event": event, "known": true}),
            "{file}"
        );
        assert!(out.stderr.is_empty(), "{file}: {}", text(&out.stderr));
    }
    // A known event name with a body that does not fit still exits 0, with a warning.
    let out = paygen(
        &["webhook", "parse"],
        Some(br#"{"type":"DISPUTE_CLOSED","data":"closed"}"#),
    );
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text(&out.stdout)).unwrap(),
        serde_json::json!({"provider":"cashfree-disputes","event":"DISPUTE_CLOSED","known":true})
    );
    assert!(
        text(&out.stderr).contains("warning"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn parse_fails_on_invalid_json() {
    for body in [
        &b"{\"type\": "[..],
        b"not json",
        b"",
        b"type=PAYMENT_LINK_EVENT",
    ] {
        let out = paygen(&["webhook", "parse"], Some(body));
        assert!(!out.status.success(), "{}", text(body));
        assert!(out.stdout.is_empty());
        assert!(
            text(&out.stderr).contains("not valid JSON"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = paygen(&["webhook", "parse"], Some(b"[1]"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not an object"),
        "{}",
        text(&out.stderr)
    );
    let out = paygen(
        &[
            "webhook",
            "parse",
            "--body-file",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../src/webhooks/samples/no-such-file.json"
            ),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
}

/// A Payouts v1 (Cashgram) form body is verified by its in-body `signature` field when neither
/// --timestamp nor --signature is given; a changed value, a missing field, or a tolerance
/// (Cashgram forms carry no timestamp) are refused with the reason.
#[test]
fn verify_checks_a_cashgram_form_by_its_signature_field() {
    let secret = "payouts-cli-secret";
    let fields = [
        ("event", "CASHGRAM_REDEEMED"),
        ("cashgramid", "cg-cli-1"),
        ("referenceId", "1000001"),
        ("eventTime", "2025-01-15 11:16:10"),
        ("utr", "UTR1"),
    ];
    let signature = paygen::webhooks::sign_form_fields(&secret.into(), fields);
    let encode = |v: &str| {
        v.replace('%', "%25")
            .replace(' ', "%20")
            .replace(':', "%3A")
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    };
    let mut body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    body.push(format!("signature={}", encode(&signature)));
    let body = body.join("&");

    let ok = paygen(
        &["webhook", "verify", "--secret", secret],
        Some(body.as_bytes()),
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));

    let forged = body.replace("cg-cli-1", "cg-cli-2");
    let bad = paygen(
        &["webhook", "verify", "--secret", secret],
        Some(forged.as_bytes()),
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("signature does not match"),
        "{}",
        text(&bad.stderr)
    );

    let unsigned = paygen(
        &["webhook", "verify", "--secret", secret],
        Some(b"event=CASHGRAM_EXPIRED&cashgramid=cg1&reason=EXCEEDED_EXPIRY_DATE"),
    );
    assert!(!unsigned.status.success());
    let err = text(&unsigned.stderr);
    assert!(
        err.contains("no `signature` field") && err.contains("--timestamp and --signature"),
        "{err}"
    );

    let tolerant = paygen(
        &[
            "webhook",
            "verify",
            "--secret",
            secret,
            "--tolerance-secs",
            "300",
        ],
        Some(body.as_bytes()),
    );
    assert!(!tolerant.status.success());
    assert!(
        text(&tolerant.stderr).contains("carries no timestamp"),
        "{}",
        text(&tolerant.stderr)
    );

    // Only one of the two header values is a usage error.
    let half = paygen(
        &["webhook", "verify", "--secret", secret, "--timestamp", "1"],
        Some(body.as_bytes()),
    );
    assert!(!half.status.success());
}
