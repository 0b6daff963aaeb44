//! Short text written on the stack: a value's `Display` into a fixed buffer, without a heap
//! allocation, for the hot paths that only need the text for a moment (a float read back as the
//! decimal it was written as). An `Amount` writes its own exact text (`money.rs`).

use std::fmt::{self, Write};

/// Up to `N` bytes of text, written by [`StackText::display`].
pub(crate) struct StackText<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    /// `value` as its `Display` writes it; `None` when that is longer than `N` bytes (the caller
    /// falls back to `to_string`).
    pub(crate) fn display(value: &impl fmt::Display) -> Option<StackText<N>> {
        let mut text = StackText {
            bytes: [0; N],
            len: 0,
        };
        write!(text, "{value}").ok()?;
        Some(text)
    }

    /// The text written.
    pub(crate) fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the bytes are UTF-8; the check costs a few
        // nanoseconds on text this short and leaves no panic path.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> Write for StackText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        room.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::StackText;

    #[test]
    fn writes_what_display_writes_or_says_it_does_not_fit() {
        assert_eq!(
            StackText::<8>::display(&"100.50").unwrap().as_str(),
            "100.50"
        );
        assert_eq!(
            StackText::<8>::display(&12345678u32).unwrap().as_str(),
            "12345678"
        );
        assert!(StackText::<8>::display(&123456789u32).is_none());
        assert_eq!(StackText::<4>::display(&"").unwrap().as_str(), "");
        // Multi-byte text is copied whole.
        assert_eq!(StackText::<8>::display(&"₹1").unwrap().as_str(), "₹1");
        assert!(StackText::<3>::display(&"₹1").is_none());
    }
}
