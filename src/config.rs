//! Client configuration: where to send requests, as whom, and how patiently.
//!
//! Every client is built from a [`Config`]; there are no globals, so one process can hold
//! clients for many merchants and environments at once.

use std::time::Duration;

use crate::error::ConfigError;
use crate::retry::RetryConfig;
use crate::secret::Secret;

/// Which host a family's requests go to.
///
/// `Sandbox` and `Production` take the hosts the family's spec documents; `Custom` takes any
/// base URL (a local stand-in in tests, a proxy, or a provider that gives each merchant its own
/// URL).
///
/// ```
/// use paygen::Environment;
/// assert_eq!(Environment::from_name("sandbox").unwrap(), Environment::Sandbox);
/// let e = Environment::custom("http://127.0.0.1:8080/pg");
/// assert_eq!(e.name(), "custom");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    /// The family's test host (`https://sandbox.cashfree.com/pg` for PG).
    Sandbox,
    /// The family's live host (`https://api.cashfree.com/pg` for PG): real money.
    Production,
    /// Any base URL, used as given (no trailing slash needed).
    Custom(String),
}

impl Environment {
    /// A custom base URL.
    pub fn custom(base_url: impl Into<String>) -> Environment {
        Environment::Custom(base_url.into().trim_end_matches('/').to_string())
    }

    /// `sandbox`, `production` (also `test`, `prod`, `live`), or a URL.
    pub fn from_name(name: &str) -> Result<Environment, ConfigError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "sandbox" | "test" => Ok(Environment::Sandbox),
            "production" | "prod" | "live" => Ok(Environment::Production),
            other if other.starts_with("http://") || other.starts_with("https://") => {
                Ok(Environment::custom(name.trim()))
            }
            _ => Err(ConfigError::new(format!(
                "unknown environment `{name}`: use sandbox, production, or a base URL"
            ))),
        }
    }

    /// `sandbox`, `production` or `custom`.
    pub fn name(&self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Production => "production",
            Environment::Custom(_) => "custom",
        }
    }
}

/// Who is calling: the credentials a family's auth scheme needs.
///
/// ```
/// let c = paygen::Credentials::merchant("TEST_APP_ID", "cfsk_secret");
/// assert!(!format!("{c:?}").contains("cfsk_secret"));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// A merchant's app id and secret key (`x-client-id`, `x-client-secret`; for Payouts v1
    /// `X-Client-Id`, `X-Client-Secret`).
    Merchant {
        /// The app id (`x-client-id`).
        client_id: String,
        /// The secret key (`x-client-secret`).
        client_secret: Secret,
    },
    /// A platform partner acting for a merchant (`x-partner-apikey`, `x-partner-merchantid`).
    Partner {
        /// The partner API key (`x-partner-apikey`).
        api_key: Secret,
        /// The merchant acted for (`x-partner-merchantid`).
        merchant_id: String,
    },
    /// An access key and secret for HMAC request signing (the Payin & Payout API).
    Hmac {
        /// The access key (`Access-Key`).
        access_key: String,
        /// The signing secret.
        secret: Secret,
    },
    /// No credentials (only operations whose spec says `x-auth: none` work).
    None,
}

impl Credentials {
    /// Merchant credentials.
    pub fn merchant(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Credentials {
        Credentials::Merchant {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// Partner credentials.
    pub fn partner(api_key: impl Into<Secret>, merchant_id: impl Into<String>) -> Credentials {
        Credentials::Partner {
            api_key: api_key.into(),
            merchant_id: merchant_id.into(),
        }
    }

    /// HMAC signing credentials.
    pub fn hmac(access_key: impl Into<String>, secret: impl Into<Secret>) -> Credentials {
        Credentials::Hmac {
            access_key: access_key.into(),
            secret: secret.into(),
        }
    }
}

/// Everything a client needs. Build one with [`Config::new`] and the `with_*` methods.
///
/// ```
/// use paygen::{Config, Credentials, Environment};
/// use std::time::Duration;
/// let config = Config::new(Environment::Sandbox, Credentials::merchant("id", "secret"))
///     .with_api_version("2025-01-01")
///     .with_timeout(Duration::from_secs(20));
/// assert_eq!(config.api_version(), Some("2025-01-01"));
/// ```
#[derive(Clone)]
pub struct Config {
    pub(crate) environment: Environment,
    pub(crate) credentials: Credentials,
    pub(crate) api_version: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryConfig,
    pub(crate) user_agent: String,
    #[cfg(any(feature = "payouts", feature = "oneescrow"))]
    pub(crate) payout_public_key: Option<crate::payouts::PayoutPublicKey>,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) max_in_flight: Option<usize>,
    pub(crate) max_response_body: usize,
}

/// The default limit on one answer's body: 32 MiB, far above any documented answer (the
/// largest are settlement and reconciliation pages).
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 32 * 1024 * 1024;

impl std::fmt::Debug for Config {
    /// Everything but secrets and key material: the credentials print as their kind and
    /// public id, the public key as its size only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Config");
        d.field("environment", &self.environment)
            .field("credentials", &self.credentials)
            .field("api_version", &self.api_version)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent);
        #[cfg(any(feature = "payouts", feature = "oneescrow"))]
        d.field("payout_public_key", &self.payout_public_key);
        d.field("shared_http_client", &self.http_client.is_some())
            .field("max_in_flight", &self.max_in_flight)
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

impl Config {
    /// A configuration with the defaults: the family's own API version, a 10 s connect timeout,
    /// a 60 s total timeout per attempt, and [`RetryConfig::default`].
    pub fn new(environment: Environment, credentials: Credentials) -> Config {
        Config {
            environment,
            credentials,
            api_version: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            retry: RetryConfig::default(),
            user_agent: format!("paygen-rust/{}", env!("CARGO_PKG_VERSION")),
            #[cfg(any(feature = "payouts", feature = "oneescrow"))]
            payout_public_key: None,
            http_client: None,
            max_in_flight: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }

    /// Reads `PAYGEN_ENVIRONMENT` (sandbox, production or a URL; default sandbox) and either
    /// `CASHFREE_CLIENT_ID` + `CASHFREE_CLIENT_SECRET`, or `CASHFREE_PARTNER_API_KEY` +
    /// `CASHFREE_PARTNER_MERCHANT_ID`.
    pub fn from_env() -> Result<Config, ConfigError> {
        let env = std::env::var("PAYGEN_ENVIRONMENT").unwrap_or_else(|_| "sandbox".into());
        let environment = Environment::from_name(&env)?;
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let credentials = match (
            var("CASHFREE_CLIENT_ID"),
            var("CASHFREE_CLIENT_SECRET"),
            var("CASHFREE_PARTNER_API_KEY"),
            var("CASHFREE_PARTNER_MERCHANT_ID"),
        ) {
            (Some(id), Some(secret), _, _) => Credentials::merchant(id, secret),
            (_, _, Some(key), Some(merchant)) => Credentials::partner(key, merchant),
            _ => {
                return Err(ConfigError::new(
                    "set CASHFREE_CLIENT_ID and CASHFREE_CLIENT_SECRET (or \
                     CASHFREE_PARTNER_API_KEY and CASHFREE_PARTNER_MERCHANT_ID)",
                ))
            }
        };
        Ok(Config::new(environment, credentials))
    }

    /// Sends this API version (`x-api-version`) instead of the one the spec was written for.
    pub fn with_api_version(mut self, version: impl Into<String>) -> Config {
        self.api_version = Some(version.into());
        self
    }

    /// How long to wait for a connection.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Config {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the last byte of the answer.
    pub fn with_timeout(mut self, timeout: Duration) -> Config {
        self.timeout = timeout;
        self
    }

    /// How failed calls are retried ([`RetryConfig::disabled`] turns retries off).
    pub fn with_retry(mut self, retry: RetryConfig) -> Config {
        self.retry = retry;
        self
    }

    /// Appends a product token to the `User-Agent` (`paygen-rust/0.1.0 my-shop/2.3`).
    pub fn with_user_agent_suffix(mut self, suffix: &str) -> Config {
        self.user_agent = format!("paygen-rust/{} {suffix}", env!("CARGO_PKG_VERSION"));
        self
    }

    /// The RSA public key (PEM) Cashfree issued for `X-Cf-Signature` (Payouts v1 and OneEscrow
    /// on their authorize call, Payouts v2 on every call, for accounts without a whitelisted
    /// IP). The key is read now: text that is not a PEM RSA public key — a private key
    /// included — is refused here, and never kept or printed.
    ///
    /// ```
    /// use paygen::{Config, Credentials, Environment};
    /// let config = Config::new(Environment::Sandbox, Credentials::merchant("id", "secret"));
    /// let err = config.with_payout_public_key_pem("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----").unwrap_err();
    /// assert!(err.message().contains("private key"));
    /// assert!(!err.message().contains("MIIE"));
    /// ```
    #[cfg(any(feature = "payouts", feature = "oneescrow"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "payouts", feature = "oneescrow"))))]
    pub fn with_payout_public_key_pem(
        mut self,
        pem: impl AsRef<str>,
    ) -> Result<Config, ConfigError> {
        self.payout_public_key = Some(crate::payouts::PayoutPublicKey::from_pem(pem.as_ref())?);
        Ok(self)
    }

    /// Sends through this `reqwest::Client` (its connection pool) instead of building one per
    /// client. Credentials travel per request, so clients of many merchants can share one
    /// pool: build it once with [`Config::build_http_client`] (paygen's TLS, always verified,
    /// and this configuration's timeouts) and hand a clone to each [`Config`].
    ///
    /// ```
    /// use paygen::{pg, Config, Credentials, Environment};
    /// # fn run() -> Result<(), paygen::Error> {
    /// let base = Config::new(Environment::Sandbox, Credentials::None);
    /// let shared = base.build_http_client()?;
    /// let a = pg::Client::from_config(
    ///     Config::new(Environment::Sandbox, Credentials::merchant("a", "sa")).with_http_client(shared.clone()),
    /// )?;
    /// let b = pg::Client::from_config(
    ///     Config::new(Environment::Sandbox, Credentials::merchant("b", "sb")).with_http_client(shared),
    /// )?;
    /// # let _ = (a, b); Ok(()) }
    /// ```
    pub fn with_http_client(mut self, client: reqwest::Client) -> Config {
        self.http_client = Some(client);
        self
    }

    /// The HTTP client paygen builds for this configuration: rustls with certificates always
    /// verified (the TLS configuration is built once per process), the connect and total
    /// timeouts, kept-alive connections and the `User-Agent`.
    pub fn build_http_client(&self) -> Result<reqwest::Client, ConfigError> {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .tcp_keepalive(Duration::from_secs(60))
            .user_agent(self.user_agent.clone())
            .https_only(false)
            .tls_backend_preconfigured(crate::tls::client_config()?)
            .build()
            .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))
    }

    /// At most `n` requests of this client on the wire at once; the others wait their turn.
    /// Cashfree's best practices ask merchants to avoid concurrent requests from one account
    /// (they spend the rate limit); a small limit queues them instead. Unlimited by default.
    ///
    /// ```
    /// let config = paygen::Config::new(paygen::Environment::Sandbox, paygen::Credentials::None)
    ///     .with_max_in_flight(4);
    /// assert_eq!(config.max_in_flight(), Some(4));
    /// ```
    pub fn with_max_in_flight(mut self, n: usize) -> Config {
        self.max_in_flight = Some(n.max(1));
        self
    }

    /// The most bytes one answer's body may have ([`DEFAULT_MAX_RESPONSE_BODY`] unless set). A
    /// larger answer is not read: the call fails with [`crate::Error::Decode`] whose
    /// [`crate::error::DecodeError::limit`] is this limit (on a call that moves money, that
    /// error is ambiguous: look the outcome up).
    ///
    /// ```
    /// let config = paygen::Config::new(paygen::Environment::Sandbox, paygen::Credentials::None)
    ///     .with_max_response_body(1 << 20);
    /// assert_eq!(config.max_response_body(), 1 << 20);
    /// ```
    pub fn with_max_response_body(mut self, bytes: usize) -> Config {
        self.max_response_body = bytes;
        self
    }

    /// The limit set with [`Config::with_max_response_body`].
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// The limit set with [`Config::with_max_in_flight`], if any.
    pub fn max_in_flight(&self) -> Option<usize> {
        self.max_in_flight
    }

    /// The environment.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The credentials (secrets inside stay hidden from `Debug`).
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The API version set with [`Config::with_api_version`], if any.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }
}
