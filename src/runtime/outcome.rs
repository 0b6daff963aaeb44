//! [`CreateOutcome`]: what a money-moving create call did, learned once and for all.

/// The authoritative outcome of an `*_exactly_once` create.
///
/// `C` is the create call's own answer, `S` what the status lookup returns for the merchant's
/// id. Match on all three: only [`CreateOutcome::Created`] and [`CreateOutcome::LookedUp`] mean
/// this call's request was taken; [`CreateOutcome::AlreadyExists`] means the id had been used
/// before and nothing new was created.
///
/// ```
/// use paygen::runtime::outcome::CreateOutcome;
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
