//! Rules about fitting into a lake a team already has: a data bucket that exists (`existingBucket`),
//! source and sink buckets encrypted with the team's keys (`kmsKeyArn`), and the Data Catalog
//! table a job registers its sink as (`catalog`).

use super::{error, JobScope};
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::{Spec, WriteMode};

/// The data bucket's settings sparkgen would apply to a bucket it creates: with `existingBucket`
/// the bucket is the team's and keeps its own, so each is refused at its line, never ignored.
pub fn existing_bucket(spec: &Spec, out: &mut Vec<Diagnostic>) {
    if !spec.existing_bucket {
        return;
    }
    let mut refuse = |path: &str, what: &str| {
        out.push(
            error(
                Code::ExistingBucket,
                path,
                format!(
                    "`existingBucket` is true, so sparkgen changes none of bucket `{}`'s settings: {what} would not be applied",
                    spec.bucket_name
                ),
            )
            .hint("remove this key and set it on the bucket where the team manages it"),
        );
    };
    if spec.lifecycle_rules.is_some() {
        refuse("/lifecycleRules", "its lifecycle rules");
    }
    if !spec.cors_rules.is_empty() {
        refuse("/corsRules", "its CORS rules");
    }
    if spec.enable_metrics {
        refuse("/enableMetrics", "S3 request metrics");
    }
}

/// `arn:aws:kms:eu-west-1:123456789012:key/1234abcd-...`: IAM grants KMS actions on a key ARN,
/// not on an alias or a bare key id.
pub fn kms_key_arn_problem(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, partition, service, region, account, resource] = parts.as_slice() else {
        return Some("not an ARN: it needs six `:`-separated parts".to_owned());
    };
    if *scheme != "arn" || !partition.starts_with("aws") {
        return Some("an ARN starts with `arn:aws` (or `arn:aws-cn`, `arn:aws-us-gov`)".to_owned());
    }
    if *service != "kms" {
        return Some(format!("this is an ARN of `{service}`, not of a KMS key"));
    }
    let region_ok = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !region_ok {
        return Some("the Region part is empty or not a Region".to_owned());
    }
    if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
        return Some("the account part is not a 12-digit account id".to_owned());
    }
    match resource.strip_prefix("key/") {
        Some(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            None
        }
        _ if resource.starts_with("alias/") => {
            Some("an alias ARN: IAM grants KMS actions on the key's own ARN".to_owned())
        }
        _ => Some("the resource part is not `key/<key id>`".to_owned()),
    }
}

/// A Data Catalog database or table name as Athena and Hive read it.
pub fn catalog_name_problem(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 255 {
        return Some("it must be 1 to 255 characters".to_owned());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Some(format!(
            "`{c}` is not a lowercase letter, digit or `_` (Athena reads no other)"
        ));
    }
    None
}

pub fn job(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    for (key, pointer) in [
        (&spec.source.kms_key_arn, job.at("/source/kmsKeyArn")),
        (&spec.sink.kms_key_arn, job.at("/sink/kmsKeyArn")),
    ] {
        if let Some(arn) = key {
            if let Some(problem) = kms_key_arn_problem(arn) {
                out.push(
                    error(
                        Code::KmsKeyArn,
                        &pointer,
                        format!("`{arn}` is not a KMS key ARN: {problem}"),
                    )
                    .expected("arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"),
                );
            }
        }
    }
    let Some(catalog) = &spec.catalog else {
        return;
    };
    for (name, pointer) in [
        (&catalog.database, job.at("/catalog/database")),
        (&catalog.table, job.at("/catalog/table")),
    ] {
        if let Some(problem) = catalog_name_problem(name) {
            let suggestion: String = name
                .to_ascii_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            out.push(
                error(
                    Code::CatalogName,
                    &pointer,
                    format!("`{name}` cannot name a Data Catalog database or table: {problem}"),
                )
                .expected("lowercase letters, digits and `_`, 1 to 255 characters")
                .hint(format!("`{suggestion}`")),
            );
        }
    }
    if spec.sink.write_mode != WriteMode::Append {
        out.push(
            error(
                Code::WriteMode,
                &job.at("/sink/writeMode"),
                format!(
                    "`catalog` writes through Glue's catalog sink, which appends; `{}` cannot be kept",
                    spec.sink.write_mode.as_str()
                ),
            )
            .expected("`append` with `catalog`"),
        );
    }
    for (i, key) in spec.sink.partition_keys.iter().enumerate() {
        if key.chars().any(|c| c.is_ascii_uppercase()) {
            out.push(
                error(
                    Code::PartitionKey,
                    &job.at(&format!("/sink/partitionKeys/{i}")),
                    format!(
                        "the Data Catalog keeps column names in lowercase, so partition key `{key}` would not match the table's"
                    ),
                )
                .hint(format!("`{}`", key.to_ascii_lowercase())),
            );
        }
    }
}

/// Two jobs registering one table would each rewrite its schema and partitions from their own
/// sink; and one database cannot be both the stack's and the team's.
pub fn catalog_across_jobs(jobs: &[JobScope], out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(&str, &str, &str)> = Vec::new();
    for job in jobs {
        let Some(catalog) = &job.spec.catalog else {
            continue;
        };
        if let Some((_, _, first)) = seen
            .iter()
            .find(|(d, t, _)| *d == catalog.database && *t == catalog.table)
        {
            out.push(
                error(
                    Code::DuplicateTable,
                    &job.at("/catalog/table"),
                    format!(
                        "job `{first}` already registers its sink as `{}.{}`; two sinks cannot be one table",
                        catalog.database, catalog.table
                    ),
                )
                .hint("give this job's sink a table of its own"),
            );
        }
        if let Some(other) = jobs
            .iter()
            .filter_map(|j| j.spec.catalog.as_ref())
            .find(|c| {
                c.database == catalog.database && c.existing_database != catalog.existing_database
            })
        {
            if catalog.existing_database && !other.existing_database {
                out.push(
                    error(
                        Code::DuplicateTable,
                        &job.at("/catalog/existingDatabase"),
                        format!(
                            "another job's `catalog` has the stack create database `{}`, which this job says exists",
                            catalog.database
                        ),
                    )
                    .hint("say the same of the database in every job"),
                );
            }
        }
        seen.push((&catalog.database, &catalog.table, job.name()));
    }
}
