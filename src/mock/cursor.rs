//! The mock's page cursor: one opaque text for every search that pages by cursor (PG
//! settlements and recon, Collect from India recon, the OneEscrow statement).
//!
//! A cursor names a [`Position`] (where the next page starts, in the order the search lists its
//! records) and the [`Query`] it came from (the operation and everything that selects or cuts
//! the pages: filters, window, limit, account). [`Query::cursor`] writes one;
//! [`Query::read`] gives its position back only for the same query, and otherwise says why with
//! a [`CursorError`], which each family turns into its documented refusal. Because a cursor names
//! a record's position rather than a count of records already seen, a walk sees every record
//! once even while new ones are added.
//!
//! The text is base64url (no padding) of exactly [`CURSOR_BYTES`] bytes: a format tag, the two
//! numbers of the position, and a fingerprint of the query. It is always [`CURSOR_LEN`]
//! characters long; anything longer is refused before it is decoded.
//!
//! ```
//! use paygen::mock::cursor::{CursorError, Position, Query};
//!
//! let query = Query::of("get_settlements", &("2025-01-20T00:00:00Z", 10));
//! let text = query.cursor(Position(42, 0));
//! assert_eq!(query.read(&text), Ok(Position(42, 0)));
//! let other = Query::of("get_settlements", &("2025-01-20T00:00:00Z", 5));
//! assert_eq!(other.read(&text), Err(CursorError::Foreign));
//! assert_eq!(query.read("bm90LWEtY3Vyc29y"), Err(CursorError::Garbled));
//! ```

use std::fmt;

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The first byte of every cursor: which layout the rest has.
const FORMAT: u8 = 1;

/// How long the fingerprint of a query is, in bytes.
const FINGERPRINT_BYTES: usize = 8;

/// The bytes a cursor encodes: the format tag, two big-endian `u64`s, the fingerprint.
pub const CURSOR_BYTES: usize = 1 + 8 + 8 + FINGERPRINT_BYTES;

/// The length of every cursor text (base64url of [`CURSOR_BYTES`] bytes, no padding).
pub const CURSOR_LEN: usize = (CURSOR_BYTES * 4).div_ceil(3);

/// Where a page starts: a record's place in the order a search lists its records, compared
/// by the first number, then the second (e.g. a record's sequence number, then which of its
/// events). A search that needs one number leaves the second 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position(pub u64, pub u64);

/// Why a cursor text was not read as a position of the query it was sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorError {
    /// Not a cursor the mock writes: longer or shorter than [`CURSOR_LEN`], not base64url, or
    /// of an unknown layout (made up, cut short, or changed on the way).
    Garbled,
    /// A cursor the mock wrote, but for another operation or another query (other filters,
    /// window, limit or account).
    Foreign,
}

impl fmt::Display for CursorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CursorError::Garbled => "is not a cursor this mock gave (made up, cut or changed)",
            CursorError::Foreign => {
                "belongs to another query (it was given with other filters, window, limit or account)"
            }
        })
    }
}

impl std::error::Error for CursorError {}

/// The query a cursor belongs to: a fingerprint of the operation and of what selects and cuts
/// its pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query([u8; FINGERPRINT_BYTES]);

impl Query {
    /// The query of `operation` selected and cut by `query` (any value written the same way
    /// for the same query, e.g. a struct of the filters and the limit; it is fingerprinted as
    /// its JSON).
    pub fn of<Q: Serialize + ?Sized>(operation: &str, query: &Q) -> Query {
        let mut digest = Sha256::new();
        digest.update(operation.as_bytes());
        digest.update([0]);
        match serde_json::to_vec(query) {
            Ok(json) => digest.update(&json),
            // Only maps with non-text keys fail; their error text still tells queries apart
            // by kind, and nothing panics.
            Err(e) => digest.update(e.to_string().as_bytes()),
        }
        let mut fingerprint = [0; FINGERPRINT_BYTES];
        fingerprint.copy_from_slice(&digest.finalize()[..FINGERPRINT_BYTES]);
        Query(fingerprint)
    }

    /// The cursor text of `position` in this query.
    pub fn cursor(&self, position: Position) -> String {
        let mut bytes = [0; CURSOR_BYTES];
        bytes[0] = FORMAT;
        bytes[1..9].copy_from_slice(&position.0.to_be_bytes());
        bytes[9..17].copy_from_slice(&position.1.to_be_bytes());
        bytes[17..].copy_from_slice(&self.0);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The position a cursor text names, when it is one this query gave.
    pub fn read(&self, text: &str) -> Result<Position, CursorError> {
        if text.len() != CURSOR_LEN {
            return Err(CursorError::Garbled);
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| CursorError::Garbled)?;
        let bytes: [u8; CURSOR_BYTES] = bytes.try_into().map_err(|_| CursorError::Garbled)?;
        if bytes[0] != FORMAT {
            return Err(CursorError::Garbled);
        }
        if bytes[17..] != self.0 {
            return Err(CursorError::Foreign);
        }
        let number = |range: std::ops::Range<usize>| {
            let mut n = [0; 8];
            n.copy_from_slice(&bytes[range]);
            u64::from_be_bytes(n)
        };
        Ok(Position(number(1..9), number(9..17)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_only_in_its_own_query() {
        let query = Query::of("op", &(1, "a"));
        for position in [Position(0, 0), Position(7, 1), Position(u64::MAX, u64::MAX)] {
            let text = query.cursor(position);
            assert_eq!(text.len(), CURSOR_LEN);
            assert_eq!(query.read(&text), Ok(position));
        }
        let text = query.cursor(Position(3, 0));
        assert_eq!(
            Query::of("op", &(2, "a")).read(&text),
            Err(CursorError::Foreign)
        );
        assert_eq!(
            Query::of("other_op", &(1, "a")).read(&text),
            Err(CursorError::Foreign)
        );
    }

    #[test]
    fn garbled_cut_long_or_retagged_text_is_refused_as_garbled() {
        let query = Query::of("op", &());
        let text = query.cursor(Position(5, 0));
        assert_eq!(query.read(""), Err(CursorError::Garbled));
        assert_eq!(
            query.read(&text[..CURSOR_LEN - 1]),
            Err(CursorError::Garbled)
        );
        assert_eq!(query.read(&format!("{text}A")), Err(CursorError::Garbled));
        assert_eq!(query.read(&"x".repeat(1 << 20)), Err(CursorError::Garbled));
        assert_eq!(
            query.read(&"!".repeat(CURSOR_LEN)),
            Err(CursorError::Garbled)
        );
        assert_eq!(query.read("recon_1"), Err(CursorError::Garbled));
        let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&text)
            .unwrap();
        bytes[0] = 2;
        let retagged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(query.read(&retagged), Err(CursorError::Garbled));
    }
}
