//! Both targets' outputs in one comparable form: every deploy-time reference is spelled the same
//! way (`${partition}`, `${key_arn}`, ...), policy documents become one shape, and Terraform blocks
//! become JSON. Used by the parity and least-privilege tests.
//!
//! Canonical strings: literal text, with a literal `${` written `$${` (as in HCL), and references as
//! `${name}`. CloudFormation's `{"Fn::Sub": "arn:${AWS::Partition}:s3:::b"}` and Terraform's
//! `"arn:${data.aws_partition.current.partition}:s3:::b"` both become `arn:${partition}:s3:::b`;
//! `{"Fn::GetAtt": ["DataKey", "Arn"]}` and `aws_kms_key.data.arn` both become `${key_arn}`.
//! A reference either side does not know is a test failure, so a new one must be mapped here.

#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// CloudFormation reference (`Ref` name, `GetAtt` as `Resource.Attribute`, or `Fn::Sub` variable).
fn cfn_ref(name: &str) -> String {
    if let Some(canonical) = cfn_job_ref(name) {
        return canonical;
    }
    // `Ref` of an AWS::Glue::Database is its name: `CatalogDatabase`, `CatalogDatabase2`, ...
    if let Some(n) = name
        .strip_prefix("CatalogDatabase")
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        return format!("catalog_database{n}");
    }
    match name {
        "AWS::Partition" => "partition",
        "AWS::Region" => "region",
        "AWS::AccountId" => "account",
        "AWS::URLSuffix" => "url_suffix",
        "DataBucket" => "data_bucket",
        "DataBucket.Arn" => "data_bucket_arn",
        "WorkingBucket" => "working_bucket",
        "WorkingBucket.Arn" => "working_bucket_arn",
        "AccessLogBucket.Arn" => "access_log_bucket_arn",
        "AccessLogBucket" => "access_log_bucket",
        "DataKey" => "key_id",
        "DataKey.Arn" => "key_arn",
        "GlueJobRole" => "role_name",
        "GlueJobRole.Arn" => "role_arn",
        "GlueJobPolicy" => "job_policy_arn",
        "AlarmTopic" => "topic_arn",
        "GlueSecurityConfiguration" => "security_configuration",
        // `Ref` of an AWS::Glue::Job is its name.
        "GlueJob" => "job_name",
        "Workflow" => "workflow_name",
        other => panic!(
            "CloudFormation reference {other} has no canonical name in tests/common/normalize.rs"
        ),
    }
    .to_owned()
}

/// A job's resources, by the base of their CloudFormation id and Terraform name, and canonical name.
const JOB_RESOURCES: &[(&str, &str, &str)] = &[
    ("GlueJobRole.Arn", "aws_iam_role.glue_{}.arn", "role_arn"),
    ("GlueJobRole", "aws_iam_role.glue_{}.name", "role_name"),
    (
        "GlueJobPolicy",
        "aws_iam_policy.glue_{}.arn",
        "job_policy_arn",
    ),
    (
        "GlueSecurityConfiguration",
        "aws_glue_security_configuration.glue_{}.name",
        "security_configuration",
    ),
    ("GlueJob", "aws_glue_job.this_{}.name", "job_name"),
    // Read only by Terraform's event targets.
    (
        "",
        "aws_cloudwatch_event_rule.job_failure_{}.name",
        "failure_rule",
    ),
    (
        "",
        "aws_cloudwatch_event_rule.job_delay_{}.name",
        "delay_rule",
    ),
];

/// A further job's resource (`OrdersEnrichGlueJobRole.Arn`): the first job's canonical name with
/// the job's CloudFormation prefix, `role_arn[OrdersEnrich]`.
fn cfn_job_ref(name: &str) -> Option<String> {
    JOB_RESOURCES.iter().find_map(|(base, _, canonical)| {
        let prefix = name.strip_suffix(base).filter(|_| !base.is_empty())?;
        let is_prefix = !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric());
        is_prefix.then(|| format!("{canonical}[{prefix}]"))
    })
}

/// The same for Terraform (`aws_iam_role.glue_orders-enrich.arn`): the job's name made the
/// CloudFormation prefix as the README says (`orders-enrich` -> `OrdersEnrich`).
fn tf_job_ref(text: &str) -> Option<String> {
    JOB_RESOURCES.iter().find_map(|(_, pattern, canonical)| {
        let (head, tail) = pattern.split_once("{}")?;
        let job = text.strip_prefix(head)?.strip_suffix(tail)?;
        Some(format!("{canonical}[{}]", pascal(job)))
    })
}

pub fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Terraform traversal, as its HCL text.
fn tf_ref(text: &str) -> String {
    if let Some(canonical) = tf_job_ref(text) {
        return canonical;
    }
    // `aws_glue_catalog_database.catalog.name`, `aws_glue_catalog_database.catalog_2.name`, ...
    if let Some(n) = text
        .strip_prefix("aws_glue_catalog_database.catalog")
        .and_then(|rest| rest.strip_suffix(".name"))
        .map(|n| n.trim_start_matches('_'))
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        return format!("catalog_database{n}");
    }
    let canonical = match text {
        "data.aws_partition.current.partition" => "partition",
        "data.aws_region.current.name" => "region",
        "data.aws_caller_identity.current.account_id" => "account",
        "data.aws_partition.current.dns_suffix" => "url_suffix",
        "aws_s3_bucket.data.id" => "data_bucket",
        "aws_s3_bucket.data.arn" => "data_bucket_arn",
        "aws_s3_bucket.working.id" => "working_bucket",
        "aws_s3_bucket.working.arn" => "working_bucket_arn",
        "aws_s3_bucket.access_logs.arn" => "access_log_bucket_arn",
        "aws_s3_bucket.access_logs.id" => "access_log_bucket",
        "aws_kms_key.data.key_id" => "key_id",
        "aws_kms_key.data.arn" => "key_arn",
        "aws_iam_role.glue.name" | "aws_iam_role.glue.id" => "role_name",
        "aws_iam_role.glue.arn" => "role_arn",
        "aws_iam_policy.glue.arn" => "job_policy_arn",
        "aws_sns_topic.alarms.arn" => "topic_arn",
        "aws_glue_security_configuration.glue.name" => "security_configuration",
        "aws_glue_job.this.name" | "aws_glue_job.this.id" => "job_name",
        "aws_glue_workflow.pipeline.name" => "workflow_name",
        "aws_cloudwatch_event_rule.job_failure.name" => "failure_rule",
        "aws_cloudwatch_event_rule.job_delay.name" => "delay_rule",
        "path.module" => "module_path",
        // Attributes a `lifecycle { ignore_changes = [...] }` names.
        "parameters" => "parameters",
        "storage_descriptor[0].columns" => "storage_descriptor[0].columns",
        "storage_descriptor[0].ser_de_info" => "storage_descriptor[0].ser_de_info",
        "var.aws_region" => "var_region",
        other => {
            if let Some(doc) = other
                .strip_prefix("data.aws_iam_policy_document.")
                .and_then(|r| r.strip_suffix(".json"))
            {
                return format!("policy_document:{doc}");
            }
            // Resource addresses in depends_on.
            if other.matches('.').count() == 1 {
                return format!("address:{other}");
            }
            panic!("Terraform reference {other} has no canonical name in tests/common/normalize.rs")
        }
    };
    canonical.to_owned()
}

/// Literal text in canonical form: a literal `${` is written `$${`.
pub fn literal(text: &str) -> String {
    text.replace("${", "$${")
}

fn reference(name: &str) -> String {
    format!("${{{name}}}")
}

/// A CloudFormation value (parsed YAML) in canonical form.
pub fn cfn(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(literal(s)),
        Value::Array(items) => Value::Array(items.iter().map(cfn).collect()),
        Value::Object(map) if map.len() == 1 => {
            let (k, v) = map.iter().next().expect("one entry");
            match k.as_str() {
                "Ref" => Value::String(reference(&cfn_ref(v.as_str().expect("Ref name")))),
                "Fn::GetAtt" => {
                    let parts: Vec<&str> = match v {
                        Value::Array(a) => a.iter().map(|p| p.as_str().expect("GetAtt")).collect(),
                        Value::String(s) => s.split('.').collect(),
                        other => panic!("Fn::GetAtt {other}"),
                    };
                    Value::String(reference(&cfn_ref(&parts.join("."))))
                }
                "Fn::Sub" => Value::String(cfn_sub(v.as_str().expect("Fn::Sub string"))),
                k if k.starts_with("Fn::") => panic!("unexpected intrinsic {k}"),
                _ => Value::Object(map.iter().map(|(k, v)| (k.clone(), cfn(v))).collect()),
            }
        }
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), cfn(v))).collect()),
        other => other.clone(),
    }
}

/// `Fn::Sub` text: `${!` is a literal `${`; `${Name}` a reference.
fn cfn_sub(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        if let Some(lit) = after.strip_prefix('!') {
            out.push_str("$${");
            rest = lit;
            continue;
        }
        let end = after.find('}').expect("closing brace in Fn::Sub");
        out.push_str(&reference(&cfn_ref(&after[..end])));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A Terraform file as JSON: `{"resource": {TYPE: {NAME: body}}, "data": ..., "output": {NAME: body}}`.
/// Attributes are canonical values; unlabelled nested blocks (`rule`, `statement`, `lifecycle`) are
/// arrays in file order.
///
/// Read with hcl-edit, the parser under hcl-rs: hcl-rs 0.20 re-encodes a template's literal text
/// wrongly when it holds `$$${` twice before an interpolation (`"$$${$$${${x}"` comes back as the
/// literal `$${${`; Terraform and hcl-edit read `$${$${`), which the escaping test found.
pub fn tf_file(text: &str) -> Value {
    let body: hcl_edit::structure::Body = text
        .parse()
        .unwrap_or_else(|e| panic!("Terraform output is not HCL: {e}"));
    body_value(&body)
}

fn body_value(body: &hcl_edit::structure::Body) -> Value {
    use hcl_edit::structure::Structure;
    let mut out = Map::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key = attr.key.as_str().to_owned();
                assert!(
                    out.insert(key.clone(), tf_expr(&attr.value)).is_none(),
                    "attribute {key} set twice"
                );
            }
            Structure::Block(block) => {
                let inner = body_value(&block.body);
                let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                let ident = block.ident.as_str();
                let slot = out.entry(ident.to_owned()).or_insert_with(|| {
                    if labels.is_empty() {
                        json!([])
                    } else {
                        json!({})
                    }
                });
                if labels.is_empty() {
                    slot.as_array_mut().expect("block list").push(inner);
                    continue;
                }
                let mut at = slot;
                for (i, label) in labels.iter().enumerate() {
                    let map = at.as_object_mut().expect("labelled blocks");
                    if i + 1 == labels.len() {
                        assert!(
                            map.insert((*label).to_owned(), inner.clone()).is_none(),
                            "{ident} {label} declared twice"
                        );
                        break;
                    }
                    at = map.entry((*label).to_owned()).or_insert_with(|| json!({}));
                }
            }
        }
    }
    Value::Object(out)
}

fn tf_expr(expr: &hcl_edit::expr::Expression) -> Value {
    use hcl_edit::expr::{Expression, ObjectKey};
    use hcl_edit::template::Element;
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => {
            let n = n.value();
            if let Some(u) = n.as_u64() {
                json!(u)
            } else if let Some(i) = n.as_i64() {
                json!(i)
            } else {
                json!(n.as_f64().expect("number"))
            }
        }
        Expression::String(s) => Value::String(literal(s.value())),
        Expression::Array(items) => Value::Array(items.iter().map(tf_expr).collect()),
        Expression::Object(object) => {
            let mut map = Map::new();
            for (k, v) in object.iter() {
                let key = match k {
                    ObjectKey::Ident(id) => id.as_str().to_owned(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    other => panic!("object key {other:?}"),
                };
                assert!(
                    map.insert(key.clone(), tf_expr(v.expr())).is_none(),
                    "key {key:?} twice"
                );
            }
            Value::Object(map)
        }
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for element in t.iter() {
                match element {
                    Element::Literal(l) => out.push_str(&literal(l.value())),
                    // `${"$"}`: sparkgen prints dollars right before an interpolation this way.
                    Element::Interpolation(i) => match &i.expr {
                        Expression::String(s) => out.push_str(&literal(s.value())),
                        e => out.push_str(&reference(&tf_ref(&hcl_text(e)))),
                    },
                    Element::Directive(d) => panic!("template directive {d:?}"),
                }
            }
            Value::String(out)
        }
        Expression::Traversal(_) | Expression::Variable(_) => {
            Value::String(reference(&tf_ref(&hcl_text(expr))))
        }
        Expression::FuncCall(call) => {
            let args: Vec<Value> = call.args.iter().map(tf_expr).collect();
            json!({ "call": call.name.name.as_str(), "args": args })
        }
        other => panic!("unexpected Terraform expression {other:?}"),
    }
}

/// An expression's HCL text, as written (the rendered output has no comments inside expressions).
fn hcl_text(expr: &hcl_edit::expr::Expression) -> String {
    expr.to_string().trim().to_owned()
}

/// One IAM statement in a shape both targets map to.
pub fn statement(
    sid: &Value,
    effect: &Value,
    principals: Vec<Value>,
    actions: &Value,
    resources: &Value,
    conditions: Vec<Value>,
) -> Value {
    json!({
        "sid": sid,
        "effect": effect,
        "principals": principals,
        "actions": actions,
        "resources": if resources.is_null() { json!([]) } else { resources.clone() },
        "conditions": conditions,
    })
}

/// A CloudFormation policy document (canonical values) as a list of statements.
pub fn cfn_policy(doc: &Value) -> Vec<Value> {
    assert_eq!(doc["Version"], "2012-10-17", "policy version in {doc}");
    doc["Statement"]
        .as_array()
        .expect("Statement list")
        .iter()
        .map(|s| {
            let principals = s
                .get("Principal")
                .and_then(Value::as_object)
                .map(|p| {
                    p.iter()
                        .map(|(kind, ids)| json!({"type": kind, "identifiers": ids}))
                        .collect()
                })
                .unwrap_or_default();
            let conditions = s
                .get("Condition")
                .and_then(Value::as_object)
                .map(|c| {
                    c.iter()
                        .flat_map(|(test, entries)| {
                            entries.as_object().expect("condition entries").iter().map(
                                move |(variable, values)| {
                                    // IAM reads a single value and a list of one alike.
                                    let values = match values {
                                        Value::Array(_) => values.clone(),
                                        one => json!([one]),
                                    };
                                    json!({"test": test, "variable": variable, "values": values})
                                },
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            statement(
                &s["Sid"],
                &s["Effect"],
                principals,
                &s["Action"],
                s.get("Resource").unwrap_or(&Value::Null),
                conditions,
            )
        })
        .collect()
}

/// A Terraform `aws_iam_policy_document` data source (from [`tf`]) as a list of statements.
pub fn tf_policy(doc: &Value) -> Vec<Value> {
    doc["statement"]
        .as_array()
        .expect("statement blocks")
        .iter()
        .map(|s| {
            let principals = s
                .get("principals")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| json!({"type": p["type"], "identifiers": p["identifiers"]}))
                        .collect()
                })
                .unwrap_or_default();
            let conditions = s
                .get("condition")
                .and_then(Value::as_array)
                .map(|cs| {
                    cs.iter()
                        .map(|c| {
                            json!({"test": c["test"], "variable": c["variable"], "values": c["values"]})
                        })
                        .collect()
                })
                .unwrap_or_default();
            statement(
                &s["sid"],
                &s["effect"],
                principals,
                &s["actions"],
                s.get("resources").unwrap_or(&Value::Null),
                conditions,
            )
        })
        .collect()
}

/// `#checkov:skip=ID:reason` comments of each Terraform block, by `TYPE.NAME` (`data.TYPE.NAME` for
/// data sources). Comments are not in the HCL syntax tree, so they are read from the text.
pub fn tf_checkov_skips(text: &str) -> BTreeMap<String, Vec<Value>> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with('{') {
            let words: Vec<&str> = line.split('"').collect();
            current = match (line.split(' ').next(), words.as_slice()) {
                (Some("resource"), [_, kind, _, name, _]) => Some(format!("{kind}.{name}")),
                (Some("data"), [_, kind, _, name, _]) => Some(format!("data.{kind}.{name}")),
                _ => None,
            };
        }
        if let Some(rest) = line.trim_start().strip_prefix("#checkov:skip=") {
            let (id, reason) = rest.split_once(':').expect("ID:reason");
            let block = current.clone().expect("skip comment outside a block");
            out.entry(block)
                .or_default()
                .push(json!({"id": id, "reason": reason}));
        }
    }
    out
}

/// CloudFormation `checkov.skip` of a resource's `Metadata` (null when none), in the same shape.
/// The checkov skips of a resource's Metadata. Its only other key may be `cdk_nag`: cdk-nag reads
/// CloudFormation only, so those suppressions have no Terraform counterpart (see
/// `cfn_nag_suppressions`).
pub fn cfn_checkov_skips(metadata: &Value) -> Vec<Value> {
    if !metadata.is_null() {
        let keys: Vec<&String> = metadata.as_object().expect("Metadata").keys().collect();
        assert!(
            keys.iter().all(|k| *k == "checkov" || *k == "cdk_nag"),
            "Metadata has {keys:?}"
        );
    }
    metadata
        .pointer("/checkov/skip")
        .and_then(Value::as_array)
        .map(|skips| {
            skips
                .iter()
                .map(|s| json!({"id": s["id"], "reason": s["comment"]}))
                .collect()
        })
        .unwrap_or_default()
}

/// The cdk-nag suppressions of a resource's Metadata: `{id, reason, applies_to}` each.
pub fn cfn_nag_suppressions(metadata: &Value) -> Vec<Value> {
    metadata
        .pointer("/cdk_nag/rules_to_suppress")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}
