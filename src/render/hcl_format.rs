//! Aligns the `=` of consecutive attribute lines exactly as `terraform fmt` does (hclwrite's
//! `formatCells`), so templates can write `key = value` plainly and the output passes
//! `terraform fmt -check` whatever the length of a user's tag keys.
//!
//! hclwrite's rule: a line is in an alignment chain when it holds an `=` (after its first token)
//! whose right-hand side closes every bracket it opens; any other line (blank, block header, closing
//! brace, `x = {` opening a multi-line value) ends the chain. Widths count grapheme clusters.

use unicode_segmentation::UnicodeSegmentation;

/// An attribute line of an alignment chain, as offsets into the text: where its lead ends
/// (trailing spaces removed, indentation kept) and where its `=` is, with the lead's width in
/// columns.
struct Attribute {
    lead_end: usize,
    equals: usize,
    width: usize,
}

/// Appends `text` to `out` with the `=` of each chain aligned. One pass over the lines; only the
/// current chain is held. Text is copied in runs: a line whose `=` already sits where it belongs
/// (most of them) is never copied on its own.
pub fn align_into(out: &mut String, text: &str) {
    let mut aligner = Aligner {
        out,
        text,
        copied: 0,
        chain: Vec::new(),
    };
    let mut start = 0;
    while start <= text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        match split_line(line) {
            Some((lead, equals)) => {
                let width = columns(&line[..lead]);
                aligner.chain.push(Attribute {
                    lead_end: start + lead,
                    equals: start + equals,
                    width,
                });
            }
            None => aligner.end_chain(),
        }
        start = end + 1;
    }
    aligner.end_chain();
    aligner.out.push_str(&text[aligner.copied..]);
}

struct Aligner<'a> {
    out: &'a mut String,
    text: &'a str,
    /// `text[..copied]` is in `out`.
    copied: usize,
    chain: Vec<Attribute>,
}

impl Aligner<'_> {
    /// Puts the `=` of every attribute of the chain one column past the widest lead, and
    /// empties it.
    fn end_chain(&mut self) {
        const SPACES: &str = "                                                                ";
        let width = self.chain.iter().map(|a| a.width).max().unwrap_or(0);
        for a in self.chain.drain(..) {
            let pad = width - a.width + 1;
            let gap = &self.text[a.lead_end..a.equals];
            if gap.len() == pad && gap.bytes().all(|b| b == b' ') {
                continue;
            }
            self.out.push_str(&self.text[self.copied..a.lead_end]);
            let mut left = pad;
            while left > 0 {
                let run = left.min(SPACES.len());
                self.out.push_str(&SPACES[..run]);
                left -= run;
            }
            self.copied = a.equals;
        }
    }
}

fn columns(lead: &str) -> usize {
    // One column per byte in ASCII: `\r\n`, ASCII's one two-character cluster, cannot occur
    // within a line.
    if lead.is_ascii() {
        return lead.len();
    }
    lead.graphemes(true).count()
}

/// Where the lead ends (trailing spaces removed) and where the `=` is, when `line` is an
/// attribute that can join a chain.
fn split_line(line: &str) -> Option<(usize, usize)> {
    let equals = top_level_equals(line)?;
    let lead = line[..equals].trim_end();
    if lead.trim_start().is_empty() || net_brackets(&line[equals..]) != 0 {
        return None;
    }
    Some((lead.len(), equals))
}

/// Byte offset of the first `=` outside strings that is an assignment (not `==`, `<=`, `=>`...).
fn top_level_equals(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        let at = i + memchr::memchr3(b'"', b'#', b'=', &bytes[i..])?;
        match bytes[at] {
            b'#' => return None,
            b'"' => i = string_end(bytes, at + 1)?,
            _ => {
                let prev = at.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(at + 1).copied();
                let operator = matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
                    || matches!(next, Some(b'=' | b'>'));
                if !operator {
                    return Some(at);
                }
                i = at + 1;
            }
        }
    }
}

/// The offset just past the `"` that closes a string whose text starts at `from`; `None` when
/// the line ends first.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let at = i + memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        i = at + 2;
    }
}

/// Brackets opened minus closed outside strings (interpolations inside strings always balance).
/// Every character it looks at is ASCII, so it reads bytes: a UTF-8 continuation byte is never
/// mistaken for one of them. An unterminated string runs to the end of the line.
fn net_brackets(text: &str) -> i32 {
    let bytes = text.as_bytes();
    let mut net = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_end(bytes, i + 1) {
                Some(end) => {
                    i = end;
                    continue;
                }
                None => break,
            },
            b'{' | b'[' | b'(' => net += 1,
            b'}' | b']' | b')' => net -= 1,
            _ => {}
        }
        i += 1;
    }
    net
}

#[cfg(test)]
mod tests {
    fn align(text: &str) -> String {
        let mut out = String::new();
        super::align_into(&mut out, text);
        out
    }

    #[test]
    fn aligns_consecutive_attributes_only() {
        let input = "resource \"a\" \"b\" {\n  bucket = x\n  force_destroy = false\n\n  tags = {\n    \"a=b\" = \"1\"\n    \"long key\" = \"2\"\n  }\n}\n";
        let want = "resource \"a\" \"b\" {\n  bucket        = x\n  force_destroy = false\n\n  tags = {\n    \"a=b\"      = \"1\"\n    \"long key\" = \"2\"\n  }\n}\n";
        assert_eq!(align(input), want);
    }

    #[test]
    fn multi_line_opener_breaks_the_chain() {
        let input = "  a = 1\n  bb = {\n    c = 2\n  }\n";
        assert_eq!(align(input), "  a = 1\n  bb = {\n    c = 2\n  }\n");
    }

    #[test]
    fn counts_graphemes_not_bytes() {
        let input = "  \"é\" = 1\n  \"ab\" = 2\n";
        assert_eq!(align(input), "  \"é\"  = 1\n  \"ab\" = 2\n");
    }
}
