//! What the workspace's `Cargo.lock` chooses for build time, pinned so a `cargo update` that
//! undoes a choice is noticed (see BENCHMARKS.md, "Build budgets").

/// `idna_adapter` 1.0 (no ICU4X, a fifth of a minimal build's crates): URL hosts are ASCII, as
/// every Cashfree host is, and a non-ASCII host is refused instead of turned into punycode.
#[test]
fn url_hosts_are_ascii_only() {
    assert!(reqwest::Url::parse("https://sandbox.cashfree.com/pg").is_ok());
    assert!(
        reqwest::Url::parse("https://bücher.example/pg").is_err(),
        "a non-ASCII host parsed: Cargo.lock no longer pins idna_adapter 1.0.0"
    );
}
