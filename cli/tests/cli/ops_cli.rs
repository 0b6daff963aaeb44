//! `paygen ops`: every operation of every spec, as the specs declare them.

use std::collections::BTreeMap;

use crate::support::{paygen, text, ROOT};

/// `operationId → (spec, METHOD, path, x-moves-money)` read from `specs/*.yaml` themselves.
fn from_specs() -> BTreeMap<String, (String, String, String, bool)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(format!("{ROOT}/specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let spec: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        for (p, item) in spec["paths"].as_mapping().unwrap() {
            for (m, op) in item.as_mapping().unwrap() {
                let Some(id) = op.get("operationId").and_then(|v| v.as_str()) else {
                    continue;
                };
                let moves = op
                    .get("x-moves-money")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                out.insert(
                    id.to_string(),
                    (
                        stem.clone(),
                        m.as_str().unwrap().to_uppercase(),
                        p.as_str().unwrap().to_string(),
                        moves,
                    ),
                );
            }
        }
    }
    out
}

#[test]
fn ops_lists_every_operation_of_every_spec_with_its_method_path_and_money_mark() {
    let specs = from_specs();
    assert!(specs.len() >= 85, "{} operations in specs/", specs.len());
    let out = paygen(&["ops", "--json"], &[], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut listed = BTreeMap::new();
    for line in text(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        listed.insert(
            v["operation_id"].as_str().unwrap().to_string(),
            (
                v["method"].as_str().unwrap().to_string(),
                v["path"].as_str().unwrap().to_string(),
                v["moves_money"].as_bool().unwrap(),
            ),
        );
    }
    let expected: BTreeMap<_, _> = specs
        .iter()
        .map(|(id, (_, m, p, money))| (id.clone(), (m.clone(), p.clone(), *money)))
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn the_table_has_a_row_per_operation_and_a_family_filter() {
    let specs = from_specs();
    let out = paygen(&["ops"], &[], b"");
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["FAMILY", "OPERATION", "METHOD", "PATH", "MOVES_MONEY"]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.len(), specs.len());
    let transfer = rows.iter().find(|r| r[1] == "create_transfer").unwrap();
    assert_eq!(
        transfer.as_slice(),
        ["payouts_v2", "create_transfer", "POST", "/transfers", "yes"]
    );

    let pg_count = specs.values().filter(|s| s.0 == "cashfree-pg").count();
    for name in ["pg", "cashfree-pg"] {
        let out = paygen(&["ops", name], &[], b"");
        let stdout = text(&out.stdout);
        let rows: Vec<&str> = stdout.lines().skip(1).collect();
        assert_eq!(rows.len(), pg_count, "{name}");
        assert!(rows.iter().all(|r| r.starts_with("pg ")), "{name}");
    }

    // A cargo feature names the families it compiles: `payouts` is both Payouts specs.
    let payouts_count = specs
        .values()
        .filter(|s| s.0 == "cashfree-payouts-v1" || s.0 == "cashfree-payouts-v2")
        .count();
    let out = paygen(&["ops", "payouts"], &[], b"");
    let stdout = text(&out.stdout);
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), payouts_count);
    assert!(rows.iter().any(|r| r.starts_with("payouts_v1 ")));
    assert!(rows.iter().any(|r| r.starts_with("payouts_v2 ")));
    assert!(rows
        .iter()
        .all(|r| r.starts_with("payouts_v1 ") || r.starts_with("payouts_v2 ")));

    let out = paygen(&["ops", "stripe"], &[], b"");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown family `stripe`") && err.contains("payin_payout"),
        "{err}"
    );
}

/// A reader that stops early (`paygen ops | head -1`) closes the pipe: the command ends as
/// other command-line tools do, without a panic on standard error.
#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_ends_the_listing_without_a_panic() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_paygen"))
        .args(["ops"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the pipe before the listing is written (the process is still starting).
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Ended by SIGPIPE (13), or done writing before the pipe closed.
    assert!(
        status.success() || status.signal() == Some(13),
        "{status:?}: {stderr}"
    );
}
