//! CloudFormation and Terraform describe the same stack. Each example's two outputs are read back
//! with independent parsers (serde_yaml, hcl-rs), turned into one canonical model (resources by kind,
//! with every setting; references spelled one way, see `common::normalize`) and compared whole.
//!
//! Each extractor consumes what it reads: a resource, property or attribute that one side has and
//! the model does not know fails the test, so a setting added to one template only cannot slip by.
//!
//! Differences by design, handled explicitly below:
//! - Terraform splits a bucket into `aws_s3_bucket_*` resources; CloudFormation has one resource
//!   with properties. Both become one bucket record. `removalPolicy: retain` is `DeletionPolicy` +
//!   `UpdateReplacePolicy: Retain` in one, `prevent_destroy` on the bucket and every setting in the
//!   other.
//! - Policy documents are `aws_iam_policy_document` data sources in Terraform; they are inlined
//!   where they are used. Checkov skips on such a data source exist only in Terraform (the key
//!   policy); they are checked against the resolved model instead of the other target.
//! - Tags: CloudFormation tags each taggable resource; Terraform sets the provider's default_tags.
//!   Every CloudFormation tag list must equal Terraform's default tags.
//! - cdk-nag suppressions (`Metadata.cdk_nag`) exist only in CloudFormation: cdk-nag reads no
//!   Terraform. `tests/runtime.rs` checks each carries a reason.
//! - Terraform uploads the job script (`aws_s3_object.script`); CloudFormation cannot upload files
//!   (`aws cloudformation package` or `aws s3 cp` do, see the README).

mod common;

use std::collections::BTreeMap;

use common::normalize::{cfn, cfn_checkov_skips, cfn_policy, tf_checkov_skips, tf_file, tf_policy};
use common::*;
use serde_json::{json, Map, Value};
use sparkgen::render::{RenderedFile, Target};

/// Consumes the keys of a map; `done` fails on anything left unread.
struct Take {
    what: String,
    map: Map<String, Value>,
}

impl Take {
    fn new(what: impl Into<String>, value: &Value) -> Take {
        let what = what.into();
        let map = value
            .as_object()
            .unwrap_or_else(|| panic!("{what} is not a mapping: {value}"))
            .clone();
        Take { what, map }
    }

    /// The value, or null when absent.
    fn opt(&mut self, key: &str) -> Value {
        self.map.remove(key).unwrap_or(Value::Null)
    }

    fn req(&mut self, key: &str) -> Value {
        self.map
            .remove(key)
            .unwrap_or_else(|| panic!("{} has no {key}", self.what))
    }

    fn done(self) {
        let left: Vec<&String> = self.map.keys().collect();
        assert!(
            left.is_empty(),
            "{} has {left:?}, which the parity model does not compare: add it to tests/parity.rs",
            self.what
        );
    }
}

fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(items) => items.clone(),
        other => panic!("expected a list: {other}"),
    }
}

/// The only element of a one-element block list (`lifecycle { ... }`).
fn one(v: &Value) -> Value {
    let items = list(v);
    assert_eq!(items.len(), 1, "expected one block: {v}");
    items.into_iter().next().expect("one")
}

fn number(v: &Value) -> Value {
    json!(v.as_f64().unwrap_or_else(|| panic!("{v} is not a number")))
}

fn json_text(v: &Value) -> Value {
    let text = v.as_str().unwrap_or_else(|| panic!("{v} is not JSON text"));
    // Canonical text writes a literal `${` as `$${`; inside JSON only references remain.
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn camel_to_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

// ------------------------------------------------------------------ CloudFormation

struct Cfn {
    resources: Map<String, Value>,
}

impl Cfn {
    /// Removes a resource; returns (Properties taker, the resource's other keys taker).
    fn take(&mut self, id: &str, kind: &str) -> Option<(Take, Take)> {
        let resource = self.resources.remove(id)?;
        let mut outer = Take::new(id, &resource);
        assert_eq!(outer.req("Type"), kind, "{id}");
        let props = Take::new(format!("{id}.Properties"), &cfn(&outer.req("Properties")));
        Some((props, outer))
    }

    fn ids_of(&self, kind: &str) -> Vec<String> {
        self.resources
            .iter()
            .filter(|(_, r)| r["Type"] == kind)
            .map(|(id, _)| id.clone())
            .collect()
    }
}

fn cfn_retain(outer: &mut Take) -> Value {
    let deletion = outer.opt("DeletionPolicy");
    let replace = outer.opt("UpdateReplacePolicy");
    assert_eq!(
        deletion, replace,
        "{}: DeletionPolicy and UpdateReplacePolicy differ",
        outer.what
    );
    json!(deletion == "Retain")
}

fn cfn_tags(tags: Value, seen: &mut Vec<BTreeMap<String, Value>>) {
    let map: BTreeMap<String, Value> = match tags {
        Value::Array(items) => items
            .iter()
            .map(|t| {
                (
                    t["Key"].as_str().expect("Key").to_owned(),
                    t["Value"].clone(),
                )
            })
            .collect(),
        Value::Object(m) => m.into_iter().collect(),
        other => panic!("Tags {other}"),
    };
    seen.push(map);
}

fn cfn_bucket(
    c: &mut Cfn,
    id: &str,
    policy_id: &str,
    tags: &mut Vec<BTreeMap<String, Value>>,
) -> Value {
    let (mut p, mut outer) = c.take(id, "AWS::S3::Bucket").expect(id);
    let skips = cfn_checkov_skips(&outer.opt("Metadata"));
    let retain = cfn_retain(&mut outer);
    outer.opt("DependsOn");
    outer.done();
    let pab = p.req("PublicAccessBlockConfiguration");
    let encryption: Vec<Value> =
        list(&p.req("BucketEncryption")["ServerSideEncryptionConfiguration"])
            .iter()
            .map(|r| {
                let mut r = Take::new("encryption rule", r);
                let mut by_default = Take::new(
                    "ServerSideEncryptionByDefault",
                    &r.req("ServerSideEncryptionByDefault"),
                );
                let v = json!({
                    "algorithm": by_default.req("SSEAlgorithm"),
                    "kms_key": by_default.opt("KMSMasterKeyID"),
                    "bucket_key": r.opt("BucketKeyEnabled"),
                });
                by_default.done();
                r.done();
                v
            })
            .collect();
    let lifecycle: Vec<Value> = list(&p.req("LifecycleConfiguration")["Rules"])
        .iter()
        .map(|r| {
            let mut r = Take::new("lifecycle rule", r);
            let v = json!({
                "id": r.req("Id"),
                "status": r.req("Status"),
                "transitions": list(&r.opt("Transitions")).iter().map(|t| json!({
                    "days": t["TransitionInDays"], "storage_class": t["StorageClass"]})).collect::<Vec<_>>(),
                "expiration_days": r.opt("ExpirationInDays"),
                "noncurrent_days": r.opt("NoncurrentVersionExpiration").get("NoncurrentDays").cloned().unwrap_or(Value::Null),
                "abort_days": r.opt("AbortIncompleteMultipartUpload").get("DaysAfterInitiation").cloned().unwrap_or(Value::Null),
            });
            r.done();
            v
        })
        .collect();
    let cors: Vec<Value> = list(
        &p.opt("CorsConfiguration")
            .get("CorsRules")
            .cloned()
            .unwrap_or(Value::Null),
    )
    .iter()
    .map(|r| {
        let mut r = Take::new("cors rule", r);
        let v = json!({
            "origins": r.req("AllowedOrigins"),
            "methods": r.req("AllowedMethods"),
            "headers": r.opt("AllowedHeaders"),
            "expose": r.opt("ExposedHeaders"),
            "max_age": r.opt("MaxAge"),
        });
        r.done();
        v
    })
    .collect();
    let logging = p.opt("LoggingConfiguration");
    let logging = if logging.is_null() {
        Value::Null
    } else {
        json!({"target_bucket": logging["DestinationBucketName"], "prefix": logging["LogFilePrefix"]})
    };
    let (mut policy, mut policy_outer) =
        c.take(policy_id, "AWS::S3::BucketPolicy").expect(policy_id);
    let policy_retain = cfn_retain(&mut policy_outer);
    policy_outer.done();
    assert_eq!(
        policy.req("Bucket"),
        json!(format!(
            "${{{}}}",
            match id {
                "DataBucket" => "data_bucket",
                "WorkingBucket" => "working_bucket",
                _ => "access_log_bucket",
            }
        ))
    );
    let statements = cfn_policy(&policy.req("PolicyDocument"));
    policy.done();
    cfn_tags(p.req("Tags"), tags);
    let v = json!({
        "name": p.req("BucketName"),
        "versioning": p.req("VersioningConfiguration")["Status"],
        "public_access_block": {
            "block_public_acls": pab["BlockPublicAcls"],
            "block_public_policy": pab["BlockPublicPolicy"],
            "ignore_public_acls": pab["IgnorePublicAcls"],
            "restrict_public_buckets": pab["RestrictPublicBuckets"],
        },
        "ownership": list(&p.req("OwnershipControls")["Rules"]).iter().map(|r| r["ObjectOwnership"].clone()).collect::<Vec<_>>(),
        "encryption": encryption,
        "lifecycle": lifecycle,
        "metrics": list(&p.opt("MetricsConfigurations")).iter().map(|m| m["Id"].clone()).collect::<Vec<_>>(),
        "cors": cors,
        "logging": logging,
        "retain": retain,
        "policy": statements,
        "policy_retained": policy_retain,
        "checkov_skips": skips,
    });
    p.done();
    v
}

/// One job of the CloudFormation template, by its `AWS::Glue::Job` id: the job, its role and policy
/// and its security configuration, which carry the same prefix (`OrdersEnrichGlueJob`,
/// `OrdersEnrichGlueJobRole`).
fn cfn_job(c: &mut Cfn, job_id: &str, tags: &mut Vec<BTreeMap<String, Value>>) -> (String, Value) {
    let prefix = job_id
        .strip_suffix("GlueJob")
        .expect("a job id ends with GlueJob");
    let (mut role, role_outer) = c
        .take(&format!("{prefix}GlueJobRole"), "AWS::IAM::Role")
        .expect("role");
    role_outer.done();
    cfn_tags(role.req("Tags"), tags);
    let (mut policy, mut policy_outer) = c
        .take(&format!("{prefix}GlueJobPolicy"), "AWS::IAM::ManagedPolicy")
        .expect("job policy");
    let policy_skips = cfn_checkov_skips(&policy_outer.opt("Metadata"));
    policy_outer.done();
    let role_model = json!({
        "name": role.req("RoleName"),
        "trust": cfn_policy(&role.req("AssumeRolePolicyDocument")),
        "managed": list(&role.opt("ManagedPolicyArns")),
        "job_policy": {
            "name": policy.req("ManagedPolicyName"),
            "description": policy.req("Description"),
            "roles": policy.req("Roles"),
            "policy": cfn_policy(&policy.req("PolicyDocument")),
            "checkov_skips": policy_skips,
        },
    });
    role.done();
    policy.done();

    let security = c
        .take(&format!("{prefix}GlueSecurityConfiguration"), "AWS::Glue::SecurityConfiguration")
        .map(|(mut p, outer)| {
            outer.done();
            let mut e = Take::new("EncryptionConfiguration", &p.req("EncryptionConfiguration"));
            let cw = e.req("CloudWatchEncryption");
            let bm = e.req("JobBookmarksEncryption");
            let v = json!({
                "name": p.req("Name"),
                "s3": list(&e.req("S3Encryptions")).iter().map(|s| json!({"mode": s["S3EncryptionMode"], "key": s["KmsKeyArn"]})).collect::<Vec<_>>(),
                "cloudwatch": {"mode": cw["CloudWatchEncryptionMode"], "key": cw["KmsKeyArn"]},
                "bookmarks": {"mode": bm["JobBookmarksEncryptionMode"], "key": bm["KmsKeyArn"]},
            });
            e.done();
            p.done();
            v
        });

    let (mut job, mut job_outer) = c.take(job_id, "AWS::Glue::Job").expect("job");
    let job_skips = cfn_checkov_skips(&job_outer.opt("Metadata"));
    job_outer.opt("DependsOn");
    job_outer.done();
    cfn_tags(job.req("Tags"), tags);
    let mut command = Take::new("Command", &job.req("Command"));
    let job_model = json!({
        "name": job.req("Name"),
        "description": job.req("Description"),
        "role": job.req("Role"),
        "command": {
            "name": command.req("Name"),
            "python_version": command.req("PythonVersion"),
            "script_location": cfn_script_location(command.req("ScriptLocation")),
        },
        "glue_version": job.req("GlueVersion"),
        "worker_type": job.req("WorkerType"),
        "workers": job.req("NumberOfWorkers"),
        "timeout_minutes": job.req("Timeout"),
        "max_retries": job.req("MaxRetries"),
        "execution_class": job.req("ExecutionClass"),
        "max_concurrent_runs": job.req("ExecutionProperty")["MaxConcurrentRuns"],
        "notify_delay_after": job.req("NotificationProperty")["NotifyDelayAfter"],
        "security_configuration": job.opt("SecurityConfiguration"),
        "arguments": job.req("DefaultArguments"),
        "checkov_skips": job_skips,
    });
    command.done();
    job.done();

    let name = job_model["name"].as_str().expect("job name").to_owned();
    (
        name,
        json!({"role": role_model, "security_configuration": security, "job": job_model}),
    )
}

fn cloudformation_model(template_text: &str) -> Value {
    let template = parse_yaml(template_text);
    let mut top = Take::new("template", &template);
    assert_eq!(top.req("AWSTemplateFormatVersion"), "2010-09-09");
    top.req("Description");
    let mut c = Cfn {
        resources: top.req("Resources").as_object().expect("Resources").clone(),
    };
    let outputs_cfn = top.req("Outputs");
    top.done();
    let mut tags = Vec::new();

    // The bucket the stack creates: the data bucket, or the working bucket (`existingBucket`).
    let (created, created_id) = if c.resources.contains_key("WorkingBucket") {
        ("working", "WorkingBucket")
    } else {
        ("data", "DataBucket")
    };
    let data = cfn_bucket(
        &mut c,
        created_id,
        &format!("{created_id}Policy"),
        &mut tags,
    );
    let logs = cfn_bucket(
        &mut c,
        "AccessLogBucket",
        "AccessLogBucketPolicy",
        &mut tags,
    );

    let key = c
        .take("DataKey", "AWS::KMS::Key")
        .map(|(mut p, mut outer)| {
            let retain = cfn_retain(&mut outer);
            outer.done();
            cfn_tags(p.req("Tags"), &mut tags);
            let v = json!({
                "description": p.req("Description"),
                "rotation": p.req("EnableKeyRotation"),
                "deletion_window_days": p.req("PendingWindowInDays"),
                "policy": cfn_policy(&p.req("KeyPolicy")),
                "retain": retain,
            });
            p.done();
            v
        });
    let alias = c
        .take("DataKeyAlias", "AWS::KMS::Alias")
        .map(|(mut p, outer)| {
            outer.done();
            let v = json!({"name": p.req("AliasName"), "target": p.req("TargetKeyId")});
            p.done();
            v
        });

    let mut log_groups: Vec<Value> = c
        .ids_of("AWS::Logs::LogGroup")
        .iter()
        .map(|id| {
            let (mut p, mut outer) = c.take(id, "AWS::Logs::LogGroup").expect("log group");
            let skips = cfn_checkov_skips(&outer.opt("Metadata"));
            outer.done();
            cfn_tags(p.req("Tags"), &mut tags);
            let v = json!({
                "name": p.req("LogGroupName"),
                "retention_days": p.req("RetentionInDays"),
                "kms_key": p.opt("KmsKeyId"),
                "checkov_skips": skips,
            });
            p.done();
            v
        })
        .collect();
    log_groups.sort_by_key(|g| g["name"].to_string());

    let mut jobs = Map::new();
    for id in c.ids_of("AWS::Glue::Job") {
        let (name, job) = cfn_job(&mut c, &id, &mut tags);
        jobs.insert(name, job);
    }

    let databases: Vec<Value> = c
        .ids_of("AWS::Glue::Database")
        .iter()
        .map(|id| {
            let (mut p, outer) = c.take(id, "AWS::Glue::Database").expect("database");
            outer.done();
            assert_eq!(
                p.req("CatalogId"),
                "${account}",
                "{id}: this account's catalog"
            );
            let mut input = Take::new("DatabaseInput", &p.req("DatabaseInput"));
            let v = json!({"name": input.req("Name"), "description": input.req("Description")});
            input.done();
            p.done();
            v
        })
        .collect();

    let tables: Vec<Value> = c
        .ids_of("AWS::Glue::Table")
        .iter()
        .map(|id| {
            let (mut p, outer) = c.take(id, "AWS::Glue::Table").expect("table");
            outer.done();
            assert_eq!(
                p.req("CatalogId"),
                "${account}",
                "{id}: this account's catalog"
            );
            let database = p.req("DatabaseName");
            let mut input = Take::new("TableInput", &p.req("TableInput"));
            let mut storage = Take::new("StorageDescriptor", &input.req("StorageDescriptor"));
            let mut serde = Take::new("SerdeInfo", &storage.req("SerdeInfo"));
            let keys: Vec<Value> = list(&input.opt("PartitionKeys"))
                .iter()
                .map(|k| json!({"name": k["Name"], "type": k["Type"]}))
                .collect();
            let v = json!({
                "name": input.req("Name"),
                "database": database,
                "description": input.req("Description"),
                "table_type": input.req("TableType"),
                "parameters": input.req("Parameters"),
                "partition_keys": keys,
                "location": storage.req("Location"),
                "input_format": storage.req("InputFormat"),
                "output_format": storage.req("OutputFormat"),
                "serde": serde.req("SerializationLibrary"),
                "serde_parameters": serde.opt("Parameters"),
            });
            serde.done();
            storage.done();
            input.done();
            p.done();
            v
        })
        .collect();

    let workflow = c
        .take("Workflow", "AWS::Glue::Workflow")
        .map(|(mut p, outer)| {
            outer.done();
            cfn_tags(p.req("Tags"), &mut tags);
            let v = json!({
                "name": p.req("Name"),
                "description": p.req("Description"),
                "max_concurrent_runs": p.req("MaxConcurrentRuns"),
            });
            p.done();
            v
        });

    let (mut dash, dash_outer) = c
        .take("Dashboard", "AWS::CloudWatch::Dashboard")
        .expect("dashboard");
    dash_outer.done();
    let dashboard =
        json!({"name": dash.req("DashboardName"), "body": json_text(&dash.req("DashboardBody"))});
    dash.done();

    let mut alarms = Map::new();
    for id in c.ids_of("AWS::CloudWatch::Alarm") {
        let (mut p, outer) = c.take(&id, "AWS::CloudWatch::Alarm").expect("alarm");
        outer.done();
        cfn_tags(p.req("Tags"), &mut tags);
        let dimensions: Map<String, Value> = list(&p.req("Dimensions"))
            .iter()
            .map(|d| {
                (
                    d["Name"].as_str().expect("Name").to_owned(),
                    d["Value"].clone(),
                )
            })
            .collect();
        let name = p.req("AlarmName").as_str().expect("AlarmName").to_owned();
        alarms.insert(
            name,
            json!({
                "description": p.req("AlarmDescription"),
                "namespace": p.req("Namespace"),
                "metric": p.req("MetricName"),
                "dimensions": dimensions,
                "statistic": p.req("Statistic"),
                "period": p.req("Period"),
                "evaluation_periods": p.req("EvaluationPeriods"),
                "datapoints_to_alarm": p.req("DatapointsToAlarm"),
                "threshold": number(&p.req("Threshold")),
                "comparison": p.req("ComparisonOperator"),
                "treat_missing_data": p.req("TreatMissingData"),
                "actions": p.opt("AlarmActions"),
            }),
        );
        p.done();
    }

    let topic = c
        .take("AlarmTopic", "AWS::SNS::Topic")
        .map(|(mut p, mut outer)| {
            let skips = cfn_checkov_skips(&outer.opt("Metadata"));
            outer.done();
            cfn_tags(p.req("Tags"), &mut tags);
            let (mut pol, pol_outer) = c
                .take("AlarmTopicPolicy", "AWS::SNS::TopicPolicy")
                .expect("topic policy");
            pol_outer.done();
            let v = json!({
                "name": p.req("TopicName"),
                "kms_key": p.opt("KmsMasterKeyId"),
                "policy_topics": pol.req("Topics"),
                "policy": cfn_policy(&pol.req("PolicyDocument")),
                "checkov_skips": skips,
            });
            pol.done();
            p.done();
            v
        });
    let subscription = c
        .take("AlarmEmailSubscription", "AWS::SNS::Subscription")
        .map(|(mut p, outer)| {
            outer.done();
            let v = json!({"topic": p.req("TopicArn"), "protocol": p.req("Protocol"), "endpoint": p.req("Endpoint")});
            p.done();
            v
        });
    let mut rules = Map::new();
    for id in c.ids_of("AWS::Events::Rule") {
        let (mut p, outer) = c.take(&id, "AWS::Events::Rule").expect("rule");
        outer.done();
        let name = p.req("Name").as_str().expect("Name").to_owned();
        rules.insert(
            name,
            json!({
                "description": p.req("Description"),
                "state": p.req("State"),
                "pattern": p.req("EventPattern"),
                "targets": list(&p.req("Targets")).iter().map(|t| json!({"id": t["Id"], "arn": t["Arn"]})).collect::<Vec<_>>(),
            }),
        );
        p.done();
    }

    // Triggers by name; each action names its job.
    let mut triggers = Map::new();
    for id in c.ids_of("AWS::Glue::Trigger") {
        let (mut p, outer) = c.take(&id, "AWS::Glue::Trigger").expect("trigger");
        outer.done();
        cfn_tags(p.req("Tags"), &mut tags);
        let name = p.req("Name").as_str().expect("Name").to_owned();
        let actions: Vec<Value> = list(&p.req("Actions"))
            .iter()
            .map(|a| {
                let mut a = Take::new("action", a);
                let v = json!({"job_name": a.req("JobName")});
                a.done();
                v
            })
            .collect();
        let predicate = p.opt("Predicate");
        let predicate = (!predicate.is_null()).then(|| {
            let mut pr = Take::new("Predicate", &predicate);
            let conditions: Vec<Value> = list(&pr.req("Conditions"))
                .iter()
                .map(|c| {
                    let mut c = Take::new("condition", c);
                    let v = json!({
                        "logical_operator": c.req("LogicalOperator"),
                        "job_name": c.req("JobName"),
                        "state": c.req("State"),
                    });
                    c.done();
                    v
                })
                .collect();
            let v = json!({"logical": pr.req("Logical"), "conditions": conditions});
            pr.done();
            v
        });
        triggers.insert(
            name,
            json!({
                "description": p.req("Description"),
                "type": p.req("Type"),
                "workflow": p.opt("WorkflowName"),
                "schedule": p.opt("Schedule"),
                "predicate": predicate,
                "start_on_creation": p.req("StartOnCreation"),
                "actions": actions,
            }),
        );
        p.done();
    }

    let left: Vec<&String> = c.resources.keys().collect();
    assert!(
        left.is_empty(),
        "CloudFormation resources the parity model does not know: {left:?}"
    );

    let outputs: Map<String, Value> = outputs_cfn
        .as_object()
        .expect("Outputs")
        .iter()
        .map(|(name, o)| {
            let mut o = Take::new(name.clone(), &cfn(o));
            let v = json!({"description": o.req("Description"), "value": o.req("Value")});
            o.done();
            (camel_to_snake(name), v)
        })
        .collect();

    let first = tags.first().cloned().expect("tagged resources");
    for t in &tags {
        assert_eq!(t, &first, "CloudFormation resources carry different tags");
    }

    json!({
        "buckets": {created: data, "access_logs": logs},
        "databases": databases,
        "tables": tables,
        "key": key, "key_alias": alias,
        "jobs": jobs,
        "workflow": workflow,
        "log_groups": log_groups,
        "dashboard": dashboard,
        "alarms": alarms,
        "topic": topic, "subscription": subscription, "rules": rules,
        "triggers": triggers,
        "outputs": outputs,
        "tags": first,
    })
}

// ------------------------------------------------------------------ Terraform

struct Tf {
    resources: BTreeMap<(String, String), Value>,
    data: BTreeMap<(String, String), Value>,
    skips: BTreeMap<String, Vec<Value>>,
}

impl Tf {
    fn take(&mut self, kind: &str, name: &str) -> Option<Take> {
        let body = self.resources.remove(&(kind.to_owned(), name.to_owned()))?;
        Some(Take::new(format!("{kind}.{name}"), &body))
    }

    fn names_of(&self, kind: &str) -> Vec<String> {
        self.resources
            .keys()
            .filter(|(k, _)| k == kind)
            .map(|(_, n)| n.clone())
            .collect()
    }

    fn skips_of(&self, kind: &str, name: &str) -> Value {
        json!(self
            .skips
            .get(&format!("{kind}.{name}"))
            .cloned()
            .unwrap_or_default())
    }

    /// `data.aws_iam_policy_document.X.json`, consumed.
    fn policy(&mut self, reference: &Value) -> Vec<Value> {
        let name = reference
            .as_str()
            .and_then(|r| r.strip_prefix("${policy_document:"))
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or_else(|| panic!("{reference} is not a policy document reference"));
        let doc = self
            .data
            .remove(&("aws_iam_policy_document".to_owned(), name.to_owned()))
            .unwrap_or_else(|| panic!("no aws_iam_policy_document.{name}"));
        let mut d = Take::new(format!("data.aws_iam_policy_document.{name}"), &doc);
        let statements = tf_policy(&json!({"statement": d.req("statement")}));
        d.done();
        statements
    }
}

/// `lifecycle { prevent_destroy = true }` -> true; no lifecycle block -> false.
fn tf_retain(t: &mut Take) -> Value {
    let lifecycle = t.opt("lifecycle");
    if lifecycle.is_null() {
        return json!(false);
    }
    let mut l = Take::new("lifecycle", &one(&lifecycle));
    let v = l.req("prevent_destroy");
    l.done();
    v
}

fn tf_bucket(tf: &mut Tf, name: &str, reference: &str) -> Value {
    let mut b = tf.take("aws_s3_bucket", name).expect("bucket");
    let retain = tf_retain(&mut b);
    // Terraform only: the access-log bucket is emptied on destroy when it is not retained (S3 keeps
    // delivering logs into it); the data bucket never is. CloudFormation cannot empty a bucket.
    let force_destroy = name == "access_logs" && retain == false;
    assert_eq!(
        b.req("force_destroy"),
        force_destroy,
        "{name}: force_destroy"
    );
    let bucket_name = b.req("bucket");
    b.done();
    let skips = tf.skips_of("aws_s3_bucket", name);

    // Every aws_s3_bucket_* resource of this bucket, by type.
    let mut settings: BTreeMap<String, Take> = BTreeMap::new();
    let keys: Vec<(String, String)> = tf
        .resources
        .iter()
        .filter(|((k, _), body)| k.starts_with("aws_s3_bucket_") && body["bucket"] == reference)
        .map(|(k, _)| k.clone())
        .collect();
    let mut policy_retained = Value::Null;
    for (kind, n) in keys {
        let mut t = tf.take(&kind, &n).expect("setting");
        t.req("bucket");
        t.opt("depends_on");
        let setting_retain = tf_retain(&mut t);
        if kind == "aws_s3_bucket_policy" {
            policy_retained = setting_retain;
        } else {
            assert_eq!(
                setting_retain, retain,
                "{kind}.{n}: prevent_destroy differs from its bucket's"
            );
        }
        assert!(
            settings.insert(kind.clone(), t).is_none(),
            "two {kind} for {name}"
        );
    }
    let mut get = |kind: &str| settings.remove(kind);

    let versioning = get("aws_s3_bucket_versioning").map(|mut t| {
        let v = one(&t.req("versioning_configuration"))["status"].clone();
        t.done();
        v
    });
    let pab = get("aws_s3_bucket_public_access_block").map(|mut t| {
        let v = json!({
            "block_public_acls": t.req("block_public_acls"),
            "block_public_policy": t.req("block_public_policy"),
            "ignore_public_acls": t.req("ignore_public_acls"),
            "restrict_public_buckets": t.req("restrict_public_buckets"),
        });
        t.done();
        v
    });
    let ownership = get("aws_s3_bucket_ownership_controls").map(|mut t| {
        let v: Vec<Value> = list(&t.req("rule"))
            .iter()
            .map(|r| r["object_ownership"].clone())
            .collect();
        t.done();
        v
    });
    let encryption = get("aws_s3_bucket_server_side_encryption_configuration").map(|mut t| {
        let v: Vec<Value> = list(&t.req("rule"))
            .iter()
            .map(|r| {
                let mut r = Take::new("rule", r);
                let mut d = Take::new(
                    "by default",
                    &one(&r.req("apply_server_side_encryption_by_default")),
                );
                let v = json!({
                    "algorithm": d.req("sse_algorithm"),
                    "kms_key": d.opt("kms_master_key_id"),
                    "bucket_key": r.opt("bucket_key_enabled"),
                });
                d.done();
                r.done();
                v
            })
            .collect();
        t.done();
        v
    });
    let lifecycle = get("aws_s3_bucket_lifecycle_configuration").map(|mut t| {
        let v: Vec<Value> = list(&t.req("rule"))
            .iter()
            .map(|r| {
                let mut r = Take::new("lifecycle rule", r);
                // `filter { prefix = "" }`: the whole bucket, as a CloudFormation rule without a filter.
                assert_eq!(one(&r.req("filter")), json!({"prefix": ""}));
                let v = json!({
                    "id": r.req("id"),
                    "status": r.req("status"),
                    "transitions": list(&r.opt("transition")).iter().map(|t| json!({
                        "days": t["days"], "storage_class": t["storage_class"]})).collect::<Vec<_>>(),
                    "expiration_days": r.opt("expiration").get(0).map(|e| e["days"].clone()).unwrap_or(Value::Null),
                    "noncurrent_days": r.opt("noncurrent_version_expiration").get(0).map(|e| e["noncurrent_days"].clone()).unwrap_or(Value::Null),
                    "abort_days": r.opt("abort_incomplete_multipart_upload").get(0).map(|e| e["days_after_initiation"].clone()).unwrap_or(Value::Null),
                });
                r.done();
                v
            })
            .collect();
        t.done();
        v
    });
    let metrics: Vec<Value> = get("aws_s3_bucket_metric")
        .map(|mut t| {
            let v = vec![t.req("name")];
            t.done();
            v
        })
        .unwrap_or_default();
    let cors: Vec<Value> = get("aws_s3_bucket_cors_configuration")
        .map(|mut t| {
            let v = list(&t.req("cors_rule"))
                .iter()
                .map(|r| {
                    let mut r = Take::new("cors_rule", r);
                    let v = json!({
                        "origins": r.req("allowed_origins"),
                        "methods": r.req("allowed_methods"),
                        "headers": r.opt("allowed_headers"),
                        "expose": r.opt("expose_headers"),
                        "max_age": r.opt("max_age_seconds"),
                    });
                    r.done();
                    v
                })
                .collect();
            t.done();
            v
        })
        .unwrap_or_default();
    let logging = get("aws_s3_bucket_logging")
        .map(|mut t| {
            let v =
                json!({"target_bucket": t.req("target_bucket"), "prefix": t.req("target_prefix")});
            t.done();
            v
        })
        .unwrap_or(Value::Null);
    let policy = get("aws_s3_bucket_policy").map(|mut t| {
        let reference = t.req("policy");
        t.done();
        reference
    });
    let left: Vec<&String> = settings.keys().collect();
    assert!(
        left.is_empty(),
        "bucket settings the parity model does not know: {left:?}"
    );
    json!({
        "name": bucket_name,
        "versioning": versioning,
        "public_access_block": pab,
        "ownership": ownership,
        "encryption": encryption,
        "lifecycle": lifecycle,
        "metrics": metrics,
        "cors": cors,
        "logging": logging,
        "retain": retain,
        "policy": policy.map(|p| tf.policy(&p)),
        "policy_retained": policy_retained,
        "checkov_skips": skips,
    })
}

/// One job of the Terraform files, by its `aws_glue_job` name (`this`, `this_<job>`): the job, its
/// role, policy and attachments and its security configuration, named with the same suffix.
fn tf_job(tf: &mut Tf, tf_name: &str, bucket_ref: &str, data_bucket: &Value) -> (String, Value) {
    let suffix = tf_name
        .strip_prefix("this")
        .expect("a job name starts with this");
    // A further job's references carry its CloudFormation prefix (see common::normalize).
    let tag = match suffix.strip_prefix('_') {
        Some(job) => format!("[{}]", common::normalize::pascal(job)),
        None => String::new(),
    };
    let mut role = tf
        .take("aws_iam_role", &format!("glue{suffix}"))
        .expect("role");
    let trust = role.req("assume_role_policy");
    let role_name = role.req("name");
    role.done();
    // The job's own policy is attached as `glue`; AWS managed policies the spec opts into as
    // `glue_managed_N`.
    let mut job_policy_roles = Vec::new();
    let mut managed = Vec::new();
    let own = format!("glue{suffix}");
    let managed_prefix = format!("glue_managed{suffix}_");
    for n in tf.names_of("aws_iam_role_policy_attachment") {
        let managed_n = n.strip_prefix(&managed_prefix);
        let is_managed = managed_n.is_some_and(|i| i.parse::<u32>().is_ok());
        if n != own && !is_managed {
            continue;
        }
        let mut t = tf
            .take("aws_iam_role_policy_attachment", &n)
            .expect("attachment");
        let role = t.req("role");
        assert_eq!(role, format!("${{role_name{tag}}}").as_str());
        let arn = t.req("policy_arn");
        if n == own {
            assert_eq!(arn, format!("${{job_policy_arn{tag}}}").as_str());
            job_policy_roles.push(role);
        } else {
            managed.push(arn);
        }
        t.done();
    }
    let policy_skips = tf.skips_of("aws_iam_policy", &own);
    let mut policy = tf.take("aws_iam_policy", &own).expect("job policy");
    let document = policy.req("policy");
    let role_model = json!({
        "name": role_name,
        "trust": tf.policy(&trust),
        "managed": managed,
        "job_policy": {
            "name": policy.req("name"),
            "description": policy.req("description"),
            "roles": job_policy_roles,
            "policy": tf.policy(&document),
            "checkov_skips": policy_skips,
        },
    });
    policy.done();

    let security = tf.take("aws_glue_security_configuration", &format!("glue{suffix}")).map(|mut t| {
        let mut e = Take::new("encryption_configuration", &one(&t.req("encryption_configuration")));
        let cw = one(&e.req("cloudwatch_encryption"));
        let bm = one(&e.req("job_bookmarks_encryption"));
        let v = json!({
            "name": t.req("name"),
            "s3": list(&e.req("s3_encryption")).iter().map(|s| json!({"mode": s["s3_encryption_mode"], "key": s["kms_key_arn"]})).collect::<Vec<_>>(),
            "cloudwatch": {"mode": cw["cloudwatch_encryption_mode"], "key": cw["kms_key_arn"]},
            "bookmarks": {"mode": bm["job_bookmarks_encryption_mode"], "key": bm["kms_key_arn"]},
        });
        e.done();
        t.done();
        v
    });

    let job_skips = tf.skips_of("aws_glue_job", tf_name);
    let mut job = tf.take("aws_glue_job", tf_name).expect("job");
    job.opt("depends_on");
    let mut command = Take::new("command", &one(&job.req("command")));
    let mut job_model = json!({
        "name": job.req("name"),
        "description": job.req("description"),
        "role": job.req("role_arn"),
        "command": {
            "name": command.req("name"),
            "python_version": command.req("python_version"),
            "script_location": command.req("script_location"),
        },
        "glue_version": job.req("glue_version"),
        "worker_type": job.req("worker_type"),
        "workers": job.req("number_of_workers"),
        "timeout_minutes": job.req("timeout"),
        "max_retries": job.req("max_retries"),
        "execution_class": job.req("execution_class"),
        "max_concurrent_runs": one(&job.req("execution_property"))["max_concurrent_runs"],
        "notify_delay_after": one(&job.req("notification_property"))["notify_delay_after"],
        "security_configuration": job.opt("security_configuration"),
        "arguments": job.req("default_arguments"),
        "checkov_skips": job_skips,
    });
    command.done();
    job.done();

    // Terraform only: the uploads (CloudFormation's `package` uploads a local script; the rest
    // is copied as the README says).
    let bucket_name = data_bucket["name"].as_str().expect("name").to_owned();
    let mut take_upload = |name: &str| -> Option<(String, String)> {
        let mut upload = tf.take("aws_s3_object", &format!("{name}{suffix}"))?;
        assert_eq!(upload.req("bucket"), bucket_ref);
        let key = upload.req("key");
        let location = format!("s3://{bucket_name}/{}", key.as_str().expect("key"));
        let source = upload.req("source");
        let tree_path = source
            .as_str()
            .expect("source")
            .strip_prefix("${module_path}/../")
            .unwrap_or_else(|| panic!("{source} is not in the output tree's reach"))
            .to_owned();
        assert_eq!(
            upload.req("source_hash"),
            json!({"call": "filemd5", "args": [source]})
        );
        upload.opt("kms_key_id");
        upload.opt("depends_on");
        upload.done();
        Some((location, tree_path))
    };
    if let Some((location, tree_path)) = take_upload("script") {
        assert_eq!(job_model["command"]["script_location"], location.as_str());
        if !tree_path.starts_with("glue/") {
            // The team's script, beside the spec: CloudFormation names the same file.
            job_model["command"]["script_location"] = json!(format!("file:{tree_path}"));
        }
    }
    let extra_py_files = job_model["arguments"]["--extra-py-files"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    for name in ["runtime", "extra_py_files"] {
        if let Some((location, tree_path)) = take_upload(name) {
            assert!(tree_path.starts_with("glue/"), "{tree_path}");
            assert!(
                extra_py_files.split(',').any(|f| f == location),
                "{location} is uploaded but not in --extra-py-files: {extra_py_files}"
            );
        }
    }

    let name = job_model["name"].as_str().expect("job name").to_owned();
    (
        name,
        json!({"role": role_model, "security_configuration": security, "job": job_model}),
    )
}

/// A local `ScriptLocation` (relative to the template, for `aws cloudformation package`) as the
/// path from the output tree's root that Terraform's upload names; an S3 URI as it is.
fn cfn_script_location(location: Value) -> Value {
    match location.as_str().and_then(|l| l.strip_prefix("../")) {
        Some(tree_path) => json!(format!("file:{tree_path}")),
        None => location,
    }
}

fn terraform_model(files: &[RenderedFile]) -> Value {
    let main_text = file(files, "terraform/main.tf");
    let main = tf_file(main_text);
    let mut top = Take::new("main.tf", &main);
    let mut resources = BTreeMap::new();
    for (kind, named) in top.req("resource").as_object().expect("resources") {
        for (name, body) in named.as_object().expect("named") {
            resources.insert((kind.clone(), name.clone()), body.clone());
        }
    }
    let mut data = BTreeMap::new();
    for (kind, named) in top.req("data").as_object().expect("data") {
        for (name, body) in named.as_object().expect("named") {
            data.insert((kind.clone(), name.clone()), body.clone());
        }
    }
    top.done();
    let mut tf = Tf {
        resources,
        data,
        skips: tf_checkov_skips(main_text),
    };
    for source in ["aws_partition", "aws_region", "aws_caller_identity"] {
        let body = tf.data.remove(&(source.to_owned(), "current".to_owned()));
        assert_eq!(body, Some(json!({})), "data.{source}.current");
    }

    let (created, created_ref) = if tf
        .resources
        .contains_key(&("aws_s3_bucket".to_owned(), "working".to_owned()))
    {
        ("working", "${working_bucket}")
    } else {
        ("data", "${data_bucket}")
    };
    let data_bucket = tf_bucket(&mut tf, created, created_ref);
    let logs = tf_bucket(&mut tf, "access_logs", "${access_log_bucket}");

    let key = tf.take("aws_kms_key", "data").map(|mut t| {
        let retain = tf_retain(&mut t);
        let policy = t.req("policy");
        let v = json!({
            "description": t.req("description"),
            "rotation": t.req("enable_key_rotation"),
            "deletion_window_days": t.req("deletion_window_in_days"),
            "policy": tf.policy(&policy),
            "retain": retain,
        });
        t.done();
        v
    });
    let alias = tf.take("aws_kms_alias", "data").map(|mut t| {
        let v = json!({"name": t.req("name"), "target": t.req("target_key_id")});
        t.done();
        v
    });

    let mut log_groups: Vec<Value> = tf
        .names_of("aws_cloudwatch_log_group")
        .iter()
        .map(|n| {
            let skips = tf.skips_of("aws_cloudwatch_log_group", n);
            let mut t = tf.take("aws_cloudwatch_log_group", n).expect("log group");
            let v = json!({
                "name": t.req("name"),
                "retention_days": t.req("retention_in_days"),
                "kms_key": t.opt("kms_key_id"),
                "checkov_skips": skips,
            });
            t.done();
            v
        })
        .collect();
    log_groups.sort_by_key(|g| g["name"].to_string());

    let mut jobs = Map::new();
    for n in tf.names_of("aws_glue_job") {
        let (name, job) = tf_job(&mut tf, &n, created_ref, &data_bucket);
        jobs.insert(name, job);
    }

    let databases: Vec<Value> = tf
        .names_of("aws_glue_catalog_database")
        .iter()
        .map(|n| {
            let mut t = tf.take("aws_glue_catalog_database", n).expect("database");
            let v = json!({"name": t.req("name"), "description": t.req("description")});
            t.done();
            v
        })
        .collect();

    let tables: Vec<Value> = tf
        .names_of("aws_glue_catalog_table")
        .iter()
        .map(|n| {
            let mut t = tf.take("aws_glue_catalog_table", n).expect("table");
            let storage_value = one(&t.req("storage_descriptor"));
            let mut storage = Take::new("storage_descriptor", &storage_value);
            let serde_value = one(&storage.req("ser_de_info"));
            let mut serde = Take::new("ser_de_info", &serde_value);
            let keys: Vec<Value> = list(&t.opt("partition_keys"))
                .iter()
                .map(|k| json!({"name": k["name"], "type": k["type"]}))
                .collect();
            let v = json!({
                "name": t.req("name"),
                "database": t.req("database_name"),
                "description": t.req("description"),
                "table_type": t.req("table_type"),
                "parameters": t.req("parameters"),
                "partition_keys": keys,
                "location": storage.req("location"),
                "input_format": storage.req("input_format"),
                "output_format": storage.req("output_format"),
                "serde": serde.req("serialization_library"),
                "serde_parameters": serde.opt("parameters"),
            });
            // Terraform only: the columns the job's runs set are kept by later applies.
            let lifecycle = one(&t.req("lifecycle"));
            assert_eq!(
                lifecycle["ignore_changes"],
                json!([
                    "${parameters}",
                    "${storage_descriptor[0].columns}",
                    "${storage_descriptor[0].ser_de_info}"
                ]),
                "{n}"
            );
            serde.done();
            storage.done();
            t.done();
            v
        })
        .collect();

    let workflow = tf.take("aws_glue_workflow", "pipeline").map(|mut t| {
        let v = json!({
            "name": t.req("name"),
            "description": t.req("description"),
            "max_concurrent_runs": t.req("max_concurrent_runs"),
        });
        t.done();
        v
    });

    let mut dash = tf
        .take("aws_cloudwatch_dashboard", "this")
        .expect("dashboard");
    let dashboard =
        json!({"name": dash.req("dashboard_name"), "body": json_text(&dash.req("dashboard_body"))});
    dash.done();

    let mut alarms = Map::new();
    for n in tf.names_of("aws_cloudwatch_metric_alarm") {
        let mut t = tf.take("aws_cloudwatch_metric_alarm", &n).expect("alarm");
        let name = t.req("alarm_name").as_str().expect("alarm_name").to_owned();
        alarms.insert(
            name,
            json!({
                "description": t.req("alarm_description"),
                "namespace": t.req("namespace"),
                "metric": t.req("metric_name"),
                "dimensions": t.req("dimensions"),
                "statistic": t.req("statistic"),
                "period": t.req("period"),
                "evaluation_periods": t.req("evaluation_periods"),
                "datapoints_to_alarm": t.req("datapoints_to_alarm"),
                "threshold": number(&t.req("threshold")),
                "comparison": t.req("comparison_operator"),
                "treat_missing_data": t.req("treat_missing_data"),
                "actions": t.opt("alarm_actions"),
            }),
        );
        t.done();
    }

    let topic_skips = tf.skips_of("aws_sns_topic", "alarms");
    let topic = tf.take("aws_sns_topic", "alarms").map(|mut t| {
        let mut pol = tf
            .take("aws_sns_topic_policy", "alarms")
            .expect("topic policy");
        let policy = pol.req("policy");
        let v = json!({
            "name": t.req("name"),
            "kms_key": t.opt("kms_master_key_id"),
            "policy_topics": [pol.req("arn")],
            "policy": tf.policy(&policy),
            "checkov_skips": topic_skips,
        });
        pol.done();
        t.done();
        v
    });
    let subscription = tf.take("aws_sns_topic_subscription", "alarm_email").map(|mut t| {
        let v = json!({"topic": t.req("topic_arn"), "protocol": t.req("protocol"), "endpoint": t.req("endpoint")});
        t.done();
        v
    });
    // Each rule's target is the `aws_cloudwatch_event_target` of the same name.
    let mut rules = Map::new();
    for n in tf.names_of("aws_cloudwatch_event_rule") {
        let mut t = tf.take("aws_cloudwatch_event_rule", &n).expect("rule");
        let mut target = tf
            .take("aws_cloudwatch_event_target", &n)
            .unwrap_or_else(|| panic!("no target for rule {n}"));
        let rule_ref = target.req("rule");
        assert!(
            rule_ref.as_str().is_some_and(|r| r.contains("_rule")),
            "{n}: target names its rule by reference, not {rule_ref}"
        );
        let targets = vec![json!({"id": target.req("target_id"), "arn": target.req("arn")})];
        target.done();
        let name = t.req("name").as_str().expect("name").to_owned();
        rules.insert(
            name,
            json!({
                "description": t.req("description"),
                "state": t.req("state"),
                "pattern": json_text(&t.req("event_pattern")),
                "targets": targets,
            }),
        );
        t.done();
    }

    let mut triggers = Map::new();
    for n in tf.names_of("aws_glue_trigger") {
        let mut t = tf.take("aws_glue_trigger", &n).expect("trigger");
        let name = t.req("name").as_str().expect("name").to_owned();
        let actions: Vec<Value> = list(&t.req("actions"))
            .iter()
            .map(|a| {
                let mut a = Take::new("actions", a);
                let v = json!({"job_name": a.req("job_name")});
                a.done();
                v
            })
            .collect();
        let predicate = t.opt("predicate");
        let predicate = (!predicate.is_null()).then(|| {
            let mut pr = Take::new("predicate", &one(&predicate));
            let conditions: Vec<Value> = list(&pr.req("conditions"))
                .iter()
                .map(|c| {
                    let mut c = Take::new("conditions", c);
                    let v = json!({
                        "logical_operator": c.req("logical_operator"),
                        "job_name": c.req("job_name"),
                        "state": c.req("state"),
                    });
                    c.done();
                    v
                })
                .collect();
            let v = json!({"logical": pr.req("logical"), "conditions": conditions});
            pr.done();
            v
        });
        triggers.insert(
            name,
            json!({
                "description": t.req("description"),
                "type": t.req("type"),
                "workflow": t.opt("workflow_name"),
                "schedule": t.opt("schedule"),
                "predicate": predicate,
                "start_on_creation": t.req("start_on_creation"),
                "actions": actions,
            }),
        );
        t.done();
    }

    let left: Vec<String> = tf
        .resources
        .keys()
        .map(|(k, n)| format!("{k}.{n}"))
        .collect();
    assert!(
        left.is_empty(),
        "Terraform resources the parity model does not know: {left:?}"
    );
    let left: Vec<String> = tf
        .data
        .keys()
        .map(|(k, n)| format!("data.{k}.{n}"))
        .collect();
    assert!(
        left.is_empty(),
        "Terraform data sources nothing uses: {left:?}"
    );

    let outputs_tf = tf_file(file(files, "terraform/outputs.tf"));
    let outputs: Map<String, Value> = outputs_tf["output"]
        .as_object()
        .expect("outputs")
        .iter()
        .map(|(name, o)| {
            let mut o = Take::new(name.clone(), o);
            let v = json!({"description": o.req("description"), "value": o.req("value")});
            o.done();
            (name.clone(), v)
        })
        .collect();
    let versions = tf_file(file(files, "terraform/versions.tf"));
    let tags = one(&versions["provider"]["aws"]["default_tags"])["tags"].clone();

    json!({
        "buckets": {created: data_bucket, "access_logs": logs},
        "databases": databases,
        "tables": tables,
        "key": key, "key_alias": alias,
        "jobs": jobs,
        "workflow": workflow,
        "log_groups": log_groups,
        "dashboard": dashboard,
        "alarms": alarms,
        "topic": topic, "subscription": subscription, "rules": rules,
        "triggers": triggers,
        "outputs": outputs,
        "tags": tags,
    })
}

// ------------------------------------------------------------------ comparison

/// JSON paths where two models differ, with both values.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                differences(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}/{k}"),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{path}/{i}"), out);
            }
        }
        _ if a != b => out.push(format!(
            "{path}:\n  cloudformation: {a}\n  terraform:      {b}"
        )),
        _ => {}
    }
}

fn compare(cfn_files: &[RenderedFile], tf_files: &[RenderedFile]) -> Vec<String> {
    let c = cloudformation_model(file(cfn_files, "cloudformation/template.yaml"));
    let t = terraform_model(tf_files);
    let mut out = Vec::new();
    differences(&c, &t, "", &mut out);
    out
}

fn outputs_of(name: &str) -> (Vec<RenderedFile>, Vec<RenderedFile>) {
    (
        render_example(name, Target::Cloudformation),
        render_example(name, Target::Terraform),
    )
}

#[test]
fn cloudformation_and_terraform_describe_the_same_stack() {
    for name in EXAMPLES {
        let (c, t) = outputs_of(name);
        let diffs = compare(&c, &t);
        assert!(
            diffs.is_empty(),
            "{name}: the targets differ:\n{}",
            diffs.join("\n")
        );
    }
}

#[test]
fn the_model_covers_what_matters() {
    // A guard against a parity test that compares nothing: the model holds the values the issue
    // names, read from each target.
    let (c, t) = outputs_of("production");
    let model = terraform_model(&t);
    let cmodel = cloudformation_model(file(&c, "cloudformation/template.yaml"));
    for m in [&model, &cmodel] {
        assert!(m["alarms"].get("orders-enrichment-elapsed-time").is_none());
        let job = &m["jobs"]["orders-enrichment"];
        assert_eq!(job["job"]["notify_delay_after"], 120);
        assert_eq!(
            m["rules"]["orders-enrichment-running-late"]["pattern"]["detail-type"],
            json!(["Glue Job Run Status"])
        );
        assert_eq!(
            m["rules"]["orders-enrichment-running-late"]["targets"][0]["arn"],
            "${topic_arn}"
        );
        assert_eq!(job["role"]["job_policy"]["roles"], json!(["${role_name}"]));
        assert_eq!(
            m["alarms"]["orders-enrichment-jvm-heap-usage"]["period"],
            300
        );
        assert_eq!(
            m["buckets"]["data"]["lifecycle"][0]["transitions"][0]["days"],
            60
        );
        assert_eq!(
            m["buckets"]["data"]["encryption"][0]["kms_key"],
            "${key_arn}"
        );
        assert_eq!(
            m["buckets"]["data"]["logging"]["target_bucket"],
            "${access_log_bucket}"
        );
        assert_eq!(
            job["job"]["arguments"]["--source_path"],
            "s3://acme-prod-orders-lake/raw/orders/"
        );
        assert_eq!(m["log_groups"][0]["retention_days"], 365);
        assert_eq!(m["key"]["policy"][0]["resources"], json!(["*"]));
        assert_eq!(m["tags"]["team"], "data-platform");
        assert_eq!(
            m["outputs"]["bucket_arn"]["value"],
            "arn:${partition}:s3:::acme-prod-orders-lake"
        );
        assert_eq!(
            m["dashboard"]["body"]["widgets"][0]["properties"]["region"],
            "${region}"
        );
    }
}

#[test]
fn terraform_only_skips_match_the_resolved_model() {
    // The key policy is a data source only in Terraform; its skips come from the resolved model.
    let spec = sparkgen::validate::validate_text(
        &std::fs::read_to_string(example_path("seed")).expect("seed"),
    )
    .expect("valid");
    let stack = sparkgen::resolve::resolve(&spec, "examples/seed.yaml");
    let want: Vec<Value> = stack
        .key
        .expect("key")
        .policy
        .checkov_skips
        .iter()
        .map(|s| json!({"id": s.id, "reason": s.reason}))
        .collect();
    let (_, t) = outputs_of("seed");
    let skips = tf_checkov_skips(file(&t, "terraform/main.tf"));
    assert_eq!(skips["data.aws_iam_policy_document.data_key"], want);
    let data_skips: Vec<&String> = skips.keys().filter(|k| k.starts_with("data.")).collect();
    assert_eq!(data_skips, ["data.aws_iam_policy_document.data_key"]);
}

/// Replaces exactly one occurrence of `from` in one file.
fn edit(files: &[RenderedFile], path: &str, from: &str, to: &str) -> Vec<RenderedFile> {
    let mut files = files.to_vec();
    let f = files.iter_mut().find(|f| f.path == path).expect("file");
    assert_eq!(
        f.contents.matches(from).count(),
        1,
        "{from:?} must occur once in {path}"
    );
    f.contents = f.contents.replace(from, to);
    files
}

/// Each case edits one target's file (file, text, replacement) and must be reported at the JSON
/// path that starts with the fourth element.
fn assert_hand_edits_caught(
    c: &[RenderedFile],
    t: &[RenderedFile],
    cases: &[(&str, &str, &str, &str)],
) {
    for (path, from, to, want) in cases {
        let (c2, t2) = if *path == "cloudformation/template.yaml" {
            (edit(c, path, from, to), t.to_vec())
        } else {
            (c.to_vec(), edit(t, path, from, to))
        };
        let diffs = compare(&c2, &t2);
        assert!(
            diffs.iter().any(|d| d.starts_with(want)),
            "editing {from:?} -> {to:?} in {path} was not caught at {want}; differences: {diffs:#?}"
        );
    }
}

#[test]
fn a_hand_edit_of_one_target_breaks_parity() {
    let (c, t) = outputs_of("production");
    assert!(compare(&c, &t).is_empty());
    let cfn_path = "cloudformation/template.yaml";
    let tf_path = "terraform/main.tf";
    // (target, file, text, replacement, JSON path the test must name)
    let cases: &[(&str, &str, &str, &str)] = &[
        (tf_path, "notify_delay_after = 120", "notify_delay_after = 121", "/jobs/orders-enrichment/job/notify_delay_after"),
        (tf_path, "[\\\"Glue Job Run Status\\\"]", "[\\\"Glue Job State Change\\\"]", "/rules/orders-enrichment-running-late/pattern"),
        (tf_path, "period              = 300\n  evaluation_periods  = 2", "period              = 600\n  evaluation_periods  = 2", "/alarms/orders-enrichment-jvm-heap-usage/period"),
        (cfn_path, "ExpirationInDays: 365", "ExpirationInDays: 366", "/buckets/access_logs/lifecycle/0/expiration_days"),
        (cfn_path, "TransitionInDays: 60", "TransitionInDays: 90", "/buckets/data/lifecycle/0/transitions/0/days"),
        (tf_path, "\"s3://acme-prod-orders-lake/raw/orders/\"", "\"s3://acme-prod-orders-lake/raw/order/\"", "/jobs/orders-enrichment/job/arguments/--source_path"),
        (cfn_path, "glue-role/error\"\n      RetentionInDays: 365", "glue-role/error\"\n      RetentionInDays: 400", "/log_groups/0/retention_days"),
        (tf_path, "enable_key_rotation     = true", "enable_key_rotation     = false", "/key/rotation"),
        (cfn_path, "\"kms:ReEncrypt*\"]\n            Resource: [{\"Fn::GetAtt\": [\"DataKey\", \"Arn\"]}]\n          - Sid: \"AssociateKeyWithJobLogs\"", "\"kms:ReEncrypt*\", \"kms:CreateGrant\"]\n            Resource: [{\"Fn::GetAtt\": [\"DataKey\", \"Arn\"]}]\n          - Sid: \"AssociateKeyWithJobLogs\"", "/jobs/orders-enrichment/role/job_policy/policy"),
        (tf_path, "sse_algorithm = \"AES256\"", "sse_algorithm = \"aws:kms\"", "/buckets/access_logs/encryption/0/algorithm"),
        (tf_path, "dashboard_name = \"orders-enrichment-metrics\"", "dashboard_name = \"orders-enrichment-metric\"", "/dashboard/name"),
    ];
    assert_hand_edits_caught(&c, &t, cases);
}

/// The nightly example's trigger and execution class are read from both targets, and a hand edit
/// of either in one target is reported at its path.
#[test]
fn the_schedule_and_execution_class_are_at_parity() {
    let (c, t) = outputs_of("nightly");
    let cfn_path = "cloudformation/template.yaml";
    let tf_path = "terraform/main.tf";
    for m in [
        terraform_model(&t),
        cloudformation_model(file(&c, cfn_path)),
    ] {
        let trigger = &m["triggers"]["events-nightly-schedule"];
        assert_eq!(trigger["type"], "SCHEDULED");
        assert_eq!(trigger["schedule"], "cron(30 1 ? * MON-FRI *)");
        assert_eq!(trigger["start_on_creation"], true);
        assert_eq!(trigger["actions"], json!([{"job_name": "${job_name}"}]));
        let job = &m["jobs"]["events-nightly"]["job"];
        assert_eq!(job["execution_class"], "FLEX");
        assert_eq!(job["max_concurrent_runs"], 1);
    }
    assert!(compare(&c, &t).is_empty());
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            cfn_path,
            "Schedule: \"cron(30 1 ? * MON-FRI *)\"",
            "Schedule: \"cron(30 2 ? * MON-FRI *)\"",
            "/triggers/events-nightly-schedule/schedule",
        ),
        (
            tf_path,
            "start_on_creation = true",
            "start_on_creation = false",
            "/triggers/events-nightly-schedule/start_on_creation",
        ),
        (
            cfn_path,
            "ExecutionClass: FLEX",
            "ExecutionClass: STANDARD",
            "/jobs/events-nightly/job/execution_class",
        ),
    ];
    assert_hand_edits_caught(&c, &t, cases);
}

/// The pipeline example: every job, its own role, the workflow, its scheduled start, the
/// conditional trigger and its predicate, and the separately scheduled job, read from both targets;
/// a hand edit of the predicate or the workflow in one target is reported at its path.
#[test]
fn the_pipeline_jobs_triggers_and_workflow_are_at_parity() {
    let (c, t) = outputs_of("pipeline");
    let cfn_path = "cloudformation/template.yaml";
    let tf_path = "terraform/main.tf";
    for m in [
        terraform_model(&t),
        cloudformation_model(file(&c, cfn_path)),
    ] {
        let mut jobs: Vec<&String> = m["jobs"].as_object().expect("jobs").keys().collect();
        jobs.sort();
        assert_eq!(jobs, ["orders-compact", "orders-enrich", "orders-ingest"]);
        let enrich = &m["jobs"]["orders-enrich"];
        assert_eq!(enrich["role"]["name"], "orders-enrich-glue-role");
        assert_eq!(enrich["job"]["role"], "${role_arn[OrdersEnrich]}");
        assert_eq!(enrich["job"]["workers"], 4);
        assert_eq!(enrich["job"]["glue_version"], "5.0", "inherited");
        assert_eq!(
            m["jobs"]["orders-compact"]["job"]["execution_class"],
            "FLEX"
        );
        assert_eq!(m["workflow"]["name"], "orders-ingest-pipeline");
        assert_eq!(m["workflow"]["max_concurrent_runs"], 1);
        let start = &m["triggers"]["orders-ingest-schedule"];
        assert_eq!(start["type"], "SCHEDULED");
        assert_eq!(start["workflow"], "${workflow_name}");
        assert_eq!(start["schedule"], "cron(0 2 * * ? *)");
        assert_eq!(start["actions"], json!([{"job_name": "${job_name}"}]));
        let after = &m["triggers"]["orders-enrich-after-upstream"];
        assert_eq!(after["type"], "CONDITIONAL");
        assert_eq!(after["workflow"], "${workflow_name}");
        assert_eq!(after["start_on_creation"], true);
        assert_eq!(after["schedule"], Value::Null);
        assert_eq!(
            after["predicate"],
            json!({"logical": "AND", "conditions": [
                {"logical_operator": "EQUALS", "job_name": "${job_name}", "state": "SUCCEEDED"}
            ]})
        );
        assert_eq!(
            after["actions"],
            json!([{"job_name": "${job_name[OrdersEnrich]}"}])
        );
        let compact = &m["triggers"]["orders-compact-schedule"];
        assert_eq!(compact["workflow"], Value::Null, "outside the workflow");
        assert_eq!(compact["schedule"], "cron(0 4 ? * SUN *)");
        // One key, every job's role may use it.
        let key_users = &m["key"]["policy"][1]["principals"];
        assert_eq!(
            key_users,
            &json!([{"type": "AWS", "identifiers": [
                "${role_arn}", "${role_arn[OrdersEnrich]}", "${role_arn[OrdersCompact]}"
            ]}]),
            "{key_users}"
        );
    }
    assert!(compare(&c, &t).is_empty());
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            cfn_path,
            "State: SUCCEEDED",
            "State: FAILED",
            "/triggers/orders-enrich-after-upstream/predicate/conditions/0/state",
        ),
        (
            tf_path,
            "max_concurrent_runs = 1\n}",
            "max_concurrent_runs = 2\n}",
            "/workflow/max_concurrent_runs",
        ),
    ];
    assert_hand_edits_caught(&c, &t, cases);
}
