//! The id of every resource a value refers to, in one place: its kind and the name each target
//! gives it. A reference is (resource id, attribute), so a new resource, or a second job's role,
//! is a new id here and never a new case in the printers.

use serde::Serialize;

use super::interp::{ResourceId, ResourceKind};

pub fn data_bucket() -> ResourceId {
    ResourceId::new(ResourceKind::S3Bucket, "DataBucket", "data")
}

/// The bucket of sparkgen's own files when the data bucket is the team's (`existingBucket`).
pub fn working_bucket() -> ResourceId {
    ResourceId::new(ResourceKind::S3Bucket, "WorkingBucket", "working")
}

/// A Glue Data Catalog database the stack creates (`catalog`), numbered in the stack's order.
/// Nothing refers to it by reference: the role's statements name it by its literal ARN.
pub fn catalog_database(index: usize) -> Id {
    if index == 0 {
        Id {
            cfn: "CatalogDatabase".to_owned(),
            tf: "catalog".to_owned(),
        }
    } else {
        Id {
            cfn: format!("CatalogDatabase{}", index + 1),
            tf: format!("catalog_{}", index + 1),
        }
    }
}

pub fn access_log_bucket() -> ResourceId {
    ResourceId::new(ResourceKind::S3Bucket, "AccessLogBucket", "access_logs")
}

pub fn data_key() -> ResourceId {
    ResourceId::new(ResourceKind::KmsKey, "DataKey", "data")
}

pub fn alarm_topic() -> ResourceId {
    ResourceId::new(ResourceKind::SnsTopic, "AlarmTopic", "alarms")
}

pub fn workflow() -> ResourceId {
    ResourceId::new(ResourceKind::GlueWorkflow, "Workflow", "pipeline")
}

/// CloudFormation logical ids are at most 255 characters; the longest base is 25.
const MAX_CFN_PREFIX: usize = 64;

/// How one job's resources are told apart from another job's. The first job's resources keep the
/// ids they have always had (`GlueJob`, `aws_glue_job.this`): a changed logical id is a replaced
/// resource, and a deployed job must not be destroyed because a second one was added. Every other
/// job's carry its name: a prefix in CloudFormation (`OrdersEnrichGlueJob`), a suffix in
/// Terraform (`aws_glue_job.this_orders-enrich`; job names are valid Terraform name characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobIds {
    cfn_prefix: String,
    tf_suffix: String,
}

impl JobIds {
    /// The first job's ids.
    pub fn first() -> Self {
        JobIds::default()
    }

    /// The ids of a further job, its CloudFormation prefix unique among `taken`.
    pub fn named(job: &str, index: usize, taken: &mut Vec<String>) -> Self {
        let mut prefix = pascal(job);
        if prefix.is_empty() || taken.contains(&prefix) {
            prefix = format!("Job{index}{prefix}");
        }
        taken.push(prefix.clone());
        JobIds {
            cfn_prefix: prefix,
            tf_suffix: format!("_{job}"),
        }
    }

    pub fn cfn(&self, base: &str) -> String {
        format!("{}{base}", self.cfn_prefix)
    }

    pub fn tf(&self, base: &str) -> String {
        format!("{base}{}", self.tf_suffix)
    }

    /// A Terraform output's name: `glue_job_name`, `orders_enrich_glue_job_name` (the
    /// CloudFormation output's name in snake case, as every output is).
    pub fn tf_output(&self, base: &str) -> String {
        let mut out = String::new();
        for (i, c) in self.cfn_prefix.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(base);
        out
    }

    fn id(&self, kind: ResourceKind, cfn: &str, tf: &str) -> ResourceId {
        ResourceId::new(kind, &self.cfn(cfn), &self.tf(tf))
    }

    pub fn role(&self) -> ResourceId {
        self.id(ResourceKind::IamRole, "GlueJobRole", "glue")
    }

    pub fn job(&self) -> ResourceId {
        self.id(ResourceKind::GlueJob, "GlueJob", "this")
    }

    /// Every id a job's own resources take, for the templates.
    pub fn plan(&self) -> JobResourceIds {
        let pair = |cfn: &str, tf: &str| Id {
            cfn: self.cfn(cfn),
            tf: self.tf(tf),
        };
        JobResourceIds {
            role: pair("GlueJobRole", "glue"),
            policy: pair("GlueJobPolicy", "glue"),
            job: pair("GlueJob", "this"),
            security_configuration: pair("GlueSecurityConfiguration", "glue"),
            log_group: pair("GlueJobLogGroup", "glue"),
            managed_policy_attachment: pair("", "glue_managed"),
            script_object: pair("", "script"),
            runtime_object: pair("", "runtime"),
            catalog_table: pair("SinkTable", "sink"),
            extra_py_files_object: pair("", "extra_py_files"),
            trust_document: pair("", "glue_trust"),
            access_document: pair("", "glue_access"),
        }
    }
}

/// A resource's CloudFormation logical id and Terraform name.
#[derive(Debug, Clone, Serialize)]
pub struct Id {
    pub cfn: String,
    pub tf: String,
}

/// The ids of one job's resources. Numbered resources (log groups, managed policy attachments)
/// take their number after the id: `GlueJobLogGroup1`, `glue_1`, `glue_orders-enrich_1`.
#[derive(Debug, Clone, Serialize)]
pub struct JobResourceIds {
    pub role: Id,
    pub policy: Id,
    pub job: Id,
    pub security_configuration: Id,
    pub log_group: Id,
    pub managed_policy_attachment: Id,
    pub script_object: Id,
    pub runtime_object: Id,
    pub catalog_table: Id,
    pub extra_py_files_object: Id,
    pub trust_document: Id,
    pub access_document: Id,
}

/// `orders-enrich_v2` -> `OrdersEnrichV2`: letters and digits, each word capitalised.
fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
        if out.len() >= MAX_CFN_PREFIX {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_job_keeps_its_ids_and_others_carry_their_name() {
        let first = JobIds::first();
        assert_eq!(first.job().cfn, "GlueJob");
        assert_eq!(first.job().tf, "this");
        let mut taken = Vec::new();
        let enrich = JobIds::named("orders-enrich", 1, &mut taken);
        assert_eq!(enrich.role().cfn, "OrdersEnrichGlueJobRole");
        assert_eq!(enrich.role().tf, "glue_orders-enrich");
        let clash = JobIds::named("orders_enrich", 2, &mut taken);
        assert_eq!(clash.job().cfn, "Job2OrdersEnrichGlueJob", "unique");
        let symbols = JobIds::named("-_", 3, &mut taken);
        assert_eq!(symbols.job().cfn, "Job3GlueJob");
        assert_eq!(pascal(&"a".repeat(300)).len(), MAX_CFN_PREFIX);
    }
}
