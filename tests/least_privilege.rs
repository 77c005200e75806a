//! Least privilege, read back from both targets' outputs: every IAM statement of every policy
//! document (role trust, the job's customer-managed policy, bucket, key and topic policies), in
//! CloudFormation and in Terraform.
//!
//! - No statement allows `*` as an action, and no Allow grants a whole service (`s3:*`, `glue:*`),
//!   except the key policy's statement that lets the account root administer the key (AWS's
//!   default key policy; without it the key becomes unmanageable).
//! - No `Resource: "*"`, except in the KMS key policy (there `*` means the key itself) and for
//!   `cloudwatch:PutMetricData`, which has no resource type and is held to namespace `Glue` by
//!   its condition.
//! - Principal `*` only in Deny statements (the TLS-only bucket and topic policies).
//! - The job's policy: S3 only on the data bucket, the source and sink folders (never a sibling
//!   prefix) and, read-only, a job script in another bucket; KMS only on the stack's key;
//!   CloudWatch Logs only on the job's log groups and the groups Glue derives for this job; the
//!   Data Catalog read-only, and only when the job uses it as its metastore.
//!
//! The AWS managed policy `service-role/AWSGlueServiceRole` is attached only when the spec opts
//! in; it is AWS's and out of scope here.

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
            "AWS::IAM::ManagedPolicy" => ("identity", &p["PolicyDocument"]),
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
        ("aws_iam_policy", "policy", "identity"),
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
    /// The groups the stack creates and the groups Glue derives for this job (a name may end
    /// in `/*` for a family of groups under one prefix).
    log_groups: Vec<String>,
    /// `s3://bucket/key` of a job script outside the data bucket.
    foreign_script: Option<String>,
    /// `s3://bucket/key` of the Python code the job loads (`--extra-py-files`, wheels of
    /// `--additional-python-modules`): read only.
    libraries: Vec<String>,
    /// `s3://bucket/folder/` of the source and the sink.
    data_folders: Vec<String>,
    reads_catalog: bool,
}

fn s3_arn(path: &str) -> String {
    format!("arn:${{partition}}:s3:::{path}")
}

/// An S3 resource the role may name: the data bucket and its objects, a foreign script (read
/// only), the source and sink buckets (listing) and the objects under their folders, never a
/// prefix that also matches a sibling folder.
fn s3_resource_allowed(r: &str, actions: &[String], scope: &Scope) -> bool {
    let bucket = s3_arn(&scope.bucket);
    if r == bucket || r == format!("{bucket}/*") {
        return true;
    }
    if let Some(uri) = &scope.foreign_script {
        if actions == ["s3:GetObject"] && r == s3_arn(uri.trim_start_matches("s3://")) {
            return true;
        }
    }
    if actions == ["s3:GetObject"]
        && scope
            .libraries
            .iter()
            .any(|uri| r == s3_arn(uri.trim_start_matches("s3://")))
    {
        return true;
    }
    scope.data_folders.iter().any(|uri| {
        let path = uri.trim_start_matches("s3://");
        assert!(
            path.ends_with('/'),
            "{uri} is passed to the job as a folder"
        );
        let (data_bucket, _) = path.split_once('/').expect("bucket/folder");
        let folder = path.trim_end_matches('/');
        r == s3_arn(data_bucket)
            || r == format!("{}*", s3_arn(path))
            || r == s3_arn(&format!("{folder}_$folder$"))
    })
}

fn logs_resource_allowed(r: &str, scope: &Scope) -> bool {
    let prefix = "arn:${partition}:logs:${region}:${account}:log-group:";
    let Some(group) = r.strip_prefix(prefix) else {
        return false;
    };
    let group = group.strip_suffix(":*").unwrap_or(group);
    scope.log_groups.iter().any(|g| match g.strip_suffix("/*") {
        Some(family) => group == g || group == family,
        None => group == g,
    })
}

fn check(docs: &[Doc], scope: &Scope, label: &str) {
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
            let put_metric_data = actions == ["cloudwatch:PutMetricData"];
            for r in &resources {
                if r == "*" {
                    assert!(
                        doc.kind == "key" || put_metric_data,
                        "{at}: Resource * outside a key policy"
                    );
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
                            "s3" => s3_resource_allowed(r, &actions, scope),
                            "kms" => r == "${key_arn}",
                            "logs" => logs_resource_allowed(r, scope),
                            "cloudwatch" => {
                                put_metric_data
                                    && s["conditions"]
                                        == json!([{"test": "StringEquals", "variable": "cloudwatch:namespace", "values": ["Glue"]}])
                            }
                            "glue" => {
                                scope.reads_catalog
                                    && actions.iter().all(|a| {
                                        a.starts_with("glue:Get") || a.starts_with("glue:BatchGet")
                                    })
                                    && r.starts_with("arn:${partition}:glue:${region}:${account}:")
                            }
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
                    if s["principals"][0]["identifiers"][0] == "cloudwatch.amazonaws.com" {
                        assert_eq!(
                            s["conditions"],
                            json!([{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["${account}"]}]),
                            "{at}: alarms of this account only"
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
    let log_groups: Vec<String> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::Logs::LogGroup")
        .map(|r| {
            r["Properties"]["LogGroupName"]
                .as_str()
                .expect("name")
                .to_owned()
        })
        .collect();
    let job = &resources["GlueJob"]["Properties"];
    let script = job["Command"]["ScriptLocation"]
        .as_str()
        .expect("script")
        .to_owned();
    let arguments = &job["DefaultArguments"];
    let data_folders = ["--source_path", "--sink_path"]
        .iter()
        .map(|a| arguments[*a].as_str().expect("data path").to_owned())
        .collect();
    let reads_catalog = arguments.get("--enable-glue-datacatalog").is_some();
    let libraries: Vec<String> = ["--extra-py-files", "--additional-python-modules"]
        .iter()
        .filter_map(|a| arguments.get(*a).and_then(Value::as_str))
        .flat_map(|list| list.split(','))
        .filter(|uri| uri.starts_with("s3://"))
        .map(str::to_owned)
        .collect();
    // Glue 4.0 and earlier also write driver logs to groups Glue names: the shared
    // `/aws-glue/jobs/{error,output}`, or with an encrypting security configuration one family
    // per role and configuration.
    let mut log_groups: Vec<String> = log_groups;
    if job["GlueVersion"]
        .as_str()
        .is_some_and(|v| !v.starts_with('5'))
    {
        match job.get("SecurityConfiguration") {
            None => log_groups.extend([
                "/aws-glue/jobs/error".into(),
                "/aws-glue/jobs/output".into(),
            ]),
            Some(_) => {
                let role = resources["GlueJobRole"]["Properties"]["RoleName"]
                    .as_str()
                    .expect("role name");
                let configuration = resources["GlueSecurityConfiguration"]["Properties"]["Name"]
                    .as_str()
                    .expect("configuration name");
                log_groups.push(format!("/aws-glue/jobs-{role}-{configuration}/*"));
            }
        }
    }
    let foreign_script = (script.starts_with("s3://")
        && !script.starts_with(&format!("s3://{bucket}/")))
    .then_some(script);
    Scope {
        bucket,
        log_groups,
        foreign_script,
        libraries,
        data_folders,
        reads_catalog,
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
fn python_libraries_in_other_buckets_are_readable_and_nothing_more() {
    let text = "bucketName: data-bucket-z\nglueJobName: j\nglueJobScript: jobs/j.py\n\
                extraPyFiles: [jobs/lib, s3://shared-libs/py/a.zip, s3://data-bucket-z/py/b.py]\n\
                pythonModules: [s3://wheels-bucket/w/acme-1.0-py3-none-any.whl, pyarrow]\n";
    check_spec("libraries", text);
    // The statement exists in both targets and names exactly the objects outside the bucket.
    let template = parse_yaml(file(
        &render_text("libraries", text, Target::Cloudformation),
        "cloudformation/template.yaml",
    ));
    let statements = template["Resources"]["GlueJobPolicy"]["Properties"]["PolicyDocument"]
        ["Statement"]
        .as_array()
        .expect("statements");
    let libraries = statements
        .iter()
        .find(|s| s["Sid"] == "ReadPythonLibraries")
        .expect("ReadPythonLibraries");
    assert_eq!(libraries["Action"], json!(["s3:GetObject"]));
    let resources = serde_json::to_string(&libraries["Resource"]).expect("json");
    assert!(resources.contains(":::shared-libs/py/a.zip"), "{resources}");
    assert!(resources.contains(":::wheels-bucket/w/acme-1.0-py3-none-any.whl"));
    assert!(!resources.contains("data-bucket-z"), "{resources}");
}

#[test]
fn the_check_rejects_a_broad_statement() {
    // The checker itself must fail on what it is meant to catch.
    let scope = Scope {
        bucket: "b".into(),
        log_groups: vec!["/aws-glue/jobs/j".into()],
        foreign_script: None,
        libraries: vec!["s3://libs/a.zip".into()],
        data_folders: vec!["s3://lake/orders/".into()],
        reads_catalog: false,
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
        // A folder without its slash also reaches `orders-archive/`.
        (
            json!(["s3:GetObject"]),
            json!(["arn:${partition}:s3:::lake/orders*"]),
        ),
        (
            json!(["logs:PutLogEvents"]),
            json!(["arn:${partition}:logs:${region}:${account}:log-group:/aws-glue/*"]),
        ),
        (
            json!(["glue:GetTable"]),
            json!(["arn:${partition}:glue:${region}:${account}:catalog"]),
        ),
        (json!(["cloudwatch:PutMetricData"]), json!(["*"])),
    ] {
        let doc = broad(actions.clone(), resources.clone());
        let caught = std::panic::catch_unwind(|| check(&[doc], &scope, "probe")).is_err();
        assert!(
            caught,
            "{actions} on {resources} passed the least-privilege check"
        );
    }
}

#[test]
fn a_data_path_without_its_slash_reaches_no_sibling_folder() {
    let text = "bucketName: data-bucket-z\nglueJobName: j\nglueJobScript: jobs/j.py\nsource:\n  path: s3://acme-lake/raw/orders\nsink:\n  path: s3://acme-lake/curated/orders\n";
    check_spec("sink-without-slash", text);
    let template = parse_yaml(file(
        &render_text("sink-without-slash", text, Target::Cloudformation),
        "cloudformation/template.yaml",
    ));
    let policy = cfn_policy(&cfn(
        &template["Resources"]["GlueJobPolicy"]["Properties"]["PolicyDocument"]
    ));
    let sink: Vec<String> = policy
        .iter()
        .find(|s| s["sid"] == "WriteSinkObjects")
        .map(|s| strings(&s["resources"]))
        .expect("a statement for the sink");
    assert_eq!(
        sink,
        [
            "arn:${partition}:s3:::acme-lake/curated/orders/*",
            "arn:${partition}:s3:::acme-lake/curated/orders_$folder$"
        ]
    );
}
