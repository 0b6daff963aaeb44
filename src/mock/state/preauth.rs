//! The pre-authorisation rule PG and Flowwise share: a payment whose money is held (authorised,
//! not captured) can be captured (some or all of what is held) or voided, once; a captured
//! payment can be neither voided nor captured again, a voided one cannot be captured.
//!
//! Each family keeps its own records and error words: [`decide`] says what may happen, and
//! the family turns a [`Refused`] into its documented error.

use rust_decimal::Decimal;

use crate::Amount;

/// Where a payment's pre-authorisation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The money is held and waits for a capture or a void.
    Authorised,
    /// The held money was captured.
    Captured,
    /// The hold was released (voided, or let lapse).
    Voided,
    /// The payment never held money (failed, still pending, or captured at once).
    NotAuthorised,
}

/// What the merchant asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Take the held money (all of it, or the amount given).
    Capture,
    /// Release the held money to the customer.
    Void,
}

impl Action {
    /// Reads the documented action names `CAPTURE` and `VOID`.
    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "CAPTURE" => Some(Action::Capture),
            "VOID" => Some(Action::Void),
            _ => None,
        }
    }

    /// The documented name of the action.
    pub fn name(self) -> &'static str {
        match self {
            Action::Capture => "CAPTURE",
            Action::Void => "VOID",
        }
    }
}

/// What an allowed action does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Capture exactly this amount.
    Captured(Amount),
    /// Release the hold; nothing is captured.
    Voided,
}

/// Why an action is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The payment was already captured.
    AlreadyCaptured,
    /// The hold was already released.
    Voided,
    /// The payment never held money.
    NotAuthorised,
    /// The action is neither `CAPTURE` nor `VOID`.
    UnknownAction,
    /// The capture amount is not more than 0 and at most what is held.
    AmountInvalid,
}

impl Refused {
    /// Why, in words a refusal can carry, with what to do instead.
    pub fn why(self) -> &'static str {
        match self {
            Refused::AlreadyCaptured => "it is already captured, so it can be neither voided nor captured again; refund it instead",
            Refused::Voided => "its authorisation was voided or lapsed; start a new payment",
            Refused::NotAuthorised => "it was never authorised",
            Refused::UnknownAction => "the action is neither CAPTURE nor VOID",
            Refused::AmountInvalid => "the capture amount must be more than 0 and at most the amount authorised",
        }
    }
}

/// Decides `action` on a payment whose hold is `hold` and which holds `held`; `amount` is the
/// capture amount asked for (`None` captures everything held).
///
/// ```
/// use paygen::mock::state::preauth::{decide, Hold, Outcome, Refused};
/// let held: paygen::Amount = "100.00".parse().unwrap();
/// let part: paygen::Amount = "60.00".parse().unwrap();
/// assert_eq!(decide(Hold::Authorised, "CAPTURE", Some(part), held), Ok(Outcome::Captured(part)));
/// assert_eq!(decide(Hold::Captured, "VOID", None, held), Err(Refused::AlreadyCaptured));
/// ```
pub fn decide(
    hold: Hold,
    action: &str,
    amount: Option<Amount>,
    held: Amount,
) -> Result<Outcome, Refused> {
    match hold {
        Hold::Authorised => {}
        Hold::Captured => return Err(Refused::AlreadyCaptured),
        Hold::Voided => return Err(Refused::Voided),
        Hold::NotAuthorised => return Err(Refused::NotAuthorised),
    }
    match Action::parse(action).ok_or(Refused::UnknownAction)? {
        Action::Void => Ok(Outcome::Voided),
        Action::Capture => {
            let amount = amount.unwrap_or(held);
            let value = amount.decimal();
            if value <= Decimal::ZERO || value > held.decimal() {
                return Err(Refused::AmountInvalid);
            }
            Ok(Outcome::Captured(amount))
        }
    }
}
