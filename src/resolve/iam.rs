//! Every policy document of the stack. Least privilege: each statement names the one bucket, key or
//! log group it is about; `*` appears only where AWS has no narrower resource (a key policy's own key).

use super::checkov;
use super::interp::{Interp, Ref};
use super::job::{LogGroup, Script};
use super::pipeline::{Pipeline, S3Location};
use super::policy::{PolicyDocument, Statement};
use super::storage::{AccessLogBucket, Bucket};
use super::{Names, Role};

/// The AWS managed policy every Glue job role carries (Glue's own service calls, CloudWatch metrics).
const GLUE_SERVICE_ROLE_POLICY: &str = "service-role/AWSGlueServiceRole";

pub(super) fn role(
    names: &Names,
    bucket: &Bucket,
    script: &Script,
    pipeline: &Pipeline,
    log_groups: &[LogGroup],
    encrypted: bool,
) -> Role {
    let glue = Interp::lit("glue.amazonaws.com");
    let trust = Statement::allow("GlueAssumesRole", &["sts:AssumeRole"], Vec::new())
        .principal("Service", glue)
        .condition(
            "StringEquals",
            "aws:SourceAccount",
            vec![Interp::reference(Ref::AccountId)],
        );
    Role {
        name: names.role.clone(),
        arn: Interp::reference(Ref::RoleArn),
        trust_policy: PolicyDocument {
            statements: vec![trust],
            ..PolicyDocument::default()
        },
        managed_policy_arns: vec![Interp::lit("arn:")
            .then(Ref::Partition)
            .text(":iam::aws:policy/")
            .text(GLUE_SERVICE_ROLE_POLICY)],
        inline_policy_name: format!("{}-access", names.job),
        inline_policy: PolicyDocument {
            statements: role_statements(bucket, script, pipeline, log_groups, encrypted),
            ..PolicyDocument::default()
        },
    }
}

fn role_statements(
    bucket: &Bucket,
    script: &Script,
    pipeline: &Pipeline,
    log_groups: &[LogGroup],
    encrypted: bool,
) -> Vec<Statement> {
    let mut statements = vec![
        Statement::allow(
            "ListDataBucket",
            &["s3:GetBucketLocation", "s3:ListBucket"],
            vec![bucket.arn.clone()],
        ),
        Statement::allow(
            "ReadWriteDataObjects",
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
    statements.extend(data_flow_statements(&bucket.name, pipeline));
    statements.push(Statement::allow(
        "WriteJobLogs",
        &[
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
        ],
        log_groups
            .iter()
            .map(|g| g.arn.clone().text(":log-stream:*"))
            .collect(),
    ));
    if encrypted {
        statements.push(Statement::allow(
            "UseDataKey",
            &[
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            vec![Interp::reference(Ref::KeyArn)],
        ));
        // Glue associates the key with the log groups it creates for an encrypted job.
        statements.push(Statement::allow(
            "AssociateKeyWithGlueLogs",
            &["logs:AssociateKmsKey"],
            vec![glue_log_groups()],
        ));
    }
    statements
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
            vec![objects_under(&pipeline.source)],
        ));
    }
    if outside(&pipeline.sink) {
        statements.push(Statement::allow(
            "WriteSinkObjects",
            &["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            vec![objects_under(&pipeline.sink)],
        ));
    }
    statements
}

/// `bucket/prefix*`: the prefix without its trailing `/`, so the folder marker objects Glue's S3
/// file system writes beside a folder (`prefix_$folder$`) are covered too.
fn objects_under(location: &S3Location) -> Interp {
    let prefix = location.key.trim_end_matches('/');
    Interp::arn("s3", false, &format!("{}/{prefix}*", location.bucket))
}

/// Every log group Glue writes to in this account and region: the job's own groups and the
/// `/aws-glue/jobs-<role>-<security configuration>` groups Glue creates for encrypted jobs.
fn glue_log_groups() -> Interp {
    Interp::arn("logs", true, "log-group:/aws-glue/*")
}

pub(super) fn key_policy(topic_uses_key: bool) -> PolicyDocument {
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
        .principal("AWS", Interp::reference(Ref::RoleArn)),
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
        for (sid, service) in [
            ("CloudWatchAlarmsUseKey", "cloudwatch.amazonaws.com"),
            ("EventBridgeUsesKey", "events.amazonaws.com"),
        ] {
            statements.push(
                Statement::allow(sid, &["kms:Decrypt", "kms:GenerateDataKey*"], any())
                    .principal("Service", Interp::lit(service)),
            );
        }
    }
    PolicyDocument {
        statements,
        checkov_skips: checkov::key_policy_document(),
    }
}

/// TLS only: deny every request to the bucket that does not use HTTPS.
fn deny_insecure_transport(arn: &Interp, objects_arn: &Interp) -> Statement {
    Statement::deny(
        "DenyInsecureTransport",
        &["s3:*"],
        vec![arn.clone(), objects_arn.clone()],
    )
    .principal("AWS", Interp::lit("*"))
    .condition("Bool", "aws:SecureTransport", vec![Interp::lit("false")])
}

pub(super) fn bucket_policy(bucket: &Bucket) -> PolicyDocument {
    PolicyDocument {
        statements: vec![deny_insecure_transport(&bucket.arn, &bucket.objects_arn)],
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
            deny_insecure_transport(&logs.arn, &logs.objects_arn),
            deliver,
        ],
        ..PolicyDocument::default()
    }
}

/// Lets CloudWatch alarms and the failure rule publish to the stack's own topic.
pub(super) fn topic_policy(topic_arn: &Interp) -> PolicyDocument {
    let statements = [
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
        assert_eq!(resources(&s[1]), ["arn:${ref}:s3:::landing-zone/orders*"]);
        assert_eq!(s[1].actions, ["s3:GetObject"]);

        let p = pipeline("s3://shared-lake/in/", "s3://shared-lake/out/x/");
        let s = data_flow_statements("data-bucket", &p);
        assert_eq!(resources(&s[0]), ["arn:${ref}:s3:::shared-lake"]);
        assert_eq!(s[2].sid, "WriteSinkObjects");
        assert_eq!(resources(&s[2]), ["arn:${ref}:s3:::shared-lake/out/x*"]);
        assert_eq!(
            s[2].actions,
            ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
        );
    }
}
