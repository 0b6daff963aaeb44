//! Calling any operation by its `operationId`, without its generated builder.
//!
//! What the `paygen call` command runs on, and useful wherever an operation is chosen at run
//! time (a console, a replay tool). The request is built from the family's generated operation
//! table (method, path template, query parameters, body schema) and sent through the same
//! client and [`Runtime`] a generated builder uses: version header, request id, validation,
//! auth and signing, retries, and never a second send of a call that moves money.
//!
//! ```no_run
//! use paygen::dynamic::Call;
//! use paygen::{Config, Credentials, Environment};
//!
//! # async fn run() -> Result<(), paygen::Error> {
//! let config = Config::new(Environment::Sandbox, Credentials::merchant("APP_ID", "SECRET"));
//! let answer = Call::new("get_order")
//!     .param("order_id", "order_42")
//!     .send(config)
//!     .await?;
//! println!("{} {}", answer.status, answer.text());
//! # Ok(()) }
//! ```
//!
//! [`Call::dry_run`] shows the request that would be sent, secrets masked, without sending it.
//! Multipart operations (dispute evidence, import verification uploads) are not available here:
//! use their hand-written methods.

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{ConfigError, ValidationError};
use crate::runtime::exactly_once::{create_once, CreateOutcome, Lookup, Rules};
use crate::runtime::{method_of, AuthScheme, FamilyInfo, OperationSpec, Runtime};
use crate::{Config, Error};

/// One API family compiled into this build: its module name and its operation table.
#[derive(Debug)]
pub struct Family {
    /// The module the family lives in (`pg`, `payouts_v1`, `payin_payout`, …).
    pub module: &'static str,
    /// The cargo feature that compiles it (`payouts` compiles both `payouts_v1` and
    /// `payouts_v2`; `international` both `collect_from_india` and `global_collections`).
    pub feature: &'static str,
    /// The generated operation table (`paygen::<module>::FAMILY`).
    pub info: &'static FamilyInfo,
    connect: fn(Config) -> Result<Connected, Error>,
}

/// One operation and the family it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The family.
    pub family: &'static Family,
    /// The operation's row in the family's table.
    pub spec: &'static OperationSpec,
}

impl Operation {
    /// The path parameters, in the order the path template names them.
    ///
    /// ```
    /// # #[cfg(feature = "pg")] {
    /// let op = paygen::dynamic::find("get_order").unwrap();
    /// assert_eq!(op.path_params(), vec!["order_id"]);
    /// # }
    /// ```
    pub fn path_params(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut rest = self.spec.path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push(&rest[start + 1..start + len]);
            rest = &rest[start + len + 1..];
        }
        out
    }

    /// The query parameters the spec declares (from the operation's query schema).
    pub fn query_params(&self) -> Vec<String> {
        let Some(schema) = self.spec.query_schema else {
            return Vec::new();
        };
        serde_json::from_str::<serde_json::Value>(schema)
            .ok()
            .and_then(|v| {
                v.get("properties")
                    .and_then(|p| p.as_object())
                    .map(|p| p.keys().cloned().collect())
            })
            .unwrap_or_default()
    }

    /// True when the operation takes a JSON body.
    pub fn takes_body(&self) -> bool {
        self.spec.request_schema.is_some()
    }
}

static FAMILIES: &[Family] = &[
    #[cfg(feature = "pg")]
    Family {
        module: "pg",
        feature: "pg",
        info: &crate::pg::FAMILY,
        connect: |c| crate::pg::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "payouts")]
    Family {
        module: "payouts_v1",
        feature: "payouts",
        info: &crate::payouts_v1::FAMILY,
        connect: |c| crate::payouts_v1::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "payouts")]
    Family {
        module: "payouts_v2",
        feature: "payouts",
        info: &crate::payouts_v2::FAMILY,
        connect: |c| crate::payouts_v2::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "flowwise")]
    Family {
        module: "flowwise",
        feature: "flowwise",
        info: &crate::flowwise::FAMILY,
        connect: |c| crate::flowwise::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "international")]
    Family {
        module: "collect_from_india",
        feature: "international",
        info: &crate::collect_from_india::FAMILY,
        connect: |c| crate::collect_from_india::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "international")]
    Family {
        module: "global_collections",
        feature: "international",
        info: &crate::global_collections::FAMILY,
        connect: |c| crate::global_collections::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "oneescrow")]
    Family {
        module: "oneescrow",
        feature: "oneescrow",
        info: &crate::oneescrow::FAMILY,
        connect: |c| crate::oneescrow::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "bbps")]
    Family {
        module: "bbps",
        feature: "bbps",
        info: &crate::bbps::FAMILY,
        connect: |c| crate::bbps::Client::from_config(c).map(|c| Connected::of(&c)),
    },
    #[cfg(feature = "payin-payout")]
    Family {
        module: "payin_payout",
        feature: "payin-payout",
        info: &crate::payin_payout::FAMILY,
        connect: |c| crate::payin_payout::Client::from_config(c).map(|c| Connected::of(&c)),
    },
];

/// Every family compiled into this build (one per enabled cargo feature's module).
pub fn families() -> &'static [Family] {
    FAMILIES
}

/// Every operation of every compiled family, in table order.
///
/// ```
/// let ops: Vec<_> = paygen::dynamic::operations().collect();
/// assert!(ops.iter().all(|o| !o.spec.operation_id.is_empty()));
/// ```
pub fn operations() -> impl Iterator<Item = Operation> {
    FAMILIES.iter().flat_map(|family| {
        family
            .info
            .operations
            .iter()
            .map(move |spec| Operation { family, spec })
    })
}

/// The operation with this `operationId` (they are unique across every spec).
pub fn find(operation_id: &str) -> Option<Operation> {
    operations().find(|o| o.spec.operation_id == operation_id)
}

/// The family a module name (`pg`), spec name (`cashfree-pg`) or short spec name (`payouts-v1`)
/// names.
pub fn family(name: &str) -> Option<&'static Family> {
    let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
    FAMILIES.iter().find(|f| {
        let spec = f.info.spec.replace('-', "_");
        f.module == wanted || spec == wanted || spec.trim_start_matches("cashfree_") == wanted
    })
}

/// The families a name selects: the one family [`family`] finds, or else every family a cargo
/// feature compiles (`payouts` is Payouts v1 and v2, `international` Collect from India and
/// Global Collections); empty when the name is neither.
///
/// ```
/// # #[cfg(feature = "payouts")] {
/// let names: Vec<_> = paygen::dynamic::families_named("payouts").iter().map(|f| f.module).collect();
/// assert_eq!(names, ["payouts_v1", "payouts_v2"]);
/// assert_eq!(paygen::dynamic::families_named("payouts-v2").len(), 1);
/// # }
/// ```
pub fn families_named(name: &str) -> Vec<&'static Family> {
    if let Some(one) = family(name) {
        return vec![one];
    }
    let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
    FAMILIES.iter().filter(|f| f.feature == wanted).collect()
}

/// A family's client, taken apart into what sending needs.
struct Connected {
    base_url: String,
    http: reqwest::Client,
    runtime: Runtime,
}

impl Connected {
    // Unused only in a build with no family at all.
    #[cfg_attr(not(paygen_any_family), allow(dead_code))]
    fn of<C: progenitor_client::ClientInfo<Runtime>>(client: &C) -> Connected {
        Connected {
            base_url: client.baseurl().trim_end_matches('/').to_string(),
            http: client.client().clone(),
            runtime: client.inner().clone(),
        }
    }
}

/// One call of an operation chosen by its `operationId`: path and query parameters, an
/// optional JSON body (sent byte for byte, so amounts keep their scale), and the headers a
/// caller may set.
#[derive(Debug, Clone)]
pub struct Call {
    operation_id: String,
    params: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    idempotency_key: Option<String>,
    request_id: Option<String>,
}

/// The answer to a successful call: status, headers and the body exactly as received.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// The request a call would send, with every credential masked (see [`Call::dry_run`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DryRun {
    /// The operation.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// The headers in the order they would be sent, credentials replaced by [`MASK`].
    pub headers: Vec<(String, String)>,
    /// The body, as text, when there is one.
    pub body: Option<String>,
    /// What the dry run could not show (a bearer token that only a network call can fetch).
    pub notes: Vec<String>,
}

/// What stands in for a credential in a [`DryRun`].
pub const MASK: &str = "<masked>";

/// Headers that carry credentials or values derived from them; never shown by a dry run.
const CREDENTIAL_HEADERS: &[&str] = &[
    "x-client-secret",
    "x-partner-apikey",
    "x-partner-api-key",
    "authorization",
    "x-cf-signature",
    "signature",
    "access-key",
];

impl fmt::Display for DryRun {
    /// The request as HTTP/1.1 text: request line, headers, a blank line, the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        if let Some(body) = &self.body {
            writeln!(f)?;
            writeln!(f, "{body}")?;
        }
        for note in &self.notes {
            writeln!(f, "# {note}")?;
        }
        Ok(())
    }
}

/// Characters encoded in a path segment: everything but unreserved ones.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

impl Call {
    /// A call of the operation with this `operationId` (checked when it is built or sent).
    pub fn new(operation_id: impl Into<String>) -> Call {
        Call {
            operation_id: operation_id.into(),
            params: Vec::new(),
            body: None,
            idempotency_key: None,
            request_id: None,
        }
    }

    /// A path or query parameter, by its name in the spec. A query parameter given twice is
    /// sent twice.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Call {
        self.params.push((name.into(), value.into()));
        self
    }

    /// The JSON body, sent exactly as given (it must be valid JSON).
    pub fn body(mut self, json: impl Into<Vec<u8>>) -> Call {
        self.body = Some(json.into());
        self
    }

    /// `x-idempotency-key`: makes a create safe to send again (and lets the runtime retry it
    /// where the operation does not move money).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Call {
        self.idempotency_key = Some(key.into());
        self
    }

    /// `x-request-id` (a fresh UUID when not given, for families that document it).
    pub fn request_id(mut self, id: impl Into<String>) -> Call {
        self.request_id = Some(id.into());
        self
    }

    /// The operation this call names.
    pub fn operation(&self) -> Result<Operation, Error> {
        find(&self.operation_id).ok_or_else(|| {
            let near: Vec<&str> = operations()
                .map(|o| o.spec.operation_id)
                .filter(|id| id.contains(self.operation_id.as_str()))
                .take(5)
                .collect();
            let hint = if near.is_empty() {
                "list them with `paygen ops`".to_string()
            } else {
                format!("did you mean {}?", near.join(", "))
            };
            ValidationError::new(
                &self.operation_id,
                None,
                format!("is not an operation of any compiled family; {hint}"),
            )
            .into()
        })
    }

    /// Sends the call through the family's client and runtime and returns the answer, or the
    /// same [`Error`] the generated builder would return.
    pub async fn send(&self, config: Config) -> Result<Answer, Error> {
        let op = self.operation()?;
        let connected = (op.family.connect)(config)?;
        let request = self.build(op, &connected)?;
        execute(&connected, request, op.spec.operation_id).await
    }

    /// Sends the call as [`Call::send`] does, and when the operation moves money, names an
    /// `x-status-lookup` in its spec, and gets no clear answer ([`Error::is_ambiguous`]),
    /// looks the merchant's own id up with that operation through the same step the
    /// `*_exactly_once` helpers use: the create is never sent twice.
    ///
    /// The lookup's parameters are the create's own parameters and top-level body fields of
    /// the same names (`transfer_id` for `get_transfer_status`, `cashgramId` for
    /// `get_cashgram_status`, `order_id` and `refund_id` for `get_refund`). Returns
    /// [`CreateOutcome::Created`] with the create's answer, [`CreateOutcome::LookedUp`] with
    /// the lookup's answer (the create was committed), the create's own error when nothing was
    /// committed, or [`Error::OutcomeUnknown`] when the lookup could not tell (or the lookup's
    /// parameters are not in the call: then it names the missing one).
    ///
    /// ```no_run
    /// use paygen::dynamic::Call;
    /// use paygen::CreateOutcome;
    /// # async fn run(config: paygen::Config) -> Result<(), paygen::Error> {
    /// let body = r#"{"transfer_id":"t_1","transfer_amount":1.00,"beneficiary_details":{"beneficiary_id":"b_1"}}"#;
    /// match Call::new("create_transfer").body(body).send_exactly_once(config).await? {
    ///     CreateOutcome::Created(answer) => println!("created: {}", answer.text()),
    ///     CreateOutcome::LookedUp(found) => println!("committed (looked up): {}", found.text()),
    ///     CreateOutcome::AlreadyExists(found) => println!("existed: {}", found.text()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_exactly_once(
        &self,
        config: Config,
    ) -> Result<CreateOutcome<Answer, Answer>, Error> {
        let op = self.operation()?;
        let connected = (op.family.connect)(config)?;
        let request = self.build(op, &connected)?;
        let lookup_op = match op.spec.status_lookup.and_then(find) {
            Some(lookup) if op.spec.moves_money => lookup,
            _ => {
                return execute(&connected, request, op.spec.operation_id)
                    .await
                    .map(CreateOutcome::Created)
            }
        };
        let lookup = self.lookup_call(lookup_op);
        let reference = match &lookup {
            Ok((_, id)) => id.to_string(),
            Err(missing) => format!("{missing} (not in the call)"),
        };
        let connected = &connected;
        let create = execute(connected, request, op.spec.operation_id);
        let look = move || async move {
            let (call, id) = lookup.map_err(|missing| {
                Error::from(ValidationError::new(
                    lookup_op.spec.operation_id,
                    Some(missing.clone()),
                    format!(
                        "cannot be filled from the {} call (no parameter or top-level body \
                         field `{missing}`); look the outcome up yourself",
                        op.spec.operation_id
                    ),
                ))
            })?;
            let request = call.build(lookup_op, connected)?;
            let answer = execute(connected, request, lookup_op.spec.operation_id).await?;
            let found = answer.json().and_then(|json| id.found_in(&json));
            Ok(Lookup::of(answer, found.as_deref(), &id.value, &id.name))
        };
        create_once(
            op.spec.operation_id,
            &reference,
            &Rules {
                // A refusal is the create's own answer here: report it as it came.
                is_conflict: |_| false,
            },
            create,
            look,
        )
        .await
    }

    /// The lookup call for this create: each parameter of `lookup` taken from this call's
    /// parameters or top-level body fields of the same name; the merchant id it looks for.
    /// `Err` names a required path parameter that cannot be filled.
    fn lookup_call(&self, lookup: Operation) -> Result<(Call, LookupId), String> {
        let body: Option<serde_json::Map<String, serde_json::Value>> = self
            .body
            .as_deref()
            .and_then(|b| serde_json::from_slice(b).ok());
        let from_body = |name: &str| {
            body.as_ref()
                .and_then(|b| b.get(name))
                .and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
        };
        let mut call = Call::new(lookup.spec.operation_id);
        let mut id: Option<LookupId> = None;
        let path_params = lookup.path_params();
        let names = path_params
            .iter()
            .map(|p| p.to_string())
            .chain(lookup.query_params());
        for name in names {
            let given = self
                .params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone());
            let (value, merchant_id) = match (given, from_body(&name)) {
                (Some(v), _) => (v, false),
                (None, Some(v)) => (v, true),
                (None, None) if path_params.contains(&name.as_str()) => return Err(name),
                (None, None) => continue,
            };
            if merchant_id || id.is_none() {
                id = Some(LookupId {
                    name: name.clone(),
                    value: value.clone(),
                });
            }
            call = call.param(name, value);
        }
        let id = id.ok_or_else(|| {
            lookup
                .query_params()
                .first()
                .cloned()
                .unwrap_or_else(|| "its merchant id".to_string())
        })?;
        Ok((call, id))
    }

    /// The request [`Call::send`] would send, after validation and with credentials applied
    /// and masked; nothing is sent. A bearer token is not fetched (that would call the API):
    /// its header is shown masked with a note.
    pub async fn dry_run(&self, config: Config) -> Result<DryRun, Error> {
        let op = self.operation()?;
        let connected = (op.family.connect)(config)?;
        let mut request = self.build(op, &connected)?;
        let runtime = &connected.runtime;
        let mut notes = Vec::new();
        check(op.spec, runtime.config(), &request)?;
        if op.spec.auth == AuthScheme::BearerToken {
            request.headers_mut().insert(
                http::header::AUTHORIZATION,
                HeaderValue::from_static("Bearer"),
            );
            notes.push(
                "the bearer token is fetched from the family's authorize call when sending"
                    .to_string(),
            );
        } else {
            authenticate(runtime, op.spec, &mut request).await?;
        }
        let mut headers: Vec<(String, String)> = vec![(
            "user-agent".to_string(),
            runtime.config().user_agent.clone(),
        )];
        for (name, value) in request.headers() {
            let masked = value.is_sensitive() || CREDENTIAL_HEADERS.contains(&name.as_str());
            let shown = if masked {
                MASK.to_string()
            } else {
                value.to_str().unwrap_or("<not text>").to_string()
            };
            headers.push((name.as_str().to_string(), shown));
        }
        Ok(DryRun {
            operation_id: op.spec.operation_id,
            method: request.method().to_string(),
            url: request.url().to_string(),
            headers,
            body: request
                .body()
                .and_then(|b| b.as_bytes())
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            notes,
        })
    }

    /// The request, from the operation's table row: parameters matched against the spec,
    /// body checked to be JSON, version and request-id headers set.
    fn build(&self, op: Operation, connected: &Connected) -> Result<reqwest::Request, Error> {
        let id = op.spec.operation_id;
        if op.spec.multipart {
            return Err(ValidationError::new(
                id,
                None,
                "takes a multipart upload, which cannot be sent by operation id; use its \
                 hand-written method on the family's Client",
            )
            .into());
        }
        let path_params = op.path_params();
        let query_params = op.query_params();
        let mut path = op.spec.path.to_string();
        let mut query: Vec<(&str, &str)> = Vec::new();
        let mut seen_path = Vec::new();
        for (name, value) in &self.params {
            if path_params.contains(&name.as_str()) {
                if seen_path.contains(name) {
                    return Err(ValidationError::new(
                        id,
                        Some(name.clone()),
                        "is a path parameter given twice; give it once",
                    )
                    .into());
                }
                if value.is_empty() {
                    return Err(ValidationError::new(
                        id,
                        Some(name.clone()),
                        "is a path parameter and cannot be empty",
                    )
                    .into());
                }
                let encoded = utf8_percent_encode(value, SEGMENT).to_string();
                path = path.replace(&format!("{{{name}}}"), &encoded);
                seen_path.push(name.clone());
            } else if query_params.iter().any(|q| q == name) {
                query.push((name, value));
            } else {
                let mut known: Vec<String> = path_params.iter().map(|s| s.to_string()).collect();
                known.extend(query_params.iter().cloned());
                let known = if known.is_empty() {
                    "it takes no parameters".to_string()
                } else {
                    format!("its parameters are {}", known.join(", "))
                };
                return Err(ValidationError::new(
                    id,
                    Some(name.clone()),
                    format!("unknown parameter `{name}`; {known}"),
                )
                .into());
            }
        }
        if let Some(missing) = path_params
            .iter()
            .find(|p| !seen_path.iter().any(|s| s == *p))
        {
            return Err(ValidationError::new(
                id,
                Some(missing.to_string()),
                format!("is a required path parameter; pass --param {missing}=VALUE"),
            )
            .into());
        }
        let mut url = reqwest::Url::parse(&format!("{}{}", connected.base_url, path))
            .map_err(|e| ConfigError::new(format!("{id}: the base URL is not usable: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut request = reqwest::Request::new(method_of(op.spec), url);
        match (&self.body, op.takes_body()) {
            (Some(body), true) => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(body) {
                    return Err(ValidationError::new(
                        id,
                        Some("body".into()),
                        format!("is not valid JSON: {e}"),
                    )
                    .into());
                }
                request.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                *request.body_mut() = Some(body.clone().into());
            }
            (Some(_), false) => {
                return Err(ValidationError::new(
                    id,
                    Some("body".into()),
                    "this operation takes no body; remove it",
                )
                .into())
            }
            (None, true) => {
                return Err(ValidationError::new(
                    id,
                    Some("body".into()),
                    "this operation takes a JSON body; pass one (--body or --body-file)",
                )
                .into())
            }
            (None, false) => {}
        }
        let config = connected.runtime.config();
        let family = op.family.info;
        let headers = request.headers_mut();
        if let Some(name) = family.api_version_header {
            let version = config.api_version().unwrap_or(family.api_version);
            put(headers, name, version, id)?;
        }
        if family.request_id_header {
            let request_id = self
                .request_id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            put(headers, "x-request-id", &request_id, id)?;
        }
        if let Some(key) = &self.idempotency_key {
            put(headers, "x-idempotency-key", key, id)?;
        }
        Ok(request)
    }
}

/// The merchant id a status lookup asks for, by the parameter that carries it.
#[derive(Debug, Clone)]
struct LookupId {
    name: String,
    value: String,
}

impl LookupId {
    /// The id the lookup's answer carries under the same name (top level or in `data`), when
    /// it carries one.
    fn found_in(&self, json: &serde_json::Value) -> Option<String> {
        let field = json
            .get(&self.name)
            .or_else(|| json.get("data").and_then(|d| d.get(&self.name)))?;
        match field {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl fmt::Display for LookupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)
    }
}

fn put(headers: &mut HeaderMap, name: &str, value: &str, op: &str) -> Result<(), Error> {
    let name = HeaderName::try_from(name)
        .map_err(|_| ConfigError::new(format!("{op}: `{name}` is not a header name")))?;
    let value = HeaderValue::from_str(value).map_err(|_| {
        ValidationError::new(
            op,
            Some(name.as_str().to_string()),
            "has characters a header cannot carry",
        )
    })?;
    headers.insert(name, value);
    Ok(())
}

// The seam with the runtime: the three functions below are the only places this module calls
// into `crate::runtime` (besides reading its generated tables).

/// The runtime's request checks (sandbox-only operations, body and query against the spec), for
/// a dry run; a real call gets them inside [`Runtime::execute`].
fn check(
    op: &'static OperationSpec,
    config: &Config,
    request: &reqwest::Request,
) -> Result<(), Error> {
    if op.sandbox_only && *config.environment() == crate::Environment::Production {
        return Err(ConfigError::new(format!(
            "{}: is a sandbox-only simulation and is refused against production; use the sandbox",
            op.operation_id
        ))
        .into());
    }
    let violation = |v: crate::runtime::validate::Violation| {
        ValidationError::new(
            op.operation_id,
            (!v.path.is_empty()).then_some(v.path),
            v.message,
        )
    };
    if let (Some(schema), Some(body)) =
        (op.request_schema, request.body().and_then(|b| b.as_bytes()))
    {
        crate::runtime::validate::validate_body(schema, body).map_err(violation)?;
    }
    if let Some(schema) = op.query_schema {
        crate::runtime::validate::validate_query(schema, request.url()).map_err(violation)?;
    }
    Ok(())
}

/// The family's auth on a request, for a dry run (never for bearer tokens, which need a call).
async fn authenticate(
    runtime: &Runtime,
    op: &'static OperationSpec,
    request: &mut reqwest::Request,
) -> Result<(), Error> {
    runtime
        .protocol()
        .authenticate(runtime, op, request)
        .await
        .map_err(|e| Error::Config(e.into_config(op.operation_id)))
}

/// Sends a built request through the runtime as generated code does (validation, auth,
/// retries, the never-twice rule for money) and keeps the success answer's bytes as they came.
async fn execute(
    connected: &Connected,
    request: reqwest::Request,
    operation_id: &'static str,
) -> Result<Answer, Error> {
    let answer = connected
        .runtime
        .send_empty(&connected.http, request, operation_id)
        .await?;
    Ok(Answer {
        status: answer.status().as_u16(),
        headers: answer.headers().clone(),
        body: answer.raw_body().to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_unique_across_families() {
        let mut ids: Vec<_> = operations().map(|o| o.spec.operation_id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[cfg(feature = "pg")]
    #[test]
    fn families_are_found_by_module_and_spec_name() {
        assert_eq!(family("pg").map(|f| f.module), Some("pg"));
        assert_eq!(family("cashfree-pg").map(|f| f.module), Some("pg"));
        assert!(family("nope").is_none());
        assert!(families_named("nope").is_empty());
    }

    /// Each family names the feature that compiles it (the `cfg` above its row says the same).
    #[test]
    fn every_family_names_its_cargo_feature() {
        let expected = [
            ("pg", "pg"),
            ("payouts_v1", "payouts"),
            ("payouts_v2", "payouts"),
            ("flowwise", "flowwise"),
            ("collect_from_india", "international"),
            ("global_collections", "international"),
            ("oneescrow", "oneescrow"),
            ("bbps", "bbps"),
            ("payin_payout", "payin-payout"),
        ];
        for f in families() {
            let want = expected
                .iter()
                .find(|(m, _)| *m == f.module)
                .map(|(_, feat)| *feat);
            assert_eq!(Some(f.feature), want, "{}", f.module);
        }
    }
}
