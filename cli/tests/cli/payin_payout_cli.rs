//! `paygen payin-payout sign --secret S --method M --path P --timestamp MS [--body-file F]`
//! prints the lowercase hex signature of exactly what it is given (body from stdin when
//! `--body-file` is absent; empty stdin is an empty body), matching the document's snippets.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn paygen(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paygen"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paygen runs");
    // The command may exit before reading its input (a bad argument): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn vector(name: &str) -> Value {
    let path = format!(
        "{}/tests/vectors/payin-payout/vectors.json",
        concat!(env!("CARGO_MANIFEST_DIR"), "/..")
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
        .clone()
}

fn sign_args(c: &Value) -> Vec<&str> {
    vec![
        "payin-payout",
        "sign",
        "--secret",
        c["secret"].as_str().unwrap(),
        "--method",
        c["method"].as_str().unwrap(),
        "--path",
        c["path"].as_str().unwrap(),
        "--timestamp",
        c["timestamp"].as_str().unwrap(),
    ]
}

#[test]
fn signs_a_body_file_like_the_document_snippets() {
    for name in [
        "initiate_payout",
        "create_payin_link",
        "initiate_payout_non_ascii",
        "initiate_payout_long_secret",
    ] {
        let c = vector(name);
        let dir = std::env::temp_dir().join(format!("paygen-pp-cli-{}-{name}", std::process::id()));
        std::fs::write(&dir, c["body_line"].as_str().unwrap()).unwrap();
        let mut args = sign_args(&c);
        args.extend(["--body-file", dir.to_str().unwrap()]);
        let out = paygen(&args, b"ignored when a file is given");
        std::fs::remove_file(&dir).ok();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{}\n", c["signature"].as_str().unwrap()),
            "{name}"
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn reads_the_body_from_stdin() {
    let c = vector("get_balance");
    let out = paygen(&sign_args(&c), b"{}");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        c["signature"].as_str().unwrap()
    );
}

#[test]
fn empty_stdin_is_an_empty_body_line() {
    let c = vector("get_balance_empty_line");
    let out = paygen(&sign_args(&c), b"");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        c["signature"].as_str().unwrap()
    );
    assert_ne!(c["signature"], vector("get_balance")["signature"]);
}

#[test]
fn signs_exactly_what_it_is_given_and_warns_about_what_the_client_would_not_send() {
    let out = paygen(
        &[
            "payin-payout",
            "sign",
            "--secret",
            "secret",
            "--method",
            "GET",
            "--path",
            "/api/v1/balance",
            "--timestamp",
            "1790431844701",
        ],
        b"{}\n",
    );
    assert!(out.status.success());
    let sig = String::from_utf8(out.stdout).unwrap();
    let expected = paygen::payin_payout::signing::sign(
        "secret",
        "GET",
        "/api/v1/balance",
        b"{}\n",
        1790431844701,
    );
    assert_eq!(sig.trim_end(), expected);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("leading `/`") && stderr.contains("newline"),
        "{stderr}"
    );
}

#[test]
fn a_bad_timestamp_or_missing_file_fails_clearly() {
    for ts in ["17904318447.01", "-5", "abc", "0017"] {
        let out = paygen(
            &[
                "payin-payout",
                "sign",
                "--secret",
                "s",
                "--method",
                "GET",
                "--path",
                "api/v1/balance",
                "--timestamp",
                ts,
            ],
            b"{}",
        );
        assert!(!out.status.success(), "{ts}");
        assert!(out.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--timestamp"),
            "{ts}"
        );
    }
    let out = paygen(
        &[
            "payin-payout",
            "sign",
            "--secret",
            "s",
            "--method",
            "GET",
            "--path",
            "api/v1/balance",
            "--timestamp",
            "1",
            "--body-file",
            "/nonexistent/paygen-body.json",
        ],
        b"",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/paygen-body.json"));
}

#[test]
fn every_option_but_the_body_file_is_required() {
    let out = paygen(
        &[
            "payin-payout",
            "sign",
            "--secret",
            "s",
            "--method",
            "GET",
            "--path",
            "api/v1/balance",
        ],
        b"",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--timestamp"));
}
