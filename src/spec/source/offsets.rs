//! Byte offsets for saphyr's character indices.

/// Turns saphyr's character indices into byte offsets. Positions arrive almost in order, so a
/// cursor that walks from the last answer keeps the whole parse linear.
pub(super) struct Offsets<'t> {
    body: &'t str,
    /// Bytes before `body` in the text (a byte-order mark).
    shift: usize,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'t> Offsets<'t> {
    pub(super) fn new(body: &'t str, shift: usize) -> Self {
        Offsets {
            body,
            shift,
            ascii: body.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    pub(super) fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.body.len()) + self.shift;
        }
        while self.chars < char_index {
            let next = self.body.get(self.bytes..).and_then(|s| s.chars().next());
            let Some(c) = next else { break };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > char_index {
            let previous = self
                .body
                .get(..self.bytes)
                .and_then(|s| s.chars().next_back());
            let Some(c) = previous else { break };
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes + self.shift
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_indices_are_offsets() {
        let mut offsets = Offsets::new("abc", 0);
        assert_eq!(
            [offsets.byte(2), offsets.byte(0), offsets.byte(9)],
            [2, 0, 3]
        );
    }

    #[test]
    fn the_cursor_walks_both_ways_over_wide_characters() {
        let mut offsets = Offsets::new("a\u{e9}\u{1F600}b", 3);
        let walked: Vec<_> = [3, 1, 2, 4, 0, 9]
            .iter()
            .map(|i| offsets.byte(*i))
            .collect();
        assert_eq!(walked, [3 + 7, 3 + 1, 3 + 3, 3 + 8, 3, 3 + 8]);
    }
}
