//! Every command that takes a secret also takes it from the environment or standard input,
//! with the same result as `--secret`.

use crate::support::{paygen, text, ROOT};

const BODY_FILE: &str = "src/webhooks/samples/pg.payment_success.2025-01-01.json";

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn webhook_sign_takes_the_secret_from_the_flag_the_environment_or_stdin() {
    let args = [
        "webhook",
        "sign",
        "--timestamp",
        "1746427759733",
        "--body-file",
        BODY_FILE,
    ];
    let with_flag = ok(&paygen(
        &[&args[..], &["--secret", "s3cr3t"]].concat(),
        &[],
        b"",
    ));
    for var in ["PAYGEN_WEBHOOK_SECRET", "CASHFREE_CLIENT_SECRET"] {
        let from_env = ok(&paygen(&args, &[(var, "s3cr3t")], b""));
        assert_eq!(from_env, with_flag, "{var}");
    }
    let from_stdin = ok(&paygen(
        &[&args[..], &["--secret-stdin"]].concat(),
        &[],
        b"s3cr3t\n",
    ));
    assert_eq!(from_stdin, with_flag);
    // PAYGEN_WEBHOOK_SECRET comes first.
    let both = ok(&paygen(
        &args,
        &[
            ("PAYGEN_WEBHOOK_SECRET", "s3cr3t"),
            ("CASHFREE_CLIENT_SECRET", "other"),
        ],
        b"",
    ));
    assert_eq!(both, with_flag);
}

#[test]
fn webhook_verify_takes_the_secret_from_stdin_with_a_body_file() {
    let body = std::fs::read(format!("{ROOT}/{BODY_FILE}")).unwrap();
    let signature = paygen::webhooks::sign(&"s3cr3t".into(), "1746427759733", &body);
    let args = [
        "webhook",
        "verify",
        "--timestamp",
        "1746427759733",
        "--signature",
        &signature,
        "--body-file",
        BODY_FILE,
        "--secret-stdin",
    ];
    ok(&paygen(&args, &[], b"s3cr3t\n"));
    assert!(!paygen(&args, &[], b"wrong\n").status.success());
}

#[test]
fn a_secret_on_stdin_needs_the_body_in_a_file_and_no_secret_is_an_error_naming_the_sources() {
    let out = paygen(
        &[
            "webhook",
            "sign",
            "--timestamp",
            "1746427759733",
            "--secret-stdin",
        ],
        &[],
        b"s3cr3t\n{}",
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--body-file"),
        "{}",
        text(&out.stderr)
    );
    let out = paygen(
        &["webhook", "sign", "--timestamp", "1746427759733"],
        &[],
        b"{}",
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("PAYGEN_WEBHOOK_SECRET") && err.contains("--secret-stdin"),
        "{err}"
    );
}

#[test]
fn payin_payout_sign_takes_the_secret_key_from_the_environment_or_stdin() {
    let dir = std::env::temp_dir().join(format!("paygen-pp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = dir.join("body.json");
    std::fs::write(&body, b"{}").unwrap();
    let args = [
        "payin-payout",
        "sign",
        "--method",
        "GET",
        "--path",
        "api/v1/balance",
        "--timestamp",
        "1790431844701",
        "--body-file",
        body.to_str().unwrap(),
    ];
    let with_flag = ok(&paygen(
        &[&args[..], &["--secret", "pp-key"]].concat(),
        &[],
        b"",
    ));
    assert_eq!(
        with_flag.trim(),
        paygen::payin_payout::signing::sign(
            "pp-key",
            "GET",
            "api/v1/balance",
            b"{}",
            1790431844701
        )
    );
    let from_env = ok(&paygen(
        &args,
        &[("PAYIN_PAYOUT_SECRET_KEY", "pp-key")],
        b"",
    ));
    assert_eq!(from_env, with_flag);
    let from_stdin = ok(&paygen(
        &[&args[..], &["--secret-stdin"]].concat(),
        &[],
        b"pp-key\n",
    ));
    assert_eq!(from_stdin, with_flag);
    let _ = std::fs::remove_dir_all(&dir);
}
