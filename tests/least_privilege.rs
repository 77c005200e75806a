//! Least privilege, read back from both targets' outputs: every IAM statement of every policy
//! document (role trust and inline policies, bucket, key and topic policies), in CloudFormation and
//! in Terraform.
//!
//! - No statement allows `*` as an action, and no Allow grants a whole service (`s3:*`), except the
//!   key policy's statement that lets the account root administer the key (AWS's default key policy;
//!   without it the key becomes unmanageable).
//! - No `Resource: "*"`, except in the KMS key policy: in a key policy `*` means the key itself, and
//!   a key policy cannot name the key's own ARN before the key exists.
//! - Principal `*` only in Deny statements (the TLS-only bucket policies).
//! - The job role's inline policy: S3 only on the data bucket and its objects (plus, read-only, a
//!   job script that lives in another bucket), KMS only on the stack's key, CloudWatch Logs only on
//!   the job's log groups (and `logs:AssociateKmsKey` on `/aws-glue/*`, the groups Glue creates for
//!   an encrypted job, whose names Glue derives).
//!
//! The AWS managed policy `service-role/AWSGlueServiceRole` is AWS's and out of scope here.

mod common;

use common::normalize::{cfn, cfn_policy, tf_file, tf_policy};
use common::*;
use serde_json::{json, Value};
use sparkgen::render::Target;

/// A policy document and what it is attached to.
struct Doc {
    target: &'static str,
    kind: &'static str,
    statements: Vec<Value>,
}

fn cfn_docs(template: &Value) -> Vec<Doc> {
    let mut docs = Vec::new();
    for (id, r) in template["Resources"].as_object().expect("Resources") {
        let p = cfn(&r["Properties"]);
        let (kind, doc) = match r["Type"].as_str().expect("Type") {
            "AWS::IAM::Role" => ("trust", &p["AssumeRolePolicyDocument"]),
            "AWS::IAM::RolePolicy" => ("identity", &p["PolicyDocument"]),
            "AWS::KMS::Key" => ("key", &p["KeyPolicy"]),
            "AWS::S3::BucketPolicy" | "AWS::SNS::TopicPolicy" => ("resource", &p["PolicyDocument"]),
            _ => {
                let policy_like: Vec<&String> = p
                    .as_object()
                    .map(|m| m.keys().filter(|k| k.contains("Polic")).collect())
                    .unwrap_or_default();
                assert!(
                    policy_like.is_empty(),
                    "{id} has {policy_like:?}: classify it here"
                );
                continue;
            }
        };
        docs.push(Doc {
            target: "cloudformation",
            kind,
            statements: cfn_policy(doc),
        });
    }
    docs
}

fn tf_docs(main: &Value) -> Vec<Doc> {
    let mut docs = Vec::new();
    let users = [
        ("aws_iam_role", "assume_role_policy", "trust"),
        ("aws_iam_role_policy", "policy", "identity"),
        ("aws_kms_key", "policy", "key"),
        ("aws_s3_bucket_policy", "policy", "resource"),
        ("aws_sns_topic_policy", "policy", "resource"),
    ];
    let mut used = Vec::new();
    for (resource, attribute, kind) in users {
        let Some(named) = main["resource"].get(resource).and_then(Value::as_object) else {
            continue;
        };
        for body in named.values() {
            let reference = body[attribute].as_str().expect("policy reference");
            let name = reference
                .strip_prefix("${policy_document:")
                .and_then(|r| r.strip_suffix('}'))
                .unwrap_or_else(|| panic!("{resource}.{attribute} = {reference}"));
            used.push(name.to_owned());
            docs.push(Doc {
                target: "terraform",
                kind,
                statements: tf_policy(&main["data"]["aws_iam_policy_document"][name]),
            });
        }
    }
    let mut declared: Vec<String> = main["data"]["aws_iam_policy_document"]
        .as_object()
        .expect("policy documents")
        .keys()
        .cloned()
        .collect();
    declared.sort();
    used.sort();
    assert_eq!(
        declared, used,
        "every policy document is attached to something we classify"
    );
    docs
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("{v} is not a list"))
        .iter()
        .map(|s| s.as_str().unwrap_or_else(|| panic!("{s}")).to_owned())
        .collect()
}

fn is_root(principals: &Value) -> bool {
    principals
        == &json!([{"type": "AWS", "identifiers": ["arn:${partition}:iam::${account}:root"]}])
}

/// What the role may touch, derived from the rendered stack itself.
struct Scope {
    bucket: String,
    log_groups: Vec<String>,
    /// `s3://bucket/key` of a job script outside the data bucket.
    foreign_script: Option<String>,
}

fn check(docs: &[Doc], scope: &Scope, label: &str) {
    let bucket_arn = format!("arn:${{partition}}:s3:::{}", scope.bucket);
    let bucket_objects = format!("{bucket_arn}/*");
    let mut saw_identity = false;
    for doc in docs {
        for s in &doc.statements {
            let at = format!("{label} {} {} policy, {}", doc.target, doc.kind, s["sid"]);
            let actions = strings(&s["actions"]);
            let resources = strings(&s["resources"]);
            let allow = s["effect"] == "Allow";
            for a in &actions {
                assert_ne!(a, "*", "{at}: Action *");
                assert!(!a.starts_with('*'), "{at}: {a}");
                if allow && a.ends_with(":*") {
                    assert!(
                        doc.kind == "key" && a == "kms:*" && is_root(&s["principals"]),
                        "{at}: allows a whole service ({a})"
                    );
                }
            }
            for r in &resources {
                if r == "*" {
                    assert_eq!(doc.kind, "key", "{at}: Resource * outside a key policy");
                }
            }
            for p in s["principals"].as_array().expect("principals") {
                if strings(&p["identifiers"]).iter().any(|i| i == "*") {
                    assert!(!allow, "{at}: principal * in an Allow");
                }
            }
            match doc.kind {
                "trust" => {
                    assert_eq!(actions, ["sts:AssumeRole"], "{at}");
                    assert_eq!(
                        s["principals"],
                        json!([{"type": "Service", "identifiers": ["glue.amazonaws.com"]}]),
                        "{at}"
                    );
                    assert_eq!(
                        s["conditions"],
                        json!([{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["${account}"]}]),
                        "{at}: confused-deputy guard"
                    );
                }
                "identity" => {
                    saw_identity = true;
                    assert!(allow, "{at}");
                    let services: Vec<&str> = actions
                        .iter()
                        .map(|a| a.split(':').next().expect("service"))
                        .collect();
                    assert!(
                        services.iter().all(|v| *v == services[0]),
                        "{at}: mixed services"
                    );
                    for r in &resources {
                        let ok = match services[0] {
                            "s3" => {
                                r == &bucket_arn
                                    || r == &bucket_objects
                                    || scope.foreign_script.as_ref().is_some_and(|uri| {
                                        actions == ["s3:GetObject"]
                                            && r == &format!(
                                                "arn:${{partition}}:s3:::{}",
                                                uri.trim_start_matches("s3://")
                                            )
                                    })
                            }
                            "kms" => r == "${key_arn}",
                            "logs" if actions == ["logs:AssociateKmsKey"] => {
                                r == "arn:${partition}:logs:${region}:${account}:log-group:/aws-glue/*"
                            }
                            "logs" => scope.log_groups.iter().any(|g| {
                                r == &format!(
                                    "arn:${{partition}}:logs:${{region}}:${{account}}:log-group:{g}:log-stream:*"
                                )
                            }),
                            other => panic!("{at}: the role's policy grants {other}"),
                        };
                        assert!(
                            ok,
                            "{at}: {actions:?} on {r} is broader than the stack's own resources"
                        );
                    }
                }
                "key" => {
                    if !is_root(&s["principals"]) {
                        assert!(
                            actions.iter().all(|a| !a.ends_with(":*")),
                            "{at}: only the root administers the key"
                        );
                    }
                    let logs_principal = s["principals"][0]["identifiers"][0]
                        .as_str()
                        .is_some_and(|p| p.starts_with("logs."));
                    if logs_principal {
                        assert_eq!(
                            s["conditions"][0]["variable"], "kms:EncryptionContext:aws:logs:arn",
                            "{at}: CloudWatch Logs may use the key only for the job's log groups"
                        );
                    }
                }
                _ => {
                    // Resource policies name their own bucket or topic.
                    assert!(!resources.is_empty(), "{at}");
                }
            }
        }
    }
    assert!(saw_identity, "{label}: no role policy found");
}

fn scope_of(template: &Value) -> Scope {
    let resources = template["Resources"].as_object().expect("Resources");
    let bucket = resources["DataBucket"]["Properties"]["BucketName"]
        .as_str()
        .expect("bucket")
        .to_owned();
    let log_groups = resources
        .values()
        .filter(|r| r["Type"] == "AWS::Logs::LogGroup")
        .map(|r| {
            r["Properties"]["LogGroupName"]
                .as_str()
                .expect("name")
                .to_owned()
        })
        .collect();
    let script = resources["GlueJob"]["Properties"]["Command"]["ScriptLocation"]
        .as_str()
        .expect("script")
        .to_owned();
    let foreign_script = (script.starts_with("s3://")
        && !script.starts_with(&format!("s3://{bucket}/")))
    .then_some(script);
    Scope {
        bucket,
        log_groups,
        foreign_script,
    }
}

fn check_spec(label: &str, text: &str) {
    let cfn_files = render_text(label, text, Target::Cloudformation);
    let template = parse_yaml(file(&cfn_files, "cloudformation/template.yaml"));
    let scope = scope_of(&template);
    let tf_files = render_text(label, text, Target::Terraform);
    let main = tf_file(file(&tf_files, "terraform/main.tf"));
    let mut docs = cfn_docs(&template);
    let tf = tf_docs(&main);
    assert_eq!(
        docs.len(),
        tf.len(),
        "{label}: both targets have the same policies"
    );
    docs.extend(tf);
    check(&docs, &scope, label);
}

#[test]
fn every_example_is_least_privilege_in_both_targets() {
    for name in EXAMPLES {
        let text = std::fs::read_to_string(example_path(name)).expect("example");
        check_spec(name, &text);
    }
}

#[test]
fn a_script_in_another_bucket_is_readable_and_nothing_more() {
    check_spec(
        "foreign-script",
        "bucketName: data-bucket-x\nglueJobName: j\nglueJobScript: s3://shared-scripts/etl/j.py\nalarmEmail: a@b.example\nglueVersion: \"5.0\"\n",
    );
    check_spec(
        "local-script",
        "bucketName: data-bucket-y\nglueJobName: j\nglueJobScript: jobs/j.py\nenableEncryption: true\nalarmEmail: a@b.example\n",
    );
}

#[test]
fn the_check_rejects_a_broad_statement() {
    // The checker itself must fail on what it is meant to catch.
    let scope = Scope {
        bucket: "b".into(),
        log_groups: vec![],
        foreign_script: None,
    };
    let broad = |actions: Value, resources: Value| Doc {
        target: "test",
        kind: "identity",
        statements: vec![
            json!({"sid": "X", "effect": "Allow", "principals": [], "actions": actions,
            "resources": resources, "conditions": []}),
        ],
    };
    for (actions, resources) in [
        (json!(["*"]), json!(["arn:${partition}:s3:::b"])),
        (json!(["s3:GetObject"]), json!(["*"])),
        (
            json!(["s3:GetObject"]),
            json!(["arn:${partition}:s3:::other/*"]),
        ),
        (json!(["s3:*"]), json!(["arn:${partition}:s3:::b"])),
        (
            json!(["kms:Decrypt"]),
            json!(["arn:${partition}:kms:${region}:${account}:key/*"]),
        ),
    ] {
        let doc = broad(actions.clone(), resources.clone());
        let caught = std::panic::catch_unwind(|| check(&[doc], &scope, "probe")).is_err();
        assert!(
            caught,
            "{actions} on {resources} passed the least-privilege check"
        );
    }
}
