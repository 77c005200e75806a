//! Validation: parse with spans, check the shape, check the meaning. Every problem is reported at
//! once, each pointing at the line and column of the value it is about.

pub mod rules;

use crate::diagnostic::Diagnostic;
use crate::spec::source::{self, Document};
use crate::spec::Spec;

/// Validates spec text; on success the typed spec, otherwise every diagnostic with its span.
pub fn validate_text(text: &str) -> Result<Spec, Vec<Diagnostic>> {
    let document = source::parse(text)?;
    let spec = deserialize(&document).map_err(|d| vec![d])?;
    let mut problems = rules::check(&spec);
    if problems.is_empty() {
        return Ok(spec);
    }
    for d in &mut problems {
        locate(d, &document);
    }
    Err(problems)
}

fn deserialize(document: &Document) -> Result<Spec, Diagnostic> {
    serde_path_to_error::deserialize(&document.value).map_err(|e| {
        let path = pointer_of(e.path());
        let mut d = Diagnostic::error("shape", &path, e.inner().to_string());
        locate(&mut d, document);
        d
    })
}

/// Gives a diagnostic the span of the value its path names.
pub fn locate(d: &mut Diagnostic, document: &Document) {
    if d.span.is_none() {
        d.span = Some(document.locate(&d.path));
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&rules::escape_pointer(key));
            }
            Segment::Unknown => {}
        }
    }
    out
}
