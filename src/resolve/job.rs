use std::collections::BTreeMap;

use serde::Serialize;

use super::checkov::{self, Skip};
use super::interp::Interp;
use super::Names;
use crate::catalog::LoggingStyle;
use crate::spec::{
    JobBookmarks, Spec, PYTHON_MODULES_ARGUMENT, SINK_PATH_ARGUMENT, SOURCE_PATH_ARGUMENT,
};

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub name: String,
    pub description: String,
    pub glue_version: &'static str,
    pub worker_type: &'static str,
    pub number_of_workers: u32,
    pub timeout_minutes: u32,
    pub max_retries: u32,
    pub max_concurrent_runs: u32,
    /// `STANDARD` or `FLEX`.
    pub execution_class: &'static str,
    /// `NotificationProperty.NotifyDelayAfter`: minutes after a run starts when Glue emits a
    /// "Glue Job Run Status" event for a run still running (from `alarmThresholds.processingTime`).
    pub notify_delay_after_minutes: u32,
    /// `Command.PythonVersion`: Glue 2.0+ Spark jobs run Python 3.
    pub python_version: &'static str,
    /// Sorted by key; sparkgen's arguments with the user's `defaultArguments` merged last.
    pub arguments: Vec<Argument>,
    pub security_configuration: Option<String>,
    pub checkov_skips: Vec<Skip>,
    pub nag_suppressions: Vec<super::nag::Suppression>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Argument {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityConfiguration {
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogGroup {
    pub name: String,
    pub arn: Interp,
    pub retention_days: u32,
    pub kms: bool,
    pub checkov_skips: Vec<Skip>,
}

/// Where the job script lives and how it gets there.
#[derive(Debug, Clone, Serialize)]
pub struct Script {
    /// File name of the rendered script, e.g. `processor.py`; rendered at `glue/<file_name>`.
    pub file_name: String,
    /// File name of its pytest file beside it, `test_<stem>.py` with the stem made a Python
    /// identifier (`my-job.py` -> `test_my_job.py`), so pytest can import it.
    pub test_file_name: String,
    /// The module name the test loads the script under.
    pub module_name: String,
    /// Where the rendered script goes in the output tree, `glue/<file_name>`
    /// (`glue/<job>/<file_name>` when the spec has several jobs).
    pub output_path: String,
    /// The folder of the script, its test and its README in the output tree.
    pub folder: String,
    /// The job's `ScriptLocation` in CloudFormation: the S3 URI, or the rendered file's path relative
    /// to the template so `aws cloudformation package` uploads it.
    pub cfn_location: String,
    /// The job's `script_location` in Terraform: always an S3 URI.
    pub s3_uri: String,
    /// Present when Terraform uploads the rendered script into the data bucket.
    pub upload: Option<ScriptUpload>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptUpload {
    pub bucket: String,
    pub key: String,
}

/// The output tree's folder of the job scripts and their companions.
pub const GLUE_FOLDER: &str = "glue";

/// The S3 folder of the data bucket where Terraform uploads a local script.
const SCRIPTS_PREFIX: &str = "scripts/";

/// Where a job's generated files go in the output tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// One job: `glue/<script>`, as a one-job spec always rendered.
    Single,
    /// Several jobs: `glue/<job name>/<script>`, so two jobs' files never meet, even with the
    /// same script file name (a job inherits the first job's `glueJobScript`).
    FolderPerJob,
}

pub(super) fn script(spec: &Spec, names: &Names, layout: Layout) -> Script {
    let location = spec.glue_job_script.as_str();
    let file_name = location.rsplit('/').next().unwrap_or(location).to_owned();
    let module_name = module_name(&file_name);
    let test_file_name = format!("test_{module_name}.py");
    let (folder, upload_folder) = match layout {
        Layout::Single => (GLUE_FOLDER.to_owned(), SCRIPTS_PREFIX.to_owned()),
        Layout::FolderPerJob => (
            format!("{GLUE_FOLDER}/{}", names.job),
            format!("{SCRIPTS_PREFIX}{}/", names.job),
        ),
    };
    let output_path = format!("{folder}/{file_name}");
    match location.strip_prefix("s3://") {
        Some(rest) => {
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            let upload = (bucket == spec.files_bucket()).then(|| ScriptUpload {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
            });
            Script {
                cfn_location: location.to_owned(),
                s3_uri: location.to_owned(),
                upload,
                output_path,
                folder,
                file_name,
                test_file_name,
                module_name,
            }
        }
        None => {
            let key = format!("{upload_folder}{file_name}");
            let bucket = spec.files_bucket();
            Script {
                cfn_location: format!("../{output_path}"),
                s3_uri: format!("s3://{bucket}/{key}"),
                upload: Some(ScriptUpload { bucket, key }),
                output_path,
                folder,
                file_name,
                test_file_name,
                module_name,
            }
        }
    }
}

/// `my-job.v2.py` -> `my_job_v2`: the file stem with every character a Python identifier cannot
/// hold replaced by `_` (the rules allow only `A-Za-z0-9_-.` in script names). `importlib` takes
/// any name; `test_` in front makes the test file's an identifier too.
fn module_name(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".py").unwrap_or(file_name);
    stem.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The log groups Glue writes this job's logs to, which the stack creates with retention (and the
/// key): with a security configuration that encrypts CloudWatch logs, Glue appends its name, so the
/// group named in the job's arguments would stay empty.
/// - Glue 4.0 and earlier, continuous logging: `--continuous-log-logGroup G` writes to `G`, or to
///   `G-<security configuration>` when encrypted.
/// - Glue 5.x: `--custom-logGroup-prefix P` writes to `P/error` and `P/output`, or to
///   `P/<security configuration>-role/<role>/error` and `.../output` when encrypted.
pub(super) fn log_groups(spec: &Spec, names: &Names) -> Vec<LogGroup> {
    let group = |name: String| LogGroup {
        arn: Interp::arn("logs", true, &format!("log-group:{name}")),
        retention_days: spec.log_retention_days,
        kms: spec.enable_encryption,
        checkov_skips: checkov::log_group(spec),
        name,
    };
    let prefix = &names.log_prefix;
    let sc = &names.security_configuration;
    match (spec.glue_version.info().logging, spec.enable_encryption) {
        (LoggingStyle::ContinuousLogGroup, false) => vec![group(prefix.clone())],
        (LoggingStyle::ContinuousLogGroup, true) => vec![group(format!("{prefix}-{sc}"))],
        (LoggingStyle::CustomPrefix, encrypted) => {
            let base = if encrypted {
                format!("{prefix}/{sc}-role/{}", names.role)
            } else {
                prefix.clone()
            };
            vec![
                group(format!("{base}/error")),
                group(format!("{base}/output")),
            ]
        }
    }
}

/// Log groups Glue itself writes to for this job and the stack does not own, shared by the
/// account's jobs: on Glue 4.0 and earlier the driver's output and error logs go to
/// `/aws-glue/jobs/output` and `/aws-glue/jobs/error`, or, for an encrypted job, to groups under
/// `/aws-glue/jobs-<role>-<security configuration>/`. Glue 5.x writes only to the prefix's groups.
pub(super) fn glue_owned_log_groups(spec: &Spec, names: &Names) -> Vec<String> {
    match (spec.glue_version.info().logging, spec.enable_encryption) {
        (LoggingStyle::ContinuousLogGroup, false) => vec![
            "/aws-glue/jobs/error".to_owned(),
            "/aws-glue/jobs/output".to_owned(),
        ],
        (LoggingStyle::ContinuousLogGroup, true) => vec![format!(
            "/aws-glue/jobs-{}-{}/*",
            names.role, names.security_configuration
        )],
        (LoggingStyle::CustomPrefix, _) => Vec::new(),
    }
}

pub(super) fn security_configuration(names: &Names) -> SecurityConfiguration {
    SecurityConfiguration {
        name: names.security_configuration.clone(),
    }
}

pub(super) fn job(spec: &Spec, names: &Names, security: Option<&SecurityConfiguration>) -> Job {
    let version = spec.glue_version.info();
    Job {
        name: names.job.clone(),
        description: format!(
            "Spark ETL job ({} environment), managed by sparkgen",
            spec.environment
        ),
        glue_version: version.label,
        worker_type: spec.glue_worker_type.label(),
        number_of_workers: spec.glue_number_of_workers,
        timeout_minutes: spec.timeout_minutes(),
        max_retries: spec.max_retries,
        max_concurrent_runs: spec.max_concurrent_runs,
        execution_class: spec.execution_class.api_value(),
        notify_delay_after_minutes: super::monitoring::notify_delay_after_minutes(
            spec.alarm_thresholds.processing_time,
        ),
        python_version: "3",
        arguments: arguments(spec, names),
        security_configuration: security.map(|s| s.name.clone()),
        checkov_skips: checkov::job(spec),
        nag_suppressions: super::nag::job(spec),
    }
}

fn arguments(spec: &Spec, names: &Names) -> Vec<Argument> {
    // The temp dir and Spark UI event logs are sparkgen's files, never the team's bucket's.
    let bucket = &spec.files_bucket();
    let mut args: BTreeMap<String, String> = BTreeMap::new();
    let mut set = |k: &str, v: &str| {
        args.insert(k.to_owned(), v.to_owned());
    };
    set("--job-language", "python");
    // The script reads its paths from these; the constants in it are only fallbacks.
    set(SOURCE_PATH_ARGUMENT, &spec.source_path());
    set(SINK_PATH_ARGUMENT, &spec.sink_path());
    set("--TempDir", &format!("s3://{bucket}/temp/"));
    // Only the key matters to Glue; "true" reads well in the console.
    set("--enable-metrics", "true");
    set(
        "--job-bookmark-option",
        match spec.job_bookmarks {
            JobBookmarks::Enable => "job-bookmark-enable",
            JobBookmarks::Disable => "job-bookmark-disable",
            JobBookmarks::Pause => "job-bookmark-pause",
        },
    );
    if spec.enable_job_insights {
        set("--enable-job-insights", "true");
    }
    if spec.enable_auto_scaling {
        set("--enable-auto-scaling", "true");
    }
    if spec.enable_spark_ui {
        set("--enable-spark-ui", "true");
        set(
            "--spark-event-logs-path",
            &format!("s3://{bucket}/spark-ui-logs/"),
        );
    }
    match spec.glue_version.info().logging {
        LoggingStyle::ContinuousLogGroup => {
            set("--enable-continuous-cloudwatch-log", "true");
            set("--enable-continuous-log-filter", "true");
            // The name Glue is given; with an encrypting security configuration it writes to
            // this name with the configuration's appended (`log_groups`).
            set("--continuous-log-logGroup", &names.log_prefix);
        }
        LoggingStyle::CustomPrefix => set("--custom-logGroup-prefix", &names.log_prefix),
    }
    if !spec.python_modules.is_empty() {
        // Glue 2.0 and later pip-install this comma-separated list before the script starts.
        set(PYTHON_MODULES_ARGUMENT, &spec.python_modules.join(","));
    }
    for (k, v) in &spec.default_arguments {
        args.insert(k.clone(), v.clone());
    }
    args.into_iter()
        .map(|(key, value)| Argument { key, value })
        .collect()
}
