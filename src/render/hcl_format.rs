//! Aligns the `=` of consecutive attribute lines exactly as `terraform fmt` does (hclwrite's
//! `formatCells`), so templates can write `key = value` plainly and the output passes
//! `terraform fmt -check` whatever the length of a user's tag keys.
//!
//! hclwrite's rule: a line is in an alignment chain when it holds an `=` (after its first token)
//! whose right-hand side closes every bracket it opens; any other line (blank, block header, closing
//! brace, `x = {` opening a multi-line value) ends the chain. Widths count grapheme clusters.

use unicode_segmentation::UnicodeSegmentation;

struct Line<'a> {
    /// Text before the `=`, trailing spaces removed, indentation kept.
    lead: &'a str,
    /// Text from the `=` on.
    assign: Option<&'a str>,
}

pub fn align(text: &str) -> String {
    let lines: Vec<Line> = text.split('\n').map(split_line).collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut i = 0;
    while i < lines.len() {
        if lines[i].assign.is_none() {
            out.push_str(lines[i].lead);
            out.push('\n');
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].assign.is_some() {
            i += 1;
        }
        let chain = &lines[start..i];
        let width = chain.iter().map(|l| columns(l.lead)).max().unwrap_or(0);
        for line in chain {
            let pad = width - columns(line.lead) + 1;
            out.push_str(line.lead);
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(line.assign.unwrap_or_default());
            out.push('\n');
        }
    }
    // `split` yields one line after a final newline; the loop above gave it a newline too.
    out.pop();
    out
}

fn columns(lead: &str) -> usize {
    // One column per byte in ASCII: `\r\n`, ASCII's one two-character cluster, cannot occur
    // within a line.
    if lead.is_ascii() {
        return lead.len();
    }
    lead.graphemes(true).count()
}

fn split_line(line: &str) -> Line<'_> {
    let whole = Line {
        lead: line,
        assign: None,
    };
    let Some(eq) = top_level_equals(line) else {
        return whole;
    };
    let (lead, assign) = line.split_at(eq);
    if lead.trim().is_empty() || net_brackets(assign) != 0 {
        return whole;
    }
    Line {
        lead: lead.trim_end(),
        assign: Some(assign),
    }
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
