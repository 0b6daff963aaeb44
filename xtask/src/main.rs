//! `cargo xtask generate | check | coverage | build-budget` — paygen's maintenance tasks.
//!
//! - `generate`: writes every family's generated code, pretty-printed, to `generated/<module>.rs`
//!   (the code `build.rs` writes to `OUT_DIR`, there as unformatted token text).
//! - `check`: fails when a spec is missing or breaks the conventions (valid OpenAPI 3.0.x,
//!   `operationId` and `x-doc-source` on every operation, unique operation ids across specs,
//!   no inline enums), when a `pattern` does not compile with the runtime's regex engine
//!   (`regex-lite`, which would leave it unchecked), when a replaced type does not exist in
//!   `src/`, or when `generated/` is stale.
//! - `coverage`: lists every operation the documents define (`specs/documented/*.tsv`), whether a
//!   spec defines it (citing the same page) and which contract tests call it; writes
//!   `COVERAGE.md`; fails on a gap (see `coverage.rs`).
//! - `build-budget [--check]`: clean build times and the test target's size against their
//!   budgets (see `budget.rs`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod budget;
mod coverage;

use paygen_codegen::{generate, lint, parse_yaml, Family, FAMILIES};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn spec_path(f: &Family) -> PathBuf {
    root().join("specs").join(format!("{}.yaml", f.spec))
}

fn generated_path(f: &Family) -> PathBuf {
    root().join("generated").join(format!("{}.rs", f.module))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => cmd_generate(),
        Some("check") => cmd_check(),
        Some("coverage") => coverage::run(),
        Some("build-budget") => budget::run(&args[1..]),
        _ => Err(
            "usage: cargo xtask generate | check | coverage | build-budget [--check]".to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_spec(f: &Family) -> Result<String, String> {
    fs::read_to_string(spec_path(f)).map_err(|e| format!("{}: {e}", spec_path(f).display()))
}

fn cmd_generate() -> Result<(), String> {
    fs::create_dir_all(root().join("generated")).map_err(|e| e.to_string())?;
    for f in FAMILIES {
        let code = generate(f, &read_spec(f)?)?;
        fs::write(generated_path(f), &code).map_err(|e| e.to_string())?;
        println!(
            "generated/{}.rs  {} lines  (specs/{}.yaml)",
            f.module,
            code.lines().count(),
            f.spec
        );
    }
    Ok(())
}

/// Every operation id across specs, with the spec it is in.
fn operation_ids(specs: &[(Family, Value)]) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for (f, spec) in specs {
        if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for (method, op) in item.as_object().into_iter().flatten() {
                    if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                        out.push((
                            id.to_string(),
                            f.spec.to_string(),
                            method.to_uppercase(),
                            path.clone(),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// `crate::a::B` exists when some file under `src/` declares `B` (enum, struct or type).
fn replaced_type_exists(path: &str) -> bool {
    let name = path.rsplit("::").next().unwrap_or(path);
    let mut found = false;
    visit_rs(&root().join("src"), &mut |_, text| {
        let decls = [
            format!("enum {name} "),
            format!("struct {name} "),
            format!("struct {name}("),
            format!("type {name} "),
        ];
        if decls.iter().any(|d| text.contains(d.as_str())) {
            found = true;
        }
    });
    found
}

fn visit_rs(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            visit_rs(&p, f);
        } else if p.extension().is_some_and(|e| e == "rs") {
            if let Ok(text) = fs::read_to_string(&p) {
                f(&p, &text);
            }
        }
    }
}

/// Every `pattern` in a spec that the runtime's regex engine (`regex-lite`, as
/// `src/runtime/validate.rs` uses it) cannot compile: the runtime would skip the rule.
fn uncompilable_patterns(value: &Value, at: &str) -> Vec<String> {
    let mut problems = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, sub) in map {
                let here = format!("{at}/{key}");
                match (key.as_str(), sub) {
                    ("pattern", Value::String(pattern)) => {
                        if let Err(e) = regex_lite::Regex::new(pattern) {
                            problems.push(format!(
                                "{here}: `{pattern}` does not compile with regex-lite ({e}); \
                                 the runtime would not check it: write it in ASCII classes"
                            ));
                        }
                    }
                    _ => problems.extend(uncompilable_patterns(sub, &here)),
                }
            }
        }
        Value::Array(items) => {
            for (i, sub) in items.iter().enumerate() {
                problems.extend(uncompilable_patterns(sub, &format!("{at}/{i}")));
            }
        }
        _ => {}
    }
    problems
}

fn cmd_check() -> Result<(), String> {
    let mut problems = Vec::new();
    let mut specs = Vec::new();
    for f in FAMILIES {
        let text = match read_spec(f) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let spec = match parse_yaml(&text) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("specs/{}.yaml: {e}", f.spec));
                continue;
            }
        };
        for p in lint(&spec) {
            problems.push(format!("specs/{}.yaml: {p}", f.spec));
        }
        for p in uncompilable_patterns(&spec, "") {
            problems.push(format!("specs/{}.yaml: {p}", f.spec));
        }
        if let Some(schemas) = spec
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, schema) in schemas {
                if let Some(path) = schema.get("x-paygen-replace").and_then(Value::as_str) {
                    if !replaced_type_exists(path) {
                        problems.push(format!(
                            "specs/{}.yaml: {name} is replaced by `{path}`, which src/ does not declare",
                            f.spec
                        ));
                    }
                }
            }
        }
        match generate(f, &text) {
            Ok(code) => {
                let committed = fs::read_to_string(generated_path(f)).unwrap_or_default();
                if committed != code {
                    problems.push(format!(
                        "generated/{}.rs is stale: run `cargo xtask generate` and commit it",
                        f.module
                    ));
                }
            }
            Err(e) => problems.push(e),
        }
        specs.push((*f, spec));
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (id, spec, method, path) in operation_ids(&specs) {
        if let Some(other) = seen.insert(id.clone(), format!("{spec} {method} {path}")) {
            problems.push(format!(
                "operationId `{id}` is used twice: {other} and {spec} {method} {path}"
            ));
        }
    }
    if problems.is_empty() {
        println!(
            "xtask check: {} specs, {} operations, generated/ up to date",
            specs.len(),
            seen.len()
        );
        Ok(())
    } else {
        Err(format!(
            "{} problem(s):\n  - {}",
            problems.len(),
            problems.join("\n  - ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_regex_lite_cannot_compile_is_a_problem_and_an_ascii_one_is_not() {
        let spec = serde_json::json!({
            "components": {"schemas": {
                "Name": {"type": "string", "pattern": "^\\p{L}+$"},
                "Code": {"type": "string", "pattern": "^[A-Za-z0-9\\s]*$"},
                "Form": {"type": "object", "properties": {"pattern": {"type": "string"}}}
            }}
        });
        let problems = uncompilable_patterns(&spec, "");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("/components/schemas/Name/pattern: `^\\p{L}+$`"),
            "{problems:?}"
        );
    }
}
