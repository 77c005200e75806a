//! Every cdk-nag (AwsSolutions pack) finding sparkgen's CloudFormation suppresses, and why, in one
//! place, like `checkov`. A suppression is printed into the resource's
//! `Metadata.cdk_nag.rules_to_suppress`, where cdk-nag reads it and a reviewer sees the reason.
//! cdk-nag reads CloudFormation only; Terraform has no counterpart.
//!
//! The rule is the same as for checkov: fix what can be fixed; suppress only where the rule does not
//! apply or the spec made a deliberate choice, and name that choice in the reason.

use serde::Serialize;

use super::interp::Interp;
use super::policy::PolicyDocument;
use crate::spec::Spec;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub id: &'static str,
    /// One line of plain text.
    pub reason: String,
    /// For granular rules (IAM5): the findings this covers, `Action::<action>` or
    /// `Resource::<resource>`; empty: every finding of the rule. CloudFormation prints each the
    /// way cdk-nag names it (`${AWS::Partition}` as `<AWS::Partition>`, a `Fn::GetAtt` as
    /// `<DataKey.Arn>`).
    pub applies_to: Vec<Interp>,
}

/// cdk-nag's rule against wildcards in an identity policy's Allow statements.
const WILDCARDS: &str = "AwsSolutions-IAM5";

fn suppress(id: &'static str, reason: impl Into<String>) -> Suppression {
    Suppression {
        id,
        reason: reason.into(),
        applies_to: Vec::new(),
    }
}

pub(super) fn role(spec: &Spec) -> Vec<Suppression> {
    if !spec.attach_aws_glue_service_role {
        return Vec::new();
    }
    vec![suppress(
        "AwsSolutions-IAM4",
        "attachAwsGlueServiceRole is true: the spec asks for the AWS managed \
         service-role/AWSGlueServiceRole besides the job's own least-privilege policy",
    )]
}

pub(super) fn job(spec: &Spec) -> Vec<Suppression> {
    if spec.enable_encryption {
        return Vec::new();
    }
    let why = "enableEncryption is false: without the customer-managed key there is no Glue \
               security configuration";
    vec![
        suppress(
            "AwsSolutions-GL1",
            format!("{why}; CloudWatch Logs encrypts the job's logs with its own keys"),
        ),
        suppress(
            "AwsSolutions-GL3",
            format!("{why}; Glue keeps job bookmarks in its own service storage"),
        ),
    ]
}

/// Every wildcard in the job policy's Allow statements, suppressed with the reason of the
/// statement it is in. A statement with a wildcard and no reason here is not suppressed, so the
/// cdk-nag gate fails until someone writes down why the wildcard is needed.
pub(super) fn job_policy(policy: &PolicyDocument) -> Vec<Suppression> {
    let mut out = Vec::new();
    for statement in policy.statements.iter().filter(|s| s.effect == "Allow") {
        let Some(reason) = wildcard_reason(&statement.sid) else {
            continue;
        };
        let actions = statement
            .actions
            .iter()
            .filter(|a| a.contains('*'))
            .map(|a| Interp::lit(format!("Action::{a}")));
        let resources = statement
            .resources
            .iter()
            .filter(|r| r.has_wildcard())
            .map(|r| Interp::lit("Resource::").join(r));
        let applies_to: Vec<Interp> = actions.chain(resources).collect();
        if !applies_to.is_empty() {
            out.push(Suppression {
                id: WILDCARDS,
                reason: reason.to_owned(),
                applies_to,
            });
        }
    }
    out
}

/// Why a statement of the job policy needs its wildcards, by `Sid`.
fn wildcard_reason(sid: &str) -> Option<&'static str> {
    Some(match sid {
        "ReadWriteDataObjects" => {
            "objects of the stack's own data bucket: the job's source and sink defaults, temp dir, \
             Spark UI event logs and script live there under names Spark and Glue choose at run time"
        }
        "ReadWriteWorkingObjects" => {
            "objects of the stack's own working bucket (existingBucket): the job's temp dir, Spark \
             UI event logs and uploaded script live there under names Spark and Glue choose at run \
             time"
        }
        "ReadSourceObjects" => {
            "objects under the spec's source folder only (source.path as a folder), whose file \
             names are the data's"
        }
        "WriteSinkObjects" => {
            "objects under the spec's sink folder only (sink.path as a folder), whose file names \
             Spark chooses at run time"
        }
        "WriteJobLogs" => {
            "log streams of the job's own log groups: Glue opens streams named after each run's id"
        }
        "WriteGlueDriverLogs" => {
            "Glue's own driver log groups for this job (Glue 4.0 and earlier) and their per-run \
             streams, whose names Glue chooses"
        }
        "AssociateKeyWithJobLogs" => {
            "Glue's encrypted driver log groups for this job's role and security configuration, \
             whose names Glue chooses under that prefix"
        }
        "PublishGlueMetrics" => {
            "cloudwatch:PutMetricData has no resource type; the cloudwatch:namespace condition \
             limits it to Glue's job metrics"
        }
        "UseDataKey" => {
            "on the stack's own key only: GenerateDataKey* and ReEncrypt* are the variants S3 \
             bucket keys and CloudWatch Logs call"
        }
        "ReadDataCatalog" => {
            "defaultArguments sets --enable-glue-datacatalog, making the Data Catalog the job's \
             Spark SQL metastore; which tables a query reads is the team's code, so it may read \
             any, and change none"
        }
        _ => return None,
    })
}
