//! Running the semantic rules on a spec that has shape problems, so one run reports a misspelt key
//! and a bad bucket name together instead of one after the other.

use std::collections::BTreeSet;

use serde_json::Value;

use super::rules;
use crate::diagnostic::Diagnostic;
use crate::spec::source::{tokens, Document};
use crate::spec::Spec;

/// The rules' findings about the keys no shape problem touches. The damaged top-level keys are
/// dropped, so their defaults stand in; the spec that is left is checked, and a finding is kept
/// only when neither its own key nor any key its rule reads was dropped (a default standing in
/// for a broken `glueVersion` must not make `glueWorkerType` look wrong). Nothing when a required
/// key is damaged or a problem is about the document as a whole.
pub fn rules_on_sound_part(document: &Document, shape: &[Diagnostic]) -> Vec<Diagnostic> {
    let Some(damaged) = damaged_keys(shape) else {
        return Vec::new();
    };
    let Some(spec) = sound_part(&document.value, &damaged) else {
        return Vec::new();
    };
    rules::check(&spec)
        .into_iter()
        .filter(|d| {
            let own = top_key(&d.path);
            let read = rules::reads(d.code);
            !own.is_some_and(|k| damaged.contains(&k)) && !read.iter().any(|k| damaged.contains(*k))
        })
        .collect()
}

fn damaged_keys(shape: &[Diagnostic]) -> Option<BTreeSet<String>> {
    shape.iter().map(|d| top_key(&d.path)).collect()
}

/// The top-level key a JSON pointer starts with; `None` for the document itself.
fn top_key(path: &str) -> Option<String> {
    tokens(path)?.into_iter().next()
}

fn sound_part(value: &Value, damaged: &BTreeSet<String>) -> Option<Spec> {
    let mut members = value.as_object()?.clone();
    members.retain(|key, _| !damaged.contains(key));
    serde_json::from_value(Value::Object(members)).ok()
}
