//! Running the built `paygen` binary as a user runs it, with a clean environment.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The repository root (where `specs/` is).
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paygen"));
    // Nothing from the developer's environment (their real credentials) leaks in.
    c.env_clear().current_dir(ROOT).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// Runs `paygen args…` with only `env` set and `stdin` as standard input.
pub fn paygen(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut child = command(args, env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The tool may exit before reading its input: a closed pipe is fine then.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// Text of an output stream.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A running `paygen listen`, whose stdout lines are read as they come; killed on drop.
pub struct Listener {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// The URL from its first line.
    pub url: String,
}

impl Listener {
    /// Starts `paygen listen --port 0 args…` and waits for its first line.
    pub fn start(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Listener {
        let mut all = vec!["listen", "--port", "0"];
        all.extend_from_slice(args);
        let mut child = command(&all, env)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin).unwrap();
        drop(input);
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("paygen listen prints where it listens");
        let url = first
            .strip_prefix("paygen listen on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Listener {
            child,
            lines: rx,
            url,
        }
    }

    /// The next line printed, skipping the banner's help line.
    pub fn next_delivery(&self) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(20))
                .expect("a line for the delivery");
            if !line.starts_with("forward deliveries here") {
                return line;
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
