//! `paygen payouts signature`: the `X-Cf-Signature` printed by the tool decrypts, with the private
//! half of a key pair generated for this run, to `clientId.unixSeconds` (document 000).

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Oaep, RsaPrivateKey};

/// The RSA key pair of this run (1024 bits: quick to generate, enough for OAEP-SHA-1).
pub(crate) fn key_pair() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).expect("key generation")
    })
}

pub(crate) fn public_pem() -> String {
    key_pair()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM")
}

pub(crate) fn decrypt_signature(signature: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .expect("base64");
    let plain = key_pair()
        .decrypt(Oaep::new::<sha1::Sha1>(), &bytes)
        .expect("decrypts");
    String::from_utf8(plain).expect("UTF-8")
}

pub(crate) fn split_signed(plain: &str) -> (String, u64) {
    let (id, secs) = plain.rsplit_once('.').expect("clientId.seconds");
    (id.to_string(), secs.parse().expect("whole seconds"))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paygen-cli-signature-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn paygen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paygen"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(args)
        .output()
        .expect("paygen runs")
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
