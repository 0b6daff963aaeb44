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
        // Generated code never calls progenitor's hooks: `send()` hands the built request to
        // the runtime (see `paygen_send`).
        .with_hooks(HooksMode::Optional)
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
            // progenitor insists on an error type; the runtime reads error answers itself.
            "::serde_json::Value",
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
        let auth = syn::Ident::new(op.auth.variant(), proc_macro2::Span::call_site());
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
                auth: crate::runtime::AuthScheme::#auth,
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

/// Rewrites every builder's progenitor `send()` into two methods:
/// - `into_request(self)` (private): progenitor's own code up to the built `reqwest::Request`,
///   with each builder failure named by its field (`crate::runtime::BuildError`);
/// - `send(self)`: hands that request to the runtime (`Runtime::send_json` or
///   `Runtime::send_empty`), which sends, retries, reads and decodes it and returns
///   `paygen::Response<T>` or `paygen::Error`.
///
/// progenitor's answer handling (and with it its error type) is dropped: the runtime reads the
/// one answer it received, so nothing is rebuilt and no failure travels as an HTTP answer.
fn paygen_send(file: &mut syn::File) -> Result<(), String> {
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
            let mut replaced = Vec::new();
            for member in std::mem::take(&mut imp.items) {
                let syn::ImplItem::Fn(f) = &member else {
                    replaced.push(member);
                    continue;
                };
                if f.sig.ident != "send" {
                    replaced.push(member);
                    continue;
                }
                let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                    return Err("a builder's send() returns nothing".into());
                };
                let ok = result_ok_type(ty)
                    .as_ref()
                    .and_then(first_type_argument)
                    .ok_or("a builder's send() does not return Result<ResponseValue<T>, _>")?;
                let (request_fn, operation, empty, json_body) = split_send(f)?;
                replaced.push(syn::ImplItem::Fn(request_fn));
                replaced.push(syn::ImplItem::Fn(if json_body {
                    let send_with = if empty {
                        quote!(send_empty_checked)
                    } else {
                        quote!(send_json_checked)
                    };
                    syn::parse_quote! {
                        /// Sends the request through the paygen runtime: the typed answer with its
                        /// status, headers and raw body, or a [`crate::Error`].
                        pub async fn send(self) -> ::std::result::Result<crate::Response<#ok>, crate::Error> {
                            let (client, request, body) = self
                                .into_request()
                                .map_err(|e| e.into_error(#operation))?;
                            client.inner.#send_with(&client.client, request, body, #operation).await
                        }
                    }
                } else {
                    let send_with = if empty {
                        quote!(send_empty)
                    } else {
                        quote!(send_json)
                    };
                    syn::parse_quote! {
                        /// Sends the request through the paygen runtime: the typed answer with its
                        /// status, headers and raw body, or a [`crate::Error`].
                        pub async fn send(self) -> ::std::result::Result<crate::Response<#ok>, crate::Error> {
                            let (client, request) = self
                                .into_request()
                                .map_err(|e| e.into_error(#operation))?;
                            client.inner.#send_with(&client.client, request, #operation).await
                        }
                    }
                }));
            }
            imp.items = replaced;
        }
    }
    Ok(())
}

/// progenitor's `send()` as `into_request()` (see [`paygen_send`]), the operation id it
/// declares, whether its success has no body, and whether it sends a JSON body (then
/// `into_request()` also checks the typed body against the schema, `Runtime::check_body`, and
/// returns the outcome for the runtime to report where it checks bodies).
fn split_send(f: &syn::ImplItemFn) -> Result<(syn::ImplItemFn, String, bool, bool), String> {
    let text = quote!(#f).to_string();
    let empty = text.contains("ResponseValue :: empty");
    let mut kept: Vec<syn::Stmt> = Vec::new();
    let mut operation = None;
    // progenitor's own `api-version` header: the runtime puts the family's version header on
    // every call and never sends this one, so the builder does not make it.
    let versioned = f.block.stmts.iter().any(is_api_version_header);
    let header_parameters = f.block.stmts.iter().any(|stmt| {
        !is_api_version_header(stmt) && quote!(#stmt).to_string().contains("header_map . append")
    });
    for stmt in &f.block.stmts {
        if is_api_version_header(stmt) {
            continue;
        }
        let stmt = if versioned {
            header_map_unallocated(stmt.clone(), header_parameters)
        } else {
            stmt.clone()
        };
        let stmt = url_from_parsed_base(stmt);
        if let syn::Stmt::Local(local) = &stmt {
            if let syn::Pat::Ident(p) = &local.pat {
                if p.ident == "info" {
                    operation = operation_id_of(local);
                    break;
                }
            }
        }
        kept.push(name_builder_errors(stmt));
    }
    let operation = operation.ok_or_else(|| {
        format!(
            "progenitor's send() changed shape (no `let info = OperationInfo {{ .. }}`): {}",
            text.chars().take(200).collect::<String>()
        )
    })?;
    let json_body = kept.iter().any(|stmt| {
        let text = quote!(#stmt).to_string();
        text.contains("let mut request =") && text.contains(". json (& body)")
    });
    let request_fn: syn::ImplItemFn = if json_body {
        syn::parse_quote! {
            /// The request progenitor builds from this builder's fields, not yet sent, and
            /// the outcome of checking its typed body against the spec's schema.
            fn into_request(
                self,
            ) -> ::std::result::Result<
                (&'a super::Client, ::reqwest::Request, crate::runtime::validate::BodyCheck),
                crate::runtime::BuildError,
            > {
                #(#kept)*
                let body = client.inner.check_body(#operation, &body);
                Ok((client, request, body))
            }
        }
    } else {
        syn::parse_quote! {
            /// The request progenitor builds from this builder's fields, not yet sent.
            fn into_request(
                self,
            ) -> ::std::result::Result<(&'a super::Client, ::reqwest::Request), crate::runtime::BuildError> {
                #(#kept)*
                Ok((client, request))
            }
        }
    };
    Ok((request_fn, operation, empty, json_body))
}

/// `header_map.append(HeaderName::from_static("api-version"), …);`: progenitor's version header.
fn is_api_version_header(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(expr, _) = stmt else {
        return false;
    };
    let text = quote!(#expr).to_string();
    text.starts_with("header_map . append") && text.contains("from_static (\"api-version\")")
}

/// `HeaderMap::with_capacity(N)` as `with_capacity(0)` once the version header is gone: the
/// map holds only the header parameters the caller set (most calls set none), and it allocates
/// only when one is.
fn header_map_unallocated(stmt: syn::Stmt, header_parameters: bool) -> syn::Stmt {
    let syn::Stmt::Local(mut local) = stmt else {
        return stmt;
    };
    let syn::Pat::Ident(p) = &mut local.pat else {
        return syn::Stmt::Local(local);
    };
    if p.ident != "header_map" {
        return syn::Stmt::Local(local);
    }
    if !header_parameters {
        // Nothing is added to it any more.
        p.mutability = None;
    }
    if let Some(init) = local.init.as_mut() {
        if let syn::Expr::Call(call) = &mut *init.expr {
            let only = call.args.len() == 1;
            if let (
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(n),
                    ..
                })),
                true,
            ) = (call.args.first_mut(), only)
            {
                *n = syn::LitInt::new("0usize", n.span());
            }
        }
    }
    syn::Stmt::Local(local)
}

/// `let url = format!("{}/orders/{}", client.baseurl, encode_path(..));` as
/// `let url = client.inner.url(&client.baseurl, &format!("/orders/{}", encode_path(..)))?;`:
/// the runtime appends the path to the base URL it parsed when the client connected, instead
/// of reqwest parsing the whole URL (scheme, host, port) again on every call; a path without
/// parameters goes to `url_static`, which builds its URL once per client.
fn url_from_parsed_base(stmt: syn::Stmt) -> syn::Stmt {
    let syn::Stmt::Local(local) = &stmt else {
        return stmt;
    };
    let syn::Pat::Ident(p) = &local.pat else {
        return stmt;
    };
    let Some(init) = &local.init else {
        return stmt;
    };
    let syn::Expr::Macro(m) = &*init.expr else {
        return stmt;
    };
    if p.ident != "url" || !m.mac.path.is_ident("format") {
        return stmt;
    }
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let Ok(args) = m.mac.parse_body_with(parser) else {
        return stmt;
    };
    let mut args = args.into_iter();
    let (
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })),
        Some(base),
    ) = (args.next(), args.next())
    else {
        return stmt;
    };
    let template_text = template.value();
    let Some(rest) = template_text.strip_prefix("{}") else {
        return stmt;
    };
    if quote!(#base).to_string() != "client . baseurl" {
        return stmt;
    }
    let rest_lit = syn::LitStr::new(rest, template.span());
    let args: Vec<syn::Expr> = args.collect();
    if args.is_empty() && !rest.contains(['{', '}']) {
        syn::parse_quote! {
            let url = client.inner.url_static(&client.baseurl, #rest_lit)?;
        }
    } else {
        syn::parse_quote! {
            let url = client.inner.url(&client.baseurl, &::std::format!(#rest_lit, #(#args),*))?;
        }
    }
}

/// The `operation_id` of `let info = OperationInfo { operation_id: "…" };`.
fn operation_id_of(local: &syn::Local) -> Option<String> {
    let init = local.init.as_ref()?;
    let syn::Expr::Struct(s) = &*init.expr else {
        return None;
    };
    s.fields
        .iter()
        .find_map(|field| match (&field.member, &field.expr) {
            (
                syn::Member::Named(name),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }),
            ) if name == "operation_id" => Some(lit.value()),
            _ => None,
        })
}

/// In `let field = field.map_err(Error::InvalidRequest)?;`, names the field:
/// `.map_err(|m| crate::runtime::BuildError::field("field", m))?`.
fn name_builder_errors(stmt: syn::Stmt) -> syn::Stmt {
    let syn::Stmt::Local(mut local) = stmt else {
        return stmt;
    };
    let syn::Pat::Ident(p) = &local.pat else {
        return syn::Stmt::Local(local);
    };
    let field = p.ident.to_string();
    if let Some(init) = local.init.as_mut() {
        let mut rename = NameInvalidRequest { field };
        syn::visit_mut::VisitMut::visit_expr_mut(&mut rename, &mut init.expr);
    }
    syn::Stmt::Local(local)
}

struct NameInvalidRequest {
    field: String,
}

impl syn::visit_mut::VisitMut for NameInvalidRequest {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Path(path) = expr {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if segments == ["Error", "InvalidRequest"] {
                let field = &self.field;
                *expr =
                    syn::parse_quote!(|message| crate::runtime::BuildError::field(#field, message));
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// One constructor shape for every family's `Client`: progenitor's `new` (which panics when
/// reqwest cannot build a client) is removed, `new_with_client` becomes crate-private, and
/// every client gains `from_connection` (what `Runtime::connect` returns) and `runtime()`.
/// Family modules add only `from_config`, with their auth protocol.
fn client_constructors(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        if !ty.path.is_ident("Client") {
            continue;
        }
        for member in &mut imp.items {
            if let syn::ImplItem::Fn(f) = member {
                strip_placeholder_examples(&mut f.attrs);
            }
        }
        let has_new = imp
            .items
            .iter()
            .any(|m| matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == "new_with_client"));
        if !has_new {
            continue;
        }
        imp.items
            .retain(|m| !matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
        for member in &mut imp.items {
            if let syn::ImplItem::Fn(f) = member {
                if f.sig.ident == "new_with_client" {
                    f.vis = syn::parse_quote!(pub(crate));
                }
            }
        }
        imp.items.push(syn::parse_quote! {
            /// The client for what [`crate::runtime::Runtime::connect`] built.
            pub(crate) fn from_connection(c: crate::runtime::Connection) -> Self {
                Self::new_with_client(&c.base_url, c.http, c.runtime)
            }
        });
        imp.items.push(syn::parse_quote! {
            /// The runtime (configuration and operation table) this client runs on.
            pub fn runtime(&self) -> &crate::runtime::Runtime {
                &self.inner
            }
        });
    }
}

/// Removes progenitor's placeholder usage block (```` ```ignore let response = client…``` ````)
/// from an operation's doc comment: the family module documents real usage instead.
fn strip_placeholder_examples(attrs: &mut [syn::Attribute]) {
    for attr in attrs.iter_mut() {
        let syn::Meta::NameValue(nv) = &mut attr.meta else {
            continue;
        };
        if !nv.path.is_ident("doc") {
            continue;
        }
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let doc = text.value();
        let Some(start) = doc.find("```ignore") else {
            continue;
        };
        let after = start + "```ignore".len();
        let end = doc[after..]
            .find("```")
            .map_or(doc.len(), |i| after + i + "```".len());
        let cleaned = format!("{}{}", doc[..start].trim_end(), &doc[end..]);
        let lit = syn::LitStr::new(&cleaned, text.span());
        nv.value = syn::parse_quote!(#lit);
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

/// The module for one family (pretty-printed with the `pretty` feature).
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
    paygen_send(&mut file)?;
    client_constructors(&mut file);
    crate::builders::keep_request_builders(&mut file);
    crate::typed_body::typed_bodies(&mut file);
    let header = format!(
        "// @generated by paygen-codegen from specs/{}.yaml. Do not edit by hand:\n\
         // change the spec and run `cargo xtask generate`.\n\n",
        family.spec
    );
    Ok(header + &layout(&file) + "\n" + &open_enums(n))
}

/// The module's code as text: laid out by prettyplease with the `pretty` feature (what
/// `generated/` holds, for review), otherwise the token stream's own text, which compiles to
/// the same items (`build.rs`: no prettyplease to build or run in a downstream build).
#[cfg(feature = "pretty")]
fn layout(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

/// See the `pretty` version above.
#[cfg(not(feature = "pretty"))]
fn layout(file: &syn::File) -> String {
    quote::ToTokens::to_token_stream(file).to_string()
}
