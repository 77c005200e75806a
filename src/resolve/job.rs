use std::collections::BTreeMap;

use serde::Serialize;

use super::checkov::{self, Skip};
use super::interp::Interp;
use super::Names;
use crate::catalog::LoggingStyle;
use crate::spec::{
    JobBookmarks, Spec, EXTRA_PY_FILES_ARGUMENT, PYTHON_MODULES_ARGUMENT, SINK_PATH_ARGUMENT,
    SOURCE_PATH_ARGUMENT,
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
    /// File name of the script, e.g. `processor.py`: the rendered script at `glue/<file_name>`, or
    /// the team's own file.
    pub file_name: String,
    /// File name of its pytest file beside it, `test_<stem>.py` with the stem made a Python
    /// identifier (`my-job.py` -> `test_my_job.py`), so pytest can import it.
    pub test_file_name: String,
    /// The module name the test loads the script under.
    pub module_name: String,
    /// Where the rendered script goes in the output tree, `glue/<file_name>`
    /// (`glue/<job>/<file_name>` when the spec has several jobs); for the team's own script, the
    /// generated runtime, `glue/sparkgen_runtime.py`.
    pub output_path: String,
    /// The folder of the script, its test and its README in the output tree.
    pub folder: String,
    /// The file name of `output_path`, and the module name the test loads it under.
    pub output_file_name: String,
    pub output_module: String,
    /// The job's `ScriptLocation` in CloudFormation: the S3 URI, or the script's path relative
    /// to the template so `aws cloudformation package` uploads it.
    pub cfn_location: String,
    /// The job's `script_location` in Terraform: always an S3 URI.
    pub s3_uri: String,
    /// Present when the deployment uploads the script into the data bucket.
    pub upload: Option<ScriptUpload>,
    /// The team's own script, when `glueJobScript` is a local path.
    pub team: Option<TeamScript>,
    /// Every local file the deployment uploads into the data bucket for this job: the script,
    /// the generated runtime, the `extraPyFiles` zip. Terraform uploads each with a content hash.
    pub uploads: Vec<Upload>,
    /// The data bucket's folder (`scripts/`, `scripts/<job>/`) the job's local files go to.
    pub upload_prefix: String,
    /// The S3 URIs of `--extra-py-files`, in order: the runtime, the zip, the `s3://` entries.
    pub extra_py_files: Vec<String>,
    /// `extraPyFiles`' local entries, zipped into `zip_output_path` when there are any.
    pub local_extra_py_files: Vec<LocalPyFile>,
    /// `glue/[<job>/]extra_py_files.zip`, when some `extraPyFiles` are local.
    pub zip_output_path: Option<String>,
    /// The zip's file name beside the runtime.
    pub zip_file_name: &'static str,
    /// The folders the local `extraPyFiles` are in, from the runtime's folder: the local runner
    /// and the test put them on the Python path, where Glue puts the zip.
    pub local_python_paths: Vec<String>,
    /// The job's `pythonModules` a laptop can pip-install (not the `s3://` wheels), each quoted
    /// for a POSIX shell, space-separated: the README's install line adds them.
    pub local_requirements: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptUpload {
    pub bucket: String,
    pub key: String,
}

/// A team-owned job script: the job runs it; it defines `transform(df)` and hands it to the
/// runtime sparkgen generates beside the job's other files.
#[derive(Debug, Clone, Serialize)]
pub struct TeamScript {
    /// As the spec names it, relative to the spec's folder.
    pub spec_path: String,
    /// From the output tree's root, for the templates' relative paths.
    pub from_tree: String,
    /// From the runtime's folder, so the local runner and the test find it.
    pub from_runtime: String,
    /// The module name the team's script imports the runtime under.
    pub runtime_module: &'static str,
}

/// One local file the deployment puts into the data bucket.
#[derive(Debug, Clone, Serialize)]
pub struct Upload {
    /// The Terraform resource name of its `aws_s3_object`.
    pub tf: String,
    pub key: String,
    /// The file, from the output tree's root.
    pub source: String,
    /// What it is, for the comment above it.
    pub what: &'static str,
}

/// A local `extraPyFiles` entry and where it goes in the zip.
#[derive(Debug, Clone, Serialize)]
pub struct LocalPyFile {
    /// Its place in the job's `extraPyFiles`, for a finding about it.
    pub index: usize,
    /// As the spec names it, relative to the spec's folder.
    pub spec_path: String,
    /// The entry's name at the zip's root: the file's or the folder's own name.
    pub name_in_zip: String,
}

/// The output tree's folder of the job scripts and their companions.
pub const GLUE_FOLDER: &str = "glue";

/// The S3 folder of the data bucket where the deployment uploads a job's local files.
const SCRIPTS_PREFIX: &str = "scripts/";

/// The generated runtime a team's script imports: the same module name in every job's folder,
/// since each job ships only its own.
pub const RUNTIME_MODULE: &str = "sparkgen_runtime";

/// The zip of a job's local `extraPyFiles`, beside its runtime.
pub const EXTRA_PY_FILES_ZIP: &str = "extra_py_files.zip";

/// Where a job's generated files go in the output tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// One job: `glue/<script>`, as a one-job spec always rendered.
    Single,
    /// Several jobs: `glue/<job name>/<script>`, so two jobs' files never meet, even with the
    /// same script file name (a job inherits the first job's `glueJobScript`).
    FolderPerJob,
}

/// `spec_folder`: the spec's folder seen from the output tree's root (`..` for a tree beside
/// the spec), which every path to a team's file starts with.
pub(super) fn script(spec: &Spec, names: &Names, layout: Layout, spec_folder: &str) -> Script {
    let location = spec.glue_job_script.as_str();
    let file_name = location.rsplit('/').next().unwrap_or(location).to_owned();
    let module_name = module_name(&file_name);
    let test_file_name = format!("test_{module_name}.py");
    let (folder, upload_folder, depth) = match layout {
        Layout::Single => (GLUE_FOLDER.to_owned(), SCRIPTS_PREFIX.to_owned(), 1),
        Layout::FolderPerJob => (
            format!("{GLUE_FOLDER}/{}", names.job),
            format!("{SCRIPTS_PREFIX}{}/", names.job),
            2,
        ),
    };
    // sparkgen's own files go to the bucket it keeps them in: the data bucket, or the working
    // bucket beside a team's existing one.
    let bucket = &spec.files_bucket();
    let s3 = |key: &str| format!("s3://{bucket}/{key}");
    let ids = names.ids.plan();
    let mut uploads = Vec::new();
    let mut extra_py_files = Vec::new();
    let local_extra_py_files: Vec<LocalPyFile> = spec
        .extra_py_files
        .iter()
        .enumerate()
        .filter(|(_, entry)| !entry.starts_with("s3://"))
        .map(|(index, entry)| LocalPyFile {
            index,
            spec_path: entry.clone(),
            name_in_zip: entry
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(entry)
                .to_owned(),
        })
        .collect();
    let (output_path, cfn_location, s3_uri, upload, team) = match location.strip_prefix("s3://") {
        Some(rest) => {
            let (script_bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            let upload = (script_bucket == bucket.as_str()).then(|| ScriptUpload {
                bucket: script_bucket.to_owned(),
                key: key.to_owned(),
            });
            let output_path = format!("{folder}/{file_name}");
            if let Some(upload) = &upload {
                uploads.push(Upload {
                    tf: ids.script_object.tf.clone(),
                    key: upload.key.clone(),
                    source: output_path.clone(),
                    what: "The job script",
                });
            }
            (
                output_path,
                location.to_owned(),
                location.to_owned(),
                upload,
                None,
            )
        }
        None => {
            let key = format!("{upload_folder}{file_name}");
            let from_tree = join_path(spec_folder, location);
            let runtime_file = format!("{RUNTIME_MODULE}.py");
            let runtime_key = format!("{upload_folder}{runtime_file}");
            let output_path = format!("{folder}/{runtime_file}");
            uploads.push(Upload {
                tf: ids.script_object.tf.clone(),
                key: key.clone(),
                source: from_tree.clone(),
                what: "The team's job script",
            });
            uploads.push(Upload {
                tf: ids.runtime_object.tf.clone(),
                key: runtime_key.clone(),
                source: output_path.clone(),
                what: "The generated runtime the script imports",
            });
            extra_py_files.push(s3(&runtime_key));
            let team = TeamScript {
                spec_path: location.to_owned(),
                from_runtime: join_path(&"../".repeat(depth), &from_tree),
                from_tree: from_tree.clone(),
                runtime_module: RUNTIME_MODULE,
            };
            (
                output_path,
                format!("../{from_tree}"),
                s3(&key),
                Some(ScriptUpload {
                    bucket: bucket.clone(),
                    key,
                }),
                Some(team),
            )
        }
    };
    let zip_output_path = (!local_extra_py_files.is_empty()).then(|| {
        let key = format!("{upload_folder}{EXTRA_PY_FILES_ZIP}");
        let path = format!("{folder}/{EXTRA_PY_FILES_ZIP}");
        uploads.push(Upload {
            tf: ids.extra_py_files_object.tf.clone(),
            key: key.clone(),
            source: path.clone(),
            what: "The zip of the job's local extraPyFiles",
        });
        extra_py_files.push(s3(&key));
        path
    });
    extra_py_files.extend(
        spec.extra_py_files
            .iter()
            .filter(|entry| entry.starts_with("s3://"))
            .cloned(),
    );
    let runtime_to_spec = join_path(&"../".repeat(depth), spec_folder);
    let mut local_python_paths: Vec<String> = Vec::new();
    for entry in &local_extra_py_files {
        let trimmed = entry.spec_path.trim_end_matches('/');
        let parent = trimmed.rsplit_once('/').map_or(".", |(parent, _)| parent);
        let path = join_path(&runtime_to_spec, parent);
        if !local_python_paths.contains(&path) {
            local_python_paths.push(path);
        }
    }
    let output_file_name = output_path
        .rsplit('/')
        .next()
        .unwrap_or(&output_path)
        .to_owned();
    let output_module = if team.is_some() {
        RUNTIME_MODULE.to_owned()
    } else {
        module_name.clone()
    };
    let local_requirements = spec
        .python_modules
        .iter()
        .filter(|m| !m.starts_with("s3://"))
        .map(|m| format!("'{}'", m.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    Script {
        upload_prefix: upload_folder,
        local_requirements,
        output_file_name,
        output_module,
        local_python_paths,
        cfn_location,
        s3_uri,
        upload,
        team,
        uploads,
        extra_py_files,
        local_extra_py_files,
        zip_output_path,
        zip_file_name: EXTRA_PY_FILES_ZIP,
        output_path,
        folder,
        file_name,
        test_file_name,
        module_name,
    }
}

/// `..` + `jobs/a.py` -> `../jobs/a.py`; `../..` + `../x.py` -> `../../../x.py`; `.` drops out.
fn join_path(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.trim_start_matches("./");
    if base.is_empty() || base == "." {
        path.to_owned()
    } else {
        format!("{base}/{path}")
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

pub(super) fn job(
    spec: &Spec,
    names: &Names,
    security: Option<&SecurityConfiguration>,
    script: &Script,
) -> Job {
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
        arguments: arguments(spec, names, script),
        security_configuration: security.map(|s| s.name.clone()),
        checkov_skips: checkov::job(spec),
        nag_suppressions: super::nag::job(spec),
    }
}

fn arguments(spec: &Spec, names: &Names, script: &Script) -> Vec<Argument> {
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
    if !script.extra_py_files.is_empty() {
        // Glue adds each file of this comma-separated list to the script's Python path.
        set(EXTRA_PY_FILES_ARGUMENT, &script.extra_py_files.join(","));
    }
    for (k, v) in &spec.default_arguments {
        args.insert(k.clone(), v.clone());
    }
    args.into_iter()
        .map(|(key, value)| Argument { key, value })
        .collect()
}
