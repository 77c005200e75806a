//! The commented starter spec that `sparkgen init` writes: the seed configuration as active keys,
//! every other key commented out with its default. Descriptions, defaults and examples come from
//! the JSON Schema (which schemars generates from the model), the active values from
//! `examples/seed.yaml`, so the starter cannot drift from either.

use serde_json::{Map, Value};

const SEED: &str = include_str!("../examples/seed.yaml");

/// The starter spec. `schema_ref` goes on the `yaml-language-server` line; `file_name` is how the
/// header's example commands name the spec.
pub fn starter(schema_ref: &str, file_name: &str) -> String {
    build(schema_ref, file_name, false)
}

/// Every key active, commented ones included: the tests check that this is the seed spec exactly,
/// which proves the commented values are the model's defaults.
#[doc(hidden)]
pub fn starter_all_active() -> String {
    build("sparkgen.schema.json", "sparkgen.yaml", true)
}

fn build(schema_ref: &str, file_name: &str, all_active: bool) -> String {
    let schema = crate::spec::schema();
    let seed = crate::spec::source::parse(SEED)
        .map(|d| d.value)
        .unwrap_or_default();
    let mut out = format!(
        "# yaml-language-server: $schema={schema_ref}\n\
         # A sparkgen spec: one AWS Glue Spark pipeline. The active keys are the seed configuration;\n\
         # every other key is commented out with its default. Check it with `sparkgen validate {file_name}`\n\
         # and render it with `sparkgen render {file_name} --target all --out generated`.\n"
    );
    let defs = schema.get("$defs").and_then(Value::as_object);
    let empty = Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (key, property) in properties {
        out.push('\n');
        comment_lines(&mut out, "", property);
        let seeded = seed.get(key);
        let (value, commented) = match seeded {
            Some(v) => (v, false),
            None => (property.get("default").unwrap_or(&Value::Null), !all_active),
        };
        let line = Line {
            prefix: if commented { "# " } else { "" },
            indent: "",
        };
        let example = property
            .get("examples")
            .and_then(|e| e.get(0))
            .filter(|e| seeded.is_none() && *e != value);
        emit(
            &mut out,
            line,
            key,
            value,
            sub_schema(property, defs),
            example,
        );
    }
    out
}

#[derive(Clone, Copy)]
struct Line<'a> {
    /// `# ` for a commented-out key, and for everything below it.
    prefix: &'a str,
    indent: &'a str,
}

fn emit(
    out: &mut String,
    line: Line,
    key: &str,
    value: &Value,
    children: Option<&Map<String, Value>>,
    example: Option<&Value>,
) {
    let Line { prefix, indent } = line;
    let key = yaml_key(key);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str(&format!("{prefix}{indent}{key}:\n"));
            let inner = format!("{indent}  ");
            let child = Line {
                prefix,
                indent: &inner,
            };
            // In the schema's order; a field without a default (`source.path`) is shown by its
            // example, commented out even where the block is active, so uncommenting the block
            // changes nothing.
            let keys: Vec<&String> = match children {
                Some(c) => c.keys().collect(),
                None => map.keys().collect(),
            };
            for k in keys {
                let schema = children.and_then(|c| c.get(k));
                match (map.get(k), schema) {
                    (Some(v), _) => {
                        if let Some(schema) = schema {
                            comment_lines(out, &format!("{prefix}{inner}"), schema);
                        }
                        emit(out, child, k, v, None, None);
                    }
                    (None, Some(schema)) => {
                        let Some(example) = schema.get("examples").and_then(|e| e.get(0)) else {
                            continue;
                        };
                        let lead = if prefix.is_empty() { "# " } else { prefix };
                        comment_lines(out, &format!("{lead}{inner}"), schema);
                        out.push_str(&format!(
                            "{lead}{inner}{}: {}\n",
                            yaml_key(k),
                            flow(example)
                        ));
                    }
                    (None, None) => {}
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str(&format!("{prefix}{indent}{key}:\n"));
            for item in items {
                out.push_str(&format!("{prefix}{indent}  - {}\n", flow(item)));
            }
        }
        scalar => {
            out.push_str(&format!("{prefix}{indent}{key}: {}", flow(scalar)));
            if let Some(example) = example {
                out.push_str(&format!("  # e.g. {}", flow(example)));
            }
            out.push('\n');
        }
    }
}

fn comment_lines(out: &mut String, lead: &str, schema: &Value) {
    if let Some(description) = schema.get("description").and_then(Value::as_str) {
        for line in description.lines() {
            out.push_str(&format!("{lead}# {line}\n"));
        }
    }
}

/// The properties of a nested object (`alarmThresholds`), through its `$ref`.
fn sub_schema<'a>(
    property: &'a Value,
    defs: Option<&'a Map<String, Value>>,
) -> Option<&'a Map<String, Value>> {
    let name = property.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
    defs?.get(name)?.get("properties")?.as_object()
}

/// A value on one line: plain scalars where YAML reads them back unchanged, JSON (which is YAML
/// flow style) otherwise.
fn flow(value: &Value) -> String {
    match value {
        Value::String(s) if plain_is_safe(s) => s.clone(),
        Value::Array(items) => {
            let items: Vec<_> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<_> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml_key(k), flow(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        other => other.to_string(),
    }
}

fn yaml_key(key: &str) -> String {
    if plain_is_safe(key) {
        key.to_owned()
    } else {
        Value::String(key.to_owned()).to_string()
    }
}

/// Whether `s` can be written unquoted and still read back as the same string, in YAML 1.2 and by
/// YAML 1.1 readers (which take `yes`, `on` and the like for booleans).
fn plain_is_safe(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "null", "~", "true", "false", "yes", "no", "y", "n", "on", "off",
    ];
    let starts_well = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    let chars_ok = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/:@+-".contains(c));
    starts_well
        && chars_ok
        && !s.ends_with(':')
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
        && !s.starts_with("0x")
        && !s.starts_with("0o")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_only_where_they_read_back_as_strings() {
        for s in [
            "G.1X",
            "s3://b/k.py",
            "development",
            "data-oncall@example.com",
        ] {
            assert!(plain_is_safe(s), "{s}");
        }
        for s in [
            "4.0", "10", "1e3", "yes", "Off", "null", "", "a b", "a:", "--x", "0x1f", "inf",
        ] {
            assert!(!plain_is_safe(s), "{s}");
        }
    }
}

#[cfg(test)]
mod drift {
    use super::*;
    use crate::validate::validate_text;

    fn seed() -> crate::spec::Spec {
        validate_text(SEED).unwrap_or_else(|d| panic!("the seed is invalid: {d:?}"))
    }

    #[test]
    fn the_starter_is_the_seed_spec() {
        let text = starter("sparkgen.schema.json", "sparkgen.yaml");
        let spec = validate_text(&text).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        assert_eq!(spec, seed());
    }

    /// Uncommenting every key changes nothing: each commented value is the model's default.
    #[test]
    fn every_commented_value_is_the_default() {
        let text = starter_all_active();
        assert!(!text.contains("\n# glueVersion"), "{text}");
        let mut spec = validate_text(&text).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        // `lifecycleRules` written out with its defaults renders as when left out; the spec keeps
        // that it was written, so that `existingBucket` can refuse it at its line.
        assert_eq!(spec.lifecycle_rules, Some(Default::default()));
        spec.lifecycle_rules = None;
        assert_eq!(spec, seed());
    }

    /// `source.path` and `sink.path` have no default, but every real pipeline sets them: the
    /// starter shows each by its example, first in its block.
    #[test]
    fn the_data_paths_are_shown_by_their_examples() {
        let text = starter("s", "f");
        for block in ["source", "sink"] {
            let start = text
                .find(&format!("\n# {block}:\n"))
                .unwrap_or_else(|| panic!("{block}"));
            let after = &text[start..];
            let path = after.find("\n#   path: s3://").unwrap_or(usize::MAX);
            let format = after.find("\n#   format: ").unwrap_or(0);
            assert!(path < format, "{block}: {after}");
        }
    }

    #[test]
    fn every_key_of_the_schema_is_shown() {
        let text = starter("s", "f");
        let schema = crate::spec::schema();
        let properties = schema["properties"].as_object().unwrap();
        for key in properties.keys() {
            let active = text.contains(&format!("\n{key}:"));
            let commented = text.contains(&format!("\n# {key}:"));
            assert!(active ^ commented, "{key}");
        }
    }
}
