//! Runs the code generator (progenitor, behind `paygen-codegen`) over every enabled family's
//! spec into `OUT_DIR`. `cargo xtask generate` writes the same code, pretty-printed (the
//! generator's `pretty` feature, which this build leaves off), to `generated/` for review;
//! `cargo xtask check` fails when `generated/` differs from what the specs generate.

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=specs");
    // Derived here, once, instead of feature lists repeated in the source:
    // `paygen_any_family` — some API family is compiled; `paygen_typed_body` — some compiled
    // family's builders keep a typed body (`runtime::typed_body`).
    println!("cargo:rustc-check-cfg=cfg(paygen_any_family)");
    println!("cargo:rustc-check-cfg=cfg(paygen_typed_body)");
    let (mut any_family, mut typed_body) = (false, false);
    for family in paygen_codegen::FAMILIES {
        let feature = format!(
            "CARGO_FEATURE_{}",
            family.feature.to_uppercase().replace('-', "_")
        );
        if std::env::var_os(&feature).is_none() {
            continue;
        }
        let spec_path = Path::new("specs").join(format!("{}.yaml", family.spec));
        println!("cargo:rerun-if-changed={}", spec_path.display());
        let text = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| {
            panic!(
                "feature `{}` needs {}: {e}",
                family.feature,
                spec_path.display()
            )
        });
        let code = paygen_codegen::generate(family, &text).unwrap_or_else(|e| panic!("{e}"));
        any_family = true;
        typed_body |= paygen_codegen::uses_typed_body(&code);
        let out = Path::new(&out_dir).join(format!("{}.rs", family.module));
        std::fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
    }
    if any_family {
        println!("cargo:rustc-cfg=paygen_any_family");
    }
    if typed_body {
        println!("cargo:rustc-cfg=paygen_typed_body");
    }
}
