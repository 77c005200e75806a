//! The spec: the serde/schemars model with its defaults, and the span-keeping loader.

mod jobs;
mod model;
mod schema;
pub mod source;

pub use jobs::JobSpec;
pub use model::*;
pub use schema::{schema, schema_id, schema_json};
