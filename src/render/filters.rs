//! Tera filters: the only way a template prints a value. Each takes any context value and prints it
//! as a literal of its format, so templates never concatenate quotes themselves.

use std::collections::HashMap;

use serde::Deserialize as _;
use serde_json::Value;
use tera::{Error, Result, Tera};

use super::policies::checkov_comments;
use super::quote::{
    cfn_parts, flow_list, hcl_string, markdown_code, python_string, tf_parts, yaml_string, PartRef,
};
use crate::resolve::Ref;

pub fn register(tera: &mut Tera) {
    tera.register_filter("yaml", yaml);
    tera.register_filter("hcl", hcl);
    tera.register_filter("hcl_map", hcl_map);
    tera.register_filter("py", py);
    tera.register_filter("md_code", md_code);
    tera.register_filter("cfn_checkov", cfn_checkov);
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
                "ref" => Some(PartRef::Ref(Ref::deserialize(value).ok()?)),
                _ => None,
            }
        })
        .collect()
}

/// `checkov_skips` of a CloudFormation resource: its `Metadata` block, or nothing.
fn cfn_checkov(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let skips = skips_of(value)?;
    if skips.is_empty() {
        return Ok(Value::String(String::new()));
    }
    let mut out = String::from("\n    Metadata:\n      checkov:\n        skip:");
    for (id, reason) in skips {
        out.push_str("\n          - id: ");
        out.push_str(&yaml_string(id));
        out.push_str("\n            comment: ");
        out.push_str(&yaml_string(reason));
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
    let mut out = String::from("      Tags:");
    for tag in tags {
        let field = |name| {
            tag.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| Error::msg(format!("cfn_tags: a tag without a string {name}")))
        };
        out.push_str("\n        - Key: ");
        out.push_str(&yaml_string(field("key")?));
        out.push_str("\n          Value: ");
        out.push_str(&yaml_string(field("value")?));
    }
    Ok(Value::String(out))
}

/// YAML scalar or flow collection; `Interp` values become `Fn::Sub` where needed.
fn yaml(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(yaml_of(value)?))
}

fn yaml_of(value: &Value) -> Result<String> {
    Ok(match value {
        Value::String(s) => yaml_string(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => flow_list(items.iter().map(yaml_of).collect::<Result<Vec<_>>>()?),
        Value::Object(_) => match as_interp(value) {
            Some(parts) => cfn_parts(&parts),
            None => return Err(Error::msg("yaml: cannot print a mapping inline")),
        },
        Value::Null => return Err(Error::msg("yaml: null reached a template")),
    })
}

/// HCL expression: quoted string, number, bool, or a one-line list.
fn hcl(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(hcl_of(value)?))
}

fn hcl_of(value: &Value) -> Result<String> {
    Ok(match value {
        Value::String(s) => hcl_string(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => flow_list(items.iter().map(hcl_of).collect::<Result<Vec<_>>>()?),
        Value::Object(_) => match as_interp(value) {
            Some(parts) => tf_parts(&parts),
            None => return Err(Error::msg("hcl: use hcl_map for a mapping")),
        },
        Value::Null => return Err(Error::msg("hcl: null reached a template")),
    })
}

/// A multi-line HCL map `{ "k" = "v" }` from a list of `{key, value}` (or `{name, value}`) objects,
/// ordered by resolve.
/// `indent` is the column of the closing brace; `hcl_format::align` lines up the `=` afterwards.
fn hcl_map(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let indent = args.get("indent").and_then(Value::as_u64).unwrap_or(2) as usize;
    let entries = value
        .as_array()
        .ok_or_else(|| Error::msg("hcl_map: expects a list of {key, value}"))?;
    if entries.is_empty() {
        return Ok(Value::String("{}".to_owned()));
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::from("{\n");
    for entry in entries {
        let key = entry
            .get("key")
            .or_else(|| entry.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| Error::msg("hcl_map: entry without a string key"))?;
        let value = entry
            .get("value")
            .ok_or_else(|| Error::msg("hcl_map: entry without a value"))?;
        out.push_str(&format!("{pad}{} = {}\n", hcl_string(key), hcl_of(value)?));
    }
    out.push_str(&" ".repeat(indent));
    out.push('}');
    Ok(Value::String(out))
}

/// Python literal: string, int/float, True/False, None, or a one-line list or dict (string keys,
/// in the order resolve gave them).
fn py(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(py_of(value)?))
}

fn py_of(value: &Value) -> Result<String> {
    Ok(match value {
        Value::String(s) => python_string(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        Value::Array(items) => flow_list(items.iter().map(py_of).collect::<Result<Vec<_>>>()?),
        Value::Object(map) => {
            let parts: Result<Vec<String>> = map
                .iter()
                .map(|(k, v)| Ok(format!("{}: {}", python_string(k), py_of(v)?)))
                .collect();
            format!("{{{}}}", parts?.join(", "))
        }
    })
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
