//! The committed JSON Schema: equal to the generated one, complete enough for editors, and a
//! schema every example satisfies.

mod common;

use serde_json::Value;

const COMMITTED: &str = include_str!("../schema/sparkgen.schema.json");

#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = format!("{}\n", sparkgen::spec::schema_json());
    assert!(
        generated == COMMITTED,
        "schema/sparkgen.schema.json is stale; regenerate it with\n\n    \
         cargo run -- schema > schema/sparkgen.schema.json\n"
    );
}

fn schema() -> Value {
    serde_json::from_str(COMMITTED).expect("the committed schema is JSON")
}

/// Every object schema with `properties`, named by where it sits.
fn objects(schema: &Value) -> Vec<(String, &Value)> {
    let mut out = vec![("the spec".to_owned(), schema)];
    if let Some(Value::Object(defs)) = schema.get("$defs") {
        out.extend(defs.iter().map(|(name, def)| (name.clone(), def)));
    }
    out.retain(|(_, s)| s.get("properties").is_some());
    out
}

#[test]
fn every_key_has_a_description_an_example_and_its_default() {
    let schema = schema();
    let mut missing = Vec::new();
    for (owner, object) in objects(&schema) {
        let required: Vec<&str> = object["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(Value::Object(properties)) = object.get("properties") else {
            continue;
        };
        for (key, property) in properties {
            // `Option<T>`: `type: [T, null]`, or `anyOf: [{$ref}, {type: null}]` for an enum.
            let optional_without_value = property["type"]
                .as_array()
                .is_some_and(|t| t.contains(&Value::from("null")))
                || property["anyOf"]
                    .as_array()
                    .is_some_and(|variants| variants.iter().any(|v| v["type"] == "null"));
            let mut wanted = vec!["description", "examples"];
            if !required.contains(&key.as_str()) && !optional_without_value {
                wanted.push("default");
            }
            for keyword in wanted {
                if property.get(keyword).is_none() {
                    missing.push(format!("{owner}.{key}: {keyword}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing: {missing:#?}");
}

#[test]
fn the_schema_names_itself_and_enumerates_its_choices() {
    let schema = schema();
    assert_eq!(schema["$id"], sparkgen::spec::schema_id());
    assert_eq!(schema["title"], "sparkgen spec");
    let values = |def: &str| -> Vec<String> {
        schema["$defs"][def]["enum"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(values("GlueVersion"), ["3.0", "4.0", "5.0", "5.1"]);
    assert!(values("WorkerType").contains(&"G.8X".to_owned()));
    assert_eq!(values("RemovalPolicy"), ["retain", "destroy"]);
    assert_eq!(values("JobBookmarks"), ["enable", "disable", "pause"]);
    assert!(
        !COMMITTED.contains("oneOf"),
        "enums are `enum`, so editors complete them"
    );
}

#[test]
fn every_example_satisfies_the_schema_and_starts_with_the_schema_line() {
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    for name in common::EXAMPLES {
        let text = std::fs::read_to_string(common::example_path(name)).expect("example");
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            "# yaml-language-server: $schema=../schema/sparkgen.schema.json"
        );
        let value: Value = serde_yaml::from_str(&text).expect("example is YAML");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_line_of_every_example_leads_to_the_schema() {
    for name in common::EXAMPLES {
        let path = common::example_path(name);
        let dir = path.parent().expect("examples/");
        assert!(dir.join("../schema/sparkgen.schema.json").is_file());
    }
}

/// The `$id` is this version's address: the file at the tag `v{version}` (README "Editor set-up").
#[test]
fn the_schema_id_is_the_file_at_this_versions_tag() {
    let id = sparkgen::spec::schema_id();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        id.starts_with("https://raw.githubusercontent.com/")
            && id.ends_with(&format!("/v{version}/schema/sparkgen.schema.json")),
        "{id}"
    );
}

/// The SchemaStore catalog entry points at this version's schema, and matches the file names the
/// pre-commit hook validates (and no other).
#[test]
fn the_schemastore_entry_points_at_the_schema_and_matches_the_hooks_file_names() {
    let entry: Value =
        serde_json::from_str(include_str!("../schema/schemastore-catalog-entry.json"))
            .expect("the catalog entry is JSON");
    let id = sparkgen::spec::schema_id();
    assert_eq!(entry["url"], id.as_str());
    assert_eq!(entry["versions"][env!("CARGO_PKG_VERSION")], id.as_str());
    assert_eq!(entry["name"], "sparkgen");
    let patterns: Vec<&str> = entry["fileMatch"]
        .as_array()
        .expect("fileMatch is a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The hook's `files:` regex, (^|/)([^/]+\.)?sparkgen\.(ya?ml|json)$, as globs.
    let mut want = Vec::new();
    for ext in ["yaml", "yml", "json"] {
        want.push(format!("sparkgen.{ext}"));
        want.push(format!("*.sparkgen.{ext}"));
    }
    assert_eq!(patterns, want);
}
