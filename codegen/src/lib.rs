//! paygen's code generator: hand-written OpenAPI specs in, Rust out.
//!
//! `build.rs` (into `OUT_DIR`) and `cargo xtask generate` (into `generated/`) both call
//! [`generate`], so the committed code and the compiled code are the same items. With the
//! `pretty` feature (`cargo xtask`, these tests) the text is laid out by prettyplease, as
//! `generated/` holds it; without it (`build.rs`) it is the token stream's own text, so a
//! downstream build neither compiles nor runs a pretty-printer.
//!
//! A spec is written to be truthful; progenitor 0.15 cannot take every truthful spec. The
//! [`normalise`] step turns the truthful spec into the one progenitor is given, and keeps what
//! it removes in an operation table the runtime reads:
//! - runtime-owned headers (`x-api-version`, credentials, signatures) are not parameters;
//! - all error responses fold into one `default` response whose body the runtime owns;
//! - `multipart/form-data` operations are left out (written by hand in `src/`);
//! - constraints and response `required` lists are dropped (typify would build validating
//!   newtypes that reject server data); the runtime validates request bodies against the
//!   original constraints instead;
//! - `format: decimal` becomes `paygen::Amount`, `x-accept-number` becomes `paygen::FlexString`,
//!   and every named enum becomes an open enum with an `Unknown(String)` variant.
//!
//! After progenitor, typify's struct builders are kept only for the types a request can
//! contain (`builders`): an answer type has no `builder()`.

mod builders;
mod lint;
mod normalise;
mod render;
mod typed_body;

pub use lint::lint;
pub use normalise::{normalise, EnumDef, Normalised, OperationMeta};
pub use typed_body::uses_typed_body;

/// An operation's `x-auth`: how its requests authenticate. The lint accepts exactly these
/// values, and the generated operation table names the runtime's enum of the same variants
/// (`paygen::runtime::AuthScheme`), so a scheme the runtime does not know cannot compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// `none`: no credentials.
    None,
    /// `merchant-headers`: `x-client-id` + `x-client-secret`.
    MerchantHeaders,
    /// `partner-headers`: `x-partner-apikey` + `x-partner-merchantid`.
    PartnerHeaders,
    /// `merchant-or-partner`: either of the above.
    MerchantOrPartner,
    /// `bearer-token`: `Authorization: Bearer <token>` from the family's authorize call.
    BearerToken,
    /// `hmac-signature`: the Payin & Payout API's request signature.
    HmacSignature,
}

impl AuthScheme {
    /// Every scheme, with its spelling in a spec.
    pub const ALL: &'static [(&'static str, AuthScheme)] = &[
        ("none", AuthScheme::None),
        ("merchant-headers", AuthScheme::MerchantHeaders),
        ("partner-headers", AuthScheme::PartnerHeaders),
        ("merchant-or-partner", AuthScheme::MerchantOrPartner),
        ("bearer-token", AuthScheme::BearerToken),
        ("hmac-signature", AuthScheme::HmacSignature),
    ];

    /// The scheme a spec's `x-auth` value names.
    pub fn from_spec(value: &str) -> Option<AuthScheme> {
        AuthScheme::ALL
            .iter()
            .find(|(name, _)| *name == value)
            .map(|(_, scheme)| *scheme)
    }

    /// The variant's name (the same in the runtime's enum).
    pub fn variant(self) -> &'static str {
        match self {
            AuthScheme::None => "None",
            AuthScheme::MerchantHeaders => "MerchantHeaders",
            AuthScheme::PartnerHeaders => "PartnerHeaders",
            AuthScheme::MerchantOrPartner => "MerchantOrPartner",
            AuthScheme::BearerToken => "BearerToken",
            AuthScheme::HmacSignature => "HmacSignature",
        }
    }
}

/// One API family: a spec file, the module it is generated into and the cargo feature that
/// compiles it.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// The spec's file stem under `specs/` (and the file name under `generated/`).
    pub spec: &'static str,
    /// The Rust module the generated code is included in (`paygen::<module>`).
    pub module: &'static str,
    /// The cargo feature that enables it.
    pub feature: &'static str,
}

/// Every family paygen generates, in the order they are documented.
pub const FAMILIES: &[Family] = &[
    Family {
        spec: "cashfree-pg",
        module: "pg",
        feature: "pg",
    },
    Family {
        spec: "cashfree-payouts-v1",
        module: "payouts_v1",
        feature: "payouts",
    },
    Family {
        spec: "cashfree-payouts-v2",
        module: "payouts_v2",
        feature: "payouts",
    },
    Family {
        spec: "cashfree-flowwise",
        module: "flowwise",
        feature: "flowwise",
    },
    Family {
        spec: "cashfree-collect-from-india",
        module: "collect_from_india",
        feature: "international",
    },
    Family {
        spec: "cashfree-global-collections",
        module: "global_collections",
        feature: "international",
    },
    Family {
        spec: "cashfree-oneescrow",
        module: "oneescrow",
        feature: "oneescrow",
    },
    Family {
        spec: "cashfree-bbps",
        module: "bbps",
        feature: "bbps",
    },
    Family {
        spec: "payin-payout",
        module: "payin_payout",
        feature: "payin-payout",
    },
];

/// Parses a spec file's YAML text into JSON values (the form every step works on).
pub fn parse_yaml(text: &str) -> Result<serde_json::Value, String> {
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("not valid YAML: {e}"))?;
    serde_json::to_value(yaml).map_err(|e| format!("YAML that is not JSON-compatible: {e}"))
}

/// Generates the complete Rust module for one family from its spec text: pretty-printed with
/// the `pretty` feature, the token stream's text without it (the same items either way).
pub fn generate(family: &Family, spec_text: &str) -> Result<String, String> {
    let spec = parse_yaml(spec_text)?;
    let problems = lint(&spec);
    if !problems.is_empty() {
        return Err(format!(
            "specs/{}.yaml has problems:\n  - {}",
            family.spec,
            problems.join("\n  - ")
        ));
    }
    let normalised = normalise(family, &spec)?;
    render::render(family, &normalised)
}
