//! Operation builders keep a typed body as given, instead of progenitor's round trip through
//! typify's struct builder.
//!
//! progenitor stores an operation's struct body as `Result<types::builder::X, String>`:
//! `.body(x)` turns the typed `X` into its builder form (`From<X>`), and `send()` turns it back
//! (`TryFrom`), so every call converts and moves the whole body twice (with a builder's
//! `Default` made on `new()` and dropped on `.body()`). Here the field is
//! `crate::runtime::TypedBody<types::X, types::builder::X>`: `.body(x)` keeps `x`, and only
//! `.body_map(f)`, which needs the builder form, converts. `send()` asks the field for the
//! typed body (`into_typed`), which for a body never given is what an empty builder makes
//! (the error naming its first missing required field), as before. The builder's public
//! methods and their signatures do not change.

use quote::ToTokens;

/// The runtime type the rewritten builders name (`crate::runtime::TypedBody`).
const TYPED_BODY: &str = "TypedBody";

/// Whether a family's generated code names the runtime's `TypedBody`, that is whether
/// [`typed_bodies`] rewrote any builder in it: `build.rs` compiles the runtime's `typed_body`
/// module only when some enabled family's code does.
///
/// ```
/// assert!(paygen_codegen::uses_typed_body("body: crate :: runtime :: TypedBody < A , B >"));
/// assert!(!paygen_codegen::uses_typed_body("body: Result < types :: builder :: A , String >"));
/// ```
pub fn uses_typed_body(code: &str) -> bool {
    code.contains(TYPED_BODY)
}

/// Rewrites every operation builder whose body is a typify struct builder (see the module
/// docs). Returns how many it rewrote.
pub fn typed_bodies(file: &mut syn::File) -> usize {
    let Some(builders) = file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, i)| i),
        _ => None,
    }) else {
        return 0;
    };
    // The operation builders with a struct body, by name, with the body's type name.
    let mut rewritten = Vec::new();
    for item in builders.iter_mut() {
        let syn::Item::Struct(s) = item else { continue };
        for field in s.fields.iter_mut() {
            if field.ident.as_ref().is_none_or(|i| i != "body") {
                continue;
            }
            let Some(name) = builder_body(&field.ty) else {
                continue;
            };
            field.ty = syn::parse_quote! {
                crate::runtime::TypedBody<types::#name, types::builder::#name>
            };
            rewritten.push(s.ident.to_string());
        }
    }
    for item in builders.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(owner) = self_name(&imp.self_ty) else {
            continue;
        };
        if !rewritten.contains(&owner) {
            continue;
        }
        for member in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            match f.sig.ident.to_string().as_str() {
                "new" => unset_in_new(f),
                "body" => keep_typed_in_body(f),
                "body_map" => {
                    f.block = syn::parse_quote! {{
                        self.body = self.body.map_builder(f);
                        self
                    }}
                }
                "into_request" => typed_in_request(f),
                _ => {}
            }
        }
    }
    rewritten.len()
}

/// `X` of `Result<types::builder::X, String>`.
fn builder_body(ty: &syn::Type) -> Option<syn::Ident> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let syn::GenericArgument::Type(syn::Type::Path(inner)) = args.args.first()? else {
        return None;
    };
    let segments: Vec<&syn::PathSegment> = inner.path.segments.iter().collect();
    match segments.as_slice() {
        [types, builder, name] if types.ident == "types" && builder.ident == "builder" => {
            Some(name.ident.clone())
        }
        _ => None,
    }
}

fn self_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    Some(path.path.segments.last()?.ident.to_string())
}

/// `body: Ok(Default::default())` in `new()` as `body: TypedBody::Unset`.
fn unset_in_new(f: &mut syn::ImplItemFn) {
    struct Unset;
    impl syn::visit_mut::VisitMut for Unset {
        fn visit_field_value_mut(&mut self, fv: &mut syn::FieldValue) {
            if matches!(&fv.member, syn::Member::Named(i) if i == "body") {
                fv.expr = syn::parse_quote!(crate::runtime::TypedBody::Unset);
                return;
            }
            syn::visit_mut::visit_field_value_mut(self, fv);
        }
    }
    syn::visit_mut::VisitMut::visit_impl_item_fn_mut(&mut Unset, f);
}

/// `self.body = value.try_into().map(From::from).map_err(..);` as
/// `self.body = TypedBody::given(value.try_into().map_err(..));`.
fn keep_typed_in_body(f: &mut syn::ImplItemFn) {
    struct Keep;
    impl syn::visit_mut::VisitMut for Keep {
        fn visit_expr_assign_mut(&mut self, assign: &mut syn::ExprAssign) {
            let target = assign.left.to_token_stream().to_string();
            if target.replace(' ', "") == "self.body" {
                let mut value = (*assign.right).clone();
                drop_from_conversion(&mut value);
                *assign.right = syn::parse_quote!(crate::runtime::TypedBody::given(#value));
                return;
            }
            syn::visit_mut::visit_expr_assign_mut(self, assign);
        }
    }
    syn::visit_mut::VisitMut::visit_impl_item_fn_mut(&mut Keep, f);
}

/// Removes the `.map(From::from)` link of a method chain.
fn drop_from_conversion(expr: &mut syn::Expr) {
    let syn::Expr::MethodCall(call) = expr else {
        return;
    };
    let is_from = call.method == "map"
        && call.args.len() == 1
        && call.args[0].to_token_stream().to_string().replace(' ', "") == "From::from";
    if is_from {
        *expr = (*call.receiver).clone();
        drop_from_conversion(expr);
    } else {
        drop_from_conversion(&mut call.receiver);
    }
}

/// `let body = body.and_then(|v| types::X::try_from(v)..)..;` in `into_request()` as
/// `let body = body.into_typed()..;`.
fn typed_in_request(f: &mut syn::ImplItemFn) {
    struct Typed;
    impl syn::visit_mut::VisitMut for Typed {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            let on_body = matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("body"));
            if on_body && call.method == "and_then" {
                call.method = syn::parse_quote!(into_typed);
                call.args.clear();
                return;
            }
            syn::visit_mut::visit_expr_method_call_mut(self, call);
        }
    }
    syn::visit_mut::VisitMut::visit_impl_item_fn_mut(&mut Typed, f);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
        pub mod builder {
            pub struct CreateThing<'a> {
                client: &'a super::Client,
                x_request_id: Result<Option<String>, String>,
                body: Result<types::builder::Request, String>,
            }
            impl<'a> CreateThing<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, x_request_id: Ok(None), body: Ok(::std::default::Default::default()) }
                }
                pub fn body<V>(mut self, value: V) -> Self
                where V: std::convert::TryInto<types::Request>,
                      <V as std::convert::TryInto<types::Request>>::Error: std::fmt::Display,
                {
                    self.body = value.try_into().map(From::from).map_err(|s| format!("conversion to `Request` for body failed: {}", s));
                    self
                }
                pub fn body_map<F>(mut self, f: F) -> Self
                where F: std::ops::FnOnce(types::builder::Request) -> types::builder::Request,
                {
                    self.body = self.body.map(f);
                    self
                }
                fn into_request(self) -> Result<(), crate::runtime::BuildError> {
                    let Self { client, x_request_id, body } = self;
                    let body = body
                        .and_then(|v| types::Request::try_from(v).map_err(|e| e.to_string()))
                        .map_err(|message| crate::runtime::BuildError::field("body", message))?;
                    Ok(())
                }
            }
            pub struct SendList<'a> { client: &'a super::Client, body: Result<Vec<types::Item>, String> }
        }
    "#;

    #[test]
    fn a_struct_body_is_kept_typed_and_other_bodies_are_left_alone() {
        let mut f: syn::File = syn::parse_str(SAMPLE).unwrap();
        assert_eq!(typed_bodies(&mut f), 1);
        let text = f.to_token_stream().to_string().replace(' ', "");
        for expected in [
            "body:crate::runtime::TypedBody<types::Request,types::builder::Request>,",
            "body:crate::runtime::TypedBody::Unset",
            "self.body=crate::runtime::TypedBody::given(value.try_into().map_err(|s|format!(",
            "self.body=self.body.map_builder(f);",
            "letbody=body.into_typed().map_err(|message|crate::runtime::BuildError::field(\"body\",message))?;",
        ] {
            assert!(text.contains(expected), "{expected} missing from {text}");
        }
        assert!(!text.contains("From::from"), "{text}");
        assert!(!text.contains("and_then"), "{text}");
        // A body that is not a typify struct builder keeps progenitor's field.
        assert!(
            text.contains("body:Result<Vec<types::Item>,String>"),
            "{text}"
        );
    }
}
