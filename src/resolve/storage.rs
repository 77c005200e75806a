use serde::Serialize;

use super::interp::Interp;
use super::policy::PolicyDocument;
use super::Names;
use crate::spec::{RemovalPolicy, Spec};

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
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
    pub policy: PolicyDocument,
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
    pub alias: String,
    pub description: String,
    /// Follows the bucket: a retained bucket's data is unreadable once its key is deleted.
    pub retain: bool,
    pub deletion_window_days: u32,
    pub policy: PolicyDocument,
}

pub(super) fn bucket(spec: &Spec) -> Bucket {
    let name = spec.bucket_name.clone();
    let rules = &spec.lifecycle_rules;
    Bucket {
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
        policy: PolicyDocument {
            statements: Vec::new(),
        },
        name,
    }
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
        alias: names.key_alias.clone(),
        description: format!(
            "sparkgen: encrypts the data, logs and bookmarks of Glue job {}",
            names.job
        ),
        retain: spec.removal_policy == RemovalPolicy::Retain,
        deletion_window_days: 30,
        policy: PolicyDocument {
            statements: Vec::new(),
        },
    }
}
