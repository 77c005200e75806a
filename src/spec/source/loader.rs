//! Building the JSON value and its span tree from saphyr's events.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::ControlFlow;

use saphyr_parser::{Event, ScalarStyle, ScanError, Tag};
use serde_json::{Map, Value};

use super::offsets::Offsets;
use super::pointer::push_token;
use super::scalar::{scalar_value, Unfit};
use super::{Children, Document, Node, Span, MAX_DEPTH, MAX_PROBLEMS, YAML_CORE_TAG};
use crate::diagnostic::{Code, Diagnostic};

/// A span as saphyr reports it, converted: byte offsets, and the line where it ends.
#[derive(Debug, Clone, Copy)]
struct Place {
    span: Span,
    end_line: usize,
}

/// How the node being built hangs off its parent.
#[derive(Debug)]
enum Token {
    Root,
    Key(String, Span),
    Index(usize),
    /// The node is itself a mapping key.
    KeyPos,
    /// The node is the value of a rejected key: built, then dropped.
    Skip,
}

/// What an open mapping waits for next.
#[derive(Debug)]
enum Slot {
    Key,
    Value(String, Span),
    SkipValue,
}

#[derive(Debug)]
enum Body {
    Map {
        map: Map<String, Value>,
        nodes: HashMap<String, Node>,
        slot: Slot,
    },
    Seq {
        items: Vec<Value>,
        nodes: Vec<Node>,
    },
}

/// A mapping or list still open.
#[derive(Debug)]
struct Frame {
    token: Token,
    start: Place,
    /// `{...}` and `[...]` end at their closing bracket; block collections at their last child.
    flow: bool,
    end: usize,
    end_line: usize,
    body: Body,
}

/// Builds the JSON value and its span tree from saphyr's events, with a stack of open
/// collections (never recursion), collecting problems as it goes.
pub(super) struct Loader<'t> {
    text: &'t str,
    offsets: Offsets<'t>,
    stack: Vec<Frame>,
    root: Option<(Value, Node)>,
    problems: Vec<Diagnostic>,
    documents: usize,
}

impl<'t> Loader<'t> {
    pub(super) fn new(text: &'t str, shift: usize) -> Self {
        let body = text.get(shift..).unwrap_or_default();
        Loader {
            text,
            offsets: Offsets::new(body, shift),
            stack: Vec::new(),
            root: None,
            problems: Vec::new(),
            documents: 0,
        }
    }

    pub(super) fn step(&mut self, event: Event, raw: saphyr_parser::Span) -> ControlFlow<()> {
        let place = self.place(raw);
        match event {
            Event::StreamEnd => return ControlFlow::Break(()),
            Event::DocumentStart(_) => return self.document_start(place),
            Event::Scalar(text, style, anchor, tag) => {
                self.anchor(anchor, place);
                self.scalar(&text, style, tag.as_deref(), place);
            }
            Event::Alias(_) => self.alias(place),
            Event::MappingStart(anchor, tag) => {
                return self.open(true, anchor, tag.as_deref(), place);
            }
            Event::SequenceStart(anchor, tag) => {
                return self.open(false, anchor, tag.as_deref(), place);
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(place),
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
        }
        ControlFlow::Continue(())
    }

    fn place(&mut self, raw: saphyr_parser::Span) -> Place {
        let start = self.offsets.byte(raw.start.index());
        let end = self.offsets.byte(raw.end.index()).max(start);
        let span = Span {
            start,
            end,
            line: raw.start.line(),
            column: raw.start.col() + 1,
        };
        Place {
            span,
            end_line: raw.end.line().max(span.line),
        }
    }

    fn document_start(&mut self, place: Place) -> ControlFlow<()> {
        self.documents += 1;
        if self.documents == 1 {
            return ControlFlow::Continue(());
        }
        let message = "the file holds more than one YAML document";
        let d = Diagnostic::error(Code::YamlMultiDocument, "", message)
            .expected("one document: a single mapping of settings")
            .hint("remove this `---` and what follows, or move it to its own spec file");
        self.problem(d.at(place.span));
        ControlFlow::Break(())
    }

    fn scalar(&mut self, text: &str, style: ScalarStyle, tag: Option<&Tag>, place: Place) {
        let token = self.take_token();
        let value = scalar_value(text, style, tag).unwrap_or_else(|unfit| {
            let path = self.path_of(&token);
            self.problem(unfit.problem(text, path).at(place.span));
            Value::Null
        });
        self.attach(token, value, place, Children::Leaf);
    }

    fn alias(&mut self, place: Place) {
        let message = "YAML aliases (`*name`) are not supported in a spec";
        let d = Diagnostic::error(Code::YamlAlias, self.here(), message)
            .hint("write the value out in full here");
        self.problem(d.at(place.span));
        let token = self.take_token();
        self.attach(token, Value::Null, place, Children::Leaf);
    }

    fn anchor(&mut self, anchor: usize, place: Place) {
        if anchor != 0 {
            let message = "YAML anchors (`&name`) are not supported in a spec";
            let d = Diagnostic::error(Code::YamlAlias, self.here(), message)
                .hint("remove the anchor and write values out in full where they are used");
            self.problem(d.at(place.span));
        }
    }

    fn open(
        &mut self,
        is_map: bool,
        anchor: usize,
        tag: Option<&Tag>,
        place: Place,
    ) -> ControlFlow<()> {
        self.anchor(anchor, place);
        let wanted = if is_map { "map" } else { "seq" };
        if let Some(tag) = tag.filter(|t| !(t.handle == YAML_CORE_TAG && t.suffix == wanted)) {
            let d = Unfit::Tag(tag).problem("", self.here());
            self.problem(d.at(place.span));
        }
        if self.stack.len() >= MAX_DEPTH {
            let d = depth_problem(self.here());
            self.problem(d.at(place.span));
            return ControlFlow::Break(());
        }
        let body = match is_map {
            true => Body::Map {
                map: Map::new(),
                nodes: HashMap::new(),
                slot: Slot::Key,
            },
            false => Body::Seq {
                items: Vec::new(),
                nodes: Vec::new(),
            },
        };
        let token = self.take_token();
        let flow = place.span.end > place.span.start;
        let (end, end_line) = (place.span.end, place.end_line);
        self.stack.push(Frame {
            token,
            start: place,
            flow,
            end,
            end_line,
            body,
        });
        ControlFlow::Continue(())
    }

    fn close(&mut self, place: Place) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (end, end_line) = match frame.flow {
            true => (place.span.end, place.end_line),
            false => (frame.end, frame.end_line),
        };
        let span = Span {
            end: end.max(frame.start.span.start),
            ..frame.start.span
        };
        let place = Place {
            span,
            end_line: end_line.max(span.line),
        };
        let (value, children) = match frame.body {
            Body::Map { map, nodes, .. } => (Value::Object(map), Children::Map(nodes)),
            Body::Seq { items, nodes } => (Value::Array(items), Children::Seq(nodes)),
        };
        self.attach(frame.token, value, place, children);
    }

    /// Hands a finished node to whatever it belongs to.
    fn attach(&mut self, token: Token, value: Value, place: Place, children: Children) {
        if let Some(top) = self.stack.last_mut() {
            top.end = top.end.max(place.span.end);
            top.end_line = top.end_line.max(place.end_line);
        }
        let leaf = matches!(children, Children::Leaf);
        let key = match &token {
            Token::Key(_, key) => Some(*key),
            _ => None,
        };
        let focus = focus(self.text, key, place, leaf);
        let node = Node {
            key,
            value: place.span,
            focus,
            children,
        };
        match token {
            Token::Root => self.root = Some((value, node)),
            Token::Index(_) => self.push_item(value, node),
            Token::Key(key, _) => self.insert_member(key, value, node),
            Token::KeyPos => self.key(value, node),
            Token::Skip => {}
        }
    }

    fn push_item(&mut self, value: Value, node: Node) {
        if let Some(Frame {
            body: Body::Seq { items, nodes },
            ..
        }) = self.stack.last_mut()
        {
            items.push(value);
            nodes.push(node);
        }
    }

    fn insert_member(&mut self, key: String, value: Value, node: Node) {
        if let Some(Frame {
            body: Body::Map { map, nodes, .. },
            ..
        }) = self.stack.last_mut()
        {
            map.insert(key.clone(), value);
            nodes.insert(key, node);
        }
    }

    /// A finished mapping key: checks it, then the mapping waits for its value.
    fn key(&mut self, value: Value, node: Node) {
        let problem = self.key_problem(&value, &node);
        let slot = match (problem, value) {
            (None, Value::String(key)) => Slot::Value(key, node.value),
            (problem, _) => {
                self.problems.extend(problem.map(|d| d.at(node.focus)));
                Slot::SkipValue
            }
        };
        if let Some(Frame {
            body: Body::Map { slot: waiting, .. },
            ..
        }) = self.stack.last_mut()
        {
            *waiting = slot;
        }
    }

    /// Why a finished key cannot be used, if it cannot: not a string, or already set.
    fn key_problem(&self, value: &Value, node: &Node) -> Option<Diagnostic> {
        let key = match value {
            Value::String(key) if matches!(node.children, Children::Leaf) => key,
            other => return Some(self.key_type_problem(other, node)),
        };
        let line = self.first_key_line(key)?;
        let mut path = self.pointer();
        push_token(&mut path, key);
        let message = format!("duplicate key `{key}` (first set on line {line})");
        let hint = "a key may appear once in a mapping; remove or merge one of the two";
        Some(Diagnostic::error(Code::DuplicateKey, path, message).hint(hint))
    }

    fn first_key_line(&self, key: &str) -> Option<usize> {
        match self.stack.last().map(|f| &f.body) {
            Some(Body::Map { nodes, .. }) => Some(nodes.get(key)?.key?.line),
            _ => None,
        }
    }

    fn key_type_problem(&self, value: &Value, node: &Node) -> Diagnostic {
        let message = format!("mapping keys must be strings, not {}", kind(value));
        let d = Diagnostic::error(Code::KeyType, self.pointer(), message).expected("a string key");
        let raw = self
            .text
            .get(node.value.start..node.value.end)
            .unwrap_or_default();
        match (value, &node.children) {
            (Value::Null, _) | (_, Children::Map(_) | Children::Seq(_)) => d,
            _ => d.hint(format!("quote the key: `\"{raw}\"`")),
        }
    }

    /// The JSON pointer of the innermost open mapping or list.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for frame in &self.stack {
            push_step(&mut pointer, &frame.token);
        }
        pointer
    }

    /// The JSON pointer of a node that hangs off the innermost open collection by `token`.
    fn path_of(&self, token: &Token) -> String {
        let mut pointer = self.pointer();
        push_step(&mut pointer, token);
        pointer
    }

    /// The JSON pointer of the node about to start.
    fn here(&self) -> String {
        let mut pointer = self.pointer();
        match self.stack.last().map(|f| &f.body) {
            Some(Body::Map {
                slot: Slot::Value(key, _),
                ..
            }) => push_token(&mut pointer, key),
            Some(Body::Seq { items, .. }) => {
                let _ = write!(pointer, "/{}", items.len());
            }
            _ => {}
        }
        pointer
    }

    /// Where the node about to start goes, moving a waiting key into it.
    fn take_token(&mut self) -> Token {
        match self.stack.last_mut().map(|f| &mut f.body) {
            None => Token::Root,
            Some(Body::Seq { items, .. }) => Token::Index(items.len()),
            Some(Body::Map { slot, .. }) => match std::mem::replace(slot, Slot::Key) {
                Slot::Key => Token::KeyPos,
                Slot::Value(key, span) => Token::Key(key, span),
                Slot::SkipValue => Token::Skip,
            },
        }
    }

    pub(super) fn syntax(&mut self, error: &ScanError) -> ControlFlow<()> {
        let mark = error.marker();
        let start = self.offsets.byte(mark.index());
        // saphyr places a tab error at the start of the scalar or block it was reading, which
        // may be lines before the tab: point at the tab itself.
        if error.info().contains("tab") {
            if let Some(span) = self.tab_from_line_of(start) {
                let indents = self.indentation_tab(span.start);
                let message = if indents {
                    "invalid YAML: a tab indents this line; YAML indents with spaces only"
                        .to_owned()
                } else {
                    format!("invalid YAML: {}", error.info())
                };
                let d = Diagnostic::error(Code::YamlSyntax, self.pointer(), message)
                    .hint("replace the tab with spaces");
                self.problem(d.at(span));
                return ControlFlow::Break(());
            }
        }
        let next = self.text.get(start..).and_then(|s| s.chars().next());
        let end = start + next.filter(|c| *c != '\n').map_or(0, char::len_utf8);
        let span = Span {
            start,
            end,
            line: mark.line(),
            column: mark.col() + 1,
        };
        let d = match error.info() {
            // saphyr's own guard, met before ours when brackets open faster than events arrive.
            "recursion limit exceeded" => depth_problem(self.pointer()),
            info => Diagnostic::error(
                Code::YamlSyntax,
                self.pointer(),
                format!("invalid YAML: {info}"),
            ),
        };
        let d = match self.unclosed_bracket(span.line) {
            Some(hint) => d.hint(hint),
            None => d,
        };
        self.problem(d.at(span));
        ControlFlow::Break(())
    }

    /// The span of the first tab at or after the start of the line that holds byte `at`.
    fn tab_from_line_of(&self, at: usize) -> Option<Span> {
        let line_start = self.text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
        let tab = line_start + self.text.get(line_start..)?.find('\t')?;
        let before = &self.text[..tab];
        let line = before.matches('\n').count() + 1;
        let this_line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
        let column = this_line
            .strip_prefix(super::BOM)
            .unwrap_or(this_line)
            .chars()
            .count()
            + 1;
        Some(Span {
            start: tab,
            end: tab + 1,
            line,
            column,
        })
    }

    /// Whether the tab at byte `at` is in its line's leading whitespace.
    fn indentation_tab(&self, at: usize) -> bool {
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..at]
            .chars()
            .all(|c| c == ' ' || c == '\t')
    }

    /// A syntax error on a later line than an open `[` or `{` is most often that bracket left
    /// unclosed, which the error's own place does not show.
    fn unclosed_bracket(&self, error_line: usize) -> Option<String> {
        let frame = self.stack.last().filter(|f| f.flow)?;
        let line = frame.start.span.line;
        let (open, close) = match frame.body {
            Body::Map { .. } => ('{', '}'),
            Body::Seq { .. } => ('[', ']'),
        };
        (line < error_line)
            .then(|| format!("is the `{open}` on line {line} missing its `{close}`?"))
    }

    fn problem(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    pub(super) fn too_many(&mut self) -> bool {
        if self.problems.len() < MAX_PROBLEMS {
            return false;
        }
        let message = format!("stopped after {MAX_PROBLEMS} problems");
        self.problems
            .push(Diagnostic::error(Code::TooManyProblems, "", message));
        true
    }

    pub(super) fn finish(self) -> Result<Document, Vec<Diagnostic>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        match self.root {
            Some((value @ Value::Object(_), mut spans)) => {
                // A problem with the whole document (a missing key) points at where it starts.
                spans.focus.end = spans.focus.start;
                Ok(Document { value, spans })
            }
            None | Some((Value::Null, _)) => Err(vec![empty_problem()]),
            Some((other, node)) => {
                let message = format!(
                    "the spec must be a mapping of settings, not {}",
                    kind(&other)
                );
                let d = Diagnostic::error(Code::Type, "", message)
                    .expected("`key: value` lines, such as `bucketName: my-bucket`");
                Err(vec![d.at(node.focus)])
            }
        }
    }
}

fn empty_problem() -> Diagnostic {
    Diagnostic::error(Code::Empty, "", "the spec is empty")
        .expected("a mapping of settings, such as `bucketName: my-bucket`")
        .hint("`sparkgen init` writes a commented starter spec")
}

fn depth_problem(path: String) -> Diagnostic {
    let message = format!("the spec nests mappings and lists more than {MAX_DEPTH} levels deep");
    Diagnostic::error(Code::YamlDepth, path, message)
        .hint("a spec needs only a few levels; flatten this value")
}

/// Extends a JSON pointer by the step `token` names, if it names one.
fn push_step(pointer: &mut String, token: &Token) {
    match token {
        Token::Key(key, _) => push_token(pointer, key),
        Token::Index(i) => {
            let _ = write!(pointer, "/{i}");
        }
        Token::Root | Token::KeyPos | Token::Skip => {}
    }
}

/// The span to underline for a node: see [`Document::locate`].
fn focus(text: &str, key: Option<Span>, place: Place, leaf: bool) -> Span {
    match key {
        Some(key) if !leaf || place.span.start == place.span.end => key,
        _ => first_line(text, place),
    }
}

/// `place` cut to its first line, without trailing blanks.
fn first_line(text: &str, place: Place) -> Span {
    let span = place.span;
    if place.end_line <= span.line {
        return span;
    }
    let within = text.get(span.start..span.end).unwrap_or_default();
    let line = within.split('\n').next().unwrap_or_default();
    Span {
        end: span.start + line.trim_end().len(),
        ..span
    }
}

/// "a number", "a list", ...: what a value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, problem, problems, span};
    use super::super::{parse, MAX_DEPTH, MAX_PROBLEMS};
    use serde_json::json;

    #[test]
    fn duplicate_keys_point_at_the_second_and_name_the_first_line() {
        let d = problem("bucketName: a\nglueJobName: j\nbucketName: b\n");
        assert_eq!(d.code.as_str(), "duplicate-key");
        assert_eq!(
            d.message,
            "duplicate key `bucketName` (first set on line 1)"
        );
        assert_eq!(d.path, "/bucketName");
        assert_eq!(d.span, Some(span(29, 39, 3, 1)));
        let hint = "a key may appear once in a mapping; remove or merge one of the two";
        assert_eq!(d.hint.as_deref(), Some(hint));
    }

    #[test]
    fn duplicate_keys_are_found_in_nested_and_flow_mappings_and_all_reported() {
        let text = "alarmThresholds:\n  failedTasks: 1\n  failedTasks: 2\ntags: {a: 1, a: 2}\nx: 1\nx: 2\n";
        let all = problems(text);
        let found: Vec<_> = all
            .iter()
            .map(|d| (d.path.as_str(), d.span.map(|s| (s.line, s.column))))
            .collect();
        let expected = [
            ("/alarmThresholds/failedTasks", Some((3, 3))),
            ("/tags/a", Some((4, 14))),
            ("/x", Some((6, 1))),
        ];
        assert_eq!(found, expected);
        assert!(all.iter().all(|d| d.code == "duplicate-key"));
        assert_eq!(
            all[0].message,
            "duplicate key `failedTasks` (first set on line 2)"
        );
    }

    #[test]
    fn quoting_does_not_hide_a_duplicate() {
        let d = problem("a: 1\n\"a\": 2\n");
        assert_eq!(d.message, "duplicate key `a` (first set on line 1)");
    }

    #[test]
    fn aliases_and_anchors_are_rejected() {
        let all = problems("base: &b\n  x: 1\nother: *b\n");
        let found: Vec<_> = all
            .iter()
            .map(|d| (d.code.as_str(), d.message.as_str(), d.path.as_str(), d.span))
            .collect();
        let anchor = "YAML anchors (`&name`) are not supported in a spec";
        let alias = "YAML aliases (`*name`) are not supported in a spec";
        let expected = [
            ("yaml-alias", anchor, "/base", Some(span(11, 11, 2, 3))),
            ("yaml-alias", alias, "/other", Some(span(23, 25, 3, 8))),
        ];
        assert_eq!(found, expected);
        assert_eq!(
            all[1].hint.as_deref(),
            Some("write the value out in full here")
        );
    }

    #[test]
    fn an_alias_bomb_fails_fast_without_expanding() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let all = problems(&text);
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        assert!(all
            .iter()
            .all(|d| matches!(d.code.as_str(), "yaml-alias" | "too-many-problems")));
        assert_eq!(
            all.len(),
            MAX_PROBLEMS + 1,
            "stops after {MAX_PROBLEMS} problems"
        );
        assert_eq!(all[MAX_PROBLEMS].message, "stopped after 50 problems");
    }

    /// `a: {a: {a: ... 1}}` with the document itself as the first level.
    fn nested(levels: usize) -> String {
        let mut text = String::from("a: ");
        for _ in 1..levels {
            text.push_str("{a: ");
        }
        text.push('1');
        text.push_str(&"}".repeat(levels - 1));
        text
    }

    #[test]
    fn nesting_up_to_64_levels_is_accepted_and_deeper_is_rejected() {
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let d = problem(&nested(MAX_DEPTH + 1));
        assert_eq!(d.code.as_str(), "yaml-depth");
        assert_eq!(
            d.message,
            "the spec nests mappings and lists more than 64 levels deep"
        );
        let last = 3 + 4 * 63;
        assert_eq!(d.span, Some(span(last, last + 1, 1, last + 1)));
        assert_eq!(d.path, "/a".repeat(MAX_DEPTH));
    }

    #[test]
    fn deep_block_lists_and_bracket_floods_are_rejected_too() {
        let text: String = (0..100).map(|i| format!("{}-\n", "  ".repeat(i))).collect();
        let deep = problems(&format!("a:\n{text}"));
        assert_eq!(
            (deep[0].code.as_str(), deep[0].span.map(|s| s.line)),
            ("yaml-depth", Some(65))
        );
        assert_eq!(problem(&"[".repeat(100_000)).code, "yaml-depth");
    }

    #[test]
    fn keys_must_be_strings() {
        let d = problem("bucketName: b\n123: x\n");
        assert_eq!(d.code.as_str(), "key-type");
        assert_eq!(d.message, "mapping keys must be strings, not a number");
        assert_eq!((d.path.as_str(), d.span), ("", Some(span(14, 17, 2, 1))));
        assert_eq!(d.hint.as_deref(), Some("quote the key: `\"123\"`"));
        assert_eq!(
            problem("true: x").message,
            "mapping keys must be strings, not a boolean"
        );
        assert_eq!(
            problem("~: x").message,
            "mapping keys must be strings, not null"
        );
        assert_eq!(problem("t:\n  : x\n").path, "/t");
        let complex = problem("? [a, b]\n: x\n");
        assert_eq!(complex.message, "mapping keys must be strings, not a list");
        assert_eq!((complex.span, complex.hint), (Some(span(2, 8, 1, 3)), None));
        let map_key = problem("{? {a: 1}: x}").message;
        assert_eq!(map_key, "mapping keys must be strings, not a mapping");
        assert_eq!(
            doc("\"123\": x\n'true': y\n").value,
            json!({"123": "x", "true": "y"})
        );
    }

    #[test]
    fn a_second_document_is_rejected() {
        let d = problem("a: 1\n---\nb: 2\n");
        assert_eq!(d.code.as_str(), "yaml-multi-document");
        assert_eq!(d.message, "the file holds more than one YAML document");
        assert_eq!(d.span, Some(span(5, 8, 2, 1)));
        // An explicit start and end of the one document are fine.
        assert_eq!(doc("---\na: 1\n...\n").value, json!({"a": 1}));
    }

    #[test]
    fn an_empty_spec_is_an_error() {
        for text in [
            "",
            "\n\n",
            "# just a comment\n",
            "---\n",
            "~\n",
            "---\n...\n",
            "\u{feff}",
        ] {
            let d = problem(text);
            let what = (d.code.as_str(), d.message.as_str(), d.span);
            assert_eq!(what, ("empty", "the spec is empty", None), "{text:?}");
            let hint = "`sparkgen init` writes a commented starter spec";
            assert_eq!(d.hint.as_deref(), Some(hint));
        }
    }

    #[test]
    fn the_top_level_must_be_a_mapping() {
        let d = problem("# a list\n- a\n- b\n");
        assert_eq!(d.code.as_str(), "type");
        assert_eq!(
            d.message,
            "the spec must be a mapping of settings, not a list"
        );
        let expected = "`key: value` lines, such as `bucketName: my-bucket`";
        assert_eq!(d.expected.as_deref(), Some(expected));
        assert_eq!((d.path.as_str(), d.span), ("", Some(span(9, 12, 2, 1))));
        let not = |text| problem(text).message;
        assert_eq!(
            not("just text"),
            "the spec must be a mapping of settings, not a string"
        );
        assert_eq!(
            not("[1, 2]"),
            "the spec must be a mapping of settings, not a list"
        );
        assert_eq!(
            not("42"),
            "the spec must be a mapping of settings, not a number"
        );
    }

    #[test]
    fn syntax_errors_carry_their_line_and_column() {
        let d = problem("bucketName: b\ntags: [a, b\nglueJobName: j\n");
        assert_eq!(d.code.as_str(), "yaml-syntax");
        assert_eq!(
            d.message,
            "invalid YAML: illegal placement of ':' indicator"
        );
        assert_eq!(d.span, Some(span(37, 38, 3, 12)));
        assert_eq!(d.path, "/tags");
        let hint = "is the `[` on line 2 missing its `]`?";
        assert_eq!(d.hint.as_deref(), Some(hint));
        let tab = problem("a:\n\tb: 1\n");
        let message = "invalid YAML: a tab indents this line; YAML indents with spaces only";
        assert_eq!(
            (tab.message.as_str(), tab.span),
            (message, Some(span(3, 4, 2, 1)))
        );
        let unclosed = problem("a: \"abc\n");
        let message =
            "invalid YAML: while scanning a quoted scalar, found unexpected end of stream";
        assert_eq!(unclosed.message, message);
        assert_eq!(unclosed.span, Some(span(3, 4, 1, 4)), "the opening quote");
    }

    #[test]
    fn a_tab_is_reported_where_it_is_not_where_the_scalar_before_it_starts() {
        // saphyr reports this at line 1, column 13: the start of the plain scalar it was reading.
        let d = problem("bucketName: my-bucket-abc\n\tglueJobName: x\n");
        assert_eq!(d.span, Some(span(26, 27, 2, 1)));
        assert_eq!(d.hint.as_deref(), Some("replace the tab with spaces"));
        let nested = problem("tags:\n  a: b\n\tc: d\n");
        assert_eq!(nested.span.map(|s| (s.line, s.column)), Some((3, 1)));
        let after_spaces = problem("tags:\n  a: b\n  \tc: d\n");
        assert_eq!(after_spaces.span.map(|s| (s.line, s.column)), Some((3, 3)));
        // A tab inside a scalar is text; an error elsewhere stays where saphyr puts it.
        let inside = problem("a: b\tc\n  d: e\n");
        assert_eq!(inside.span.map(|s| (s.line, s.column)), Some((2, 4)));
    }

    #[test]
    fn syntax_error_columns_count_characters() {
        let d = problem("\u{e9}\u{e9}: [\u{e9}, \u{e9}\nb: 1\n");
        assert_eq!(
            d.message,
            "invalid YAML: illegal placement of ':' indicator"
        );
        assert_eq!(d.span, Some(span(15, 16, 2, 2)));
    }

    #[test]
    fn no_input_makes_it_panic() {
        let mut seed: u64 = 0x5eed;
        let alphabet: Vec<char> = "ab:- \n\t{}[],#&*!|>'\"?%@`~\\0x.e\u{e9}\u{feff}\r"
            .chars()
            .collect();
        for _ in 0..3000 {
            let len = next(&mut seed) % 40;
            let text: String = (0..len)
                .map(|_| alphabet[next(&mut seed) as usize % alphabet.len()])
                .collect();
            let _ = parse(&text);
        }
    }

    fn next(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }
}
