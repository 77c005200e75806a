//! Tera filters: the only way a template prints a value. Each takes any context value and prints it
//! as a literal of its format, so templates never concatenate quotes themselves.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize as _;
use serde_json::Value;
use tera::{Error, Result, Tera};

use super::policies::checkov_comments;
use super::quote::{
    markdown_code, nag_flat, push_cfn_parts, push_flow_list, push_hcl_string, push_python_string,
    push_tf_parts, push_yaml_string, PartRef,
};
use crate::resolve::Ref;

pub fn register(tera: &mut Tera) {
    tera.register_filter("yaml", yaml);
    tera.register_filter("hcl", hcl);
    tera.register_filter("hcl_map", hcl_map);
    tera.register_filter("py", py);
    tera.register_filter("md_code", md_code);
    tera.register_filter("cfn_metadata", cfn_metadata);
    tera.register_filter("cfn_tags", cfn_tags);
    tera.register_filter("tf_checkov", tf_checkov);
}

/// An `Interp` back from its JSON form (`{"interp": [{"lit": ".."}, {"ref": ".."}]}`), read in
/// place: the literal parts borrow the context's strings.
fn as_interp(value: &Value) -> Option<Vec<PartRef<'_>>> {
    let parts = value.get("interp")?.as_array()?;
    parts
        .iter()
        .map(|part| {
            let (kind, value) = part.as_object()?.iter().next()?;
            match kind.as_str() {
                "lit" => Some(PartRef::Lit(value.as_str()?)),
                "ref" => Some(PartRef::Ref(Cow::Owned(Ref::deserialize(value).ok()?))),
                _ => None,
            }
        })
        .collect()
}

/// The `Metadata` block of a CloudFormation resource from the resolved resource: its
/// `checkov_skips` (checkov) and `nag_suppressions` (cdk-nag), each printed only when present.
fn cfn_metadata(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let empty = Value::Array(Vec::new());
    let skips = skips_of(value.get("checkov_skips").unwrap_or(&empty))?;
    let suppressions = value
        .get("nag_suppressions")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if skips.is_empty() && suppressions.is_empty() {
        return Ok(Value::String(String::new()));
    }
    let mut out = String::with_capacity(64 + 160 * (skips.len() + suppressions.len()));
    out.push_str("\n    Metadata:");
    if !skips.is_empty() {
        out.push_str("\n      checkov:\n        skip:");
        for (id, reason) in skips {
            out.push_str("\n          - id: ");
            push_yaml_string(&mut out, id);
            out.push_str("\n            comment: ");
            push_yaml_string(&mut out, reason);
        }
    }
    if !suppressions.is_empty() {
        out.push_str("\n      cdk_nag:\n        rules_to_suppress:");
        for suppression in suppressions {
            let field = |name| {
                suppression
                    .get(name)
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        Error::msg(format!("cfn_metadata: a suppression without {name}"))
                    })
            };
            out.push_str("\n          - id: ");
            push_yaml_string(&mut out, field("id")?);
            out.push_str("\n            reason: ");
            push_yaml_string(&mut out, field("reason")?);
            let applies_to = suppression.get("applies_to").and_then(Value::as_array);
            if let Some(findings) = applies_to.filter(|a| !a.is_empty()) {
                out.push_str("\n            applies_to:");
                for finding in findings {
                    out.push_str("\n              - ");
                    let flat = match finding {
                        Value::String(text) => text.clone(),
                        other => nag_flat(&as_interp(other).ok_or_else(|| {
                            Error::msg("cfn_metadata: applies_to holds a string or an Interp")
                        })?),
                    };
                    push_yaml_string(&mut out, &flat);
                }
            }
        }
    }
    Ok(Value::String(out))
}

/// `checkov_skips` of a Terraform block: one `#checkov:skip=ID:reason` comment line each.
fn tf_checkov(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let comments = checkov_comments(skips_of(value)?).map_err(|e| Error::msg(e.0))?;
    Ok(Value::String(comments))
}

fn skips_of(value: &Value) -> Result<Vec<(&str, &str)>> {
    fn entry(skip: &Value) -> Option<(&str, &str)> {
        let field = |name| skip.get(name).and_then(Value::as_str);
        Some((field("id")?, field("reason")?))
    }
    value
        .as_array()
        .and_then(|skips| skips.iter().map(entry).collect())
        .ok_or_else(|| Error::msg("checkov: expects a list of {id, reason}"))
}

/// The `Tags` property of a CloudFormation resource from a list of `{key, value}`.
fn cfn_tags(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let tags = value
        .as_array()
        .ok_or_else(|| Error::msg("cfn_tags: expects a list of {key, value}"))?;
    let mut out = String::with_capacity(16 + 64 * tags.len());
    out.push_str("      Tags:");
    for tag in tags {
        let field = |name| {
            tag.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| Error::msg(format!("cfn_tags: a tag without a string {name}")))
        };
        out.push_str("\n        - Key: ");
        push_yaml_string(&mut out, field("key")?);
        out.push_str("\n          Value: ");
        push_yaml_string(&mut out, field("value")?);
    }
    Ok(Value::String(out))
}

/// YAML scalar or flow collection; `Interp` values become `Fn::Sub` where needed.
fn yaml(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    printed(value, push_yaml)
}

/// The filter's result: `value` printed by `push` into one string.
fn printed(value: &Value, push: fn(&mut String, &Value) -> Result<()>) -> Result<Value> {
    // Room for the quotes and a few escapes: growing a string from empty reallocates it several
    // times, and the filters run for almost every value a template prints.
    let room = match value {
        Value::String(s) => s.len() + 8,
        _ => 64,
    };
    let mut out = String::with_capacity(room);
    push(&mut out, value)?;
    Ok(Value::String(out))
}

fn push_yaml(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => push_yaml_string(out, s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Array(items) => push_flow_list(out, items, push_yaml)?,
        Value::Object(_) => match as_interp(value) {
            Some(parts) => push_cfn_parts(out, &parts),
            None => return Err(Error::msg("yaml: cannot print a mapping inline")),
        },
        Value::Null => return Err(Error::msg("yaml: null reached a template")),
    }
    Ok(())
}

/// HCL expression: quoted string, number, bool, or a one-line list.
fn hcl(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    printed(value, push_hcl)
}

fn push_hcl(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => push_hcl_string(out, s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Array(items) => push_flow_list(out, items, push_hcl)?,
        Value::Object(_) => match as_interp(value) {
            Some(parts) => push_tf_parts(out, &parts),
            None => return Err(Error::msg("hcl: use hcl_map for a mapping")),
        },
        Value::Null => return Err(Error::msg("hcl: null reached a template")),
    }
    Ok(())
}

/// A multi-line HCL map `{ "k" = "v" }` from a list of `{key, value}` (or `{name, value}`) objects,
/// ordered by resolve.
/// `indent` is the column of the closing brace; `hcl_format::align_into` lines up the `=`
/// afterwards.
fn hcl_map(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let indent = args.get("indent").and_then(Value::as_u64).unwrap_or(2) as usize;
    let entries = value
        .as_array()
        .ok_or_else(|| Error::msg("hcl_map: expects a list of {key, value}"))?;
    if entries.is_empty() {
        return Ok(Value::String("{}".to_owned()));
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::with_capacity(8 + 64 * entries.len());
    out.push_str("{\n");
    for entry in entries {
        let key = entry
            .get("key")
            .or_else(|| entry.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| Error::msg("hcl_map: entry without a string key"))?;
        let value = entry
            .get("value")
            .ok_or_else(|| Error::msg("hcl_map: entry without a value"))?;
        out.push_str(&pad);
        push_hcl_string(&mut out, key);
        out.push_str(" = ");
        push_hcl(&mut out, value)?;
        out.push('\n');
    }
    out.push_str(&" ".repeat(indent));
    out.push('}');
    Ok(Value::String(out))
}

/// Python literal: string, int/float, True/False, None, or a one-line list or dict (string keys,
/// in the order resolve gave them).
fn py(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    printed(value, push_py)
}

fn push_py(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => push_python_string(out, s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Null => out.push_str("None"),
        Value::Array(items) => push_flow_list(out, items, push_py)?,
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_python_string(out, k);
                out.push_str(": ");
                push_py(out, v)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Markdown code span of a string or number.
fn md_code(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(Error::msg("md_code: prints strings and numbers only")),
    };
    Ok(Value::String(markdown_code(&text)))
}
