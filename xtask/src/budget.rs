//! `cargo xtask build-budget [--check]`: the build-time and disk budgets, measured clean.
//!
//! Each figure is measured from an empty target directory of its own, with the registry warm
//! (`cargo fetch` runs first and is not timed), so the numbers are what a new user or CI pays:
//!
//! | what | command | budget |
//! | --- | --- | --- |
//! | a downstream app that uses only PG | `cargo build` of a one-file app with `default-features = false, features = ["pg"]` | 35 s |
//! | the whole workspace | `cargo build --workspace --all-features` | 45 s |
//! | the test build's target directory | `cargo test --workspace --all-features --no-run`, after the build above | 3 GB |
//!
//! It prints one line per figure with its budget and ratio, and for each build the CPU time it
//! took (user + sys of cargo and every rustc it ran, on Linux) and the load average before and
//! after: on a shared machine the wall time follows the other builds, the CPU time much less, so
//! compare CPU figures between runs. With `--check` it exits non-zero when a figure is over
//! budget; `.ci/run` does not run it (timings on a shared CI machine are noise), `BENCHMARKS.md`
//! records the figures with the command and date.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One measured figure and its budget.
struct Figure {
    name: &'static str,
    value: f64,
    budget: f64,
    unit: &'static str,
    /// For a build: what it cost besides wall time.
    build: Option<Build>,
}

/// One timed cargo run.
struct Build {
    wall: Duration,
    /// user + sys of every process the run waited for, when the platform says (Linux).
    cpu: Option<Duration>,
    /// The 1-minute load average before and after.
    load: (Option<f64>, Option<f64>),
}

/// Runs the measurements; `check` turns an over-budget figure into an error.
pub fn run(args: &[String]) -> Result<(), String> {
    let check = args.iter().any(|a| a == "--check");
    let root = crate::root();
    let scratch = std::env::temp_dir().join(format!("paygen-build-budget-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = measure(&root, &scratch);
    // The scratch target directories hold gigabytes: never leave them behind.
    let _ = std::fs::remove_dir_all(&scratch);
    let figures = result?;
    let mut over = Vec::new();
    for f in &figures {
        let ratio = f.value / f.budget;
        println!(
            "{:<44} {:>8.1} {:<3} budget {:>6.1} {:<3} ({:.2}x){}",
            f.name,
            f.value,
            f.unit,
            f.budget,
            f.unit,
            ratio,
            if ratio > 1.0 { "  OVER" } else { "" }
        );
        if let Some(b) = &f.build {
            let shown = |v: Option<f64>| v.map_or("?".to_string(), |v| format!("{v:.1}"));
            println!(
                "{:<44} cpu {} s (user+sys), load {} -> {}",
                "",
                b.cpu
                    .map_or("?".to_string(), |c| format!("{:.1}", c.as_secs_f64())),
                shown(b.load.0),
                shown(b.load.1),
            );
        }
        if ratio > 1.0 {
            over.push(f.name);
        }
    }
    if check && !over.is_empty() {
        return Err(format!("over budget: {}", over.join(", ")));
    }
    Ok(())
}

fn measure(root: &Path, scratch: &Path) -> Result<Vec<Figure>, String> {
    cargo(root, &["fetch"], None)?;

    let app = scratch.join("app");
    std::fs::create_dir_all(app.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"paygen-budget-app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\npaygen = {{ path = {:?}, default-features = false, features = [\"pg\"] }}\n\n\
             [workspace]\n",
            root.display().to_string()
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        app.join("src/main.rs"),
        "fn main() {\n    let config = paygen::Config::new(\n        paygen::Environment::Sandbox,\n        \
         paygen::Credentials::merchant(\"app\", \"secret\"),\n    );\n    \
         let client = paygen::pg::Client::from_config(config).expect(\"client\");\n    \
         let _ = client.get_order().order_id(\"order_1\");\n}\n",
    )
    .map_err(|e| e.to_string())?;
    // The app's own lock file starts from the workspace's, so both resolve the same versions.
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).map_err(|e| e.to_string())?;
    cargo(&app, &["fetch"], None)?;
    let app_target = scratch.join("target-app");
    let pg_app = cargo(&app, &["build"], Some(&app_target))?;
    let _ = std::fs::remove_dir_all(&app_target);

    let ws_target = scratch.join("target-workspace");
    let workspace = cargo(
        root,
        &["build", "--workspace", "--all-features"],
        Some(&ws_target),
    )?;
    cargo(
        root,
        &["test", "--workspace", "--all-features", "--no-run"],
        Some(&ws_target),
    )?;
    let test_bytes = dir_size(&ws_target);

    Ok(vec![
        Figure {
            name: "downstream app, pg only, clean dev build",
            value: pg_app.wall.as_secs_f64(),
            budget: 35.0,
            unit: "s",
            build: Some(pg_app),
        },
        Figure {
            name: "workspace --all-features, clean dev build",
            value: workspace.wall.as_secs_f64(),
            budget: 45.0,
            unit: "s",
            build: Some(workspace),
        },
        Figure {
            name: "target dir after cargo test --no-run",
            value: test_bytes as f64 / 1e9,
            budget: 3.0,
            unit: "GB",
            build: None,
        },
    ])
}

/// Runs cargo in `dir` (with its own target directory when given) and returns what it cost.
fn cargo(dir: &Path, args: &[&str], target: Option<&PathBuf>) -> Result<Build, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let load_before = load_average();
    let cpu_before = children_cpu();
    let start = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
    let wall = start.elapsed();
    let cpu = match (cpu_before, children_cpu()) {
        (Some(before), Some(after)) => after.checked_sub(before),
        _ => None,
    };
    if !status.success() {
        return Err(format!(
            "cargo {} failed in {}",
            args.join(" "),
            dir.display()
        ));
    }
    Ok(Build {
        wall,
        cpu,
        load: (load_before, load_average()),
    })
}

/// user + sys of every child process this one has waited for (`cutime` + `cstime` of
/// `/proc/self/stat`, in the kernel's 100 Hz ticks); `None` off Linux.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 16 and 17 of the line are the 14th and 15th after the name.
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The 1-minute load average (`/proc/loadavg`); `None` off Linux.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(entry.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}
