//! The spec as the user writes it. Keys are the seed CDK construct's properties, verbatim and camelCase,
//! so a team moving off the CDK app copies its configuration over unchanged. Doc comments become the
//! JSON Schema's descriptions; defaults live here, next to the key they belong to.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{DataFormat, GlueVersion, WorkerType};

/// A sparkgen spec: one AWS Glue Spark pipeline (S3 data bucket, optional KMS key, IAM role, Glue job,
/// CloudWatch dashboard and alarms), rendered to CloudFormation, Terraform and a PySpark script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "sparkgen spec")]
pub struct Spec {
    /// Name of the S3 data bucket the stack creates (S3 general purpose bucket naming rules: 3-63
    /// characters of `a-z 0-9 . -`, starting and ending with a letter or digit), or, with
    /// `existingBucket`, of the team's bucket the job reads and writes.
    #[schemars(example = &"my-spark-processing-bucket")]
    pub bucket_name: String,

    /// The data bucket `bucketName` already exists and stays the team's: sparkgen creates no data
    /// bucket and changes none of its settings (no bucket policy, lifecycle, encryption, logging,
    /// metrics or CORS), and the job's role gets only the source prefix to read and the sink
    /// prefix to write there. sparkgen's own files (the uploaded script, the temp dir, Spark UI
    /// event logs) then go to a working bucket it creates and hardens, `{bucketName}-sparkgen`
    /// (shortened with a hash when longer than 63 characters). `lifecycleRules`, `corsRules` and
    /// `enableMetrics` configure a bucket sparkgen creates, so they are refused with it.
    /// Default: false, sparkgen creates the data bucket and keeps its files there.
    #[serde(default)]
    #[schemars(example = true)]
    pub existing_bucket: bool,

    /// Name of the Glue job. Also names the dashboard (`{glueJobName}-metrics`), the role, the key alias
    /// and the log group, so only `A-Za-z0-9_-` and at most 247 characters.
    #[schemars(example = &"spark-processing-job")]
    pub glue_job_name: String,

    /// The job script. A local `.py` path, relative to the spec (`jobs/orders.py`), is the team's
    /// own script: `render` creates a starter there once when it is missing and never changes it
    /// again; it defines `transform(df)` and hands it to the generated runtime
    /// (`sparkgen_runtime.py`, rendered beside the job's other generated files), and the deployment
    /// uploads both. An `s3://bucket/key.py` URI names a script in S3 as before: sparkgen renders
    /// a complete script under `glue/<file name>` (uploaded when the bucket is the data bucket).
    #[schemars(example = &"s3://my-spark-processing-bucket/scripts/processor.py")]
    pub glue_job_script: String,

    /// Glue version of the Spark ETL runtime: 3.0 (Spark 3.1, Python 3.7), 4.0 (Spark 3.3, Python 3.10),
    /// 5.0 and 5.1 (Spark 3.5, Python 3.11). Quote it (`"4.0"`): unquoted, YAML reads 4.0 as a number.
    #[serde(default = "default_glue_version")]
    #[schemars(example = &"5.0")]
    pub glue_version: GlueVersion,

    /// Glue worker type. G.025X runs streaming jobs only; G.12X, G.16X and R.* need Glue 4.0 or later.
    #[serde(default = "default_worker_type")]
    #[schemars(example = &"G.2X")]
    pub glue_worker_type: WorkerType,

    /// Number of workers; with auto-scaling, the maximum. At least 2.
    #[serde(default = "default_number_of_workers")]
    #[schemars(example = 10, range(min = 2, max = 299))]
    pub glue_number_of_workers: u32,

    /// Job run timeout in minutes, 1 to 10079. Default: Glue's own, 2880 (48 hours).
    #[serde(default)]
    #[schemars(example = 2880, range(min = 1, max = 10079))]
    pub glue_timeout: Option<u32>,

    /// How long a run usually takes, in minutes, at most `glueTimeout`: `sparkgen plan` prices the
    /// expected run with it (the worst case is always a run to `glueTimeout`). Not rendered.
    /// Default: none, and `plan` estimates the worst case only.
    #[serde(default)]
    #[schemars(example = 25, range(min = 1, max = 10079))]
    pub expected_run_minutes: Option<u32>,

    /// Retries of a failed job run, 0 to 10.
    #[serde(default)]
    #[schemars(example = 1, range(max = 10))]
    pub max_retries: u32,

    /// How Glue runs the job: `standard` (starts at once) or `flex` (on spare capacity, at a lower
    /// price per DPU-hour, for jobs that can wait; G.1X and G.2X only).
    #[serde(default)]
    #[schemars(example = &"flex")]
    pub execution_class: ExecutionClass,

    /// How many runs of the job may be in progress at once, at least 1. A start beyond it fails.
    #[serde(default = "one")]
    #[schemars(example = 2, range(min = 1))]
    pub max_concurrent_runs: u32,

    /// When Glue starts the job, in UTC: a Glue cron expression, `cron(Minutes Hours Day-of-month
    /// Month Day-of-week Year)` with `?` in exactly one of the two day fields, at most one run per
    /// 5 minutes; or a rate, `rate(1 day)`, `rate(6 hours)`, `rate(15 minutes)`, that a Glue cron
    /// expresses exactly (it is rendered as that cron). Rendered as a scheduled Glue trigger that is
    /// active as soon as it is deployed. Default: none, the job runs when started.
    #[serde(default)]
    #[schemars(example = &"cron(0 2 * * ? *)")]
    pub schedule: Option<String>,

    /// More jobs of the pipeline, by name (the rules of `glueJobName`; each also names its role, log
    /// groups, alarms and trigger). A job-level key a job leaves out takes the first job's value (the
    /// top-level one), except `schedule` and `after`, which belong to the job alone. A job with
    /// `after` starts when all the jobs it names succeed, in a Glue workflow the first job starts.
    #[serde(default)]
    #[schemars(example = example_jobs())]
    pub jobs: IndexMap<String, JobKeys>,

    /// Environments by name (`dev`, `prod`, ...): each a mapping of keys of this spec that
    /// override their values for that environment. Nested mappings merge key by key (`tags`,
    /// `alarmThresholds`, `jobs`); lists and other values replace. Each environment is validated
    /// as the whole spec it produces, a problem an override causes reported at the override.
    /// `render --out DIR` renders each into `DIR/<name>/`; `render --env NAME` one. An
    /// environment's `environment` (the `Environment` tag) is its name unless it sets one.
    /// Names: letters, digits, `-` and `_`, as a folder name. Default: none.
    #[serde(default)]
    #[schemars(example = example_environments())]
    pub environments: IndexMap<String, serde_json::Map<String, serde_json::Value>>,

    /// Python packages the job installs with pip before it runs, each a requirement:
    /// `name`, `name==1.2.3` (one version specifier: `==`, `>=`, `<=`, `!=`, `~=`, `>`, `<`,
    /// `===`), or the `s3://` URI of a wheel (`.whl`). Rendered as the job argument
    /// `--additional-python-modules`, which Glue reads as a comma-separated list, so a
    /// requirement holds no comma (no ranges such as `>=1,<2`, no extras lists) and no environment
    /// marker (the job's Python is fixed by `glueVersion`). Default: none.
    #[serde(default)]
    #[schemars(example = example_python_modules())]
    pub python_modules: Vec<String>,

    /// Python code the job imports besides its script: local files (`.py`) or folders (a
    /// package, or a folder of modules), relative to the spec, or `s3://` URIs of `.py`, `.zip`
    /// or `.whl` files. The local ones are zipped into `extra_py_files.zip` beside the job's
    /// generated files (the same bytes on every render: sorted entries, fixed times), a folder
    /// under its own name; Glue adds it to the Python path through `--extra-py-files`, and the
    /// local runner and test do too. Default: none.
    #[serde(default)]
    #[schemars(example = example_extra_py_files())]
    pub extra_py_files: Vec<String>,

    /// Extra Glue job arguments (`--key: value`), merged last over the arguments sparkgen sets.
    /// `--conf`, `--debug`, `--mode` and `--JOB_NAME` are reserved by Glue, and
    /// `--additional-python-modules` is `pythonModules`'s.
    #[serde(default)]
    #[schemars(example = example_default_arguments())]
    pub default_arguments: BTreeMap<String, String>,

    /// Auto-scaling: Glue adds and removes workers, up to `glueNumberOfWorkers`.
    #[serde(default = "yes")]
    #[schemars(example = false)]
    pub enable_auto_scaling: bool,

    /// Spark UI: event logs are written to `s3://{bucketName}/spark-ui-logs/`.
    #[serde(default = "yes")]
    #[schemars(example = false)]
    pub enable_spark_ui: bool,

    /// Glue job run insights (`--enable-job-insights`).
    #[serde(default = "yes")]
    #[schemars(example = false)]
    pub enable_job_insights: bool,

    /// Job bookmarks, so a scheduled run only reads data it has not processed yet.
    #[serde(default)]
    #[schemars(example = &"disable")]
    pub job_bookmarks: JobBookmarks,

    /// A customer-managed KMS key (with rotation) for the bucket, the job's logs, Spark UI logs and
    /// bookmarks, and a Glue security configuration. Off: SSE-S3.
    #[serde(default)]
    #[schemars(example = true)]
    pub enable_encryption: bool,

    /// S3 request metrics (`EntireBucket`) on the data bucket. Not with `existingBucket`.
    #[serde(default)]
    #[schemars(example = true)]
    pub enable_metrics: bool,

    /// Extra Glue metrics shown in one more dashboard widget, e.g. `glue.driver.aggregate.shuffleLocalBytesRead`.
    #[serde(default)]
    #[schemars(example = example_custom_metrics())]
    pub custom_metrics: Vec<String>,

    /// Alarm thresholds.
    #[serde(default)]
    #[schemars(example = example_alarm_thresholds())]
    pub alarm_thresholds: AlarmThresholds,

    /// Subscribe this email address to the SNS topic the stack creates for alarms and the job's
    /// failure and delay events. Without it (and without `alarmTopicArn`) the topic is still created,
    /// for the team to subscribe to.
    #[serde(default)]
    #[schemars(example = &"data-oncall@example.com")]
    pub alarm_email: Option<String>,

    /// Send alarms and the job's failure and delay events to this existing SNS topic instead of one the
    /// stack creates (its policy must let
    /// `cloudwatch.amazonaws.com` and `events.amazonaws.com` publish).
    #[serde(default)]
    #[schemars(example = &"arn:aws:sns:eu-west-1:123456789012:data-alerts")]
    pub alarm_topic_arn: Option<String>,

    /// Retention of the job's log group in days (a value CloudWatch Logs accepts).
    #[serde(default = "default_log_retention_days")]
    #[schemars(example = 30)]
    pub log_retention_days: u32,

    /// Lifecycle rules of the data bucket. Not with `existingBucket` (the team's bucket keeps its
    /// own rules). Default: each rule's own default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LifecycleRules", example = example_lifecycle_rules())]
    #[schemars(extend("default" = default_lifecycle_rules()))]
    pub lifecycle_rules: Option<LifecycleRules>,

    /// CORS rules of the data bucket; none unless given. Not with `existingBucket`.
    #[serde(default)]
    #[schemars(example = example_cors_rules())]
    pub cors_rules: Vec<CorsRule>,

    /// Also attach the AWS managed policy `service-role/AWSGlueServiceRole` to the job's role. Off by
    /// default: sparkgen's own policy grants what the job does (its bucket, paths, logs, key,
    /// metrics in namespace `Glue`), while the managed policy grants `glue:*` on every resource,
    /// object access in every `aws-glue-*` bucket and EC2 network interfaces. Turn it on for a job
    /// whose code calls AWS services sparkgen does not know of.
    #[serde(default)]
    #[schemars(example = true)]
    pub attach_aws_glue_service_role: bool,

    /// What happens to the data bucket when the stack deletes or replaces it.
    #[serde(default)]
    #[schemars(example = &"destroy")]
    pub removal_policy: RemovalPolicy,

    /// Deployment environment; tagged as `Environment` on every resource.
    #[serde(default = "default_environment")]
    #[schemars(example = &"production")]
    pub environment: String,

    /// Tags on every resource (AWS tag rules: keys up to 128, values up to 256 characters).
    #[serde(default)]
    #[schemars(example = example_tags())]
    pub tags: BTreeMap<String, String>,

    /// What the job reads. Default: JSON files under `s3://{bucketName}/raw/`.
    #[serde(default)]
    #[schemars(example = example_source())]
    pub source: Source,

    /// What the job writes. Default: Parquet under `s3://{bucketName}/processed/`, appended, not
    /// partitioned.
    #[serde(default)]
    #[schemars(example = example_sink())]
    pub sink: Sink,

    /// Register the sink as a table of the Glue Data Catalog, so Athena can query it after a run:
    /// the job writes through Glue's catalog sink (`enableUpdateCatalog`, `updateBehavior:
    /// UPDATE_IN_DATABASE`), which creates the table on its first run with the columns of the data
    /// and `sink.partitionKeys` as partition keys, updates its schema, and adds each new partition.
    /// The stack creates the database unless `existingDatabase`. Needs `sink.writeMode: append`.
    /// Belongs to its job alone (a job of `jobs:` never inherits it). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_catalog())]
    pub catalog: Option<CatalogTable>,
}

/// The Glue Data Catalog table a job registers its sink as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogTable {
    /// The Data Catalog database: lowercase letters, digits and `_`, at most 255 characters (the
    /// names Athena and Hive accept).
    #[schemars(example = &"orders_lake")]
    pub database: String,

    /// The table, named as `database`; the job creates it on its first run.
    #[schemars(example = &"orders_curated")]
    pub table: String,

    /// The database already exists: the stack does not create it. Default: false.
    #[serde(default)]
    #[schemars(example = true)]
    pub existing_database: bool,
}

/// A job of `jobs:`: the job-level keys, each left out to take the first job's value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobKeys {
    /// When Glue starts this job (as the top-level `schedule`). Not inherited; not with `after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"cron(0 4 ? * SUN *)")]
    pub schedule: Option<String>,

    /// Start this job when every job named here succeeds in the same run of the pipeline's Glue
    /// workflow. Names are the first job's `glueJobName` or keys of `jobs`. Not with `schedule`.
    #[serde(default)]
    #[schemars(example = example_after())]
    pub after: Vec<String>,

    /// As the top-level `glueJobScript`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"s3://my-spark-processing-bucket/scripts/enrich.py")]
    pub glue_job_script: Option<String>,

    /// As the top-level `glueVersion`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"5.0")]
    pub glue_version: Option<GlueVersion>,

    /// As the top-level `glueWorkerType`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"G.2X")]
    pub glue_worker_type: Option<WorkerType>,

    /// As the top-level `glueNumberOfWorkers`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 4, range(min = 2, max = 299))]
    pub glue_number_of_workers: Option<u32>,

    /// As the top-level `glueTimeout` (minutes). Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 120, range(min = 1, max = 10079))]
    pub glue_timeout: Option<u32>,

    /// As the top-level `expectedRunMinutes`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 10, range(min = 1, max = 10079))]
    pub expected_run_minutes: Option<u32>,

    /// As the top-level `maxRetries`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 1, range(max = 10))]
    pub max_retries: Option<u32>,

    /// As the top-level `executionClass`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"flex")]
    pub execution_class: Option<ExecutionClass>,

    /// As the top-level `maxConcurrentRuns`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 1, range(min = 1))]
    pub max_concurrent_runs: Option<u32>,

    /// As the top-level `pythonModules`; replaces the first job's list as a whole. Default: the
    /// first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_python_modules())]
    pub python_modules: Option<Vec<String>>,

    /// As the top-level `extraPyFiles`; replaces the first job's list as a whole. Default: the
    /// first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_extra_py_files())]
    pub extra_py_files: Option<Vec<String>>,

    /// As the top-level `defaultArguments`; replaces the first job's map as a whole. Default: the
    /// first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_default_arguments())]
    pub default_arguments: Option<BTreeMap<String, String>>,

    /// As the top-level `enableAutoScaling`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = false)]
    pub enable_auto_scaling: Option<bool>,

    /// As the top-level `enableSparkUi`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = false)]
    pub enable_spark_ui: Option<bool>,

    /// As the top-level `enableJobInsights`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = false)]
    pub enable_job_insights: Option<bool>,

    /// As the top-level `jobBookmarks`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"disable")]
    pub job_bookmarks: Option<JobBookmarks>,

    /// As the top-level `customMetrics`; replaces the first job's list. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_custom_metrics())]
    pub custom_metrics: Option<Vec<String>>,

    /// As the top-level `alarmThresholds`; replaces the first job's as a whole (a threshold left out
    /// takes its default). Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_alarm_thresholds())]
    pub alarm_thresholds: Option<AlarmThresholds>,

    /// As the top-level `source`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_source())]
    pub source: Option<Source>,

    /// As the top-level `sink`. Default: the first job's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_sink())]
    pub sink: Option<Sink>,

    /// As the top-level `catalog`, for this job's sink. Not inherited. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = example_catalog())]
    pub catalog: Option<CatalogTable>,
}

/// The job-level keys a job of `jobs:` inherits, field and spec key, listed once: what a job
/// inherits, what it sets itself and `JOB_LEVEL_KEYS` all come from this list.
macro_rules! inherited_keys {
    ($($field:ident = $key:literal),* $(,)?) => {
        impl JobKeys {
            fn inherit_into(&self, spec: &mut Spec) {
                $(if let Some(value) = &self.$field {
                    spec.$field = value.clone();
                })*
            }

            /// Whether the job sets this key (its camelCase name) rather than inheriting it.
            pub fn sets(&self, key: &str) -> bool {
                match key {
                    "schedule" => self.schedule.is_some(),
                    "after" => !self.after.is_empty(),
                    "glueTimeout" => self.glue_timeout.is_some(),
                    "expectedRunMinutes" => self.expected_run_minutes.is_some(),
                    "catalog" => self.catalog.is_some(),
                    $($key => self.$field.is_some(),)*
                    _ => false,
                }
            }
        }

        /// Every key a job of `jobs:` may set, as written in the spec.
        pub const JOB_LEVEL_KEYS: &[&str] =
            &["schedule", "after", "glueTimeout", "expectedRunMinutes", "catalog", $($key),*];
    };
}

inherited_keys! {
    glue_job_script = "glueJobScript",
    glue_version = "glueVersion",
    glue_worker_type = "glueWorkerType",
    glue_number_of_workers = "glueNumberOfWorkers",
    max_retries = "maxRetries",
    execution_class = "executionClass",
    max_concurrent_runs = "maxConcurrentRuns",
    python_modules = "pythonModules",
    extra_py_files = "extraPyFiles",
    default_arguments = "defaultArguments",
    enable_auto_scaling = "enableAutoScaling",
    enable_spark_ui = "enableSparkUi",
    enable_job_insights = "enableJobInsights",
    job_bookmarks = "jobBookmarks",
    custom_metrics = "customMetrics",
    alarm_thresholds = "alarmThresholds",
    source = "source",
    sink = "sink",
}

impl JobKeys {
    /// The spec this job reads: the first job's, with this job's name, its own keys and its own
    /// schedule (never the first job's).
    pub fn over(&self, first: &Spec, name: &str) -> Spec {
        let mut spec = Spec {
            glue_job_name: name.to_owned(),
            schedule: self.schedule.clone(),
            catalog: self.catalog.clone(),
            glue_timeout: self.glue_timeout.or(first.glue_timeout),
            expected_run_minutes: self.expected_run_minutes.or(first.expected_run_minutes),
            ..first.clone()
        };
        spec.jobs.clear();
        self.inherit_into(&mut spec);
        spec
    }
}

/// The job's input: every file of one format under an S3 prefix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// An `s3://bucket/prefix/` URI; the job reads every file below it. Default:
    /// `s3://{bucketName}/raw/`. The job's role may read it wherever it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"s3://my-spark-processing-bucket/raw/orders/")]
    pub path: Option<String>,

    /// Format of the input files: `csv`, `json` (JSON Lines) or `parquet`.
    #[serde(default = "default_source_format")]
    #[schemars(example = &"csv")]
    pub format: DataFormat,

    /// Spark reader options, as strings. CSV: `header` (default `"true"`), `inferSchema`,
    /// `multiLine`, `sep`, `quote`, `escape`; JSON: `multiLine`; Parquet: `mergeSchema`. In Glue
    /// the script passes the same settings under Glue's names (`withHeader`, `separator`, ...).
    #[serde(default)]
    #[schemars(example = example_reader_options())]
    pub options: BTreeMap<String, String>,

    /// The ARN of the KMS key that encrypts the source objects (SSE-KMS with a key of the team's):
    /// the role may `kms:Decrypt` with it. Default: none, the source needs no key of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    pub kms_key_arn: Option<String>,
}

/// The Glue job arguments that hand the source and sink paths to the script; sparkgen sets them
/// from `source.path` and `sink.path`, so `defaultArguments` may not.
pub const SOURCE_PATH_ARGUMENT: &str = "--source_path";
pub const SINK_PATH_ARGUMENT: &str = "--sink_path";
/// The job argument Glue pip-installs `pythonModules` from: a comma-separated list (Glue 2.0+).
pub const PYTHON_MODULES_ARGUMENT: &str = "--additional-python-modules";
/// The job argument Glue adds Python files to the path from: the generated runtime of a team's
/// script and `extraPyFiles`, comma-separated S3 URIs.
pub const EXTRA_PY_FILES_ARGUMENT: &str = "--extra-py-files";

impl Spec {
    /// The team's own script, when `glueJobScript` is a local path (relative to the spec).
    pub fn team_script(&self) -> Option<&str> {
        let path = self.glue_job_script.as_str();
        (!path.contains("://")).then_some(path)
    }

    /// Whether sparkgen renders `--extra-py-files` for this job: the team's script needs the
    /// generated runtime on the Python path, and `extraPyFiles` their files.
    pub fn sets_extra_py_files(&self) -> bool {
        self.team_script().is_some() || !self.extra_py_files.is_empty()
    }

    /// `glueTimeout`, or Glue's default.
    pub fn timeout_minutes(&self) -> u32 {
        self.glue_timeout
            .unwrap_or(crate::catalog::DEFAULT_TIMEOUT_MINUTES)
    }

    /// The bucket sparkgen creates and keeps its own files in (the uploaded script, the temp dir,
    /// Spark UI event logs): the data bucket, or, with `existingBucket`, the working bucket.
    pub fn files_bucket(&self) -> String {
        if self.existing_bucket {
            derived_bucket_name(&self.bucket_name, WORKING_BUCKET_SUFFIX)
        } else {
            self.bucket_name.clone()
        }
    }

    /// `lifecycleRules`, or their defaults.
    pub fn lifecycle(&self) -> LifecycleRules {
        self.lifecycle_rules.clone().unwrap_or_default()
    }

    /// `source.path` as a folder, or its default in the data bucket.
    pub fn source_path(&self) -> String {
        match &self.source.path {
            Some(path) => as_folder(path),
            None => format!("s3://{}/raw/", self.bucket_name),
        }
    }

    /// `sink.path` as a folder, or its default in the data bucket.
    pub fn sink_path(&self) -> String {
        match &self.sink.path {
            Some(path) => as_folder(path),
            None => format!("s3://{}/processed/", self.bucket_name),
        }
    }
}

/// The working bucket's name after the data bucket's (`existingBucket`).
pub const WORKING_BUCKET_SUFFIX: &str = "-sparkgen";

/// `{bucket}{suffix}`, a bucket named after another; when that is longer than S3's 63 characters,
/// the bucket name is cut and a hash of the whole name keeps two long names that share a
/// beginning apart. A valid bucket name and a suffix of `a-z 0-9 -` give a valid bucket name.
pub fn derived_bucket_name(bucket: &str, suffix: &str) -> String {
    const MAX: usize = 63;
    if bucket.len() + suffix.len() <= MAX {
        return format!("{bucket}{suffix}");
    }
    let hash = format!("{:08x}", fnv1a(bucket.as_bytes()));
    // Validated bucket names are ASCII; the boundary search only keeps an invalid one from panicking.
    let mut keep = MAX.saturating_sub(suffix.len() + hash.len() + 1);
    while !bucket.is_char_boundary(keep) {
        keep -= 1;
    }
    let head = bucket[..keep].trim_end_matches(['-', '.']);
    format!("{head}-{hash}{suffix}")
}

/// 32-bit FNV-1a: stable across platforms and releases, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// `s3://lake/orders` -> `s3://lake/orders/`: a data path names a folder, so the job reads and the
/// role's grant reaches `orders/` and never a sibling such as `orders-archive/`.
fn as_folder(path: &str) -> String {
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

impl Default for Source {
    fn default() -> Self {
        Source {
            path: None,
            format: default_source_format(),
            options: BTreeMap::new(),
            kms_key_arn: None,
        }
    }
}

/// The job's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sink {
    /// An `s3://bucket/prefix/` URI the job writes below. Default: `s3://{bucketName}/processed/`.
    /// Must not overlap the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"s3://my-spark-processing-bucket/curated/orders/")]
    pub path: Option<String>,

    /// Format of the output files: `csv` (with a header row), `json` (JSON Lines) or `parquet`.
    #[serde(default = "default_sink_format")]
    #[schemars(example = &"parquet")]
    pub format: DataFormat,

    /// Columns to partition the output by, as `key=value/` folders, in this order.
    #[serde(default)]
    #[schemars(example = example_partition_keys())]
    pub partition_keys: Vec<String>,

    /// What a run does when the sink already holds data. With job bookmarks each run reads only new
    /// files, so only `append` keeps earlier output.
    #[serde(default)]
    #[schemars(example = &"overwrite")]
    pub write_mode: WriteMode,

    /// The ARN of the KMS key the sink bucket encrypts objects with by default (SSE-KMS with a key
    /// of the team's): the role may `kms:GenerateDataKey` and `kms:Decrypt` with it, which writing
    /// an object under that key needs. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    pub kms_key_arn: Option<String>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            path: None,
            format: default_sink_format(),
            partition_keys: Vec::new(),
            write_mode: WriteMode::default(),
            kms_key_arn: None,
        }
    }
}

/// Spark's save mode for the sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WriteMode {
    /// Add new files beside the existing ones.
    #[default]
    Append,
    /// Replace everything under the sink path.
    Overwrite,
    /// Fail when the sink path holds data.
    Error,
    /// Write nothing when the sink path holds data.
    Ignore,
}

impl WriteMode {
    pub fn as_str(self) -> &'static str {
        match self {
            WriteMode::Append => "append",
            WriteMode::Overwrite => "overwrite",
            WriteMode::Error => "error",
            WriteMode::Ignore => "ignore",
        }
    }
}

/// Alarm thresholds, in the units a person thinks in; sparkgen converts them to the metrics' units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlarmThresholds {
    /// Alarm when more tasks than this fail in one 5-minute period.
    #[serde(default = "default_failed_tasks")]
    #[schemars(example = 5)]
    pub failed_tasks: u32,

    /// Alarm when driver JVM heap usage is above this percentage for 10 minutes: a percentage, 1 to 100
    /// (85 means 85 percent; write 85, not 0.85). sparkgen converts it to the fraction Glue reports.
    #[serde(default = "default_memory_utilization")]
    #[schemars(example = 85, range(min = 0, max = 100))]
    pub memory_utilization: f64,

    /// Seconds a run may take. Past this, Glue's delay notification (the job's `NotifyDelayAfter`,
    /// rounded up to whole minutes) sends one "Glue Job Run Status" event to the alarm topic while
    /// the run goes on. In seconds, not milliseconds; below `glueTimeout`, which stops the run.
    #[serde(default = "default_processing_time")]
    #[schemars(example = 3600, range(min = 1))]
    pub processing_time: u32,
}

impl Default for AlarmThresholds {
    fn default() -> Self {
        AlarmThresholds {
            failed_tasks: default_failed_tasks(),
            memory_utilization: default_memory_utilization(),
            processing_time: default_processing_time(),
        }
    }
}

/// Lifecycle of objects in the data bucket, in days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LifecycleRules {
    /// Move current objects to STANDARD_IA after this many days (S3 requires at least 30).
    #[serde(default = "default_transition_days")]
    #[schemars(example = 30, range(min = 30))]
    pub transition_to_infrequent_access_days: u32,

    /// Delete noncurrent object versions this many days after they become noncurrent.
    #[serde(default = "default_noncurrent_days")]
    #[schemars(example = 90, range(min = 1))]
    pub noncurrent_version_expiration_days: u32,

    /// Abort incomplete multipart uploads after this many days.
    #[serde(default = "default_abort_days")]
    #[schemars(example = 7, range(min = 1))]
    pub abort_incomplete_multipart_upload_days: u32,
}

impl Default for LifecycleRules {
    fn default() -> Self {
        LifecycleRules {
            transition_to_infrequent_access_days: default_transition_days(),
            noncurrent_version_expiration_days: default_noncurrent_days(),
            abort_incomplete_multipart_upload_days: default_abort_days(),
        }
    }
}

/// One CORS rule of the data bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CorsRule {
    /// Origins allowed to make cross-origin requests, e.g. `https://app.example.com`.
    #[schemars(example = example_origins())]
    pub allowed_origins: Vec<String>,
    /// HTTP methods allowed.
    #[schemars(example = example_methods())]
    pub allowed_methods: Vec<HttpMethod>,
    /// Headers allowed in a preflight request.
    #[serde(default)]
    #[schemars(example = example_headers())]
    pub allowed_headers: Vec<String>,
    /// Response headers the browser may read.
    #[serde(default)]
    #[schemars(example = example_exposed_headers())]
    pub exposed_headers: Vec<String>,
    /// Seconds a browser may cache the preflight response.
    #[serde(default)]
    #[schemars(example = 3000)]
    pub max_age: Option<u32>,
}

/// An HTTP method a CORS rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Head,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
        }
    }
}

/// Glue execution class (the job's `ExecutionClass`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExecutionClass {
    /// Runs start at once.
    #[default]
    Standard,
    /// Runs start when Glue has spare capacity, at a lower price.
    Flex,
}

impl ExecutionClass {
    /// The Glue API's value.
    pub fn api_value(self) -> &'static str {
        match self {
            ExecutionClass::Standard => "STANDARD",
            ExecutionClass::Flex => "FLEX",
        }
    }
}

/// Job bookmark mode (`--job-bookmark-option`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobBookmarks {
    /// Process only new data on each run.
    #[default]
    Enable,
    /// Process all data on each run.
    Disable,
    /// Read and keep the bookmark without advancing it.
    Pause,
}

/// What happens to the data bucket when it leaves the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RemovalPolicy {
    /// Keep the bucket and its data (CloudFormation `DeletionPolicy: Retain`, Terraform `prevent_destroy`).
    #[default]
    Retain,
    /// Delete the bucket with the stack (it must be empty for CloudFormation).
    Destroy,
}

fn default_glue_version() -> GlueVersion {
    GlueVersion::V4_0
}
fn default_worker_type() -> WorkerType {
    WorkerType::G1X
}
fn default_number_of_workers() -> u32 {
    10
}
fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}
fn default_log_retention_days() -> u32 {
    30
}
fn default_environment() -> String {
    "development".to_owned()
}
fn default_failed_tasks() -> u32 {
    5
}
fn default_memory_utilization() -> f64 {
    85.0
}
fn default_processing_time() -> u32 {
    3600
}
fn default_transition_days() -> u32 {
    30
}
fn default_noncurrent_days() -> u32 {
    90
}
fn default_abort_days() -> u32 {
    7
}
fn example_default_arguments() -> serde_json::Value {
    serde_json::json!({ "--enable-glue-datacatalog": "true" })
}
fn example_jobs() -> serde_json::Value {
    serde_json::json!({
        "orders-enrich": {
            "after": ["orders-ingest"],
            "glueJobScript": "s3://my-spark-processing-bucket/scripts/enrich.py",
            "glueNumberOfWorkers": 4
        }
    })
}
fn example_after() -> serde_json::Value {
    serde_json::json!(["orders-ingest"])
}
fn example_custom_metrics() -> serde_json::Value {
    serde_json::json!(["glue.driver.aggregate.shuffleLocalBytesRead"])
}
fn example_extra_py_files() -> serde_json::Value {
    serde_json::json!(["jobs/orders_lib", "jobs/common.py"])
}

fn example_python_modules() -> serde_json::Value {
    serde_json::json!([
        "pyarrow==14.0.2",
        "great-expectations>=0.18",
        "s3://my-artifacts/wheels/acme_utils-1.2.0-py3-none-any.whl"
    ])
}

fn example_environments() -> serde_json::Value {
    serde_json::json!({
        "dev": {"glueNumberOfWorkers": 2, "removalPolicy": "destroy"},
        "prod": {"glueNumberOfWorkers": 20, "alarmEmail": "oncall@example.com"}
    })
}

fn example_tags() -> serde_json::Value {
    serde_json::json!({ "team": "data-platform", "cost-center": "1234" })
}
fn example_origins() -> serde_json::Value {
    serde_json::json!(["https://app.example.com"])
}
fn example_alarm_thresholds() -> serde_json::Value {
    serde_json::json!({ "failedTasks": 0, "memoryUtilization": 80, "processingTime": 7200 })
}
fn default_lifecycle_rules() -> serde_json::Value {
    serde_json::to_value(LifecycleRules::default()).unwrap_or_default()
}
fn example_lifecycle_rules() -> serde_json::Value {
    serde_json::json!({
        "transitionToInfrequentAccessDays": 60,
        "noncurrentVersionExpirationDays": 30,
        "abortIncompleteMultipartUploadDays": 3
    })
}
fn example_cors_rules() -> serde_json::Value {
    serde_json::json!([{ "allowedOrigins": ["https://app.example.com"], "allowedMethods": ["GET", "HEAD"] }])
}
fn example_methods() -> serde_json::Value {
    serde_json::json!(["GET", "HEAD"])
}
fn example_headers() -> serde_json::Value {
    serde_json::json!(["*"])
}
fn example_exposed_headers() -> serde_json::Value {
    serde_json::json!(["ETag"])
}
fn default_source_format() -> DataFormat {
    DataFormat::Json
}
fn default_sink_format() -> DataFormat {
    DataFormat::Parquet
}
fn example_source() -> serde_json::Value {
    serde_json::json!({
        "path": "s3://my-spark-processing-bucket/raw/orders/",
        "format": "csv",
        "options": { "header": "true" }
    })
}
fn example_sink() -> serde_json::Value {
    serde_json::json!({
        "path": "s3://my-spark-processing-bucket/curated/orders/",
        "format": "parquet",
        "partitionKeys": ["order_date"],
        "writeMode": "append"
    })
}
fn example_reader_options() -> serde_json::Value {
    serde_json::json!({ "header": "true", "sep": ";" })
}
fn example_catalog() -> serde_json::Value {
    serde_json::json!({ "database": "orders_lake", "table": "orders_curated" })
}
fn example_partition_keys() -> serde_json::Value {
    serde_json::json!(["order_date"])
}
