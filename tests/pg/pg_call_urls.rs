//! A call's URL is built from the base URL parsed when the client connected (its path set,
//! nothing parsed again), and the empty-path-parameter check reads the path once from its end:
//! both must give exactly what the general way gives — parsing the joined text, and matching
//! the template's segments to the path's after skipping the base URL's own.

use paygen::runtime::validate::empty_path_parameter;
use paygen::{Config, Credentials, Environment};

fn client(base: &str) -> paygen::pg::Client {
    paygen::pg::Client::from_config(Config::new(
        Environment::custom(base),
        Credentials::merchant("id", "secret"),
    ))
    .unwrap()
}

const BASES: &[&str] = &[
    "https://sandbox.cashfree.com/pg",
    "http://127.0.0.1:8080/pg",
    "https://x.test",
    "https://x.test/",
    "https://x.test/a/b/",
    "https://x.test/p%20g",
    // Not written as the parser writes them: built the general way.
    "https://X.test/pg",
    "http://x.test:80/pg",
    "https://x.test/a/./b",
    "https://x.test/a/../pg",
    "https://x.test/p g",
    "https://x.test/caf\u{e9}",
];

const PATHS: &[&str] = &[
    "",
    "/orders",
    "/orders/order_42",
    "/orders/o%2F1/refunds",
    "/orders/..",
    "/orders/.",
    "/orders/%2E%2E",
    "/orders/a\\b",
    "/orders/%C3%A9",
    "/orders//payments",
    "/orders/",
    "orders",
];

#[test]
fn a_call_url_is_the_url_the_joined_text_parses_to() {
    for base in BASES {
        let client = client(base);
        for path in PATHS {
            let expected = reqwest::Url::parse(&format!("{base}{path}")).unwrap();
            let built = client.runtime().url(base, path).unwrap();
            assert_eq!(built, expected, "base {base:?}, path {path:?}");
            assert_eq!(
                built.as_str(),
                expected.as_str(),
                "base {base:?}, path {path:?}"
            );
        }
        // Another base than the client's is parsed the general way.
        let other = "https://other.test/v1";
        assert_eq!(
            client.runtime().url(other, "/orders").unwrap().as_str(),
            "https://other.test/v1/orders"
        );
    }
}

/// A path without parameters has its URL built once per client: every call (the first and the
/// ones after it) gets the URL `url` gives, for the client's base URL and another.
#[test]
fn a_parameterless_call_url_is_built_once_and_is_the_same_url() {
    let text = |r: Result<reqwest::Url, paygen::runtime::BuildError>| {
        r.map(|u| u.to_string()).map_err(|e| format!("{e:?}"))
    };
    for base in BASES {
        let client = client(base);
        for _ in 0..3 {
            for path in PATHS {
                assert_eq!(
                    text(client.runtime().url_static(base, path)),
                    text(client.runtime().url(base, path)),
                    "base {base:?}, path {path:?}"
                );
            }
        }
        let other = "https://other.test/v1";
        assert_eq!(
            client
                .runtime()
                .url_static(other, "/orders")
                .unwrap()
                .as_str(),
            "https://other.test/v1/orders"
        );
    }
}

#[test]
fn a_call_url_that_does_not_parse_is_a_build_error_naming_no_url() {
    let client = client("https://x.test/pg");
    let e = client.runtime().url("not a url", "/orders").unwrap_err();
    let e = e.into_error("get_order");
    let text = e.to_string();
    assert!(text.contains("get_order"), "{text}");
    assert!(text.contains("does not parse"), "{text}");
    assert!(text.contains("check the base URL"), "{text}");
}

/// The check as it was written before it read the path from its end.
fn reference(template: &str, url: &reqwest::Url) -> Option<String> {
    if !template.contains('{') {
        return None;
    }
    let path = url.path();
    let segments = |text: &str| text.bytes().filter(|b| *b == b'/').count();
    let skip = segments(path).checked_sub(segments(template))?;
    template
        .split('/')
        .zip(path.split('/').skip(skip))
        .find_map(|(t, actual)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            actual.is_empty().then(|| name.to_string())
        })
}

#[test]
fn the_empty_path_parameter_check_names_what_the_segment_by_segment_check_names() {
    let templates = [
        "/orders",
        "/orders/{order_id}",
        "/orders/{order_id}/refunds/{refund_id}",
        "/customers/{customer_id}/instruments/{instrument_id}",
        "/{a}/{b}",
        "/{a}",
        "{a}",
    ];
    let mut checked = 0;
    for base in ["https://x.test", "https://x.test/pg", "https://x.test/a/b"] {
        for template in templates {
            // Every way of filling the template's parameters with an id or nothing.
            let params = template.matches('{').count();
            for fill in 0..(1u32 << params) {
                let mut path = String::new();
                let mut i = 0;
                for (n, segment) in template.split('/').enumerate() {
                    if n > 0 {
                        path.push('/');
                    }
                    if segment.starts_with('{') {
                        if fill & (1 << i) != 0 {
                            path.push_str("id_1");
                        }
                        i += 1;
                    } else {
                        path.push_str(segment);
                    }
                }
                for url in [format!("{base}{path}"), format!("https://x.test{path}")] {
                    let Ok(url) = reqwest::Url::parse(&url) else {
                        continue;
                    };
                    assert_eq!(
                        empty_path_parameter(template, &url).map(str::to_string),
                        reference(template, &url),
                        "template {template:?}, url {url}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    // The first empty parameter in the template's order is the one named.
    let url = reqwest::Url::parse("https://x.test/pg/orders//refunds/").unwrap();
    assert_eq!(
        empty_path_parameter("/orders/{order_id}/refunds/{refund_id}", &url),
        Some("order_id")
    );
}
