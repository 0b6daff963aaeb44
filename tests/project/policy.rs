//! Project rules that hold for the whole crate: TLS certificates are always verified, nothing
//! phones home, and money is never a float.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

fn crate_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    sources(&root.join("src"), &mut out);
    sources(&root.join("generated"), &mut out);
    assert!(out.len() > 20, "the sources were found");
    out
}

#[test]
fn certificates_are_always_verified() {
    for (file, text) in crate_sources() {
        for forbidden in [
            "danger_accept_invalid_certs",
            "danger_accept_invalid_hostnames",
            "tls_built_in_root_certs(false)",
        ] {
            assert!(
                !text.contains(forbidden),
                "{file} turns certificate checks off ({forbidden})"
            );
        }
    }
}

#[test]
fn no_telemetry_dependency() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for crate_name in [
        "sentry",
        "opentelemetry",
        "datadog",
        "newrelic",
        "segment",
        "posthog",
    ] {
        assert!(
            !manifest.contains(crate_name),
            "Cargo.toml depends on {crate_name}"
        );
    }
}

#[test]
fn amounts_are_never_floats_in_generated_types() {
    for (file, text) in crate_sources()
        .into_iter()
        .filter(|(f, _)| f.contains("generated"))
    {
        for (n, line) in text.lines().enumerate() {
            let is_amount_field = line.trim_start().starts_with("pub ")
                && ["amount", "charge", "balance", "fee", "price"]
                    .iter()
                    .any(|w| line.contains(w))
                && line.contains(':');
            if is_amount_field {
                assert!(
                    !line.contains("f64") && !line.contains("f32"),
                    "{file}:{}: {line}",
                    n + 1
                );
            }
        }
    }
}
