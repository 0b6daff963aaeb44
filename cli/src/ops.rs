//! `paygen ops [FAMILY]`: every operation of every spec, from the generated operation tables.

use std::process::ExitCode;

use clap::Args;
use paygen::dynamic;

/// Arguments of `paygen ops`.
#[derive(Debug, Args)]
pub struct OpsArgs {
    /// Only this family: a module name (pg, payouts_v1, payouts_v2, flowwise,
    /// collect_from_india, global_collections, oneescrow, bbps, payin_payout), a spec name
    /// (cashfree-pg), or a cargo feature naming several (payouts, international).
    family: Option<String>,
    /// One JSON object per line instead of columns.
    #[arg(long)]
    json: bool,
}

/// Prints the table: FAMILY, OPERATION, METHOD, PATH, MOVES_MONEY (yes/no).
pub fn run(args: OpsArgs) -> Result<ExitCode, String> {
    let families = match args.family.as_deref() {
        Some(name) => {
            let named = dynamic::families_named(name);
            if named.is_empty() {
                let names: Vec<&str> = dynamic::families().iter().map(|f| f.module).collect();
                return Err(format!(
                    "unknown family `{name}`; the families are {} (or a cargo feature: payouts, international)",
                    names.join(", ")
                ));
            }
            Some(named)
        }
        None => None,
    };
    let ops: Vec<dynamic::Operation> = dynamic::operations()
        .filter(|o| {
            families
                .as_ref()
                .is_none_or(|fs| fs.iter().any(|f| std::ptr::eq(o.family, *f)))
        })
        .collect();
    if args.json {
        for o in &ops {
            let line = serde_json::json!({
                "family": o.family.module,
                "operation_id": o.spec.operation_id,
                "method": o.spec.method,
                "path": o.spec.path,
                "moves_money": o.spec.moves_money,
                "auth": o.spec.auth.as_str(),
                "sandbox_only": o.spec.sandbox_only,
                "multipart": o.spec.multipart,
            });
            println!("{line}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[&str; 5]> = ops
        .iter()
        .map(|o| {
            [
                o.family.module,
                o.spec.operation_id,
                o.spec.method,
                o.spec.path,
                if o.spec.moves_money { "yes" } else { "no" },
            ]
        })
        .collect();
    let header = ["FAMILY", "OPERATION", "METHOD", "PATH", "MOVES_MONEY"];
    let mut width = header.map(str::len);
    for row in &rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(width)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
