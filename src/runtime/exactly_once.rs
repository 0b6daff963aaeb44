//! Money moves exactly once: what every `*_exactly_once` helper (Payouts v1 and v2, the Payin &
//! Payout API) shares — the outcome it returns ([`CreateOutcome`]) and the step that sends the
//! create once and, when its answer leaves the outcome open, looks the merchant's own id up.

use std::future::Future;

use crate::error::{ApiError, Error, OutcomeUnknown};

/// The authoritative outcome of an `*_exactly_once` create.
///
/// `C` is the create call's own answer, `S` what the status lookup returns for the merchant's
/// id. Match on all three: only [`CreateOutcome::Created`] and [`CreateOutcome::LookedUp`] mean
/// this call's request was taken; [`CreateOutcome::AlreadyExists`] means the id had been used
/// before and nothing new was created.
///
/// ```
/// use paygen::CreateOutcome;
/// let o: CreateOutcome<&str, &str> = CreateOutcome::LookedUp("PENDING");
/// assert!(o.was_looked_up());
/// assert!(!o.is_duplicate());
/// assert_eq!(o.status(), Some(&"PENDING"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "the outcome says whether money moved"]
pub enum CreateOutcome<C, S> {
    /// The create call answered with success: its answer, as sent.
    Created(C),
    /// The create call got no clear answer (timeout, broken connection, 5XX, sub-code 520, an
    /// unreadable success), and the status lookup by the merchant's id found it: its state at
    /// lookup time. Money may be moving; never send the create again.
    LookedUp(S),
    /// The create call was refused because the id already exists (409); the status lookup
    /// found the existing one: its state. This call created nothing — compare the existing
    /// record with what you meant to create before treating it as yours.
    AlreadyExists(S),
}

impl<C, S> CreateOutcome<C, S> {
    /// True when the outcome came from a lookup after an ambiguous failure.
    pub fn was_looked_up(&self) -> bool {
        matches!(self, CreateOutcome::LookedUp(_))
    }

    /// True when the id had been used before and this call created nothing.
    pub fn is_duplicate(&self) -> bool {
        matches!(self, CreateOutcome::AlreadyExists(_))
    }

    /// The create call's answer, when it answered with success.
    pub fn created(&self) -> Option<&C> {
        match self {
            CreateOutcome::Created(c) => Some(c),
            _ => None,
        }
    }

    /// The looked-up state, when the outcome came from a lookup.
    pub fn status(&self) -> Option<&S> {
        match self {
            CreateOutcome::LookedUp(s) | CreateOutcome::AlreadyExists(s) => Some(s),
            CreateOutcome::Created(_) => None,
        }
    }
}

/// What a status lookup by the merchant's id said.
pub(crate) enum Lookup<S> {
    /// The record exists; its state.
    Found(S),
    /// The lookup answered, but not with the record (not found, or another id); why.
    Missing(String),
}

impl<S> Lookup<S> {
    /// `Found(value)` when the record found carries the id looked up (or no id at all), else
    /// `Missing`: a lookup that returns another record says nothing about ours. `what` names the
    /// record in the message (`transfer`, `Cashgram`, …).
    pub(crate) fn of(value: S, found_id: Option<&str>, expected: &str, what: &str) -> Lookup<S> {
        match found_id {
            Some(other) if other != expected => {
                Lookup::Missing(format!("returned another {what} (`{other}`)"))
            }
            _ => Lookup::Found(value),
        }
    }
}

/// How a family's create answers read.
pub(crate) struct Rules {
    /// The API refused the create because the id is taken (409).
    pub(crate) is_conflict: fn(&ApiError) -> bool,
}

/// What the create call's failure leaves open.
enum Reading {
    /// Nothing was created by this call (a refusal, or a request that never left): return it.
    Settled,
    /// The id is already taken: look the existing record up.
    Conflict,
    /// It may or may not have happened: look it up.
    Ambiguous,
}

/// The one definition of "may or may not have happened" is [`Error::is_ambiguous`].
fn read(error: &Error, rules: &Rules) -> Reading {
    match error {
        Error::Api(e) if (rules.is_conflict)(e) => Reading::Conflict,
        e if e.is_ambiguous() => Reading::Ambiguous,
        _ => Reading::Settled,
    }
}

fn unknown(operation: &str, reference: &str, first: &Error, cause: String) -> Error {
    Error::OutcomeUnknown(Box::new(OutcomeUnknown::new(
        operation,
        reference,
        format!("the create got no clear answer ({first}), and {cause}"),
        first.request_id().map(str::to_string),
    )))
}

/// Sends a create once (`create`), and when its answer leaves the outcome open, asks `lookup`
/// for the record under `reference` (the merchant's own id). Never sends the create twice.
pub(crate) async fn create_once<C, S, CF, LF, LFut>(
    operation: &'static str,
    reference: &str,
    rules: &Rules,
    create: CF,
    lookup: LF,
) -> Result<CreateOutcome<C, S>, Error>
where
    CF: Future<Output = Result<C, Error>>,
    LF: FnOnce() -> LFut,
    LFut: Future<Output = Result<Lookup<S>, Error>>,
{
    let first = match create.await {
        Ok(answer) => return Ok(CreateOutcome::Created(answer)),
        Err(e) => e,
    };
    match read(&first, rules) {
        Reading::Settled => Err(first),
        Reading::Conflict => {
            tracing::info!(
                operation,
                reference,
                "the id already exists; looking the existing record up"
            );
            match lookup().await {
                Ok(Lookup::Found(existing)) => Ok(CreateOutcome::AlreadyExists(existing)),
                // The refusal itself is certain; report it when the existing record cannot be read.
                Ok(Lookup::Missing(_)) | Err(_) => Err(first),
            }
        }
        Reading::Ambiguous => {
            tracing::warn!(operation, reference, error = %first, "no clear answer; looking the outcome up by the merchant's id");
            match lookup().await {
                Ok(Lookup::Found(status)) => Ok(CreateOutcome::LookedUp(status)),
                Ok(Lookup::Missing(why)) => Err(unknown(
                    operation,
                    reference,
                    &first,
                    format!("looking it up by that id {why}; it may still be in process"),
                )),
                Err(lookup_error) => Err(unknown(
                    operation,
                    reference,
                    &first,
                    format!("looking it up by that id failed too ({lookup_error})"),
                )),
            }
        }
    }
}
