//! The spec: the serde/schemars model with its defaults, and the span-keeping loader.

mod model;
pub mod source;

pub use model::*;

/// The JSON Schema of the spec, generated from the model.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Spec)
}

/// The schema as committed at `schema/sparkgen.schema.json`.
pub fn schema_json() -> String {
    serde_json::to_string_pretty(&schema()).unwrap_or_default()
}
