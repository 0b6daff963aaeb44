//! Runs progenitor over a normalised spec and adds what progenitor does not make: open enums
//! and the per-operation table the runtime reads.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use progenitor_impl::{
    GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;

use crate::normalise::{EnumDef, Normalised, AMOUNT_SCHEMA, ERROR_SCHEMA, FLEX_STRING_SCHEMA};
use crate::Family;

/// The Rust path that replaces a spec enum.
pub fn enum_path(family: &Family, def: &EnumDef) -> String {
    def.replace
        .clone()
        .unwrap_or_else(|| format!("crate::{}::enums::{}", family.module, def.name))
}

/// Variant names for an enum's values: UpperCamelCase, unique, never `Unknown`.
pub fn variant_names(values: &[String]) -> Vec<String> {
    let mut used = BTreeSet::new();
    values
        .iter()
        .map(|v| {
            let mut name = v.to_upper_camel_case();
            if name.is_empty() {
                name = "Empty".into();
            }
            if name.starts_with(|c: char| c.is_ascii_digit()) {
                name = format!("V{name}");
            }
            if name == "Unknown" {
                name = "UnknownValue".into();
            }
            let mut candidate = name.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = format!("{name}{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

fn settings(family: &Family, n: &Normalised) -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(crate::runtime::Runtime))
        .with_derive("PartialEq")
        // Maps keep their keys in order, so a request's bytes (and a value's Debug) are the
        // same on every run: a signature or a byte-exact test can rely on them.
        .with_map_type("::std::collections::BTreeMap")
        .with_replacement(
            AMOUNT_SCHEMA,
            "crate::Amount",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            FLEX_STRING_SCHEMA,
            "crate::FlexString",
            [TypeImpl::Display, TypeImpl::FromStr, TypeImpl::Default].into_iter(),
        )
        .with_replacement(
            ERROR_SCHEMA,
            "crate::runtime::ErrorEnvelope",
            std::iter::empty(),
        );
    for def in &n.enums {
        settings.with_replacement(
            &def.name,
            enum_path(family, def),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// The `enums` module as text: `open_enum!` bodies are macro input, which prettyplease leaves
/// on one line, so this part is laid out here.
fn open_enums(n: &Normalised) -> String {
    let mut out = String::from(
        "/// The spec's enums, open: a value this version does not know parses into `Unknown`.\n\
         pub mod enums {\n",
    );
    for def in n.enums.iter().filter(|d| d.replace.is_none()) {
        let doc = def
            .description
            .clone()
            .unwrap_or_else(|| format!("`{}` values, as the spec lists them.", def.name));
        out.push_str("    crate::open_enum! {\n");
        for line in doc.lines() {
            out.push_str(&format!("        /// {}\n", line.trim_end()).replace("///  ", "/// "));
        }
        out.push_str(&format!("        pub enum {} {{\n", def.name));
        for (variant, value) in variant_names(&def.values).iter().zip(&def.values) {
            out.push_str(&format!("            /// `{value}`\n"));
            out.push_str(&format!("            {variant} = {value:?},\n"));
        }
        out.push_str("        }\n    }\n");
    }
    out.push_str("}\n");
    out
}

fn family_table(family: &Family, n: &Normalised) -> TokenStream {
    let spec = family.spec;
    let title = &n.title;
    let api_version = &n.api_version;
    let api_version_header = match &n.api_version_header {
        Some(h) => quote!(Some(#h)),
        None => quote!(None),
    };
    let base_url_required = n.base_url_required;
    let request_id_header = n.request_id_header;
    let servers = n.servers.iter().map(|(env, url)| quote! { (#env, #url) });
    let ops = n.operations.iter().map(|op| {
        let id = &op.operation_id;
        let method = &op.method;
        let path = &op.path;
        let auth = &op.auth;
        let moves_money = op.moves_money;
        let sandbox_only = op.sandbox_only;
        let multipart = op.multipart;
        let doc_source = &op.doc_source;
        let success = op.success_status;
        let lookup = match &op.status_lookup {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let query = match &op.query_schema {
            Some(s) => {
                let text = s.to_string();
                quote!(Some(#text))
            }
            None => quote!(None),
        };
        let schema = match &op.request_schema {
            Some(s) => {
                let text = s.to_string();
                quote!(Some(#text))
            }
            None => quote!(None),
        };
        quote! {
            crate::runtime::OperationSpec {
                operation_id: #id,
                method: #method,
                path: #path,
                auth: #auth,
                moves_money: #moves_money,
                sandbox_only: #sandbox_only,
                status_lookup: #lookup,
                multipart: #multipart,
                success_status: #success,
                request_schema: #schema,
                query_schema: #query,
                doc_source: #doc_source,
            },
        }
    });
    let doc = format!("What the runtime knows about `{spec}`, read from `specs/{spec}.yaml`.");
    quote! {
        #[doc = #doc]
        pub static FAMILY: crate::runtime::FamilyInfo = crate::runtime::FamilyInfo {
            spec: #spec,
            title: #title,
            api_version: #api_version,
            api_version_header: #api_version_header,
            base_url_required: #base_url_required,
            request_id_header: #request_id_header,
            servers: &[#(#servers),*],
            operations: &[#(#ops)*],
        };
    }
}

/// Gives every builder a `send()` that returns `paygen::Error`: progenitor's own `send()` is
/// renamed `send_raw()` (hidden) and the new one converts its error. Callers then get the one
/// crate error from `?` whatever their function returns.
fn paygen_send(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.ident != "builder" {
            continue;
        }
        let Some((_, items)) = module.content.as_mut() else {
            continue;
        };
        for item in items.iter_mut() {
            let syn::Item::Impl(imp) = item else { continue };
            let mut added = Vec::new();
            for member in imp.items.iter_mut() {
                let syn::ImplItem::Fn(f) = member else {
                    continue;
                };
                if f.sig.ident != "send" {
                    continue;
                }
                let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                    continue;
                };
                let Some(ok) = result_ok_type(ty).as_ref().and_then(first_type_argument) else {
                    continue;
                };
                f.sig.ident = syn::Ident::new("send_raw", f.sig.ident.span());
                f.attrs.retain(|a| !a.path().is_ident("doc"));
                f.attrs.push(syn::parse_quote!(#[doc = "Sends the request; progenitor's own error type. Prefer [`Self::send`]."]));
                f.attrs.push(syn::parse_quote!(#[doc(hidden)]));
                added.push(syn::ImplItem::Fn(syn::parse_quote! {
                    /// Sends the request through the paygen runtime: the typed answer with its
                    /// raw body, or a [`crate::Error`].
                    pub async fn send(self) -> ::std::result::Result<crate::Response<#ok>, crate::Error> {
                        crate::response::capture(self.send_raw()).await
                    }
                }));
            }
            imp.items.extend(added);
        }
    }
}

/// `T` of `Result<T, E>`.
fn result_ok_type(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    if path.path.segments.last()?.ident != "Result" {
        return None;
    }
    first_type_argument(ty)
}

/// The first type argument of a path type (`T` of `ResponseValue<T>`).
fn first_type_argument(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

/// The pretty-printed module for one family.
pub fn render(family: &Family, n: &Normalised) -> Result<String, String> {
    let openapi: openapiv3::OpenAPI = serde_json::from_value(n.openapi.clone())
        .map_err(|e| format!("normalised {} is not OpenAPI: {e}", family.spec))?;
    let mut generator = Generator::new(&settings(family, n));
    let client = generator
        .generate_tokens(&openapi)
        .map_err(|e| format!("progenitor failed on specs/{}.yaml: {e}", family.spec))?;
    let table = family_table(family, n);
    let tokens = quote! { #client #table };
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("generated code for {} does not parse: {e}", family.spec))?;
    paygen_send(&mut file);
    let header = format!(
        "// @generated by paygen-codegen from specs/{}.yaml. Do not edit by hand:\n\
         // change the spec and run `cargo xtask generate`.\n\n",
        family.spec
    );
    Ok(header + &prettyplease::unparse(&file) + "\n" + &open_enums(n))
}
