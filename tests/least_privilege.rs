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
//! - The job's policy: S3 only on the bucket the stack creates (the data bucket, or the working
//!   bucket when the data bucket is the team's: then the team's bucket only by the source and
//!   sink folders), the source and sink folders (never a sibling prefix) and, read-only, a job
//!   script in another bucket; KMS only on the stack's key and, for the data alone, the keys the
//!   spec names for its source and sink; CloudWatch Logs only on the job's log groups and the
//!   groups Glue derives for this job; the Data Catalog read-only, and only when the job uses it
//!   as its metastore, or on exactly the one table (its database and the catalog) of `catalog`.
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
    /// `source.kmsKeyArn`, `sink.kmsKeyArn` as the spec gives them.
    foreign_keys: Vec<String>,
    /// The catalog, database and table ARNs of the spec's `catalog`.
    catalog_table: Vec<String>,
}

/// What Glue's catalog sink calls on the table it registers: reads, and creating and updating the
/// table and its partitions; never deleting.
const CATALOG_SINK_ACTIONS: &[&str] = &[
    "glue:BatchCreatePartition",
    "glue:BatchGetPartition",
    "glue:CreateTable",
    "glue:GetDatabase",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:GetTable",
    "glue:UpdateTable",
];

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
                            "kms" => {
                                r == "${key_arn}"
                                    || (scope.foreign_keys.contains(r)
                                        && actions.iter().all(|a| {
                                            a == "kms:Decrypt" || a == "kms:GenerateDataKey"
                                        }))
                            }
                            "logs" => logs_resource_allowed(r, scope),
                            "cloudwatch" => {
                                put_metric_data
                                    && s["conditions"]
                                        == json!([{"test": "StringEquals", "variable": "cloudwatch:namespace", "values": ["Glue"]}])
                            }
                            "glue" => {
                                let read_only = scope.reads_catalog
                                    && actions.iter().all(|a| {
                                        a.starts_with("glue:Get") || a.starts_with("glue:BatchGet")
                                    })
                                    && r.starts_with("arn:${partition}:glue:${region}:${account}:");
                                let the_table = scope.catalog_table.contains(r)
                                    && actions
                                        .iter()
                                        .all(|a| CATALOG_SINK_ACTIONS.contains(&a.as_str()));
                                read_only || the_table
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

fn scope_of(template: &Value, spec: &sparkgen::spec::Spec) -> Scope {
    let resources = template["Resources"].as_object().expect("Resources");
    // The bucket the stack creates: the data bucket, or the working bucket beside the team's.
    let created = ["DataBucket", "WorkingBucket"]
        .iter()
        .find(|id| resources.contains_key(**id))
        .expect("a bucket the stack creates");
    let bucket = resources[*created]["Properties"]["BucketName"]
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
    let foreign_keys = [&spec.source.kms_key_arn, &spec.sink.kms_key_arn]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let catalog_table = spec
        .catalog
        .iter()
        .flat_map(|c| {
            let glue = "arn:${partition}:glue:${region}:${account}:";
            [
                format!("{glue}catalog"),
                format!("{glue}database/{}", c.database),
                format!("{glue}table/{}/{}", c.database, c.table),
            ]
        })
        .collect();
    Scope {
        bucket,
        log_groups,
        foreign_script,
        libraries,
        data_folders,
        reads_catalog,
        foreign_keys,
        catalog_table,
    }
}

fn check_spec(label: &str, text: &str) {
    let cfn_files = render_text(label, text, Target::Cloudformation);
    let template = parse_yaml(file(&cfn_files, "cloudformation/template.yaml"));
    let scope = scope_of(&template, &spec_of(label, text).0);
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
        foreign_keys: Vec::new(),
        catalog_table: Vec::new(),
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
    // A source or sink key for more than the data needs; the catalog table for more than the sink.
    let glue = "arn:${partition}:glue:${region}:${account}:";
    let scope = Scope {
        foreign_keys: vec!["arn:aws:kms:eu-west-1:111122223333:key/k".into()],
        catalog_table: ["catalog", "database/db", "table/db/t"]
            .iter()
            .map(|r| format!("{glue}{r}"))
            .collect(),
        ..scope
    };
    for (actions, resources) in [
        (
            json!(["kms:Encrypt"]),
            json!(["arn:aws:kms:eu-west-1:111122223333:key/k"]),
        ),
        (
            json!(["kms:Decrypt"]),
            json!(["arn:aws:kms:eu-west-1:111122223333:key/other"]),
        ),
        (
            json!(["glue:DeleteTable"]),
            json!([format!("{glue}table/db/t")]),
        ),
        (
            json!(["glue:CreateTable"]),
            json!([format!("{glue}table/db/*")]),
        ),
        (
            json!(["glue:GetTable"]),
            json!([format!("{glue}table/db/u")]),
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

/// The team's bucket (`existingBucket`): neither target creates, configures or writes a policy on
/// it; the role reaches it only by listing and by the source and sink folders, and sparkgen's own
/// files go to the working bucket.
#[test]
fn an_existing_data_bucket_is_named_never_managed() {
    let text =
        "bucketName: team-lake\nexistingBucket: true\nglueJobName: j\nglueJobScript: jobs/j.py\n\
                source:\n  path: s3://team-lake/raw/\nsink:\n  path: s3://team-lake/curated/\n";
    check_spec("existing-bucket", text);
    let template = parse_yaml(file(
        &render_text("existing-bucket", text, Target::Cloudformation),
        "cloudformation/template.yaml",
    ));
    let resources = template["Resources"].as_object().expect("Resources");
    let buckets: Vec<&str> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::S3::Bucket")
        .map(|r| r["Properties"]["BucketName"].as_str().expect("name"))
        .collect();
    assert_eq!(
        buckets,
        ["team-lake-sparkgen", "team-lake-sparkgen-access-logs"]
    );
    assert!(!resources.contains_key("DataBucket"));
    let policies: Vec<&Value> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::S3::BucketPolicy")
        .map(|r| &r["Properties"]["Bucket"])
        .collect();
    assert_eq!(
        policies,
        [
            &json!({"Ref": "WorkingBucket"}),
            &json!({"Ref": "AccessLogBucket"})
        ]
    );
    let role = cfn_policy(&cfn(
        &template["Resources"]["GlueJobPolicy"]["Properties"]["PolicyDocument"]
    ));
    let granted: Vec<String> = role.iter().flat_map(|s| strings(&s["resources"])).collect();
    assert!(granted.contains(&"arn:${partition}:s3:::team-lake".to_owned()));
    assert!(granted.contains(&"arn:${partition}:s3:::team-lake/curated/*".to_owned()));
    assert!(!granted.contains(&"arn:${partition}:s3:::team-lake/*".to_owned()));
    let arguments = &template["Resources"]["GlueJob"]["Properties"]["DefaultArguments"];
    assert_eq!(arguments["--TempDir"], "s3://team-lake-sparkgen/temp/");
    assert_eq!(
        arguments["--spark-event-logs-path"],
        "s3://team-lake-sparkgen/spark-ui-logs/"
    );

    let main = tf_file(file(
        &render_text("existing-bucket", text, Target::Terraform),
        "terraform/main.tf",
    ));
    for (kind, named) in main["resource"].as_object().expect("resources") {
        if !kind.starts_with("aws_s3_bucket") {
            continue;
        }
        for (name, body) in named.as_object().expect("named") {
            assert!(
                name == "working" || name == "access_logs",
                "{kind}.{name} is not the working or the access-log bucket"
            );
            assert_ne!(body["bucket"], "team-lake", "{kind}.{name}");
        }
    }
    assert_eq!(
        main["resource"]["aws_s3_object"]["script"]["bucket"],
        "${working_bucket}"
    );
}

/// In a pipeline each job registers its own sink: its role reaches its own table (and that
/// table's database and the catalog) and no other job's; a database two jobs share is created once,
/// an existing one not at all.
#[test]
fn each_job_registers_only_its_own_table() {
    let text = "bucketName: acme-lake-x\nglueJobName: ingest\nglueJobScript: jobs/ingest.py\n\
                jobBookmarks: disable\n\
                sink: {path: s3://acme-lake-x/stage/}\ncatalog: {database: lake, table: staged}\n\
                jobs:\n  enrich:\n    after: [ingest]\n    source: {path: s3://acme-lake-x/stage/}\n\
                \x20   sink: {path: s3://acme-lake-x/curated/}\n    catalog: {database: lake, table: curated}\n\
                \x20 report:\n    after: [enrich]\n    source: {path: s3://acme-lake-x/curated/}\n\
                \x20   sink: {path: s3://acme-lake-x/reports/}\n\
                \x20   catalog: {database: shared_reports, table: daily, existingDatabase: true}\n";
    let template = parse_yaml(file(
        &render_text("catalog-pipeline", text, Target::Cloudformation),
        "cloudformation/template.yaml",
    ));
    let resources = template["Resources"].as_object().expect("Resources");
    let databases: Vec<&Value> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::Glue::Database")
        .map(|r| &r["Properties"]["DatabaseInput"]["Name"])
        .collect();
    assert_eq!(
        databases,
        [&json!("lake")],
        "created once; the existing one not"
    );
    let glue = "arn:${partition}:glue:${region}:${account}:";
    for (policy, table) in [
        ("GlueJobPolicy", "lake/staged"),
        ("EnrichGlueJobPolicy", "lake/curated"),
        ("ReportGlueJobPolicy", "shared_reports/daily"),
    ] {
        let statements = cfn_policy(&cfn(&resources[policy]["Properties"]["PolicyDocument"]));
        let granted: Vec<Vec<String>> = statements
            .iter()
            .filter(|s| {
                strings(&s["actions"])
                    .iter()
                    .any(|a| a.starts_with("glue:"))
            })
            .map(|s| strings(&s["resources"]))
            .collect();
        let database = table.split('/').next().expect("database");
        assert_eq!(
            granted,
            [vec![
                format!("{glue}catalog"),
                format!("{glue}database/{database}"),
                format!("{glue}table/{table}"),
            ]],
            "{policy}"
        );
    }
}
