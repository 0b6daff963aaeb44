//! The account statement as a stream over all its pages.
//!
//! `GET /v1/accountStatement` is cursor-paginated (document 016; the reference names the
//! fields): the first page is asked for without a cursor; each answer's `data.nextCursor` is
//! sent back unchanged as `cursor` for the next page, with the same window, limit and virtual
//! account; `data.hasNext: false` marks the last page. [`AccountStatement`] does that loop, and
//! stops with an error rather than looping when an answer is inconsistent (more pages promised
//! but no cursor given, or a cursor seen before).

use std::collections::HashSet;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde_json::{Map, Value};

use super::{types, Client};
use crate::error::{DecodeError, ValidationError};
use crate::Error;

const OPERATION: &str = "escrow_get_account_statement";

/// One statement entry (the reference does not publish their fields, so each is a JSON object).
pub type StatementEntry = Map<String, Value>;

/// The account statement between two instants, read page by page. Built by
/// [`Client::account_statement`].
///
/// ```no_run
/// use futures::TryStreamExt;
/// # async fn run(client: paygen::oneescrow::Client) -> Result<(), paygen::Error> {
/// let pages: Vec<_> = client
///     .account_statement(1_696_000_000, 1_697_000_000)
///     .payment_instrument_id("va_123")
///     .limit(50)
///     .pages()
///     .try_collect()
///     .await?;
/// println!("{} pages", pages.len());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct AccountStatement<'a> {
    client: &'a Client,
    start_time: i64,
    end_time: i64,
    limit: Option<i64>,
    payment_instrument_id: Option<String>,
}

enum Next {
    First,
    After(String),
    Done,
}

struct Walk<'a> {
    query: AccountStatement<'a>,
    next: Next,
    seen: HashSet<String>,
}

impl<'a> AccountStatement<'a> {
    pub(super) fn new(client: &'a Client, start_time: i64, end_time: i64) -> Self {
        AccountStatement {
            client,
            start_time,
            end_time,
            limit: None,
            payment_instrument_id: None,
        }
    }

    /// Records per page (at least 1; the server's default when not set).
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only this virtual account's statement (the escrow account's when not set).
    pub fn payment_instrument_id(mut self, id: impl Into<String>) -> Self {
        self.payment_instrument_id = Some(id.into());
        self
    }

    /// Every page, in order. The stream ends after the page that says `hasNext: false`; an
    /// error ends it too.
    pub fn pages(self) -> BoxStream<'a, Result<types::EscrowStatementPage, Error>> {
        let walk = Walk {
            query: self,
            next: Next::First,
            seen: HashSet::new(),
        };
        stream::try_unfold(walk, |mut walk| async move {
            let cursor = match std::mem::replace(&mut walk.next, Next::Done) {
                Next::Done => return Ok(None),
                Next::First => None,
                Next::After(cursor) => Some(cursor),
            };
            let page = walk.query.fetch(cursor).await?;
            walk.next = next_of(&page, &mut walk.seen)?;
            Ok(Some((page, walk)))
        })
        .boxed()
    }

    /// Every entry of every page, in order.
    pub fn entries(self) -> BoxStream<'a, Result<StatementEntry, Error>> {
        self.pages()
            .map_ok(|page| stream::iter(page.batches.unwrap_or_default().into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    async fn fetch(&self, cursor: Option<String>) -> Result<types::EscrowStatementPage, Error> {
        if let Some(limit) = self.limit.filter(|l| *l < 1) {
            return Err(Error::Validation(ValidationError::new(
                OPERATION,
                Some("limit".into()),
                format!("must be at least 1, got {limit}"),
            )));
        }
        let mut call = self
            .client
            .escrow_get_account_statement()
            .start_time(self.start_time)
            .end_time(self.end_time);
        if let Some(limit) = self.limit {
            call = call.limit(limit);
        }
        if let Some(id) = &self.payment_instrument_id {
            call = call.payment_instrument_id(id.clone());
        }
        if let Some(cursor) = cursor {
            call = call.cursor(cursor);
        }
        let answer = call.send().await?;
        let status = answer.status().as_u16();
        let mut body = answer.into_inner();
        body.data
            .take()
            .ok_or_else(|| inconsistent(status, "the answer has no `data` page", &body))
    }
}

/// Where to go after `page`.
fn next_of(page: &types::EscrowStatementPage, seen: &mut HashSet<String>) -> Result<Next, Error> {
    let cursor = page.next_cursor.as_deref().filter(|c| !c.is_empty());
    match (page.has_next, cursor) {
        (Some(false), _) | (None, None) => Ok(Next::Done),
        (_, Some(cursor)) if !seen.insert(cursor.to_string()) => Err(inconsistent(
            200,
            "the answer gives a `nextCursor` already followed; stopping rather than looping",
            page,
        )),
        (_, Some(cursor)) => Ok(Next::After(cursor.to_string())),
        (Some(true), None) => Err(inconsistent(
            200,
            "the answer says `hasNext` but gives no `nextCursor`",
            page,
        )),
    }
}

fn inconsistent(status: u16, what: &str, body: &impl serde::Serialize) -> Error {
    Error::Decode(Box::new(DecodeError::inconsistent(
        OPERATION,
        status,
        what,
        serde_json::to_vec(body).unwrap_or_default().into(),
    )))
}
