//! The JSON Schema of the spec: generated from the model by schemars, then adjusted so editors get
//! the most out of it. Committed at `schema/sparkgen.schema.json`; a test keeps the two equal.

use serde_json::{Map, Value};

use super::Spec;

/// Where this version's schema is published, and so its `$id`: the committed file at the release
/// tag `vX.Y.Z` in the repository (Cargo.toml's `repository`, on GitHub). A tag never moves, so the
/// address of a version's schema never changes, and one of a later version never replaces it;
/// SchemaStore's catalog entry (`schema/schemastore-catalog-entry.json`) points at it.
pub fn schema_id() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let path = repository
        .strip_prefix("https://github.com/")
        .unwrap_or(repository)
        .trim_end_matches('/');
    format!(
        "https://raw.githubusercontent.com/{path}/v{}/schema/sparkgen.schema.json",
        env!("CARGO_PKG_VERSION")
    )
}

/// The JSON Schema of the spec, generated from the model.
pub fn schema() -> Value {
    // Serializing (rather than `to_value`) keeps schemars' reading order: `$schema`, `title`,
    // `description` first.
    let mut value = serde_json::to_value(schemars::schema_for!(Spec)).unwrap_or_default();
    adjust(&mut value);
    with_id_first(value)
}

/// The schema as committed at `schema/sparkgen.schema.json` (without the final newline).
pub fn schema_json() -> String {
    serde_json::to_string_pretty(&schema()).unwrap_or_default()
}

fn adjust(value: &mut Value) {
    match value {
        Value::Object(map) => {
            const_one_of_to_enum(map);
            drop_null_default(map);
            bound_uint32(map);
            map.values_mut().for_each(adjust);
        }
        Value::Array(items) => items.iter_mut().for_each(adjust),
        _ => {}
    }
}

/// schemars writes an enum with documented variants as a `oneOf` of `const`s, which editors do
/// not offer as completions and validators report as "not valid under any of the schemas". A plain
/// `enum` completes; the variants' descriptions move into the enum's own description.
fn const_one_of_to_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    let mut values = Vec::new();
    let mut notes = Vec::new();
    for branch in branches {
        let Some(Value::String(constant)) = branch.get("const") else {
            return;
        };
        if let Some(Value::String(description)) = branch.get("description") {
            notes.push(format!("`{constant}`: {description}"));
        }
        values.push(Value::String(constant.clone()));
    }
    map.shift_remove("oneOf");
    if !notes.is_empty() {
        let own = map.get("description").and_then(Value::as_str).unwrap_or("");
        let joined = [own.to_owned(), notes.join("\n")]
            .join("\n")
            .trim()
            .to_owned();
        map.insert("description".into(), Value::String(joined));
    }
    map.insert("type".into(), Value::String("string".into()));
    map.insert("enum".into(), Value::Array(values));
}

/// An optional key without a value has no default to offer; `null` would only tempt an editor to
/// write `key: null`.
fn drop_null_default(map: &mut Map<String, Value>) {
    if map.get("default") == Some(&Value::Null) {
        map.shift_remove("default");
    }
}

/// The model stores these numbers as `u32`; saying so in the schema makes a huge value a located
/// range error rather than a deserialization failure.
fn bound_uint32(map: &mut Map<String, Value>) {
    if map.get("format").and_then(Value::as_str) == Some("uint32") && !map.contains_key("maximum") {
        map.insert("maximum".into(), Value::from(u32::MAX));
    }
}

fn with_id_first(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    let mut out = Map::new();
    let mut rest = map;
    if let Some(dialect) = rest.shift_remove("$schema") {
        out.insert("$schema".into(), dialect);
    }
    out.insert("$id".into(), Value::String(schema_id()));
    out.extend(rest);
    Value::Object(out)
}
