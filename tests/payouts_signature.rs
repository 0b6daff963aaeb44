//! `X-Cf-Signature` (document 000, "Generate Signature"): base64 of RSA-OAEP with SHA-1 and
//! MGF1-SHA-1 over `clientId + "." + unix seconds`, with the account's public key. Checked by
//! decrypting with the private half of a key pair generated for this run, through the library
//! and through `paygen payouts signature`.
#![cfg(all(feature = "payouts", feature = "cli"))]

#[path = "payouts_support.rs"]
mod support;

use std::path::PathBuf;
use std::process::{Command, Output};

use paygen::payouts::PayoutPublicKey;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use support::*;

fn key() -> PayoutPublicKey {
    PayoutPublicKey::from_pem(&public_pem()).unwrap()
}

/// A file under a directory of this test run.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paygen-payouts-signature-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn paygen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paygen"))
        .args(args)
        .output()
        .expect("paygen runs")
}

#[test]
fn the_signature_decrypts_to_client_id_dot_seconds() {
    let signature = key().sign("CF_PAYOUT_TEST_ID", 1_700_000_000).unwrap();
    assert_eq!(
        decrypt_signature(&signature),
        "CF_PAYOUT_TEST_ID.1700000000"
    );
    // A 1024-bit key encrypts to 128 bytes: 172 base64 characters with padding.
    assert_eq!(signature.len(), 172);
}

#[test]
fn two_signatures_of_the_same_text_differ_and_both_decrypt() {
    let k = key();
    let a = k.sign(CLIENT_ID, 1_564_130_052).unwrap();
    let b = k.sign(CLIENT_ID, 1_564_130_052).unwrap();
    assert_ne!(a, b, "OAEP padding is randomised");
    assert_eq!(decrypt_signature(&a), decrypt_signature(&b));
}

#[test]
fn sign_now_uses_this_machine_s_clock_in_whole_seconds() {
    let (id, secs) = split_signed(&decrypt_signature(&key().sign_now(CLIENT_ID).unwrap()));
    assert_eq!(id, CLIENT_ID);
    assert!(secs.abs_diff(unix_now()) <= 5, "{secs}");
}

#[test]
fn pkcs1_keys_are_read_too() {
    let pem = key_pair()
        .to_public_key()
        .to_pkcs1_pem(LineEnding::LF)
        .unwrap();
    let signature = PayoutPublicKey::from_pem(&pem)
        .unwrap()
        .sign("id", 7)
        .unwrap();
    assert_eq!(decrypt_signature(&signature), "id.7");
}

#[test]
fn key_files_are_read_and_bad_ones_named() {
    let good = temp_file("good.pem", &public_pem());
    assert_eq!(PayoutPublicKey::from_pem_file(&good).unwrap(), key());
    let missing = good.with_file_name("missing.pem");
    let e = PayoutPublicKey::from_pem_file(&missing).unwrap_err();
    assert!(e.message().contains("missing.pem"), "{e}");
    let bad = temp_file(
        "bad.pem",
        "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
    );
    let e = PayoutPublicKey::from_pem_file(&bad).unwrap_err();
    assert!(
        e.message().contains("bad.pem") && e.message().contains("not an RSA public key"),
        "{e}"
    );
}

#[test]
fn cli_prints_the_signature_for_a_given_timestamp() {
    let file = temp_file("cli.pem", &public_pem());
    let out = paygen(&[
        "payouts",
        "signature",
        "--client-id",
        "CF_ID_1",
        "--public-key",
        file.to_str().unwrap(),
        "--timestamp",
        "1700000000",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.ends_with('\n') && stdout.lines().count() == 1,
        "{stdout:?}"
    );
    assert_eq!(decrypt_signature(stdout.trim_end()), "CF_ID_1.1700000000");
}

#[test]
fn cli_signs_the_current_time_without_a_timestamp() {
    let file = temp_file("cli-now.pem", &public_pem());
    let out = paygen(&[
        "payouts",
        "signature",
        "--client-id",
        "CF_ID_2",
        "--public-key",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (id, secs) = split_signed(&decrypt_signature(
        String::from_utf8(out.stdout).unwrap().trim_end(),
    ));
    assert_eq!(id, "CF_ID_2");
    assert!(secs.abs_diff(unix_now()) <= 5);
}

#[test]
fn cli_refuses_a_bad_key_file_with_a_message() {
    let private = key_pair().to_pkcs8_pem(LineEnding::LF).unwrap();
    let cases = [
        (temp_file("garbage.pem", "hello"), "not an RSA public key"),
        (temp_file("private.pem", &private), "private key"),
        (
            std::env::temp_dir().join("paygen-no-such-dir/none.pem"),
            "cannot read",
        ),
    ];
    for (file, expected) in cases {
        let out = paygen(&[
            "payouts",
            "signature",
            "--client-id",
            "CF_ID",
            "--public-key",
            file.to_str().unwrap(),
        ]);
        assert!(!out.status.success(), "{}", file.display());
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{}: {stderr}", file.display());
        assert!(
            !stderr.contains("BEGIN PRIVATE KEY"),
            "never echoes key material"
        );
    }
}

#[test]
fn cli_requires_its_arguments() {
    let out = paygen(&["payouts", "signature", "--client-id", "CF_ID"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--public-key"));
    let out = paygen(&[
        "payouts",
        "signature",
        "--client-id",
        "X",
        "--public-key",
        "f.pem",
        "--timestamp",
        "soon",
    ]);
    assert!(!out.status.success());
}
