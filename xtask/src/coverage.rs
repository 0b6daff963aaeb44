//! `cargo xtask coverage`: proves every operation the documents define is specified and
//! exercised by a contract test, and writes the proof to `COVERAGE.md`.
//!
//! Inputs:
//! - `specs/documented/<spec>.tsv`: one documented operation a line — `METHOD`, path,
//!   `operationId`, the document page it comes from (`pages/NNN_….txt`, or a file of
//!   `../shared/docs/`), tab-separated; `#` starts a comment line.
//! - `specs/<spec>.yaml`: the operation must be there with the same method, path and id, and
//!   its `x-doc-source` must name the same page.
//! - `tests/**/*.rs`: a test exercises an operation when it calls the client method of that
//!   name (`.create_order(`) — in a `#[test]`/`#[tokio::test]` function, or in a helper of
//!   the same file that a test function calls. Comment lines do not count.
//!
//! A gap (not specified, no test, a page that does not exist, a page the spec does not cite, a
//! duplicated line) fails the command; `COVERAGE.md` is written either way, gaps marked.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use paygen_codegen::{parse_yaml, FAMILIES};
use serde_json::Value;

use crate::{read_spec, root, visit_rs};

/// One line of a `specs/documented/*.tsv` file.
struct Documented {
    /// The TSV's file stem (the spec it belongs to).
    file: String,
    line: usize,
    method: String,
    path: String,
    operation_id: String,
    page: String,
}

/// What a spec says about one operation.
struct Specified {
    spec: String,
    doc_source: String,
}

/// Where the source documents live (`../shared/docs` next to the repository).
fn docs_dir() -> PathBuf {
    root().join("..").join("shared").join("docs")
}

fn documented() -> Result<Vec<Documented>, String> {
    let dir = root().join("specs").join("documented");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let name = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                return Err(format!(
                    "{}:{}: `{line}` needs METHOD, PATH, operationId and page, tab-separated",
                    file.display(),
                    i + 1
                ));
            }
            out.push(Documented {
                file: name.clone(),
                line: i + 1,
                method: cols[0].trim().to_uppercase(),
                path: cols[1].trim().to_string(),
                operation_id: cols[2].trim().to_string(),
                page: cols[3].trim().to_string(),
            });
        }
    }
    Ok(out)
}

/// Every operation of every spec, by `(operationId, METHOD, path)`.
fn specified() -> Result<BTreeMap<(String, String, String), Specified>, String> {
    let mut out = BTreeMap::new();
    for f in FAMILIES {
        let Ok(text) = read_spec(f) else { continue };
        let spec = parse_yaml(&text).map_err(|e| format!("specs/{}.yaml: {e}", f.spec))?;
        let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
            continue;
        };
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                let doc_source = op
                    .get("x-doc-source")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                out.insert(
                    (id.to_string(), method.to_uppercase(), path.clone()),
                    Specified {
                        spec: f.spec.to_string(),
                        doc_source,
                    },
                );
            }
        }
    }
    Ok(out)
}

/// The page's file name, and whether it exists (None when the documents are not at hand).
fn page_file(page: &str) -> (String, Option<bool>) {
    let relative = page.strip_prefix("../shared/docs/").unwrap_or(page);
    let name = Path::new(relative)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = docs_dir();
    let exists = dir.is_dir().then(|| dir.join(relative).is_file());
    (name, exists)
}

/// One top-level function of a test file.
struct TestFn {
    name: String,
    is_test: bool,
    body: String,
}

/// Splits a test file into its top-level functions (a line starting with `fn`, `async fn` or
/// `pub fn` at column 0 opens one), noting which carry a test attribute.
fn functions(text: &str) -> Vec<TestFn> {
    let mut out: Vec<TestFn> = Vec::new();
    let mut attribute = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let top = !line.starts_with(char::is_whitespace);
        if top && (trimmed.starts_with("#[test]") || trimmed.starts_with("#[tokio::test")) {
            attribute = true;
            continue;
        }
        let header = [
            "fn ",
            "async fn ",
            "pub fn ",
            "pub async fn ",
            "pub(crate) fn ",
        ]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p).filter(|_| top));
        if let Some(rest) = header {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(TestFn {
                name,
                is_test: attribute,
                body: String::new(),
            });
            attribute = false;
            continue;
        }
        if top && !trimmed.starts_with("#[") && !trimmed.is_empty() && !trimmed.starts_with('}') {
            attribute = false;
        }
        if let Some(current) = out.last_mut() {
            current.body.push_str(line);
            current.body.push('\n');
        }
    }
    out
}

/// For each operation id, the tests (`file::function`) that call its method.
fn exercised(ids: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    visit_rs(&root().join("tests"), &mut |path, text| {
        let file = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        let fns = functions(text);
        for f in &fns {
            for id in ids {
                if !f.body.contains(&format!(".{id}(")) {
                    continue;
                }
                let callers: Vec<&str> = if f.is_test {
                    vec![f.name.as_str()]
                } else {
                    // A helper counts through the tests that call it.
                    let call = format!("{}(", f.name);
                    fns.iter()
                        .filter(|t| t.is_test && t.body.contains(&call))
                        .map(|t| t.name.as_str())
                        .collect()
                };
                for caller in callers {
                    found
                        .entry(id.clone())
                        .or_default()
                        .insert(format!("{file}::{caller}"));
                }
            }
        }
    });
    found
}

/// Runs the command.
pub fn run() -> Result<(), String> {
    let docs = documented()?;
    let specs = specified()?;
    let ids: BTreeSet<String> = docs
        .iter()
        .map(|d| d.operation_id.clone())
        .chain(specs.keys().map(|(id, _, _)| id.clone()))
        .collect();
    let tests = exercised(&ids);
    let docs_at_hand = docs_dir().is_dir();

    let mut gaps = Vec::new();
    let mut seen = BTreeMap::new();
    let mut rows = String::new();
    let mut families: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for d in &docs {
        let at = format!("specs/documented/{}.tsv:{}", d.file, d.line);
        if let Some(first) = seen.insert((d.method.clone(), d.path.clone(), d.file.clone()), d.line)
        {
            gaps.push(format!(
                "{at}: {} {} is listed twice (first on line {first})",
                d.method, d.path
            ));
        }
        let spec = specs.get(&(d.operation_id.clone(), d.method.clone(), d.path.clone()));
        let (page_name, page_exists) = page_file(&d.page);
        if spec.is_none() {
            gaps.push(format!(
                "{at}: {} {} ({}) is not in any spec with that method and path",
                d.method, d.path, d.operation_id
            ));
        }
        if let Some(s) = spec {
            if s.spec != d.file {
                gaps.push(format!(
                    "{at}: {} is specified in specs/{}.yaml, not specs/{}.yaml",
                    d.operation_id, s.spec, d.file
                ));
            }
            if !page_name.is_empty() && !s.doc_source.contains(&page_name) {
                gaps.push(format!(
                    "{at}: the x-doc-source of {} does not cite {page_name}",
                    d.operation_id
                ));
            }
        }
        if page_exists == Some(false) {
            gaps.push(format!(
                "{at}: the page {} does not exist in ../shared/docs",
                d.page
            ));
        }
        let tested = tests.get(&d.operation_id);
        if tested.is_none() {
            gaps.push(format!(
                "{at}: {} {} ({}) has no contract test",
                d.method, d.path, d.operation_id
            ));
        }
        let family = families.entry(d.file.clone()).or_default();
        family.0 += 1;
        family.1 += usize::from(spec.is_some());
        family.2 += usize::from(tested.is_some());
        let tests_cell = match tested {
            Some(t) => t
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join("<br>"),
            None => "**none**".to_string(),
        };
        rows.push_str(&format!(
            "| {} | `{}` | `{}` | `{}` | {} | {} | {} |\n",
            d.file,
            d.method,
            d.path,
            d.operation_id,
            d.page,
            if spec.is_some() { "yes" } else { "**no**" },
            tests_cell
        ));
    }

    // Specified but not in any documented list: shown with their tests, not a gap (authorize
    // calls a family needs, for example).
    let documented_ids: BTreeSet<&str> = docs.iter().map(|d| d.operation_id.as_str()).collect();
    let mut extra: Vec<(String, String)> = specs
        .iter()
        .filter(|((id, _, _), _)| !documented_ids.contains(id.as_str()))
        .map(|((id, method, path), s)| {
            let tested = tests.get(id).map_or_else(
                || "none".to_string(),
                |t| {
                    t.iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join("<br>")
                },
            );
            (
                s.spec.clone(),
                format!(
                    "| {} | `{method}` | `{path}` | `{id}` | {tested} |\n",
                    s.spec
                ),
            )
        })
        .collect();
    extra.sort();
    let extra: Vec<String> = extra.into_iter().map(|(_, row)| row).collect();

    let mut summary = String::new();
    for (family, (documented, specified, tested)) in &families {
        summary.push_str(&format!(
            "| {family} | {documented} | {specified} | {tested} |\n"
        ));
    }
    let report = format!(
        "# Coverage\n\n\
         Written by `cargo xtask coverage`: every operation the documents define \
         (`specs/documented/*.tsv`, with the page it comes from), whether a spec defines it (same \
         method, path and operationId, citing that page in `x-doc-source`) and which contract tests \
         call it (`file::test`).{}\n\n\
         {} documented operations; {} gap(s).\n\n\
         | family | documented | specified | tested |\n| --- | --- | --- | --- |\n{summary}\n\
         | family | method | path | operationId | document | in spec | tests |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n{rows}\n\
         ## Specified beyond the documented lists\n\n\
         | spec | method | path | operationId | tests |\n| --- | --- | --- | --- | --- |\n{}",
        if docs_at_hand { "" } else { " (The documents were not at hand: pages were not checked.)" },
        docs.len(),
        gaps.len(),
        extra.concat()
    );
    fs::write(root().join("COVERAGE.md"), report).map_err(|e| e.to_string())?;
    if gaps.is_empty() {
        println!(
            "xtask coverage: {} documented operations, all specified and tested",
            docs.len()
        );
        Ok(())
    } else {
        Err(format!(
            "{} gap(s):\n  - {}",
            gaps.len(),
            gaps.join("\n  - ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_attributed_to_the_test_or_through_a_helper() {
        let text = "\
fn helper(c: &Client) {\n    c.get_order();\n}\n\n\
#[tokio::test]\nasync fn uses_helper() {\n    helper(&c);\n}\n\n\
#[tokio::test]\nasync fn direct() {\n    // c.create_refund( in a comment\n    c.create_order().send();\n}\n\n\
fn unused() {\n    c.terminate_order();\n}\n";
        let fns = functions(text);
        let names: Vec<_> = fns.iter().map(|f| (f.name.as_str(), f.is_test)).collect();
        assert_eq!(
            names,
            [
                ("helper", false),
                ("uses_helper", true),
                ("direct", true),
                ("unused", false)
            ]
        );
        assert!(fns[2].body.contains(".create_order("));
        assert!(
            !fns[2].body.contains(".create_refund("),
            "comment lines do not count"
        );
    }

    #[test]
    fn page_names_are_read_in_every_documented_form() {
        assert_eq!(
            page_file("pages/009_other-apis_bbps_check-transaction-status.txt").0,
            "009_other-apis_bbps_check-transaction-status.txt"
        );
        assert_eq!(
            page_file("../shared/docs/004_75f2303e42a745a5.txt").0,
            "004_75f2303e42a745a5.txt"
        );
        assert_eq!(
            page_file("002_b2aea0bce4351f7a.txt").0,
            "002_b2aea0bce4351f7a.txt"
        );
    }
}
