//! typify's struct builders (`types::builder::X`, `X::builder()`), kept only where a caller can
//! use one: for the types a request can contain.
//!
//! progenitor's Builder interface turns typify's builders on for every struct, and they were two
//! thirds of the generated code (20,000 of PG's 31,000 lines), almost all of it for types that
//! only ever come back in answers, which nobody builds. A type stays buildable when a request
//! can reach it: an operation builder's field (a parameter or the body) names it, or a
//! buildable type's definition does (a field, a variant, a newtype's inner type). Everything
//! else loses its builder struct, the builder's conversions and `X::builder()`; the type itself,
//! its serde impls and its `Default` are untouched.

use std::collections::{BTreeSet, VecDeque};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// Removes the struct builders of every type no request can contain (see the module docs).
/// Returns how many builders were removed.
pub fn keep_request_builders(file: &mut syn::File) -> usize {
    let Some(types) = module_items(&file.items, "types") else {
        return 0;
    };
    let defined = definitions(types);
    let roots = operation_builder_field_types(&file.items);
    let reachable = reachable(&defined, roots);

    let Some(types) = module_items_mut(&mut file.items, "types") else {
        return 0;
    };
    let mut removed = 0;
    if let Some(builders) = module_items_mut(types, "builder") {
        builders.retain(|item| {
            let keep = match subject(item) {
                Some(name) => reachable.contains(&name),
                None => true,
            };
            if !keep && matches!(item, syn::Item::Struct(_)) {
                removed += 1;
            }
            keep
        });
    }
    // `X::builder()` for the types that lost their builder.
    types.retain_mut(|item| {
        let syn::Item::Impl(imp) = item else {
            return true;
        };
        if imp.trait_.is_some() {
            return true;
        }
        let Some(name) = type_name(&imp.self_ty) else {
            return true;
        };
        if reachable.contains(&name) {
            return true;
        }
        imp.items
            .retain(|member| !matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == "builder"));
        !imp.items.is_empty()
    });
    // A family whose requests hold no structs needs no builder module at all.
    types.retain(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m
            .content
            .as_ref()
            .is_some_and(|(_, items)| !items.is_empty()),
        _ => true,
    });
    removed
}

/// Each type the `types` module defines, with the names its definition mentions.
fn definitions(types: &[syn::Item]) -> Vec<(String, BTreeSet<String>)> {
    types
        .iter()
        .filter_map(|item| {
            let name = match item {
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Enum(e) => e.ident.to_string(),
                syn::Item::Type(t) => t.ident.to_string(),
                _ => return None,
            };
            let mut mentioned = BTreeSet::new();
            idents(item.to_token_stream(), &mut mentioned);
            Some((name, mentioned))
        })
        .collect()
}

/// The names every operation builder's fields mention (the top-level `builder` module's
/// structs: one per operation, one field per parameter and the body).
fn operation_builder_field_types(items: &[syn::Item]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in module_items(items, "builder").unwrap_or(&[]) {
        if let syn::Item::Struct(s) = item {
            for field in &s.fields {
                idents(field.ty.to_token_stream(), &mut names);
            }
        }
    }
    names
}

/// The defined types reachable from `roots` through the definitions' mentions.
fn reachable(defined: &[(String, BTreeSet<String>)], roots: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = roots.into_iter().collect();
    while let Some(name) = queue.pop_front() {
        let Some((_, mentions)) = defined.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        queue.extend(mentions.iter().cloned());
    }
    seen
}

/// The type a `types::builder` item is about: a builder struct's name, or the last segment of
/// an impl's self type (`impl Default for X`, `impl X`, `impl TryFrom<X> for super::X`,
/// `impl From<super::X> for X`).
fn subject(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Impl(imp) => type_name(&imp.self_ty),
        _ => None,
    }
}

/// The last path segment of a path type.
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Every identifier in a token stream, groups included.
fn idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

fn module_items<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a [syn::Item]> {
    items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.as_slice()),
        _ => None,
    })
}

fn module_items_mut<'a>(items: &'a mut [syn::Item], name: &str) -> Option<&'a mut Vec<syn::Item>> {
    items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, i)| i),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> syn::File {
        syn::parse_str(text).unwrap()
    }

    const SAMPLE: &str = r#"
        pub mod types {
            pub struct Request { pub customer: Option<Customer>, pub kind: Option<Kind> }
            impl Request { pub fn builder() -> builder::Request { Default::default() } }
            pub struct Customer { pub name: String }
            impl Customer { pub fn builder() -> builder::Customer { Default::default() } }
            pub enum Kind { A(Nested) }
            pub struct Nested { pub n: i64 }
            impl Nested { pub fn builder() -> builder::Nested { Default::default() } }
            pub struct Answer { pub customer: Option<Customer>, pub id: String }
            impl Answer { pub fn builder() -> builder::Answer { Default::default() } }
            pub mod builder {
                pub struct Request { customer: Result<Option<super::Customer>, String> }
                impl Default for Request { fn default() -> Self { todo() } }
                impl TryFrom<Request> for super::Request { type Error = (); }
                impl From<super::Request> for Request { }
                pub struct Customer { name: Result<String, String> }
                impl TryFrom<Customer> for super::Customer { type Error = (); }
                pub struct Nested { n: Result<i64, String> }
                pub struct Answer { id: Result<String, String> }
                impl Default for Answer { fn default() -> Self { todo() } }
                impl Answer { pub fn id(self) -> Self { self } }
                impl TryFrom<Answer> for super::Answer { type Error = (); }
                impl From<super::Answer> for Answer { }
            }
        }
        pub mod builder {
            pub struct CreateThing<'a> { client: &'a Client, body: Result<types::builder::Request, String> }
            pub struct GetThing<'a> { client: &'a Client, id: Result<String, String> }
            impl<'a> GetThing<'a> { fn send() -> ResponseValue<types::Answer> { todo() } }
        }
    "#;

    #[test]
    fn a_response_only_type_loses_its_builder_and_a_request_type_keeps_its() {
        let mut f = file(SAMPLE);
        assert_eq!(keep_request_builders(&mut f), 1);
        let text = f.to_token_stream().to_string();
        // Answer only comes back (GetThing's send() names it, no field does).
        assert!(!text.contains("builder :: Answer"), "{text}");
        assert!(!text.contains("struct Answer { id : Result"), "{text}");
        assert!(!text.contains("for super :: Answer"), "{text}");
        // The type itself stays.
        assert!(text.contains("pub struct Answer { pub customer"), "{text}");
        // Request, and what it reaches through a field and through an enum variant, stay.
        for kept in [
            "builder :: Request",
            "for super :: Request",
            "builder :: Customer",
            "pub struct Customer { name",
            "builder :: Nested",
            "pub struct Nested { n",
        ] {
            assert!(text.contains(kept), "{kept} is gone: {text}");
        }
    }

    #[test]
    fn a_family_without_request_structs_loses_the_builder_module() {
        let mut f = file(
            r#"
            pub mod types {
                pub struct Answer { pub id: String }
                impl Answer { pub fn builder() -> builder::Answer { Default::default() } }
                pub mod builder { pub struct Answer { id: Result<String, String> } }
            }
            pub mod builder { pub struct GetThing<'a> { id: Result<String, String> } }
            "#,
        );
        assert_eq!(keep_request_builders(&mut f), 1);
        let text = f.to_token_stream().to_string();
        assert!(!text.contains("mod builder { pub struct Answer"), "{text}");
        assert!(!text.contains("fn builder"), "{text}");
        assert!(text.contains("pub struct Answer"), "{text}");
    }
}
