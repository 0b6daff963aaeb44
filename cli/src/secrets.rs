//! Where the CLI's secrets come from, so that none has to appear in `ps` or shell history.
//!
//! A command that takes a secret reads it, in order, from its flag (`--secret S`, kept for
//! scripts; visible to other users of the machine), from the first line of standard input
//! (`--secret-stdin`), or from the environment variables the command names. `paygen call` reads
//! API credentials from the environment or from a credentials file ([`CredentialSource`]).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use paygen::{Config, Credentials, Environment, Secret};

/// Webhook signing secret, for every webhook command: checked before the family's own key.
pub const WEBHOOK_SECRET_VAR: &str = "PAYGEN_WEBHOOK_SECRET";
/// The PG client secret (also what Cashfree signs merchant webhooks with).
pub const CLIENT_SECRET_VAR: &str = "CASHFREE_CLIENT_SECRET";
/// The partner API key (what Cashfree signs Global Collections partner webhooks with).
pub const PARTNER_KEY_VAR: &str = "CASHFREE_PARTNER_API_KEY";
/// The Payin & Payout API's Secret Key.
pub const PAYIN_PAYOUT_SECRET_VAR: &str = "PAYIN_PAYOUT_SECRET_KEY";

/// `--secret S` / `--secret-stdin`: the webhook signing secret, for every webhook command
/// (`webhook sign`, `webhook verify`, `trigger`, `listen`). Without either it is read from
/// PAYGEN_WEBHOOK_SECRET, then CASHFREE_CLIENT_SECRET.
#[derive(Debug, Clone, clap::Args)]
pub struct WebhookSecretArgs {
    /// The webhook secret: the PG client secret (or the partner API key for Global Collections
    /// partner webhooks). Visible in `ps`: prefer --secret-stdin or PAYGEN_WEBHOOK_SECRET.
    /// Default: PAYGEN_WEBHOOK_SECRET, then CASHFREE_CLIENT_SECRET.
    #[arg(long, value_name = "S")]
    pub secret: Option<String>,
    /// Read the secret from the first line of standard input.
    #[arg(long)]
    pub secret_stdin: bool,
}

impl WebhookSecretArgs {
    /// The secret, from the flag, standard input or the environment ([`resolve`]).
    pub fn resolve(self) -> Result<Secret, String> {
        resolve(
            self.secret,
            self.secret_stdin,
            &[WEBHOOK_SECRET_VAR, CLIENT_SECRET_VAR],
            "--secret",
        )
    }
}

/// Reads a secret from `flag`, standard input (`from_stdin`), or the first of `vars` that is
/// set and not empty. `flag_name` names the flag in errors.
pub fn resolve(
    flag: Option<String>,
    from_stdin: bool,
    vars: &[&str],
    flag_name: &str,
) -> Result<Secret, String> {
    if let Some(value) = flag {
        if value.is_empty() {
            return Err(format!("{flag_name} is empty"));
        }
        return Ok(Secret::new(value));
    }
    if from_stdin {
        return read_stdin_line(flag_name);
    }
    for var in vars {
        if let Ok(value) = std::env::var(var) {
            if !value.is_empty() {
                return Ok(Secret::new(value));
            }
        }
    }
    Err(format!(
        "no secret: pass {flag_name}-stdin (and type or pipe it), set {}, or pass {flag_name} S \
         (visible in `ps`)",
        vars.join(" or ")
    ))
}

/// Like [`resolve`], but `Ok(None)` when no source has the secret.
pub fn resolve_optional(
    flag: Option<String>,
    from_stdin: bool,
    vars: &[&str],
    flag_name: &str,
) -> Result<Option<Secret>, String> {
    if flag.is_none() && !from_stdin && vars.iter().all(|v| env_var(v).is_none()) {
        return Ok(None);
    }
    resolve(flag, from_stdin, vars, flag_name).map(Some)
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// One line of standard input, without its line ending.
fn read_stdin_line(flag_name: &str) -> Result<Secret, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("paygen: reading the secret for {flag_name} from standard input (one line):");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let line = line.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        return Err(format!(
            "{flag_name}-stdin: standard input had no secret on its first line"
        ));
    }
    Ok(Secret::new(line))
}

/// Where `paygen call` finds API credentials: a file (`--credentials FILE`, or `-` for standard
/// input) whose `NAME=value` lines take precedence, then the environment.
///
/// The file uses the environment variables' names, one per line; blank lines and lines
/// starting with `#` are ignored, and a value may be wrapped in single or double quotes:
///
/// ```text
/// # ~/.config/paygen/sandbox.env
/// CASHFREE_CLIENT_ID=TEST1234
/// CASHFREE_CLIENT_SECRET=cfsk_ma_test_...
/// ```
pub struct CredentialSource {
    file: BTreeMap<String, String>,
}

impl CredentialSource {
    /// The environment, overlaid by `file` when given (`-` reads standard input).
    pub fn load(file: Option<&Path>) -> Result<CredentialSource, String> {
        let Some(path) = file else {
            return Ok(CredentialSource {
                file: BTreeMap::new(),
            });
        };
        let text = if path == Path::new("-") {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                eprintln!(
                    "paygen: reading credentials (NAME=value lines) from standard input; end with Ctrl-D"
                );
            }
            std::io::read_to_string(stdin)
                .map_err(|e| format!("cannot read credentials from standard input: {e}"))?
        } else {
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the credentials file {}: {e}", path.display()))?
        };
        Ok(CredentialSource {
            file: parse_file(&text, path)?,
        })
    }

    fn get(&self, name: &str) -> Option<String> {
        self.file
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .or_else(|| env_var(name))
    }

    /// The configuration for a call of `family` (a `paygen::dynamic::Family` module name)
    /// whose `x-auth` is `auth`, against `env` (or `PAYGEN_ENVIRONMENT`, default sandbox).
    pub fn config(
        &self,
        family: &str,
        auth: paygen::runtime::AuthScheme,
        env: Option<&str>,
    ) -> Result<Config, String> {
        let env_name = env
            .map(str::to_string)
            .or_else(|| self.get("PAYGEN_ENVIRONMENT"))
            .unwrap_or_else(|| "sandbox".into());
        let environment = Environment::from_name(&env_name).map_err(|e| e.message().to_string())?;
        let merchant = |id: &str, secret: &str| match (self.get(id), self.get(secret)) {
            (Some(i), Some(s)) => Some(Credentials::merchant(i, s)),
            _ => None,
        };
        let partner = || match (
            self.get("CASHFREE_PARTNER_API_KEY"),
            self.get("CASHFREE_PARTNER_MERCHANT_ID"),
        ) {
            (Some(k), Some(m)) => Some(Credentials::partner(k, m)),
            _ => None,
        };
        let (credentials, needed) = match family {
            "payouts_v1" | "payouts_v2" | "oneescrow" => (
                merchant("CASHFREE_PAYOUTS_CLIENT_ID", "CASHFREE_PAYOUTS_CLIENT_SECRET")
                    .or_else(|| merchant("CASHFREE_CLIENT_ID", "CASHFREE_CLIENT_SECRET")),
                "CASHFREE_PAYOUTS_CLIENT_ID and CASHFREE_PAYOUTS_CLIENT_SECRET (or CASHFREE_CLIENT_ID and CASHFREE_CLIENT_SECRET)",
            ),
            "payin_payout" => (
                match (
                    self.get("PAYIN_PAYOUT_ACCESS_KEY"),
                    self.get("PAYIN_PAYOUT_SECRET_KEY"),
                ) {
                    (Some(a), Some(s)) => Some(Credentials::hmac(a, s)),
                    _ => None,
                },
                "PAYIN_PAYOUT_ACCESS_KEY and PAYIN_PAYOUT_SECRET_KEY",
            ),
            _ if auth == paygen::runtime::AuthScheme::PartnerHeaders => (
                partner(),
                "CASHFREE_PARTNER_API_KEY and CASHFREE_PARTNER_MERCHANT_ID",
            ),
            _ => (
                merchant("CASHFREE_CLIENT_ID", "CASHFREE_CLIENT_SECRET").or_else(partner),
                "CASHFREE_CLIENT_ID and CASHFREE_CLIENT_SECRET (or CASHFREE_PARTNER_API_KEY and CASHFREE_PARTNER_MERCHANT_ID)",
            ),
        };
        let credentials = match credentials {
            Some(c) => c,
            None if auth == paygen::runtime::AuthScheme::None => Credentials::None,
            None => {
                return Err(format!(
                    "no credentials for {family}: set {needed} in the environment or in a \
                     --credentials file"
                ))
            }
        };
        let mut config = Config::new(environment, credentials).with_user_agent_suffix("paygen-cli");
        if let Some(path) = self.get("CASHFREE_PAYOUTS_PUBLIC_KEY") {
            if matches!(family, "payouts_v1" | "payouts_v2" | "oneescrow") {
                let pem = std::fs::read_to_string(&path).map_err(|e| {
                    format!("cannot read CASHFREE_PAYOUTS_PUBLIC_KEY ({path}): {e}")
                })?;
                config = config.with_payout_public_key_pem(pem).map_err(|e| {
                    format!("CASHFREE_PAYOUTS_PUBLIC_KEY ({path}): {}", e.message())
                })?;
            }
        }
        Ok(config)
    }
}

fn parse_file(text: &str, path: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else {
            // Never echo the line: it may be a secret.
            return Err(format!(
                "{} line {}: expected NAME=value",
                PathBuf::from(path).display(),
                n + 1
            ));
        };
        let value = value.trim();
        let value = [('"', '"'), ('\'', '\'')]
            .iter()
            .find_map(|(a, b)| value.strip_prefix(*a).and_then(|v| v.strip_suffix(*b)))
            .unwrap_or(value);
        out.insert(name.trim().to_string(), value.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_files_are_name_value_lines() {
        let m = parse_file("# c\n\nexport A=1\nB = \"two\"\nC='3'\n", Path::new("f")).unwrap();
        assert_eq!(m["A"], "1");
        assert_eq!(m["B"], "two");
        assert_eq!(m["C"], "3");
        let e = parse_file("cfsk_secret_only\n", Path::new("f")).unwrap_err();
        assert!(!e.contains("cfsk_secret_only"), "{e}");
    }
}
