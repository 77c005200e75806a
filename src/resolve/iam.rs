//! Every policy document of the stack. Least privilege: each statement names the one bucket, key or
//! log group it is about; `*` appears only where AWS has no narrower resource (a key policy's own key).

use super::checkov;
use super::ids;
use super::interp::{Interp, Ref};
use super::job::{LogGroup, Script};
use super::nag;
use super::pipeline::{Pipeline, S3Location};
use super::policy::{PolicyDocument, Statement};
use super::storage::{AccessLogBucket, Bucket};
use super::{JobPolicy, Names, Role};
use crate::spec::Spec;

/// The AWS managed policy teams may opt into (`attachAwsGlueServiceRole`). It grants `glue:*` on
/// every resource, `s3:*Object` on every `aws-glue-*` bucket and EC2 network interfaces, far more
/// than a job needs, so sparkgen grants the job's own needs instead.
const GLUE_SERVICE_ROLE_POLICY: &str = "service-role/AWSGlueServiceRole";

/// CloudWatch namespace Glue publishes job metrics to; the only one the role may write.
const GLUE_METRIC_NAMESPACE: &str = crate::catalog::GLUE_METRIC_NAMESPACE;

/// The job argument that makes the Data Catalog the job's Spark SQL metastore.
const DATA_CATALOG_ARGUMENT: &str = "--enable-glue-datacatalog";

/// What the job touches at run time, which the role's policy grants and nothing more.
pub(super) struct JobAccess<'a> {
    pub bucket: &'a Bucket,
    pub script: &'a Script,
    pub pipeline: &'a Pipeline,
    /// Groups the stack creates and Glue writes the job's logs to.
    pub log_groups: &'a [LogGroup],
    /// Groups Glue writes to that the stack does not own (names, possibly ending in `/*`).
    pub glue_owned_log_groups: &'a [String],
    /// `s3://` URIs of Python code the job loads: `extraPyFiles` and `pythonModules` wheels.
    pub libraries: &'a [String],
    pub encrypted: bool,
}

pub(super) fn role(spec: &Spec, names: &Names, access: JobAccess) -> Role {
    let glue = Interp::lit("glue.amazonaws.com");
    let trust = Statement::allow("GlueAssumesRole", &["sts:AssumeRole"], Vec::new())
        .principal("Service", glue)
        .condition(
            "StringEquals",
            "aws:SourceAccount",
            vec![Interp::reference(Ref::AccountId)],
        );
    let managed_policy_arns = if spec.attach_aws_glue_service_role {
        vec![Interp::lit("arn:")
            .then(Ref::Partition)
            .text(":iam::aws:policy/")
            .text(GLUE_SERVICE_ROLE_POLICY)]
    } else {
        Vec::new()
    };
    let reads_catalog = spec.default_arguments.contains_key(DATA_CATALOG_ARGUMENT);
    let mut statements = role_statements(&access, reads_catalog);
    statements.extend(foreign_key_statements(spec));
    if let Some(table) = &access.pipeline.catalog {
        statements.push(register_table(table));
    }
    let policy = PolicyDocument {
        statements,
        ..PolicyDocument::default()
    };
    let id = names.ids.role();
    Role {
        arn: id.arn(),
        id,
        name: names.role.clone(),
        trust_policy: PolicyDocument {
            statements: vec![trust],
            ..PolicyDocument::default()
        },
        managed_policy_arns,
        job_policy: JobPolicy {
            name: names.role_policy.clone(),
            description: format!(
                "What Glue job {} does at run time, managed by sparkgen",
                names.job
            ),
            nag_suppressions: nag::job_policy(&policy),
            document: policy,
        },
        nag_suppressions: nag::role(spec),
    }
}

/// Each statement is one thing the job does at run time, named by its `Sid`; the README's
/// "Permissions" table gives the AWS page behind each.
fn role_statements(access: &JobAccess, reads_catalog: bool) -> Vec<Statement> {
    let JobAccess {
        bucket,
        script,
        pipeline,
        log_groups,
        glue_owned_log_groups,
        libraries,
        encrypted,
    } = access;
    // The data bucket the stack creates holds the source and sink defaults, the temp dir, Spark
    // UI event logs and an uploaded script; the working bucket (`existingBucket`) the same but the
    // data, which the data flow statements grant on the team's bucket, prefix by prefix.
    let (list, objects) = if bucket.id == ids::working_bucket() {
        ("ListWorkingBucket", "ReadWriteWorkingObjects")
    } else {
        ("ListDataBucket", "ReadWriteDataObjects")
    };
    let mut statements = vec![
        Statement::allow(
            list,
            &["s3:GetBucketLocation", "s3:ListBucket"],
            vec![bucket.arn.clone()],
        ),
        Statement::allow(
            objects,
            &["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            vec![bucket.objects_arn.clone()],
        ),
    ];
    if script.upload.is_none() {
        if let Some(object) = script.s3_uri.strip_prefix("s3://") {
            statements.push(Statement::allow(
                "ReadJobScript",
                &["s3:GetObject"],
                vec![Interp::arn("s3", false, object)],
            ));
        }
    }
    // Glue fetches `--extra-py-files` and pip fetches an `s3://` wheel with the job's role; in
    // the data bucket the statement above covers them.
    let libraries: Vec<Interp> = libraries
        .iter()
        .filter_map(|uri| uri.strip_prefix("s3://"))
        .filter(|object| object.split('/').next() != Some(bucket.name.as_str()))
        .map(|object| Interp::arn("s3", false, object))
        .collect();
    if !libraries.is_empty() {
        statements.push(Statement::allow(
            "ReadPythonLibraries",
            &["s3:GetObject"],
            libraries,
        ));
    }
    statements.extend(data_flow_statements(&bucket.name, pipeline));
    // The stack creates the job's groups, but Glue's log writer may still ask to create them
    // before writing; granting that on the exact group costs nothing and avoids a denied call.
    statements.push(Statement::allow(
        "WriteJobLogs",
        LOG_WRITING,
        log_groups
            .iter()
            .flat_map(|g| group_and_streams(g.arn.clone()))
            .collect(),
    ));
    if !glue_owned_log_groups.is_empty() {
        // Glue creates these account-wide groups on a job's first run if they do not exist.
        statements.push(Statement::allow(
            "WriteGlueDriverLogs",
            LOG_WRITING,
            glue_owned_log_groups
                .iter()
                .flat_map(|name| {
                    let group = Interp::arn("logs", true, &format!("log-group:{name}"));
                    // A family of groups (`prefix/*`) already covers their streams.
                    if name.ends_with('*') {
                        vec![group]
                    } else {
                        group_and_streams(group).to_vec()
                    }
                })
                .collect(),
        ));
    }
    statements.push(
        Statement::allow(
            "PublishGlueMetrics",
            &["cloudwatch:PutMetricData"],
            vec![
                // PutMetricData has no resource type; the namespace condition is its scope.
                Interp::lit("*"),
            ],
        )
        .condition(
            "StringEquals",
            "cloudwatch:namespace",
            vec![Interp::lit(GLUE_METRIC_NAMESPACE)],
        ),
    );
    if *encrypted {
        statements.push(Statement::allow(
            "UseDataKey",
            &[
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            vec![ids::data_key().arn()],
        ));
        // Glue associates the security configuration's key with the groups it writes to;
        // without this, continuous logging is turned off.
        statements.push(Statement::allow(
            "AssociateKeyWithJobLogs",
            &["logs:AssociateKmsKey"],
            log_groups
                .iter()
                .map(|g| g.arn.clone())
                .chain(
                    glue_owned_log_groups
                        .iter()
                        .map(|name| Interp::arn("logs", true, &format!("log-group:{name}"))),
                )
                .collect(),
        ));
    }
    if reads_catalog {
        statements.push(Statement::allow(
            "ReadDataCatalog",
            &[
                "glue:BatchGetPartition",
                "glue:GetDatabase",
                "glue:GetDatabases",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:GetTable",
                "glue:GetTables",
                "glue:GetUserDefinedFunction",
                "glue:GetUserDefinedFunctions",
            ],
            [
                "catalog",
                "database/*",
                "table/*/*",
                "userDefinedFunction/*/*",
            ]
            .iter()
            .map(|resource| Interp::arn("glue", true, resource))
            .collect(),
        ));
    }
    statements
}

/// A source or sink bucket encrypted with a key of the team's (`source.kmsKeyArn`,
/// `sink.kmsKeyArn`): reading an SSE-KMS object needs `kms:Decrypt`; writing one needs
/// `kms:GenerateDataKey`, and a multipart upload (which Spark's S3 writer makes of large files)
/// also `kms:Decrypt` (S3 guide, "Multipart upload API and permissions").
fn foreign_key_statements(spec: &Spec) -> Vec<Statement> {
    let mut statements = Vec::new();
    if let Some(key) = &spec.source.kms_key_arn {
        statements.push(Statement::allow(
            "DecryptSourceObjects",
            &["kms:Decrypt"],
            vec![Interp::lit(key)],
        ));
    }
    if let Some(key) = &spec.sink.kms_key_arn {
        statements.push(Statement::allow(
            "EncryptSinkObjects",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![Interp::lit(key)],
        ));
    }
    statements
}

/// What Glue's catalog sink does with `enableUpdateCatalog` and `UPDATE_IN_DATABASE` on the one
/// table: read the database and table, create the table on the first run, update its schema, and
/// look up and add partitions. Each call is authorised on the catalog, the database and the table.
fn register_table(table: &super::data_catalog::SinkTable) -> Statement {
    Statement::allow(
        "RegisterSinkTable",
        &[
            "glue:BatchCreatePartition",
            "glue:BatchGetPartition",
            "glue:CreateTable",
            "glue:GetDatabase",
            "glue:GetPartition",
            "glue:GetPartitions",
            "glue:GetTable",
            "glue:UpdateTable",
        ],
        table.arns.clone(),
    )
}

const LOG_WRITING: &[&str] = &[
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
];

/// A log group's ARN and its `:*` form: CloudWatch Logs authorises `CreateLogGroup` on the group
/// and stream calls on `group:log-stream:NAME`, which `group:*` covers. Group names cannot
/// contain `:`, so `group:*` never reaches another group.
fn group_and_streams(group: Interp) -> [Interp; 2] {
    [group.clone(), group.text(":*")]
}

/// Reading the source and writing the sink where they lie outside the data bucket (inside it, the
/// data bucket statements cover them): listing their buckets, objects under their prefixes only.
fn data_flow_statements(data_bucket: &str, pipeline: &Pipeline) -> Vec<Statement> {
    let outside = |l: &S3Location| l.bucket != data_bucket;
    let mut buckets: Vec<&str> = [&pipeline.source, &pipeline.sink]
        .into_iter()
        .filter(|l| outside(l))
        .map(|l| l.bucket.as_str())
        .collect();
    buckets.dedup();
    if buckets.is_empty() {
        return Vec::new();
    }
    let mut statements = vec![Statement::allow(
        "ListDataFlowBuckets",
        &["s3:GetBucketLocation", "s3:ListBucket"],
        buckets
            .iter()
            .map(|b| Interp::arn("s3", false, b))
            .collect(),
    )];
    if outside(&pipeline.source) {
        statements.push(Statement::allow(
            "ReadSourceObjects",
            &["s3:GetObject"],
            objects_under(&pipeline.source),
        ));
    }
    if outside(&pipeline.sink) {
        statements.push(Statement::allow(
            "WriteSinkObjects",
            &["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            objects_under(&pipeline.sink),
        ));
    }
    statements
}

/// The objects under a folder (`bucket/prefix/*`) and the folder marker object Glue's S3 file
/// system may write beside it (`bucket/prefix_$folder$`). Never `prefix*`: that would also reach a
/// sibling folder such as `prefix-archive/`.
fn objects_under(location: &S3Location) -> Vec<Interp> {
    let folder = location.key.trim_end_matches('/');
    vec![
        Interp::arn("s3", false, &format!("{}/{folder}/*", location.bucket)),
        Interp::arn(
            "s3",
            false,
            &format!("{}/{folder}_$folder$", location.bucket),
        ),
    ]
}

/// Every log group under `/aws-glue/`: where CloudWatch Logs may use the key (the key policy's
/// encryption-context condition), the job's own groups and Glue's encrypted groups among them.
fn glue_log_groups() -> Interp {
    Interp::arn("logs", true, "log-group:/aws-glue/*")
}

pub(super) fn key_policy(job_roles: &[Interp], topic_uses_key: bool) -> PolicyDocument {
    let any = || vec![Interp::lit("*")];
    let root = Interp::lit("arn:")
        .then(Ref::Partition)
        .text(":iam::")
        .then(Ref::AccountId)
        .text(":root");
    let mut statements = vec![
        // Without this the key becomes unmanageable; in a key policy `*` means this key.
        Statement::allow("AccountAdministersKey", &["kms:*"], any()).principal("AWS", root),
        Statement::allow(
            "GlueRoleUsesKey",
            &[
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            any(),
        )
        .principals("AWS", job_roles.to_vec()),
        Statement::allow(
            "CloudWatchLogsUsesKey",
            &[
                "kms:Decrypt*",
                "kms:Describe*",
                "kms:Encrypt*",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            any(),
        )
        .principal(
            "Service",
            Interp::lit("logs.")
                .then(Ref::Region)
                .text(".")
                .then(Ref::UrlSuffix),
        )
        .condition(
            "ArnLike",
            "kms:EncryptionContext:aws:logs:arn",
            vec![glue_log_groups()],
        ),
    ];
    if topic_uses_key {
        let publish_encrypted = &["kms:Decrypt", "kms:GenerateDataKey*"];
        // CloudWatch alarms call KMS with the alarm's account as source (AWS's "configure an
        // alarm with an encrypted topic" guide conditions this grant), so the grant is scoped to
        // this account like the topic policy.
        statements.push(
            Statement::allow("CloudWatchAlarmsUseKey", publish_encrypted, any())
                .principal("Service", Interp::lit("cloudwatch.amazonaws.com"))
                .condition(
                    "StringEquals",
                    "aws:SourceAccount",
                    vec![Interp::reference(Ref::AccountId)],
                ),
        );
        // EventBridge's delivery to an encrypted topic is documented with an unconditioned grant
        // (SNS key management, "compatibility with AWS services"); a source condition its request
        // may not carry would drop every event silently, so none is added.
        statements.push(
            Statement::allow("EventBridgeUsesKey", publish_encrypted, any())
                .principal("Service", Interp::lit("events.amazonaws.com")),
        );
    }
    PolicyDocument {
        statements,
        checkov_skips: checkov::key_policy_document(),
    }
}

/// TLS only: deny every request to the bucket (named by reference) that does not use HTTPS.
fn deny_insecure_transport(arn: Interp) -> Statement {
    Statement::deny(
        "DenyInsecureTransport",
        &["s3:*"],
        vec![arn.clone(), arn.text("/*")],
    )
    .principal("AWS", Interp::lit("*"))
    .condition("Bool", "aws:SecureTransport", vec![Interp::lit("false")])
}

pub(super) fn bucket_policy(bucket: &Bucket) -> PolicyDocument {
    PolicyDocument {
        statements: vec![deny_insecure_transport(bucket.id.arn())],
        ..PolicyDocument::default()
    }
}

/// TLS only, and S3's log delivery service may put the data bucket's access logs (and nothing
/// else) under the log prefix. With bucket-owner-enforced ownership, a bucket policy is the only way
/// to grant log delivery; ACL grants are ignored.
pub(super) fn access_log_bucket_policy(logs: &AccessLogBucket, data: &Bucket) -> PolicyDocument {
    let deliver = Statement::allow(
        "S3ServerAccessLogDelivery",
        &["s3:PutObject"],
        vec![Interp::arn(
            "s3",
            false,
            &format!("{}/{}*", logs.name, data.access_logging.target_prefix),
        )],
    )
    .principal("Service", Interp::lit("logging.s3.amazonaws.com"))
    .condition("ArnLike", "aws:SourceArn", vec![data.arn.clone()])
    .condition(
        "StringEquals",
        "aws:SourceAccount",
        vec![Interp::reference(Ref::AccountId)],
    );
    PolicyDocument {
        statements: vec![
            deny_insecure_transport(ids::access_log_bucket().arn()),
            deliver,
        ],
        ..PolicyDocument::default()
    }
}

/// Lets CloudWatch alarms and the event rules publish to the stack's own topic, from this account,
/// and refuses publishing over plain HTTP.
pub(super) fn topic_policy(topic_arn: &Interp) -> PolicyDocument {
    let mut statements: Vec<Statement> = [
        ("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com"),
        ("EventBridgePublishes", "events.amazonaws.com"),
    ]
    .into_iter()
    .map(|(sid, service)| {
        Statement::allow(sid, &["sns:Publish"], vec![topic_arn.clone()])
            .principal("Service", Interp::lit(service))
            .condition(
                "StringEquals",
                "aws:SourceAccount",
                vec![Interp::reference(Ref::AccountId)],
            )
    })
    .collect();
    statements.push(
        Statement::deny(
            "DenyInsecureTransport",
            &["sns:Publish"],
            vec![topic_arn.clone()],
        )
        .principal("AWS", Interp::lit("*"))
        .condition("Bool", "aws:SecureTransport", vec![Interp::lit("false")]),
    );
    PolicyDocument {
        statements,
        ..PolicyDocument::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::interp::Part;

    fn pipeline(source: &str, sink: &str) -> Pipeline {
        let text = format!(
            "bucketName: data-bucket\nglueJobName: job\nglueJobScript: s3://data-bucket/job.py\n\
             source: {{path: '{source}'}}\nsink: {{path: '{sink}'}}\n"
        );
        let spec = crate::validate::validate_text(&text).unwrap_or_else(|d| panic!("{d:?}"));
        super::super::pipeline::pipeline(&spec)
    }

    fn resources(statement: &Statement) -> Vec<String> {
        statement
            .resources
            .iter()
            .map(|r| {
                r.interp
                    .iter()
                    .map(|p| match p {
                        Part::Lit(text) => text.clone(),
                        Part::Ref(_) => "${ref}".to_owned(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_path_without_its_slash_reaches_no_sibling_folder() {
        let p = pipeline("s3://data-bucket/in/", "s3://acme-lake/orders");
        let s = data_flow_statements("data-bucket", &p);
        let sink = s.iter().find(|s| s.sid == "WriteSinkObjects");
        let granted = sink.map(resources).unwrap_or_default();
        assert_eq!(
            granted,
            [
                "arn:${ref}:s3:::acme-lake/orders/*",
                "arn:${ref}:s3:::acme-lake/orders_$folder$"
            ]
        );
        assert!(granted.iter().all(|r| !r.contains("orders*")));
    }

    #[test]
    fn data_bucket_paths_need_no_more_statements() {
        let p = pipeline("s3://data-bucket/in/", "s3://data-bucket/out/");
        assert!(data_flow_statements("data-bucket", &p).is_empty());
    }

    #[test]
    fn outside_paths_get_scoped_statements() {
        let p = pipeline("s3://landing-zone/orders/", "s3://data-bucket/out/");
        let s = data_flow_statements("data-bucket", &p);
        let sids: Vec<&str> = s.iter().map(|s| s.sid.as_str()).collect();
        assert_eq!(sids, ["ListDataFlowBuckets", "ReadSourceObjects"]);
        assert_eq!(resources(&s[0]), ["arn:${ref}:s3:::landing-zone"]);
        assert_eq!(
            resources(&s[1]),
            [
                "arn:${ref}:s3:::landing-zone/orders/*",
                "arn:${ref}:s3:::landing-zone/orders_$folder$"
            ]
        );
        assert_eq!(s[1].actions, ["s3:GetObject"]);

        let p = pipeline("s3://shared-lake/in/", "s3://shared-lake/out/x/");
        let s = data_flow_statements("data-bucket", &p);
        assert_eq!(resources(&s[0]), ["arn:${ref}:s3:::shared-lake"]);
        assert_eq!(s[2].sid, "WriteSinkObjects");
        assert_eq!(
            resources(&s[2]),
            [
                "arn:${ref}:s3:::shared-lake/out/x/*",
                "arn:${ref}:s3:::shared-lake/out/x_$folder$"
            ]
        );
        assert_eq!(
            s[2].actions,
            ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
        );
    }
}
