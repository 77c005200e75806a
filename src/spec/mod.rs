//! The spec: the serde/schemars model with its defaults, and the span-keeping loader.

mod model;
mod schema;
pub mod source;

pub use model::*;
pub use schema::{schema, schema_json, SCHEMA_ID};
