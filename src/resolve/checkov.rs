//! Every checkov check sparkgen's output skips, and why, in one place. A skip is decided here, from
//! the spec, and printed next to its resource by both templates (CloudFormation
//! `Metadata.checkov.skip`, Terraform `#checkov:skip=ID:reason`), so the reason is in the output a
//! reviewer reads and the two targets cannot skip different things.
//!
//! The rule: fix the infrastructure where it can be fixed (access logging, KMS, the Glue security
//! configuration); skip only where the check does not apply or where the spec made a deliberate choice,
//! and then name that choice (the spec key) in the reason.

use serde::Serialize;

use crate::spec::Spec;

/// A checkov check that does not apply to one resource, with the reason printed beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub id: &'static str,
    /// One line of plain text: it ends up in a Terraform comment.
    pub reason: String,
}

fn skip(id: &'static str, reason: impl Into<String>) -> Skip {
    Skip {
        id,
        reason: reason.into(),
    }
}

/// Cloudwatch Logs: a year of history, checkov's default.
const YEAR_OF_LOGS_DAYS: u32 = 365;

const NO_REPLICA: &str = "cross-Region replication needs a second bucket in another Region, \
     which this single-Region stack does not own; versioning is on, so replication can be added later";

pub(super) fn data_bucket(spec: &Spec, working: bool) -> Vec<Skip> {
    let mut skips = vec![
        skip("CKV_AWS_144", NO_REPLICA),
        skip(
            "CKV2_AWS_62",
            if working {
                "nothing consumes object events: the bucket holds sparkgen's uploaded script, \
                 the job's temp dir and Spark UI event logs"
            } else {
                "nothing consumes object events: the Glue job is started on demand or on a schedule \
                 and finds new data through job bookmarks"
            },
        ),
    ];
    if !spec.enable_encryption {
        skips.push(skip(
            "CKV_AWS_145",
            "enableEncryption is false: the spec chose SSE-S3 (AES256) over a customer-managed KMS key",
        ));
    }
    skips
}

pub(super) fn access_log_bucket(working: bool) -> Vec<Skip> {
    vec![
        skip(
            "CKV_AWS_18",
            if working {
                "this bucket receives the working bucket's S3 access logs; logging it into itself \
                 would log its own log deliveries"
            } else {
                "this bucket receives the data bucket's S3 access logs; logging it into itself would \
                 log its own log deliveries"
            },
        ),
        skip("CKV_AWS_144", NO_REPLICA),
        skip(
            "CKV2_AWS_62",
            "access logs are read on demand; nothing consumes their object events",
        ),
        skip(
            "CKV_AWS_145",
            "AWS documents SSE-S3 as the default encryption for S3 server access log destination \
             buckets; SSE-KMS is not supported there",
        ),
    ]
}

pub(super) fn log_group(spec: &Spec) -> Vec<Skip> {
    let mut skips = Vec::new();
    if !spec.enable_encryption {
        skips.push(skip(
            "CKV_AWS_158",
            "enableEncryption is false: the spec creates no KMS key; CloudWatch Logs encrypts the \
             group with its own keys",
        ));
    }
    if spec.log_retention_days < YEAR_OF_LOGS_DAYS {
        skips.push(skip(
            "CKV_AWS_338",
            format!(
                "logRetentionDays is {}: the spec keeps job logs for that long by choice; set 365 \
                 or more to keep a year",
                spec.log_retention_days
            ),
        ));
    }
    skips
}

pub(super) fn job(spec: &Spec) -> Vec<Skip> {
    if spec.enable_encryption {
        return Vec::new();
    }
    vec![skip(
        "CKV_AWS_195",
        "enableEncryption is false: without the customer-managed key there is no Glue security \
         configuration; job data in S3 is still encrypted with SSE-S3",
    )]
}

pub(super) fn topic(spec: &Spec) -> Vec<Skip> {
    if spec.enable_encryption {
        return Vec::new();
    }
    vec![skip(
        "CKV_AWS_26",
        "enableEncryption is false: the spec creates no KMS key, and CloudWatch alarms cannot \
         publish to a topic under the AWS managed SNS key",
    )]
}

/// The key policy as Terraform's `aws_iam_policy_document`, which checkov reads as an identity
/// policy. CloudFormation has no such resource: the policy is a property of the key.
pub(super) fn key_policy_document() -> Vec<Skip> {
    let key_policy = "a KMS key policy, where Resource * means this key only";
    vec![
        skip(
            "CKV_AWS_109",
            format!("{key_policy}; the account root administers the key as AWS's default key policy does"),
        ),
        skip(
            "CKV_AWS_111",
            format!("{key_policy}; every other grant names its principal and service"),
        ),
        skip(
            "CKV_AWS_356",
            format!("{key_policy}; a key policy cannot name the key's own ARN before it exists"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate_text;

    fn every_skip(spec: &Spec) -> Vec<Skip> {
        [
            data_bucket(spec, false),
            access_log_bucket(false),
            log_group(spec),
            job(spec),
            topic(spec),
            key_policy_document(),
        ]
        .concat()
    }

    #[test]
    fn reasons_are_one_printable_line() {
        let spec = validate_text("bucketName: abc\nglueJobName: j\nglueJobScript: s3://abc/j.py\n")
            .expect("valid");
        for s in every_skip(&spec) {
            assert!(s.id.starts_with("CKV"), "{s:?}");
            assert!(!s.reason.is_empty(), "{s:?}");
            assert!(
                s.reason.chars().all(|c| c == ' ' || c.is_ascii_graphic())
                    && !s.reason.contains('"'),
                "{s:?}"
            );
        }
    }

    #[test]
    fn deliberate_choices_name_their_spec_key() {
        let spec = validate_text("bucketName: abc\nglueJobName: j\nglueJobScript: s3://abc/j.py\n")
            .expect("valid");
        let reasons: Vec<String> = [log_group(&spec), job(&spec), topic(&spec)]
            .concat()
            .into_iter()
            .map(|s| s.reason)
            .collect();
        assert!(reasons
            .iter()
            .any(|r| r.starts_with("logRetentionDays is 30")));
        assert!(reasons
            .iter()
            .any(|r| r.starts_with("enableEncryption is false")));

        let year = validate_text(
            "bucketName: abc\nglueJobName: j\nglueJobScript: s3://abc/j.py\nenableEncryption: true\nlogRetentionDays: 365\n",
        )
        .expect("valid");
        assert!(log_group(&year).is_empty());
        assert!(job(&year).is_empty());
        assert!(topic(&year).is_empty());
    }
}
