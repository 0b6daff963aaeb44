//! `X-Cf-Signature` (document 000, "Generate Signature"): base64 of RSA-OAEP with SHA-1 and
//! MGF1-SHA-1 over `clientId + "." + unix seconds`, with the account's public key. Checked by
//! decrypting with the private half of a key pair generated for this run, through the library
//! (`paygen payouts signature` is tested in the CLI crate).
#![cfg(feature = "payouts")]

use crate::payouts_support as support;

use std::path::PathBuf;

use paygen::payouts::PayoutPublicKey;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::LineEnding;
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
