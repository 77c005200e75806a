use serde::Serialize;

use super::checkov::{self, Skip};
use super::ids;
use super::interp::{Interp, ResourceId};
use super::policy::PolicyDocument;
use super::Names;
use crate::spec::{RemovalPolicy, Spec};

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// How values refer to it.
    pub id: ResourceId,
    /// What the bucket is for, as the Terraform section comment says it.
    pub title: String,
    /// The Terraform name of its policy document (`data.aws_iam_policy_document.NAME`).
    pub policy_document: String,
    pub name: String,
    pub arn: Interp,
    /// `arn/*`, for object-level statements.
    pub objects_arn: Interp,
    /// Retained on delete and on replacement.
    pub retain: bool,
    /// SSE-KMS with the stack's key and bucket keys; otherwise SSE-S3.
    pub kms: bool,
    /// The request metrics configuration id, when S3 request metrics are on.
    pub metrics_configuration: Option<String>,
    pub lifecycle: Lifecycle,
    pub cors: Vec<CorsRule>,
    /// Printed by `render::policies`, not read by templates.
    #[serde(skip)]
    pub policy: PolicyDocument,
    /// Server access logging into the stack's access-log bucket.
    pub access_logging: AccessLogging,
    pub checkov_skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessLogging {
    /// The access-log bucket's name, as a reference so the data bucket is created after it.
    pub target_bucket: Interp,
    /// Key prefix of the data bucket's log objects in the access-log bucket.
    pub target_prefix: String,
}

/// The dedicated bucket that receives the data bucket's S3 server access logs. It is hardened like the
/// data bucket (versioned, public access blocked, bucket owner enforced, TLS only) but encrypted with
/// SSE-S3, the encryption AWS documents for access-log destinations, and S3's log delivery service
/// may write only the data bucket's logs, only under the log prefix.
#[derive(Debug, Clone, Serialize)]
pub struct AccessLogBucket {
    pub id: ResourceId,
    pub name: String,
    pub arn: Interp,
    pub objects_arn: Interp,
    /// Follows the data bucket: the logs are the audit trail of retained data.
    pub retain: bool,
    /// Emptied when it is destroyed (removalPolicy destroy): it holds only logs S3 delivered, and
    /// S3 keeps delivering them, so it is never empty when the stack goes. Terraform's
    /// `force_destroy`; CloudFormation cannot empty a bucket (the README says to empty it first).
    pub force_destroy: bool,
    /// Log objects expire this many days after delivery.
    pub expiration_days: u32,
    pub noncurrent_expiration_days: u32,
    pub abort_multipart_days: u32,
    /// Printed by `render::policies`, not read by templates.
    #[serde(skip)]
    pub policy: PolicyDocument,
    pub checkov_skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lifecycle {
    pub transition_to_ia_days: u32,
    pub noncurrent_expiration_days: u32,
    pub abort_multipart_days: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorsRule {
    pub allowed_origins: Vec<String>,
    pub allowed_methods: Vec<String>,
    pub allowed_headers: Vec<String>,
    pub exposed_headers: Vec<String>,
    pub max_age: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Key {
    pub id: ResourceId,
    pub alias: String,
    pub description: String,
    /// Follows the bucket: a retained bucket's data is unreadable once its key is deleted.
    pub retain: bool,
    pub deletion_window_days: u32,
    /// Printed by `render::policies`, not read by templates.
    #[serde(skip)]
    pub policy: PolicyDocument,
}

/// The data bucket `bucketName`, as the role's statements and the outputs refer to it, whether the
/// stack creates it or it is the team's (`existingBucket`).
#[derive(Debug, Clone, Serialize)]
pub struct DataBucket {
    pub name: String,
    pub arn: Interp,
    /// The team's bucket: the stack neither creates nor configures it.
    pub existing: bool,
}

pub(super) fn data_bucket(spec: &Spec, managed: &Bucket) -> DataBucket {
    DataBucket {
        name: spec.bucket_name.clone(),
        arn: if spec.existing_bucket {
            Interp::arn("s3", false, &spec.bucket_name)
        } else {
            managed.arn.clone()
        },
        existing: spec.existing_bucket,
    }
}

/// The bucket the stack creates and hardens: the data bucket, or, when the data bucket is the
/// team's (`existingBucket`), the working bucket that holds sparkgen's own files (the uploaded
/// script, the temp dir, Spark UI event logs) with the same hardening and default lifecycle, and
/// none of the data bucket's optional settings (request metrics, CORS).
pub(super) fn bucket(spec: &Spec) -> Bucket {
    let name = spec.files_bucket();
    let rules = &spec.lifecycle();
    let working = spec.existing_bucket;
    let (id, title, policy_document) = if working {
        (
            ids::working_bucket(),
            format!(
                "Working bucket: sparkgen's script, temp dir and Spark UI logs (the data bucket {} is the team's and not managed here)",
                spec.bucket_name
            ),
            "working_bucket",
        )
    } else {
        (ids::data_bucket(), "Data bucket".to_owned(), "data_bucket")
    };
    Bucket {
        id,
        title,
        policy_document: policy_document.to_owned(),
        arn: Interp::arn("s3", false, &name),
        objects_arn: Interp::arn("s3", false, &format!("{name}/*")),
        retain: spec.removal_policy == RemovalPolicy::Retain,
        kms: spec.enable_encryption,
        metrics_configuration: (spec.enable_metrics && !working).then(|| "EntireBucket".to_owned()),
        lifecycle: Lifecycle {
            transition_to_ia_days: rules.transition_to_infrequent_access_days,
            noncurrent_expiration_days: rules.noncurrent_version_expiration_days,
            abort_multipart_days: rules.abort_incomplete_multipart_upload_days,
        },
        cors: if working {
            Vec::new()
        } else {
            spec.cors_rules.iter().map(cors_rule).collect()
        },
        policy: PolicyDocument::default(),
        access_logging: AccessLogging {
            target_bucket: ids::access_log_bucket().name(),
            target_prefix: ACCESS_LOG_PREFIX.to_owned(),
        },
        checkov_skips: checkov::data_bucket(spec, working),
        name,
    }
}

/// Where the data bucket's access logs land in the access-log bucket.
pub(super) const ACCESS_LOG_PREFIX: &str = "access-logs/";

/// Access logs are kept a year, then expire.
const ACCESS_LOG_EXPIRATION_DAYS: u32 = 365;

pub(super) fn access_log_bucket(spec: &Spec) -> AccessLogBucket {
    let name = access_log_bucket_name(&spec.files_bucket());
    AccessLogBucket {
        id: ids::access_log_bucket(),
        arn: Interp::arn("s3", false, &name),
        objects_arn: Interp::arn("s3", false, &format!("{name}/*")),
        retain: spec.removal_policy == RemovalPolicy::Retain,
        force_destroy: spec.removal_policy == RemovalPolicy::Destroy,
        expiration_days: ACCESS_LOG_EXPIRATION_DAYS,
        noncurrent_expiration_days: 30,
        abort_multipart_days: 7,
        policy: PolicyDocument::default(),
        checkov_skips: checkov::access_log_bucket(spec.existing_bucket),
        name,
    }
}

/// `{bucket}-access-logs`, shortened with a hash past S3's 63 characters.
pub(super) fn access_log_bucket_name(bucket: &str) -> String {
    crate::spec::derived_bucket_name(bucket, "-access-logs")
}

fn cors_rule(rule: &crate::spec::CorsRule) -> CorsRule {
    let methods = rule
        .allowed_methods
        .iter()
        .map(|m| m.as_str().to_owned())
        .collect();
    CorsRule {
        allowed_origins: rule.allowed_origins.clone(),
        allowed_methods: methods,
        allowed_headers: rule.allowed_headers.clone(),
        exposed_headers: rule.exposed_headers.clone(),
        max_age: rule.max_age,
    }
}

pub(super) fn key(spec: &Spec, names: &Names) -> Key {
    Key {
        id: ids::data_key(),
        alias: names.key_alias.clone(),
        description: format!(
            "sparkgen: encrypts the data, logs and bookmarks of Glue job {}",
            names.job
        ),
        retain: spec.removal_policy == RemovalPolicy::Retain,
        deletion_window_days: 30,
        policy: PolicyDocument::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::rules::bucket_name_problem;

    #[test]
    fn access_log_bucket_name_fits_s3_rules() {
        assert_eq!(access_log_bucket_name("abc"), "abc-access-logs");
        let long = "a".repeat(51);
        assert_eq!(access_log_bucket_name(&long), format!("{long}-access-logs"));
        for name in [
            "b".repeat(52),
            "c".repeat(63),
            format!("{}.{}", "d".repeat(40), "e".repeat(22)),
            format!("{}-.x{}", "f".repeat(39), "g".repeat(20)),
        ] {
            let logs = access_log_bucket_name(&name);
            assert!(logs.len() <= 63, "{logs}");
            assert!(bucket_name_problem(&logs).is_none(), "{logs}");
        }
        assert_ne!(
            access_log_bucket_name(&format!("{}1", "h".repeat(62))),
            access_log_bucket_name(&format!("{}2", "h".repeat(62)))
        );
    }

    #[test]
    fn working_bucket_name_fits_s3_rules() {
        use crate::spec::{derived_bucket_name, WORKING_BUCKET_SUFFIX};
        assert_eq!(
            derived_bucket_name("acme-lake", WORKING_BUCKET_SUFFIX),
            "acme-lake-sparkgen"
        );
        for name in [
            "i".repeat(63),
            format!("{}.{}", "j".repeat(50), "k".repeat(12)),
        ] {
            let working = derived_bucket_name(&name, WORKING_BUCKET_SUFFIX);
            assert!(working.len() <= 63, "{working}");
            assert!(bucket_name_problem(&working).is_none(), "{working}");
            let logs = access_log_bucket_name(&working);
            assert!(bucket_name_problem(&logs).is_none(), "{logs}");
        }
    }
}
