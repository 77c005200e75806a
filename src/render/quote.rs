//! Quoting of user strings for each output format. Every string a user can write passes through one
//! of these before it reaches an output, so no value can break out of its literal.

use std::borrow::Cow;

use crate::resolve::{CfnRead, Interp, Part, Ref};

/// A double-quoted YAML scalar. Escapes everything YAML 1.1 parsers (cfn-lint, PyYAML) do not accept
/// raw or read as a line break (NEL, U+2028, U+2029), so the value reads back byte for byte.
pub fn yaml_string(text: &str) -> String {
    owned(text, push_yaml_string)
}

pub fn push_yaml_string(out: &mut String, text: &str) {
    out.push('"');
    push_escaped(out, text, yaml_escape);
    out.push('"');
}

fn yaml_escape(c: char) -> Option<Escape> {
    let unicode = !yaml_printable(c);
    backslash_escape(c).or(unicode.then_some(Escape::Unicode))
}

/// The `String` a `push_` printer writes for `text`.
fn owned(text: &str, push: impl Fn(&mut String, &str)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push(&mut out, text);
    out
}

/// The escapes of YAML's, HCL's and Python's double-quoted strings alike.
fn backslash_escape(c: char) -> Option<Escape> {
    let text = match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => return None,
    };
    Some(Escape::Text(text))
}

/// What HCL and Python strings (and Markdown code spans) write as `\uXXXX`: control characters and
/// the invisible line and paragraph separators and byte-order mark.
fn invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// HCL's and Python's escapes: the backslash escapes, then `\uXXXX` for invisible characters.
fn code_escape(c: char) -> Option<Escape> {
    backslash_escape(c).or(invisible(c).then_some(Escape::Unicode))
}

/// How one character is written inside a double-quoted literal.
enum Escape {
    Text(&'static str),
    Unicode,
}

/// `text` with each character `escape` names replaced. Characters kept are copied in runs: most
/// strings need no escape at all.
fn push_escaped(out: &mut String, text: &str, escape: impl Fn(char) -> Option<Escape>) {
    let bytes = text.as_bytes();
    let mut kept = 0;
    let mut i = 0;
    loop {
        // Printable ASCII other than a quote or a backslash is kept by every format: the common
        // case, skipped without decoding a character or calling `escape`.
        i += plain_prefix(&bytes[i..]);
        // `i` is on a character boundary: only ASCII bytes and whole characters are stepped over.
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let next = i + c.len_utf8();
        if let Some(e) = escape(c) {
            out.push_str(&text[kept..i]);
            kept = next;
            match e {
                Escape::Text(t) => out.push_str(t),
                Escape::Unicode => push_unicode_escape(out, c),
            }
        }
        i = next;
    }
    out.push_str(&text[kept..]);
}

/// Printable ASCII other than `"` and `\`: kept as it is by every format.
fn plain(b: u8) -> bool {
    matches!(b, b' '..=b'~') && b != b'"' && b != b'\\'
}

/// The length of the leading run of [`plain`] bytes, tested eight at a time: each test below is
/// exact about whether any byte of the word matches (bit tricks from "Bit Twiddling Hacks":
/// `hasless`, `hasmore`, `haszero`), and a word with one goes to the byte loop.
fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut i = 0;
    while let Some(word) = bytes.get(i..i + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_ne_bytes(eight);
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let above_tilde = (x.wrapping_add(ONES) | x) & HIGH;
        let quote = has_zero(x ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(x ^ (ONES * u64::from(b'\\')));
        if control | above_tilde | quote | backslash != 0 {
            break;
        }
        i += 8;
    }
    i + bytes[i..].iter().take_while(|&&b| plain(b)).count()
}

fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// `\uXXXX`, or `\UXXXXXXXX` beyond the BMP: understood by YAML, HCL and Python alike.
fn push_unicode_escape(out: &mut String, c: char) {
    let code = u32::from(c);
    if code <= 0xFFFF {
        out.push_str(&format!("\\u{code:04X}"));
    } else {
        out.push_str(&format!("\\U{code:08X}"));
    }
}

/// A double-quoted HCL string. `${` and `%{` would start a template sequence, so they are doubled.
pub fn hcl_string(text: &str) -> String {
    owned(text, push_hcl_string)
}

pub fn push_hcl_string(out: &mut String, text: &str) {
    out.push('"');
    hcl_push_literal(out, text);
    out.push('"');
}

fn hcl_push_literal(out: &mut String, text: &str) {
    let start = out.len();
    push_escaped(out, text, code_escape);
    // `${` and `%{` open a template sequence; doubling the `$` or `%` makes them literal. Done
    // after escaping, which never writes a `$`, `%` or `{`.
    if text.contains('{') && (text.contains("${") || text.contains("%{")) {
        let doubled = out[start..].replace("${", "$${").replace("%{", "%%{");
        out.truncate(start);
        out.push_str(&doubled);
    }
}

/// A Python string literal (double-quoted, escapes Python 3.7 understands).
pub fn python_string(text: &str) -> String {
    owned(text, push_python_string)
}

pub fn push_python_string(out: &mut String, text: &str) {
    out.push('"');
    push_escaped(out, text, code_escape);
    out.push('"');
}

/// `[a, b]`: a one-line list, each item printed by `push`, the same in YAML flow style, HCL and
/// Python.
pub fn push_flow_list<T, E>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut push: impl FnMut(&mut String, T) -> Result<(), E>,
) -> Result<(), E> {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push(out, item)?;
    }
    out.push(']');
    Ok(())
}

/// A Markdown (CommonMark) code span: fenced by one backtick more than the longest run inside, with
/// a space inside each fence when the text starts or ends with a backtick or a space, so nothing in
/// the text can end the span early. Line breaks and other control characters are shown as `\uXXXX`
/// escapes (a code span cannot hold a line break). Not for table cells, where `|` would still
/// split the cell.
pub fn markdown_code(text: &str) -> String {
    let mut body = String::with_capacity(text.len());
    for c in text.chars() {
        if invisible(c) {
            push_unicode_escape(&mut body, c);
        } else {
            body.push(c);
        }
    }
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = body.starts_with(['`', ' ']) || body.ends_with(['`', ' ']);
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{body}{space}{fence}")
}

/// How CloudFormation names a deploy-time value inside `Fn::Sub`: a pseudo parameter, a logical id
/// (what `Ref` returns) or `LogicalId.Attribute` (`Fn::GetAtt`). Logical ids hold no `.`.
fn cfn_ref(r: &Ref) -> Cow<'static, str> {
    match r {
        Ref::Partition => Cow::Borrowed("AWS::Partition"),
        Ref::Region => Cow::Borrowed("AWS::Region"),
        Ref::AccountId => Cow::Borrowed("AWS::AccountId"),
        Ref::UrlSuffix => Cow::Borrowed("AWS::URLSuffix"),
        Ref::Resource(id, attribute) => match id.kind.read(*attribute).0 {
            CfnRead::Ref => Cow::Owned(id.cfn.clone()),
            CfnRead::GetAtt(name) => Cow::Owned(format!("{}.{name}", id.cfn)),
        },
    }
}

/// A value as cdk-nag names it in a finding (`Resource::arn:<AWS::Partition>:s3:::b/*`): a
/// reference becomes `<name>` with the name CloudFormation gives it (`DataKey.Arn`, `AlarmTopic`).
pub fn nag_flat(parts: &[PartRef<'_>]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            PartRef::Lit(text) => out.push_str(text),
            PartRef::Ref(r) => {
                out.push('<');
                out.push_str(&cfn_ref(r));
                out.push('>');
            }
        }
    }
    out
}

/// How Terraform names a deploy-time value: a data source's attribute, or `type.name.attribute`.
fn tf_ref(r: &Ref) -> Cow<'static, str> {
    match r {
        Ref::Partition => Cow::Borrowed("data.aws_partition.current.partition"),
        Ref::Region => Cow::Borrowed("data.aws_region.current.name"),
        Ref::AccountId => Cow::Borrowed("data.aws_caller_identity.current.account_id"),
        Ref::UrlSuffix => Cow::Borrowed("data.aws_partition.current.dns_suffix"),
        Ref::Resource(id, attribute) => Cow::Owned(format!(
            "{}.{}.{}",
            id.kind.tf_type(),
            id.tf,
            id.kind.read(*attribute).1
        )),
    }
}

/// One part of an `Interp`: literal text borrowed, a reference borrowed from a resolved `Interp`
/// or owned when the filters read it back from the template context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartRef<'a> {
    Lit(&'a str),
    Ref(Cow<'a, Ref>),
}

fn parts_of(value: &Interp) -> Vec<PartRef<'_>> {
    value
        .interp
        .iter()
        .map(|p| match p {
            Part::Lit(text) => PartRef::Lit(text),
            Part::Ref(r) => PartRef::Ref(Cow::Borrowed(r)),
        })
        .collect()
}

/// CloudFormation: a plain string; `Ref` or `Fn::GetAtt` for a lone reference; otherwise
/// `{"Fn::Sub": "..."}`.
pub fn cfn_value(value: &Interp) -> String {
    let mut out = String::new();
    push_cfn_value(&mut out, value);
    out
}

pub fn push_cfn_value(out: &mut String, value: &Interp) {
    push_cfn_parts(out, &parts_of(value));
}

/// Escaping works character by character and never writes `$`, `{` or `}`, so each part is
/// escaped on its own, straight into `out`: the same text as escaping the joined string.
pub fn push_cfn_parts(out: &mut String, parts: &[PartRef<'_>]) {
    if let [PartRef::Ref(r)] = parts {
        let name = cfn_ref(r);
        match name.split_once('.') {
            Some((resource, attribute)) => {
                out.push_str("{\"Fn::GetAtt\": [");
                push_yaml_string(out, resource);
                out.push_str(", ");
                push_yaml_string(out, attribute);
                out.push_str("]}");
            }
            None => {
                out.push_str("{\"Ref\": ");
                push_yaml_string(out, &name);
                out.push('}');
            }
        }
        return;
    }
    let literal = parts.iter().all(|p| matches!(p, PartRef::Lit(_)));
    if !literal {
        out.push_str("{\"Fn::Sub\": ");
    }
    out.push('"');
    for part in parts {
        match part {
            PartRef::Lit(lit) if literal || !lit.contains("${") => {
                push_escaped(out, lit, yaml_escape);
            }
            // A literal `${` in Fn::Sub is written `${!`.
            PartRef::Lit(lit) => push_escaped(out, &lit.replace("${", "${!"), yaml_escape),
            PartRef::Ref(r) => {
                out.push_str("${");
                out.push_str(&cfn_ref(r));
                out.push('}');
            }
        }
    }
    out.push('"');
    if !literal {
        out.push('}');
    }
}

/// Terraform: a quoted string with `${...}` interpolations, or a bare reference when it is only one.
pub fn tf_value(value: &Interp) -> String {
    let mut out = String::new();
    push_tf_value(&mut out, value);
    out
}

pub fn push_tf_value(out: &mut String, value: &Interp) {
    push_tf_parts(out, &parts_of(value));
}

pub fn push_tf_parts(out: &mut String, parts: &[PartRef<'_>]) {
    if let [PartRef::Ref(r)] = parts {
        out.push_str(&tf_ref(r));
        return;
    }
    out.push('"');
    let mut parts = parts.iter().peekable();
    while let Some(part) = parts.next() {
        match part {
            PartRef::Lit(text) => {
                // A `$` right before an interpolation would make `$${`, HCL's escape for a
                // literal `${`: such trailing dollars are printed by an interpolation of their own.
                let dollars = if matches!(parts.peek(), Some(PartRef::Ref(_))) {
                    text.len() - text.trim_end_matches('$').len()
                } else {
                    0
                };
                let (head, tail) = text.split_at(text.len() - dollars);
                hcl_push_literal(out, head);
                if !tail.is_empty() {
                    out.push_str("${\"");
                    out.push_str(tail);
                    out.push_str("\"}");
                }
            }
            PartRef::Ref(r) => {
                out.push_str("${");
                out.push_str(&tf_ref(r));
                out.push('}');
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_test_finds_what_the_byte_test_finds() {
        for b in 0..=255u8 {
            for at in 0..17 {
                let mut bytes = vec![b'a'; 17];
                bytes[at] = b;
                let want = if plain(b) { 17 } else { at };
                assert_eq!(plain_prefix(&bytes), want, "byte {b:#04x} at {at}");
            }
        }
    }

    #[test]
    fn yaml_escapes_line_breaks_yaml11_sees() {
        assert_eq!(yaml_string("a\u{85}b\u{2028}"), "\"a\\u0085b\\u2028\"");
        assert_eq!(yaml_string("x: \"y\" # z"), "\"x: \\\"y\\\" # z\"");
        assert_eq!(yaml_string("é\u{7F}"), "\"é\\u007F\"");
    }

    #[test]
    fn hcl_doubles_template_openers() {
        assert_eq!(hcl_string("${a} %{b} $c"), "\"$${a} %%{b} $c\"");
        assert_eq!(hcl_string("$${"), "\"$$${\"");
    }

    #[test]
    fn markdown_code_spans_cannot_be_closed_early() {
        assert_eq!(markdown_code("s3://b/raw/"), "`s3://b/raw/`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x``"), "``` `x`` ```");
        assert_eq!(markdown_code("a\nb"), "`a\\u000Ab`");
    }

    #[test]
    fn sub_escapes_literal_dollar_brace() {
        let v = Interp::lit("${x}:").then(Ref::Region);
        assert_eq!(cfn_value(&v), "{\"Fn::Sub\": \"${!x}:${AWS::Region}\"}");
    }

    #[test]
    fn single_reference_is_ref_or_getatt_in_cloudformation() {
        assert_eq!(
            cfn_value(&crate::resolve::ids::data_key().arn()),
            "{\"Fn::GetAtt\": [\"DataKey\", \"Arn\"]}"
        );
        assert_eq!(
            cfn_value(&Interp::reference(Ref::AccountId)),
            "{\"Ref\": \"AWS::AccountId\"}"
        );
    }

    #[test]
    fn a_dollar_before_a_reference_stays_a_dollar() {
        let v = Interp::lit("a$$").then(Ref::Region).text("$");
        assert_eq!(
            tf_value(&v),
            "\"a${\"$$\"}${data.aws_region.current.name}$\""
        );
        assert_eq!(cfn_value(&v), "{\"Fn::Sub\": \"a$$${AWS::Region}$\"}");
    }

    #[test]
    fn single_reference_is_bare_in_terraform() {
        assert_eq!(
            tf_value(&crate::resolve::ids::data_key().arn()),
            "aws_kms_key.data.arn"
        );
        let arn = Interp::arn("s3", false, "b/*");
        assert_eq!(
            tf_value(&arn),
            "\"arn:${data.aws_partition.current.partition}:s3:::b/*\""
        );
    }
}
