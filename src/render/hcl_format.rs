//! Aligns the `=` of consecutive attribute lines exactly as `terraform fmt` does (hclwrite's
//! `formatCells`), so templates can write `key = value` plainly and the output passes
//! `terraform fmt -check` whatever the length of a user's tag keys.
//!
//! hclwrite's rule: a line is in an alignment chain when it holds an `=` (after its first token)
//! whose right-hand side closes every bracket it opens; any other line (blank, block header, closing
//! brace, `x = {` opening a multi-line value) ends the chain. Widths count grapheme clusters.

use unicode_segmentation::UnicodeSegmentation;

/// An attribute line of an alignment chain: the text before its `=` (trailing spaces removed,
/// indentation kept), its width in columns, and the text from the `=` on.
struct Attribute<'a> {
    lead: &'a str,
    width: usize,
    assign: &'a str,
}

/// One pass over the lines; only the current chain is held, and it is written out when a line
/// that is not an attribute ends it.
pub fn align(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chain: Vec<Attribute> = Vec::new();
    for line in text.split('\n') {
        match split_line(line) {
            Some((lead, assign)) => chain.push(Attribute {
                lead,
                width: columns(lead),
                assign,
            }),
            None => {
                write_chain(&mut out, &mut chain);
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    write_chain(&mut out, &mut chain);
    // `split` yields one line after a final newline; the loop above gave it a newline too.
    out.pop();
    out
}

/// Writes the attributes of `chain` with their `=` one column past the widest lead, and empties it.
fn write_chain(out: &mut String, chain: &mut Vec<Attribute>) {
    const SPACES: &str = "                                                                ";
    let width = chain.iter().map(|a| a.width).max().unwrap_or(0);
    for a in chain.drain(..) {
        out.push_str(a.lead);
        let mut pad = width - a.width + 1;
        while pad > 0 {
            let run = pad.min(SPACES.len());
            out.push_str(&SPACES[..run]);
            pad -= run;
        }
        out.push_str(a.assign);
        out.push('\n');
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

/// The lead (trailing spaces removed) and the text from the `=` on, when `line` is an attribute
/// that can join a chain.
fn split_line(line: &str) -> Option<(&str, &str)> {
    let eq = top_level_equals(line)?;
    let (lead, assign) = line.split_at(eq);
    let lead = lead.trim_end();
    if lead.trim_start().is_empty() || net_brackets(assign) != 0 {
        return None;
    }
    Some((lead, assign))
}

/// Byte offset of the first `=` outside strings that is an assignment (not `==`, `<=`, `=>`...).
/// Lines are short: a plain byte loop beats setting up a vectorised search per line.
fn top_level_equals(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => return None,
            b'"' => i = string_end(bytes, i + 1)?,
            b'=' => {
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(i + 1).copied();
                let operator = matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
                    || matches!(next, Some(b'=' | b'>'));
                if !operator {
                    return Some(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The offset just past the `"` that closes a string whose text starts at `from`; `None` when
/// the line ends first.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
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
    use super::align;

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
