//! Reading a spec file and parsing its YAML (or JSON, which is YAML) into JSON, keeping the
//! source span of every key and value so later stages can point at the text.
//!
//! The parser is deliberately strict: a spec is one small mapping of settings, so anchors,
//! aliases, tags, non-string keys, duplicate keys, several documents and deep nesting are all
//! errors rather than features. That also makes the loader safe on hostile input: nothing is
//! ever expanded, work is linear in the input, and depth is bounded.

mod loader;
mod offsets;
mod pointer;
mod read;
mod scalar;

use std::collections::HashMap;

use saphyr_parser::Parser;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use loader::Loader;
use pointer::list_index;

pub use pointer::{push_token, tokens};
pub use read::read_source;

/// The largest spec file `read_source` accepts.
pub const MAX_SOURCE_BYTES: usize = 1024 * 1024;
/// The deepest nesting of mappings and lists `parse` accepts (the document itself is level 1).
pub const MAX_DEPTH: usize = 64;
/// `parse` stops after this many problems, and validation reports no more than this many.
pub const MAX_PROBLEMS: usize = 50;

const YAML_CORE_TAG: &str = "tag:yaml.org,2002:";
pub(super) const BOM: char = '\u{feff}';

/// A place in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, counted in characters.
    pub column: usize,
}

/// A parsed spec: its JSON value and where each part of it came from.
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    spans: Node,
}

/// The spans of one node of the document, and of its children.
#[derive(Debug, Clone)]
struct Node {
    /// The key, when the node is a mapping member.
    key: Option<Span>,
    /// The whole value (a collection's span runs from its first to its last character).
    value: Span,
    /// What to underline when a diagnostic is about this node: see [`Document::locate`].
    focus: Span,
    children: Children,
}

#[derive(Debug, Clone)]
enum Children {
    Leaf,
    Map(HashMap<String, Node>),
    Seq(Vec<Node>),
}

impl Document {
    /// The span of the key of the member at `pointer` (e.g. `/alarmThresholds/failedTasks`);
    /// `None` for the document itself, list items and pointers that lead nowhere.
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        self.node(pointer)?.key
    }

    /// The span of the value at `pointer`; for a mapping or list, all of it.
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        Some(self.node(pointer)?.value)
    }

    /// The best span to underline for a diagnostic at `pointer`. For the node itself, or else
    /// its nearest existing ancestor (a missing key points at the mapping that lacks it):
    /// a scalar's value (its first line if it spans several); a mapping member's key when the
    /// value is a collection or empty; a list item's first line; for the document itself, an
    /// empty span where it starts. So an underline never covers many lines.
    pub fn locate(&self, pointer: &str) -> Span {
        let mut node = &self.spans;
        for token in tokens(pointer).unwrap_or_default() {
            match node.child(&token) {
                Some(child) => node = child,
                None => break,
            }
        }
        node.focus
    }

    /// Gives every diagnostic that has no span the one [`Document::locate`] finds for its path.
    pub fn fill_spans(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut().filter(|d| d.span.is_none()) {
            diagnostic.span = Some(self.locate(&diagnostic.path));
        }
    }

    /// The document an environment of `environments:` produces: this one without `environments`,
    /// with `environments.<name>` merged over it. Mappings merge key by key; any other value
    /// (a list, a scalar) replaces the base's. Every node keeps the span of the text it came
    /// from, so a problem an override causes is reported at the override's line. `None` when
    /// there is no such environment or it is not a mapping.
    pub fn environment(&self, name: &str) -> Option<Document> {
        let mut path = String::from("/environments");
        push_token(&mut path, name);
        let overrides = self.value.pointer(&path)?.as_object()?;
        let override_node = self.node(&path)?;
        let mut value = self.value.clone();
        let mut spans = self.spans.clone();
        if let (Some(map), Children::Map(members)) = (value.as_object_mut(), &mut spans.children) {
            map.remove("environments");
            members.remove("environments");
        }
        merge(&mut value, &mut spans, overrides, override_node);
        Some(Document { value, spans })
    }

    /// A document of one member at `tokens` (`alarmThresholds`, `failedTasks`) holding `value`,
    /// for a value given on the command line: every node spans `key` (the key path as typed) or
    /// `value_span`. `None` without a token.
    pub fn single(
        tokens: &[String],
        value: Value,
        key: Span,
        value_span: Span,
    ) -> Option<Document> {
        let (last, parents) = tokens.split_last()?;
        let leaf = Node {
            key: Some(key),
            value: value_span,
            focus: value_span,
            children: Children::Leaf,
        };
        let (mut value, mut node) = (
            serde_json::Map::from_iter([(last.clone(), value)]),
            HashMap::from([(last.clone(), leaf)]),
        );
        for token in parents.iter().rev() {
            let parent = Node {
                key: Some(key),
                value: key,
                focus: key,
                children: Children::Map(node),
            };
            value = serde_json::Map::from_iter([(token.clone(), Value::Object(value))]);
            node = HashMap::from([(token.clone(), parent)]);
        }
        Some(Document {
            value: Value::Object(value),
            spans: Node {
                key: None,
                value: key,
                focus: key,
                children: Children::Map(node),
            },
        })
    }

    /// Merges `other` over this document as an environment merges (mappings key by key,
    /// anything else replaces), every node keeping the span of the text it came from.
    pub fn merge_over(&mut self, other: &Document) {
        if let Some(map) = other.value.as_object() {
            merge(&mut self.value, &mut self.spans, map, &other.spans);
        }
    }

    /// Whether the member at `pointer` was written in the text (not a default, not merged away).
    pub fn has(&self, pointer: &str) -> bool {
        self.node(pointer).is_some()
    }

    fn node(&self, pointer: &str) -> Option<&Node> {
        tokens(pointer)?
            .iter()
            .try_fold(&self.spans, |node, token| node.child(token))
    }
}

/// Merges an environment's overrides (and their spans) into a base value and its spans.
fn merge(
    base: &mut Value,
    base_node: &mut Node,
    overrides: &serde_json::Map<String, Value>,
    override_node: &Node,
) {
    let Children::Map(override_members) = &override_node.children else {
        return;
    };
    let Some(base_map) = base.as_object_mut() else {
        return;
    };
    if !matches!(base_node.children, Children::Map(_)) {
        base_node.children = Children::Map(HashMap::new());
    }
    let Children::Map(base_members) = &mut base_node.children else {
        return;
    };
    for (key, value) in overrides {
        let Some(node) = override_members.get(key) else {
            continue;
        };
        match (base_map.get_mut(key), base_members.get_mut(key), value) {
            (Some(base_value @ Value::Object(_)), Some(base_child), Value::Object(inner)) => {
                merge(base_value, base_child, inner, node);
            }
            _ => {
                base_map.insert(key.clone(), value.clone());
                base_members.insert(key.clone(), node.clone());
            }
        }
    }
}

impl Node {
    fn child(&self, token: &str) -> Option<&Node> {
        match &self.children {
            Children::Leaf => None,
            Children::Map(members) => members.get(token),
            Children::Seq(items) => items.get(list_index(token)?),
        }
    }
}

/// Parses a spec's text: one YAML 1.2 document (JSON included) whose top level is a mapping.
/// Plain scalars are typed by the YAML 1.2 core schema (`true`, `null`, `~`, `12`, `-3`,
/// `0x1F`, `1.5`, `1e3`); quoted and block scalars are strings. On failure, every problem
/// found (up to 50), each with its span.
pub fn parse(text: &str) -> Result<Document, Vec<Diagnostic>> {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let mut loader = Loader::new(text, text.len() - body.len());
    let mut parser = Parser::new_from_str(body);
    while let Some(next) = parser.next_event() {
        let flow = match next {
            Ok((event, span)) => loader.step(event, span),
            Err(error) => loader.syntax(&error),
        };
        if flow.is_break() || loader.too_many() {
            break;
        }
    }
    loader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use serde_json::json;

    pub(super) const SEED: &str = "\
# the seed spec
bucketName: my-spark-processing-bucket
glueJobName: spark-processing-job
glueNumberOfWorkers: 10
customMetrics:
  - glue.driver.aggregate.shuffleLocalBytesRead
  - glue.driver.aggregate.shuffleRemoteBytesRead
alarmThresholds:
  failedTasks: 5
  memoryUtilization: 85
";

    pub(super) fn doc(text: &str) -> Document {
        match parse(text) {
            Ok(doc) => doc,
            Err(problems) => panic!("expected {text:?} to parse, got {problems:#?}"),
        }
    }

    pub(super) fn problems(text: &str) -> Vec<Diagnostic> {
        match parse(text) {
            Ok(doc) => panic!("expected {text:?} to fail, got {}", doc.value),
            Err(problems) => problems,
        }
    }

    /// The only problem `text` has.
    pub(super) fn problem(text: &str) -> Diagnostic {
        let mut all = problems(text);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    pub(super) fn span(start: usize, end: usize, line: usize, column: usize) -> Span {
        Span {
            start,
            end,
            line,
            column,
        }
    }

    pub(super) fn value(text: &str) -> Value {
        doc(&format!("v: {text}\n")).value["v"].clone()
    }

    #[test]
    fn spans_of_top_level_keys_and_values() {
        let d = doc(SEED);
        assert_eq!(d.key_span("/bucketName"), Some(span(16, 26, 2, 1)));
        assert_eq!(d.value_span("/bucketName"), Some(span(28, 54, 2, 13)));
        assert_eq!(&SEED[28..54], "my-spark-processing-bucket");
        assert_eq!(
            d.key_span("/glueNumberOfWorkers"),
            Some(span(89, 108, 4, 1))
        );
        assert_eq!(
            d.value_span("/glueNumberOfWorkers"),
            Some(span(110, 112, 4, 22))
        );
        assert_eq!(d.key_span(""), None);
    }

    #[test]
    fn spans_of_nested_members() {
        let d = doc(SEED);
        let key = d.key_span("/alarmThresholds/memoryUtilization");
        let value = d.value_span("/alarmThresholds/memoryUtilization");
        assert_eq!(key, Some(span(261, 278, 10, 3)));
        assert_eq!(value, Some(span(280, 282, 10, 22)));
        assert_eq!(&SEED[280..282], "85");
        // A mapping's value span runs from its first key to the end of its last value.
        assert_eq!(d.value_span("/alarmThresholds"), Some(span(244, 282, 9, 3)));
    }

    #[test]
    fn spans_of_list_items() {
        let d = doc(SEED);
        assert_eq!(d.key_span("/customMetrics/1"), None);
        let item = d
            .value_span("/customMetrics/1")
            .map(|s| &SEED[s.start..s.end]);
        assert_eq!(item, Some("glue.driver.aggregate.shuffleRemoteBytesRead"));
        let place = d.value_span("/customMetrics/1").map(|s| (s.line, s.column));
        assert_eq!(place, Some((7, 5)));
        assert_eq!(d.value_span("/customMetrics/2"), None);
        assert_eq!(
            d.value_span("/customMetrics/01"),
            None,
            "leading zeros are not indices"
        );
        assert_eq!(d.value_span("/customMetrics/-"), None);
    }

    #[test]
    fn the_value_is_json_with_integers_kept_as_integers() {
        let d = doc(SEED);
        assert_eq!(d.value["glueNumberOfWorkers"], json!(10));
        assert!(d.value["glueNumberOfWorkers"].is_i64());
        let metric = "glue.driver.aggregate.shuffleLocalBytesRead";
        assert_eq!(d.value["customMetrics"][0], json!(metric));
        let thresholds = json!({"failedTasks": 5, "memoryUtilization": 85});
        assert_eq!(d.value["alarmThresholds"], thresholds);
        let keys: Vec<_> = d
            .value
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .collect();
        let order = [
            "bucketName",
            "glueJobName",
            "glueNumberOfWorkers",
            "customMetrics",
            "alarmThresholds",
        ];
        assert_eq!(keys, order, "keys keep the order of the file");
    }

    #[test]
    fn pointers_use_rfc_6901_escapes() {
        let d = doc("\"a/b\": 1\n\"m~n\": 2\n\"\": 3\n");
        assert_eq!(d.value_span("/a~1b").map(|s| s.line), Some(1));
        assert_eq!(d.value_span("/m~0n").map(|s| s.line), Some(2));
        assert_eq!(
            d.value_span("/").map(|s| s.line),
            Some(3),
            "`/` is the empty key"
        );
        assert_eq!(d.value_span("/a/b"), None);
        assert_eq!(d.value_span("/m~2n"), None, "`~2` is no escape");
        assert_eq!(d.value_span("a~1b"), None, "a pointer starts with `/`");
        let mut pointer = String::new();
        push_token(&mut pointer, "a/b~c");
        assert_eq!(pointer, "/a~1b~0c");
    }

    #[test]
    fn flow_collections_and_json_have_spans_too() {
        let text = r#"{"bucketName": "b", "tags": {"team": "data"}, "list": [1, [2, 3]]}"#;
        let d = doc(text);
        let expected = json!({"bucketName": "b", "tags": {"team": "data"}, "list": [1, [2, 3]]});
        assert_eq!(d.value, expected);
        assert_eq!(d.key_span("/tags/team"), Some(span(29, 35, 1, 30)));
        assert_eq!(d.value_span("/tags"), Some(span(28, 44, 1, 29)));
        assert_eq!(d.value_span("/list/1/0"), Some(span(59, 60, 1, 60)));
        assert_eq!(d.value_span("/list"), Some(span(54, 65, 1, 55)));
        assert_eq!(d.value_span(""), Some(span(0, 66, 1, 1)));
    }

    #[test]
    fn columns_count_characters_and_offsets_count_bytes() {
        let text = "tags:\n  \u{e9}quipe: \"donn\u{e9}es\"\n  x: y\n";
        let d = doc(text);
        assert_eq!(d.key_span("/tags/\u{e9}quipe"), Some(span(8, 15, 2, 3)));
        assert_eq!(d.value_span("/tags/\u{e9}quipe"), Some(span(17, 27, 2, 11)));
        assert_eq!(&text[17..27], "\"donn\u{e9}es\"");
        assert_eq!(d.key_span("/tags/x"), Some(span(30, 31, 3, 3)));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_but_offsets_stay_true_to_the_text() {
        let text = "\u{feff}a: 1\nb: 2\n";
        let d = doc(text);
        assert_eq!(d.value, json!({"a": 1, "b": 2}));
        assert_eq!(d.key_span("/a"), Some(span(3, 4, 1, 1)));
        assert_eq!(d.value_span("/b"), Some(span(11, 12, 2, 4)));
    }

    #[test]
    fn crlf_line_endings() {
        let d = doc("a: 1\r\nb:\r\n  c: x\r\n");
        assert_eq!(d.value, json!({"a": 1, "b": {"c": "x"}}));
        assert_eq!(d.value_span("/b/c"), Some(span(15, 16, 3, 6)));
    }

    #[test]
    fn locate_prefers_the_value_then_the_key_then_the_nearest_ancestor() {
        let d = doc(SEED);
        let start = span(16, 16, 2, 1);
        // A scalar: its value.
        assert_eq!(
            d.locate("/alarmThresholds/memoryUtilization"),
            span(280, 282, 10, 22)
        );
        // A mapping member whose value is a collection: its key, not many lines.
        assert_eq!(d.locate("/alarmThresholds"), span(225, 240, 8, 1));
        // A missing key: the mapping that lacks it.
        assert_eq!(
            d.locate("/alarmThresholds/processingTime"),
            span(225, 240, 8, 1)
        );
        assert_eq!(
            Some(d.locate("/customMetrics/7")),
            d.key_span("/customMetrics")
        );
        // The document, or anything not in it: where it starts, empty.
        assert_eq!(d.locate(""), start);
        assert_eq!(d.locate("/nope/deeper"), start);
        assert_eq!(d.locate("not a pointer"), start);
    }

    #[test]
    fn locate_keeps_to_one_line() {
        let text =
            "a: [1,\n  2]\nb: >\n  folded\n  text\nc:\n  - k: 1\n    j: 2\nd: 'one\n  two'\ne:\n";
        let d = doc(text);
        assert_eq!(d.locate("/a"), span(0, 1, 1, 1));
        assert_eq!(
            d.locate("/b"),
            span(19, 25, 4, 3),
            "a block scalar: its first line"
        );
        assert_eq!(
            d.locate("/c/0"),
            span(40, 44, 7, 5),
            "a list item mapping: its first line"
        );
        assert_eq!(
            d.locate("/d"),
            span(57, 61, 9, 4),
            "a quoted scalar: its first line"
        );
        assert_eq!(
            d.locate("/e"),
            span(69, 70, 11, 1),
            "an empty value: its key"
        );
        assert_eq!(d.value_span("/e"), Some(span(70, 70, 11, 2)));
    }

    #[test]
    fn fill_spans_places_unplaced_diagnostics_only() {
        let d = doc(SEED);
        let placed = span(1, 2, 1, 2);
        let mut ds = vec![
            Diagnostic::error(Code::Type, "/glueNumberOfWorkers", "m"),
            Diagnostic::error(Code::Type, "/bucketName", "m").at(placed),
        ];
        d.fill_spans(&mut ds);
        assert_eq!(ds[0].span, Some(span(110, 112, 4, 22)));
        assert_eq!(ds[1].span, Some(placed));
    }

    #[test]
    fn spans_always_lie_on_character_boundaries() {
        let text = "\u{e9}: [\u{e9}\u{e9}, {\u{e8}: \u{e0}}]\nl:\n  - \u{e9}t\u{e9}\n";
        let d = doc(text);
        for pointer in [
            "/\u{e9}",
            "/\u{e9}/0",
            "/\u{e9}/1",
            "/\u{e9}/1/\u{e8}",
            "/l",
            "/l/0",
        ] {
            let spans = [
                d.value_span(pointer),
                d.key_span(pointer),
                Some(d.locate(pointer)),
            ];
            for s in spans.into_iter().flatten() {
                let fits = text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
                assert!(fits, "{pointer} {s:?}");
            }
        }
        let item = d.value_span("/l/0").map(|s| &text[s.start..s.end]);
        assert_eq!(item, Some("\u{e9}t\u{e9}"));
    }

    #[test]
    fn a_parse_problem_renders_end_to_end() {
        use crate::diagnostic::{render_human, Report};
        let text = "bucketName: a\nglueJobName: j\nbucketName: b\n";
        let diagnostics = problems(text);
        let report = Report {
            file: "spec.yaml",
            source: text,
            diagnostics: &diagnostics,
        };
        let expected = "\
error[duplicate-key]: duplicate key `bucketName` (first set on line 1)
  --> spec.yaml:3:1
  |
3 | bucketName: b
  | ^^^^^^^^^^
  |
  = path: /bucketName
  = hint: a key may appear once in a mapping; remove or merge one of the two

";
        assert_eq!(render_human(&[report], false), expected);
    }
}
