//! The shape check: the document against the spec's JSON Schema (the same one `sparkgen schema`
//! prints), each error turned into one diagnostic in spec terms and placed on its key or value.
//!
//! jsonschema reports an error per failed keyword, so one wrong value can fail `type` and `enum`
//! at once; errors are grouped by the place they are about and the most telling one is kept.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

use super::lookup::{facet_at, Facet};
use super::suggest::closest;
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::source::{push_token, tokens, Document};

/// The schema as committed, which is what `sparkgen schema` prints (tests/schema.rs keeps the two
/// equal). Only a spec that breaks it needs it at run time: a diagnostic reads the expected
/// values, descriptions and examples of the place it is about.
static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../schema/sparkgen.schema.json"))
        .unwrap_or_else(|_| crate::spec::schema())
});

/// The committed schema as a validator generated at build time (jsonschema's `macros` feature).
///
/// Compiling it at run time was a third of a `render` process: parsing the schema, checking it
/// against its meta-schema and compiling it took 2.3M of 7.9M instructions, about 0.5 ms of the
/// 3 ms budget (README, "Performance"). The macro reads the same file (and rebuilds when it
/// changes); `the_generated_validator_finds_what_the_runtime_one_finds` below compares the two.
#[jsonschema::validator(path = "schema/sparkgen.schema.json")]
struct SpecShape;

/// Mappings with at most this many keys list them all when a key is unknown.
const LISTED_KEYS: usize = 8;

/// What one schema error says about one place in the document, most telling first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Found {
    UnknownKey,
    MissingKey,
    Type,
    NotAllowed,
    Range,
    Other(String),
}

/// Every way `document` breaks the schema; empty when it fits. `text` is the source the
/// document was parsed from, so a hint can quote what the user wrote.
pub fn check(document: &Document, text: &str) -> Vec<Diagnostic> {
    if SpecShape::is_valid(&document.value) {
        return Vec::new();
    }
    let found = findings(SpecShape::iter_errors(&document.value));
    let place = Place {
        document,
        text,
        schema: &SCHEMA,
    };
    found
        .into_iter()
        .map(|(path, what)| place.diagnose(&path, what))
        .collect()
}

/// What `errors` say, per place the most telling finding.
fn findings<'a>(errors: impl Iterator<Item = ValidationError<'a>>) -> BTreeMap<String, Found> {
    let mut found = BTreeMap::new();
    for error in errors {
        collect(&error, &mut found);
    }
    found
}

/// Records what `error` says, keeping per place the most telling finding.
fn collect(error: &ValidationError, found: &mut BTreeMap<String, Found>) {
    let at = error.instance_path().as_str();
    let mut record = |path: String, what: Found| {
        let slot = found.entry(path).or_insert_with(|| what.clone());
        if what < *slot {
            *slot = what;
        }
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for key in unexpected {
                record(child(at, key), Found::UnknownKey);
            }
        }
        ValidationErrorKind::Required { property } => {
            if let Some(key) = property.as_str() {
                record(child(at, key), Found::MissingKey);
            }
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            for branch in context {
                for inner in branch {
                    collect(inner, found);
                }
            }
        }
        ValidationErrorKind::Type { .. } => record(at.to_owned(), Found::Type),
        // The generated validator checks an `enum` without the `type` beside it (the values
        // imply the type), so a value of the wrong type is reported as not allowed only.
        ValidationErrorKind::Enum { options } => {
            let instance = error.instance();
            let same_type = |option: &Value| json_type(option) == json_type(instance);
            let typed = options
                .as_array()
                .is_some_and(|all| all.iter().any(same_type));
            record(
                at.to_owned(),
                if typed {
                    Found::NotAllowed
                } else {
                    Found::Type
                },
            );
        }
        ValidationErrorKind::Constant { .. } => record(at.to_owned(), Found::NotAllowed),
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. } => record(at.to_owned(), Found::Range),
        _ => record(at.to_owned(), Found::Other(error.to_string())),
    }
}

/// The JSON type of `value`, with whole numbers apart from other numbers as the schema has them.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn child(pointer: &str, key: &str) -> String {
    let mut path = pointer.to_owned();
    push_token(&mut path, key);
    path
}

/// The parent pointer and the last token of `path`; `None` for the document itself.
fn split(path: &str) -> Option<(String, String)> {
    let mut all = tokens(path)?;
    let last = all.pop()?;
    let mut parent = String::new();
    for token in &all {
        push_token(&mut parent, token);
    }
    Some((parent, last))
}

/// Everything needed to turn a finding into a diagnostic.
struct Place<'a> {
    document: &'a Document,
    text: &'a str,
    schema: &'a Value,
}

impl Place<'_> {
    fn diagnose(&self, path: &str, what: Found) -> Diagnostic {
        let facet = facet_at(self.schema, path).unwrap_or_default();
        let value = self.document.value.pointer(path).unwrap_or(&Value::Null);
        let d = match what {
            Found::UnknownKey => self.unknown_key(path),
            Found::MissingKey => self.missing_key(path, &facet),
            Found::Type => self.wrong_type(path, &facet, value),
            Found::NotAllowed => self.not_allowed(path, &facet, value),
            Found::Range => self.out_of_range(path, &facet, value),
            Found::Other(message) => Diagnostic::error(Code::Shape, path, message),
        };
        let span = match d.code {
            // The key is the mistake; its value may be fine.
            Code::UnknownKey => self.document.key_span(path),
            _ => None,
        };
        d.at(span.unwrap_or_else(|| self.document.locate(path)))
    }

    /// How a message names the node at `path`: its key, or `list[index]` for a list item.
    fn name(&self, path: &str) -> String {
        let Some((parent, last)) = split(path) else {
            return "the spec".to_owned();
        };
        let in_list = self
            .document
            .value
            .pointer(&parent)
            .is_some_and(Value::is_array);
        match split(&parent) {
            Some((_, list)) if in_list => format!("`{list}[{last}]`"),
            None if in_list => format!("item {last}"),
            _ => format!("`{last}`"),
        }
    }

    fn unknown_key(&self, path: &str) -> Diagnostic {
        let (parent, key) = split(path).unwrap_or_default();
        let known = facet_at(self.schema, &parent)
            .map(|f| f.property_names())
            .unwrap_or_default();
        let message = match parent.is_empty() {
            true => format!("unknown key `{key}`"),
            false => format!("unknown key `{key}` in {}", self.name(&parent)),
        };
        let expected = match (known.len(), parent.is_empty()) {
            (0, _) => None,
            (n, _) if n <= LISTED_KEYS => Some(format!("one of {}", known.join(", "))),
            (n, true) => Some(format!(
                "one of the spec's {n} keys (`sparkgen schema` describes them)"
            )),
            (n, false) => Some(format!("one of the {n} keys of {}", self.name(&parent))),
        };
        let mut d = Diagnostic::error(Code::UnknownKey, path, message);
        if let Some(expected) = expected {
            d = d.expected(expected);
        }
        match closest(&key, known.iter().copied()) {
            Some(near) => d.hint(format!("did you mean `{near}`?")),
            None => d.hint("remove it; unknown keys are errors so a typo cannot go unnoticed"),
        }
    }

    fn missing_key(&self, path: &str, facet: &Facet) -> Diagnostic {
        let (parent, key) = split(path).unwrap_or_default();
        let message = match parent.is_empty() {
            true => format!("missing required key `{key}`"),
            false => format!("{} lacks the required key `{key}`", self.name(&parent)),
        };
        let expected = match facet.example() {
            Some(example) => format!("the key `{key}`, e.g. `{key}: {}`", flow(example)),
            None => format!("the key `{key}`"),
        };
        Diagnostic::error(Code::MissingKey, path, message).expected(expected)
    }

    fn wrong_type(&self, path: &str, facet: &Facet, value: &Value) -> Diagnostic {
        let wanted: Vec<&str> = facet.types().into_iter().filter(|t| *t != "null").collect();
        let kinds: Vec<&str> = wanted.iter().map(|t| type_name(t)).collect();
        let name = self.name(path);
        let message = match value {
            Value::Null => format!("{name} has no value"),
            _ => format!("{name} must be {}, not {}", kinds.join(" or "), kind(value)),
        };
        let mut d = Diagnostic::error(Code::Type, path, message);
        let allowed = facet.enum_values();
        let example = facet.example().filter(|e| !e.is_boolean());
        let expected = match (allowed.is_empty(), example) {
            (false, _) => format!("one of {} (quoted)", list(&allowed, true)),
            (true, Some(example)) => format!("{}, like {}", kinds.join(" or "), flow(example)),
            (true, None) => kinds.join(" or "),
        };
        if !expected.is_empty() {
            d = d.expected(expected);
        }
        match self.type_hint(path, &wanted, &allowed, value) {
            Some(hint) => d.hint(hint),
            None => d,
        }
    }

    /// The fixes people need most: quotes around a version YAML read as a number, quotes
    /// removed from a number, `true` for `yes`.
    fn type_hint(
        &self,
        path: &str,
        wanted: &[&str],
        allowed: &[&Value],
        value: &Value,
    ) -> Option<String> {
        let raw = self.raw(path)?;
        let key = split(path).map(|(_, key)| key).unwrap_or_default();
        let wants = |t: &str| wanted.contains(&t);
        match value {
            Value::Null => Some("give it a value, or remove the line to use the default".into()),
            Value::Number(_) | Value::Bool(_) if wants("string") => {
                let as_version = format!("{raw}.0");
                let quoted = [raw.as_str(), as_version.as_str()]
                    .into_iter()
                    .find(|s| allowed.iter().any(|a| a.as_str() == Some(s)));
                Some(match quoted {
                    Some(text) if text == raw => format!(
                        "quote it: `{key}: \"{text}\"`; unquoted, YAML reads {raw} as a {}",
                        if value.is_number() {
                            "number"
                        } else {
                            "boolean"
                        }
                    ),
                    Some(text) => format!("did you mean `{key}: \"{text}\"`?"),
                    None if allowed.is_empty() => format!("quote it to make it text: `\"{raw}\"`"),
                    None => return None,
                })
            }
            Value::String(text) if wants("integer") || wants("number") => text
                .trim()
                .parse::<f64>()
                .is_ok()
                .then(|| format!("remove the quotes: `{key}: {}`", text.trim())),
            Value::String(text) if wants("boolean") => {
                let truthy = ["yes", "y", "on", "true"].contains(&text.to_lowercase().as_str());
                let falsy = ["no", "n", "off", "false"].contains(&text.to_lowercase().as_str());
                (truthy || falsy).then(|| {
                    let word = if truthy { "true" } else { "false" };
                    format!(
                        "write `{key}: {word}`; YAML 1.2 reads only `true` and `false` as booleans"
                    )
                })
            }
            _ => None,
        }
    }

    /// The source text of the value at `path`, as written.
    fn raw(&self, path: &str) -> Option<String> {
        let span = self.document.value_span(path)?;
        self.text.get(span.start..span.end).map(str::to_owned)
    }

    fn not_allowed(&self, path: &str, facet: &Facet, value: &Value) -> Diagnostic {
        let allowed = facet.enum_values();
        let shown = match value {
            Value::String(text) => text.clone(),
            other => flow(other),
        };
        let message = format!("{} cannot be `{shown}`", self.name(path));
        let d = Diagnostic::error(Code::UnknownValue, path, message)
            .expected(format!("one of {}", list(&allowed, false)));
        let words = allowed.iter().filter_map(|v| v.as_str());
        match closest(&shown, words) {
            Some(near) => d.hint(format!("did you mean `{near}`?")),
            None => d,
        }
    }

    fn out_of_range(&self, path: &str, facet: &Facet, value: &Value) -> Diagnostic {
        let low = facet
            .get("minimum")
            .map(|v| (v, false))
            .or_else(|| facet.get("exclusiveMinimum").map(|v| (v, true)));
        let high = facet
            .get("maximum")
            .map(|v| (v, false))
            .or_else(|| facet.get("exclusiveMaximum").map(|v| (v, true)));
        let number = value.as_f64().unwrap_or_default();
        let below = low.is_some_and(|(min, exclusive)| {
            let min = min.as_f64().unwrap_or_default();
            number < min || (exclusive && number == min)
        });
        let name = self.name(path);
        let message = match (below, low, high) {
            (true, Some((min, _)), _) => format!("{name} is {value}, below the minimum of {min}"),
            (false, _, Some((max, _))) => format!("{name} is {value}, above the maximum of {max}"),
            _ => format!("{name} is out of range"),
        };
        // The storage bound of a `u32` is no advice; state it only to a value above it.
        let stated = high.filter(|(max, _)| {
            max.as_u64() != Some(u64::from(u32::MAX)) || number > f64::from(u32::MAX)
        });
        let expected = match (low, stated) {
            (Some((min, false)), Some((max, false))) => format!("from {min} to {max}"),
            (Some((min, false)), None) => format!("at least {min}"),
            (None, Some((max, false))) => format!("at most {max}"),
            (low, high) => [
                low.map(|(min, _)| format!("more than {min}")),
                high.map(|(max, _)| format!("less than {max}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and "),
        };
        Diagnostic::error(Code::Range, path, message).expected(expected)
    }
}

/// How a message names a JSON Schema type.
fn type_name(schema_type: &str) -> &'static str {
    match schema_type {
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping",
        _ => "something else",
    }
}

/// How a message names what a value is.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) => "a fractional number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Enum values for a message: `G.1X, G.2X`, or quoted `"3.0", "4.0"`.
fn list(values: &[&Value], quoted: bool) -> String {
    let shown: Vec<String> = values
        .iter()
        .map(|v| match v {
            Value::String(text) if !quoted => text.clone(),
            other => flow(other),
        })
        .collect();
    shown.join(", ")
}

/// A value as YAML flow text: `"4.0"`, `10`, `["GET", "HEAD"]`, `{failedTasks: 5}`.
fn flow(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_validation_reads_is_the_generated_one() {
        assert_eq!(*SCHEMA, crate::spec::schema());
    }

    /// What a validator says about a document: whether it fits, and the finding per place
    /// that a diagnostic is made from.
    type Said = (bool, BTreeMap<String, Found>);

    /// The runtime validator of the committed schema, checked against its meta-schema first.
    fn runtime(value: &Value) -> Said {
        static RUNTIME: LazyLock<jsonschema::Validator> =
            LazyLock::new(|| jsonschema::draft202012::new(&SCHEMA).expect("the schema compiles"));
        (
            RUNTIME.is_valid(value),
            findings(RUNTIME.iter_errors(value)),
        )
    }

    fn generated(value: &Value) -> Said {
        (
            SpecShape::is_valid(value),
            findings(SpecShape::iter_errors(value)),
        )
    }

    #[test]
    fn the_generated_validator_finds_what_the_runtime_one_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["examples", "tests/invalid", "tests/spark"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("a folder of specs") {
                let path = entry.expect("an entry").path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 30, "{files:?}");
        let mut invalid = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).expect("a spec");
            let Ok(document) = crate::spec::source::parse(&text) else {
                continue;
            };
            let want = runtime(&document.value);
            invalid += usize::from(!want.0);
            assert_eq!(generated(&document.value), want, "{}", path.display());
        }
        assert!(
            invalid >= 10,
            "the corpus must exercise the schema's errors"
        );
        // The schema's own keywords, one by one, on a value that breaks them all.
        let value = serde_json::json!({
            "bucketName": 7, "glueJobName": "", "glueJobScript": ["x"], "glueVersion": "9.9",
            "glueNumberOfWorkers": 1000, "glueTimeout": -1, "extra": true,
            "alarmThresholds": {"failedTasks": "x", "bogus": 1}, "tags": {"k": 1},
            "corsRules": [{"allowedOrigins": "x"}], "source": {"format": "xml"},
        });
        let want = runtime(&value);
        assert!(want.1.len() >= 8, "{want:#?}");
        assert_eq!(generated(&value), want);
    }
}
