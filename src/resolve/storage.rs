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

pub(super) fn bucket(spec: &Spec) -> Bucket {
    let name = spec.bucket_name.clone();
    let rules = &spec.lifecycle_rules;
    Bucket {
        id: ids::data_bucket(),
        arn: Interp::arn("s3", false, &name),
        objects_arn: Interp::arn("s3", false, &format!("{name}/*")),
        retain: spec.removal_policy == RemovalPolicy::Retain,
        kms: spec.enable_encryption,
        metrics_configuration: spec.enable_metrics.then(|| "EntireBucket".to_owned()),
        lifecycle: Lifecycle {
            transition_to_ia_days: rules.transition_to_infrequent_access_days,
            noncurrent_expiration_days: rules.noncurrent_version_expiration_days,
            abort_multipart_days: rules.abort_incomplete_multipart_upload_days,
        },
        cors: spec.cors_rules.iter().map(cors_rule).collect(),
        policy: PolicyDocument::default(),
        access_logging: AccessLogging {
            target_bucket: ids::access_log_bucket().name(),
            target_prefix: ACCESS_LOG_PREFIX.to_owned(),
        },
        checkov_skips: checkov::data_bucket(spec),
        name,
    }
}

/// Where the data bucket's access logs land in the access-log bucket.
pub(super) const ACCESS_LOG_PREFIX: &str = "access-logs/";

/// Access logs are kept a year, then expire.
const ACCESS_LOG_EXPIRATION_DAYS: u32 = 365;

pub(super) fn access_log_bucket(spec: &Spec) -> AccessLogBucket {
    let name = access_log_bucket_name(&spec.bucket_name);
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
        checkov_skips: checkov::access_log_bucket(),
        name,
    }
}

/// `{bucket}-access-logs`; when that is longer than S3's 63 characters, the bucket name is cut and
/// a hash of the whole name keeps two long names that share a beginning apart.
pub(super) fn access_log_bucket_name(bucket: &str) -> String {
    const SUFFIX: &str = "-access-logs";
    const MAX: usize = 63;
    if bucket.len() + SUFFIX.len() <= MAX {
        return format!("{bucket}{SUFFIX}");
    }
    let hash = format!("{:08x}", fnv1a(bucket.as_bytes()));
    // Validated bucket names are ASCII; the boundary search only keeps an invalid one from panicking.
    let mut keep = MAX - SUFFIX.len() - hash.len() - 1;
    while !bucket.is_char_boundary(keep) {
        keep -= 1;
    }
    let head = bucket[..keep].trim_end_matches(['-', '.']);
    format!("{head}-{hash}{SUFFIX}")
}

/// 32-bit FNV-1a: stable across platforms and releases, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
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
}
