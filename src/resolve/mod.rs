//! The resolved model: every default applied and every name, ARN, unit conversion, resource and policy
//! decided once. All three targets read this and nothing else, so CloudFormation and Terraform cannot
//! drift apart.

pub mod checkov;
mod data_catalog;
mod iam;
pub mod ids;
pub mod interp;
mod job;
mod monitoring;
pub mod nag;
mod pipeline;
pub mod policy;
mod storage;
mod trigger;

use serde::Serialize;

use crate::spec::{JobSpec, Spec};

pub use checkov::Skip;
pub use data_catalog::{CatalogTable, Database, SinkTable, UPDATE_BEHAVIOR};
pub use interp::{Attribute, CfnRead, Interp, Part, Ref, ResourceId, ResourceKind};
pub use job::{
    Argument, Job, LocalPyFile, LogGroup, Script, ScriptUpload, SecurityConfiguration, TeamScript,
    Upload, EXTRA_PY_FILES_ZIP, GLUE_FOLDER, RUNTIME_MODULE,
};
pub use monitoring::{
    notify_delay_after_minutes, Alarm, Dashboard, EventRule, Topic, RUN_STATUS_DETAIL_TYPE,
    STATE_CHANGE_DETAIL_TYPE,
};
pub use nag::Suppression;
pub use pipeline::{Pipeline, S3Location, Sample};
pub use policy::PolicyDocument;
pub use storage::{AccessLogBucket, AccessLogging, Bucket, CorsRule, DataBucket, Key, Lifecycle};
pub use trigger::{Trigger, Workflow};

/// The plan of one deployment: the resources the jobs share, then each job with its own. Every
/// target reads this and nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct Stack {
    /// The spec's path as the user named it, for the generated-file header.
    pub source_name: String,
    pub description: String,
    /// Tags on every taggable resource, sorted by key: `Environment`, `ManagedBy`, then the user's.
    pub tags: Vec<Tag>,
    /// The bucket the stack creates and hardens: the data bucket, or the working bucket when the
    /// data bucket is the team's (`existingBucket`).
    pub bucket: Bucket,
    /// The data bucket `bucketName`, created by the stack (then `bucket`) or the team's.
    pub data_bucket: DataBucket,
    /// The Data Catalog databases the stack creates for the jobs' `catalog` tables.
    pub databases: Vec<Database>,
    /// Receives the data bucket's S3 server access logs.
    pub access_log_bucket: AccessLogBucket,
    pub key: Option<Key>,
    pub dashboard: Dashboard,
    /// Where every alarm and event rule of every job sends its notifications.
    pub topic: Topic,
    /// The pipeline's jobs, in the spec's order: the first job, then `jobs:`.
    pub jobs: Vec<JobPlan>,
    /// The Glue workflow that runs the jobs chained by `after`, when any job has it.
    pub workflow: Option<Workflow>,
    /// What starts the jobs: scheduled triggers, the workflow's start and its conditional triggers.
    pub triggers: Vec<Trigger>,
    pub outputs: Vec<Output>,
}

/// One job and the resources that exist for it alone.
#[derive(Debug, Clone, Serialize)]
pub struct JobPlan {
    /// The CloudFormation logical id and Terraform name of each of the job's resources.
    pub ids: ids::JobResourceIds,
    pub job: Job,
    pub role: Role,
    pub security_configuration: Option<SecurityConfiguration>,
    /// The log groups Glue writes this job's logs to, created by the stack.
    pub log_groups: Vec<LogGroup>,
    pub alarms: Vec<Alarm>,
    /// EventBridge rules that route this job's Glue events to the topic.
    pub rules: Vec<EventRule>,
    pub script: Script,
    /// The Data Catalog table the stack declares for the job's sink (`catalog`).
    pub catalog_table: Option<CatalogTable>,
    /// The data flow the job's script reads; only the job-scoped templates (the PySpark files)
    /// print it, through their own context, so the stack's context leaves it out.
    #[serde(skip)]
    pub pipeline: Pipeline,
}

impl JobPlan {
    /// How a trigger (or anything else) refers to this job's Glue job by name.
    pub fn job_ref(&self) -> Interp {
        ResourceId::new(ResourceKind::GlueJob, &self.ids.job.cfn, &self.ids.job.tf).name()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: ResourceId,
    pub name: String,
    pub arn: Interp,
    /// Printed by `render::policies`, not read by templates.
    #[serde(skip)]
    pub trust_policy: PolicyDocument,
    /// AWS managed policies: `service-role/AWSGlueServiceRole` with `attachAwsGlueServiceRole`,
    /// otherwise none.
    pub managed_policy_arns: Vec<Interp>,
    /// The job's own customer-managed policy, attached to the role: a managed policy rather than an
    /// inline one, so it is versioned and can be reviewed and reused (AWS Config's
    /// `iam-no-inline-policy-check`).
    pub job_policy: JobPolicy,
    /// cdk-nag findings on the role that are suppressed, each with its reason.
    pub nag_suppressions: Vec<Suppression>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JobPolicy {
    pub name: String,
    pub description: String,
    /// Printed by `render::policies`, not read by templates.
    #[serde(skip)]
    pub document: PolicyDocument,
    /// cdk-nag findings on the policy that are suppressed, each with its reason.
    pub nag_suppressions: Vec<Suppression>,
}

/// A stack output; each target names it in its own convention, decided here.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    pub cfn_name: String,
    pub tf_name: String,
    pub description: String,
    pub value: Interp,
}

/// The spec's folder seen from the output tree's root when the tree is a folder beside the spec
/// (`sparkgen render sparkgen.yaml --out generated`).
pub const SPEC_FOLDER_BESIDE: &str = "..";

pub fn resolve(spec: &Spec, source_name: &str) -> Stack {
    resolve_at(spec, source_name, SPEC_FOLDER_BESIDE)
}

/// `resolve` for an output tree whose root sees the spec's folder at `spec_folder` (a relative
/// path, `/`-separated): the team's files are referenced from there.
pub fn resolve_at(spec: &Spec, source_name: &str, spec_folder: &str) -> Stack {
    // Shared resources take their names from the pipeline's first job, as they always have.
    let names = Names::new(spec, ids::JobIds::first());
    let bucket = storage::bucket(spec);
    let key = spec.enable_encryption.then(|| storage::key(spec, &names));
    let topic = monitoring::topic(spec, &names, key.is_some());
    let specs = spec.jobs();
    let mut taken = Vec::new();
    let job_names: Vec<Names> = specs
        .iter()
        .map(|job| {
            let ids = if job.is_first() {
                ids::JobIds::first()
            } else {
                ids::JobIds::named(job.name(), job.index, &mut taken)
            };
            Names::new(&job.spec, ids)
        })
        .collect();
    let dashboard = monitoring::dashboard(
        &names,
        &specs
            .iter()
            .zip(&job_names)
            .map(|(job, names)| (&*job.spec, names))
            .collect::<Vec<_>>(),
    );
    let layout = if spec.is_pipeline() {
        job::Layout::FolderPerJob
    } else {
        job::Layout::Single
    };
    let databases = data_catalog::databases(specs.iter().map(|job| &*job.spec));
    let jobs: Vec<JobPlan> = specs
        .iter()
        .zip(&job_names)
        .map(|(job, names)| {
            let mut plan = job_plan(job, names, &bucket, key.is_some(), layout, spec_folder);
            plan.catalog_table = data_catalog::table(&job.spec, &databases);
            plan
        })
        .collect();
    let planned: Vec<trigger::Planned> = specs
        .iter()
        .zip(&job_names)
        .map(|(job, names)| trigger::Planned { job, names })
        .collect();
    let (workflow, triggers) = trigger::plan(&planned);
    let mut key = key;
    if let Some(k) = key.as_mut() {
        let roles: Vec<Interp> = jobs.iter().map(|j| j.role.arn.clone()).collect();
        k.policy = iam::key_policy(&roles, topic.kms);
    }
    let bucket = Bucket {
        policy: iam::bucket_policy(&bucket),
        ..bucket
    };
    let data_bucket = storage::data_bucket(spec, &bucket);
    let access_log_bucket = storage::access_log_bucket(spec);
    let access_log_bucket = AccessLogBucket {
        policy: iam::access_log_bucket_policy(&access_log_bucket, &bucket),
        ..access_log_bucket
    };
    let outputs = outputs(
        &bucket,
        &data_bucket,
        &access_log_bucket,
        &job_names,
        &dashboard,
        key.is_some(),
        &topic,
    );
    Stack {
        source_name: source_name.to_owned(),
        description: format!(
            "sparkgen: AWS Glue Spark job {} with its {} bucket, IAM role and monitoring ({})",
            spec.glue_job_name,
            if spec.existing_bucket {
                "working"
            } else {
                "data"
            },
            spec.environment
        ),
        tags: tags(spec),
        bucket,
        data_bucket,
        databases,
        access_log_bucket,
        key,
        dashboard,
        topic,
        workflow,
        triggers,
        jobs,
        outputs,
    }
}

/// One job and what exists for it alone, from the job's keys.
fn job_plan(
    job: &JobSpec,
    names: &Names,
    bucket: &Bucket,
    encrypted: bool,
    layout: job::Layout,
    spec_folder: &str,
) -> JobPlan {
    let spec = &*job.spec;
    let script = job::script(spec, names, layout, spec_folder);
    let log_groups = job::log_groups(spec, names);
    let security_configuration = encrypted.then(|| job::security_configuration(names));
    let pipeline = pipeline::pipeline(spec);
    let glue_owned_log_groups = job::glue_owned_log_groups(spec, names);
    let libraries: Vec<String> = spec
        .extra_py_files
        .iter()
        .chain(&spec.python_modules)
        .filter(|uri| uri.starts_with("s3://"))
        .cloned()
        .collect();
    let role = iam::role(
        spec,
        names,
        iam::JobAccess {
            bucket,
            script: &script,
            pipeline: &pipeline,
            log_groups: &log_groups,
            glue_owned_log_groups: &glue_owned_log_groups,
            libraries: &libraries,
            encrypted,
        },
    );
    JobPlan {
        ids: names.ids.plan(),
        job: job::job(spec, names, security_configuration.as_ref(), &script),
        role,
        alarms: monitoring::alarms(spec, names),
        rules: monitoring::event_rules(spec, names),
        security_configuration,
        log_groups,
        script,
        catalog_table: None,
        pipeline,
    }
}

/// Names derived from the job name, in one place so every resource agrees.
pub(crate) struct Names {
    /// How this job's resources are told apart from the other jobs' in each target.
    pub ids: ids::JobIds,
    pub job: String,
    pub role: String,
    pub role_policy: String,
    pub key_alias: String,
    pub security_configuration: String,
    pub dashboard: String,
    pub log_prefix: String,
    pub topic: String,
    pub failure_rule: String,
    pub delay_rule: String,
    pub schedule_trigger: String,
    pub start_trigger: String,
    pub after_trigger: String,
    pub workflow: String,
}

impl Names {
    fn new(spec: &Spec, ids: ids::JobIds) -> Self {
        let job = spec.glue_job_name.clone();
        Names {
            role: format!("{job}-glue-role"),
            role_policy: format!("{job}-access"),
            key_alias: format!("alias/{job}"),
            security_configuration: format!("{job}-security"),
            dashboard: format!("{job}-metrics"),
            log_prefix: format!("/aws-glue/jobs/{job}"),
            topic: format!("{job}-alarms"),
            failure_rule: format!("{job}-failed-or-timed-out"),
            delay_rule: format!("{job}-running-late"),
            schedule_trigger: format!("{job}-schedule"),
            start_trigger: format!("{job}-start"),
            after_trigger: format!("{job}-after-upstream"),
            workflow: format!("{job}-pipeline"),
            ids,
            job,
        }
    }
}

fn tags(spec: &Spec) -> Vec<Tag> {
    let mut tags = std::collections::BTreeMap::new();
    tags.insert("Environment".to_owned(), spec.environment.clone());
    tags.insert("ManagedBy".to_owned(), "sparkgen".to_owned());
    for (k, v) in &spec.tags {
        tags.insert(k.clone(), v.clone());
    }
    tags.into_iter()
        .map(|(key, value)| Tag { key, value })
        .collect()
}

fn outputs(
    bucket: &Bucket,
    data_bucket: &DataBucket,
    access_log_bucket: &AccessLogBucket,
    jobs: &[Names],
    dashboard: &Dashboard,
    has_key: bool,
    topic: &Topic,
) -> Vec<Output> {
    let out = |cfn: &str, tf: &str, description: &str, value: Interp| Output {
        cfn_name: cfn.to_owned(),
        tf_name: tf.to_owned(),
        description: description.to_owned(),
        value,
    };
    let mut outputs = vec![
        out(
            "BucketName",
            "bucket_name",
            "Name of the data bucket",
            Interp::lit(&data_bucket.name),
        ),
        out(
            "BucketArn",
            "bucket_arn",
            "ARN of the data bucket",
            data_bucket.arn.clone(),
        ),
        out(
            "AccessLogBucketName",
            "access_log_bucket_name",
            &format!(
                "Name of the bucket that receives the {} bucket's S3 access logs",
                if data_bucket.existing {
                    "working"
                } else {
                    "data"
                }
            ),
            Interp::lit(&access_log_bucket.name),
        ),
    ];
    if data_bucket.existing {
        outputs.push(out(
            "WorkingBucketName",
            "working_bucket_name",
            "Name of the bucket of sparkgen's files: uploaded scripts, temp dir, Spark UI logs",
            Interp::lit(&bucket.name),
        ));
    }
    // One job keeps the descriptions it always had; several name theirs.
    let several = jobs.len() > 1;
    for names in jobs {
        let ids = &names.ids;
        let of_job = if several {
            format!(" {}", names.job)
        } else {
            String::new()
        };
        outputs.push(out(
            &ids.cfn("GlueJobName"),
            &ids.tf_output("glue_job_name"),
            &format!("Name of the Glue job{of_job}"),
            Interp::lit(&names.job),
        ));
        outputs.push(out(
            &ids.cfn("GlueJobRoleArn"),
            &ids.tf_output("glue_job_role_arn"),
            &if several {
                format!("ARN of the IAM role of Glue job {}", names.job)
            } else {
                "ARN of the Glue job's IAM role".to_owned()
            },
            ids.role().arn(),
        ));
    }
    outputs.extend([out(
        "DashboardUrl",
        "dashboard_url",
        "CloudWatch dashboard of the job",
        dashboard.url.clone(),
    )]);
    if has_key {
        outputs.push(out(
            "KmsKeyArn",
            "kms_key_arn",
            "ARN of the KMS key",
            ids::data_key().arn(),
        ));
    }
    outputs.push(out(
        "AlarmTopicArn",
        "alarm_topic_arn",
        "SNS topic that receives alarms and the job's failure and delay events; subscribe to it",
        topic.arn.clone(),
    ));
    outputs
}
