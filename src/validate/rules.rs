//! Rules a JSON Schema cannot say: AWS naming rules, which worker type runs on which Glue version,
//! reserved job arguments, tag rules. Each rule reports every problem it finds, with the JSON path of
//! the value it is about; the caller maps paths to lines.

mod data_flow;
mod graph;
mod lake;

use crate::catalog::{WorkerType, LOG_RETENTION_DAYS};
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::Spec;

/// Job arguments Glue sets itself and rejects from users.
const RESERVED_ARGUMENTS: &[&str] = &["--conf", "--debug", "--mode", "--JOB_NAME"];
/// All of a job's arguments together (Glue API limit).
const MAX_ARGUMENTS_BYTES: usize = 260 * 1024;
/// AWS allows 50 tags per resource; sparkgen adds `Environment` and `ManagedBy`.
const MAX_USER_TAGS: usize = 48;

/// Rules about job-level keys read a job of the pipeline and build every path with `job.at`, so
/// the same rule reports at the right line for any job a spec holds.
pub use crate::spec::JobSpec as JobScope;

pub fn check(spec: &Spec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Shared resources: the bucket, its lifecycle and CORS, logs, alerts, tags.
    bucket_name(&spec.bucket_name, &mut out);
    storage_numbers(spec, &mut out);
    alerts(spec, &mut out);
    tags(spec, &mut out);
    cors(spec, &mut out);
    lake::existing_bucket(spec, &mut out);
    let jobs = spec.jobs();
    for job in &jobs {
        job_name(job, &mut out);
        script(job, &mut out);
        worker_type(job, &mut out);
        execution_class(job, &mut out);
        job_numbers(job, &mut out);
        default_arguments(job, &mut out);
        python_modules(job, &mut out);
        extra_py_files(job, &mut out);
        custom_metrics(job, &mut out);
        data_flow::check(job, &mut out);
        lake::job(job, &mut out);
        schedule(job, &mut out);
    }
    graph::check(&jobs, &mut out);
    lake::catalog_across_jobs(&jobs, &mut out);
    cloudformation_dynamic_references(spec, &jobs, &mut out);
    environment_names(spec, &mut out);
    out
}

/// Each environment renders into a folder of its name, so the name must be one.
fn environment_names(spec: &Spec, out: &mut Vec<Diagnostic>) {
    for name in spec.environments.keys() {
        let valid = name.len() <= 63
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            let mut path = String::from("/environments");
            crate::spec::source::push_token(&mut path, name);
            out.push(
                error(
                    Code::EnvironmentName,
                    &path,
                    format!("environment `{name}` cannot name the folder it renders into"),
                )
                .expected(
                    "letters, digits, `-` and `_`, starting with a letter or digit, at most 63",
                ),
            );
        }
    }
}

/// The top-level keys a rule reads besides the one its diagnostic is about, by diagnostic code,
/// so a finding can be set aside when one of them is broken (see `validate::sound`).
pub fn reads(code: Code) -> &'static [&'static str] {
    match code {
        Code::WorkerType => &["glueVersion"],
        Code::AutoScaling => &["glueWorkerType"],
        Code::ExecutionClass => &["glueWorkerType"],
        Code::AlertTarget => &["alarmEmail"],
        Code::WriteMode => &["jobBookmarks", "catalog"],
        Code::ExistingBucket => &["existingBucket"],
        Code::ProcessingTime => &["glueTimeout", "alarmThresholds"],
        _ => &[],
    }
}

/// Whether a diagnostic of this code is about a mapping key rather than its value, so the key is
/// what gets underlined.
pub fn about_key(code: Code) -> bool {
    matches!(
        code,
        Code::TagKey
            | Code::ReservedArgument
            | Code::ArgumentName
            | Code::ReaderOption
            | Code::EnvironmentName
    )
}

fn error(code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, path, message)
}

/// S3 general purpose bucket naming rules; returns the first rule the name breaks.
pub fn bucket_name_problem(name: &str) -> Option<String> {
    let len = name.chars().count();
    if !(3..=63).contains(&len) {
        return Some(format!(
            "is {len} characters long; S3 bucket names have 3 to 63"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '.' | '-'))
    {
        let why = if c.is_ascii_uppercase() {
            "uppercase letters are not allowed"
        } else {
            "only lowercase letters, digits, dots and hyphens are allowed"
        };
        return Some(format!("contains `{c}`: {why}"));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Some("must start and end with a letter or digit".to_owned());
    }
    if name.contains("..") {
        return Some("must not contain two adjacent dots".to_owned());
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return Some("must not be formatted as an IP address".to_owned());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return Some(format!("must not start with `{prefix}` (reserved by S3)"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return Some(format!("must not end with `{suffix}` (reserved by S3)"));
        }
    }
    None
}

fn bucket_name(name: &str, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = bucket_name_problem(name) {
        out.push(
            error(Code::BucketName, "/bucketName", format!("bucket name `{name}` {problem}"))
                .expected("3-63 characters of a-z, 0-9, `.` and `-`, starting and ending with a letter or digit")
                .hint(suggest_bucket_name(name)),
        );
    }
}

fn suggest_bucket_name(name: &str) -> String {
    let fixed: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let fixed = fixed
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_owned();
    if fixed != name && bucket_name_problem(&fixed).is_none() {
        format!("try `{fixed}`")
    } else {
        "see S3's general purpose bucket naming rules".to_owned()
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn job_name(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let name = job.name();
    // A job of `jobs:` is named by its key.
    let path = if job.is_first() {
        job.at("/glueJobName")
    } else {
        job.pointer().to_owned()
    };
    let len = name.chars().count();
    if len == 0 || len > 247 || !name.chars().all(is_name_char) {
        // The first job's name also names the pipeline's dashboard; every job's its alarms.
        let (message, why) = if job.is_first() {
            (
                format!("Glue job name `{name}` cannot name its dashboard `{name}-metrics`"),
                "CloudWatch dashboard names allow only these",
            )
        } else {
            (
                format!("Glue job name `{name}` cannot name its role, alarms and event rules"),
                "the same rule as `glueJobName`, whose job names the dashboard",
            )
        };
        out.push(error(Code::JobName, &path, message).expected(format!(
            "1-247 characters of A-Z, a-z, 0-9, `_` and `-` ({why})"
        )));
    }
}

fn script(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let location = spec.glue_job_script.as_str();
    let expected = "an `s3://bucket/path/script.py` URI, or a local `.py` path";
    let file = location.rsplit('/').next().unwrap_or(location);
    if let Some(rest) = location.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket_name_problem(bucket).is_some() || key.is_empty() {
            out.push(
                error(
                    Code::ScriptLocation,
                    &job.at("/glueJobScript"),
                    format!("`{location}` does not name an S3 bucket and key"),
                )
                .expected(expected),
            );
            return;
        }
    } else if location.contains("://") {
        out.push(
            error(
                Code::ScriptLocation,
                &job.at("/glueJobScript"),
                format!("`{location}` is neither an s3:// URI nor a local path"),
            )
            .expected(expected),
        );
        return;
    } else if let Some(why) = local_path_problem(location) {
        out.push(
            error(
                Code::ScriptLocation,
                &job.at("/glueJobScript"),
                format!("`{location}` {why}"),
            )
            .expected(expected),
        );
        return;
    }
    let stem_ok = file
        .strip_suffix(".py")
        .is_some_and(|stem| !stem.is_empty() && stem.chars().all(|c| is_name_char(c) || c == '.'));
    if !stem_ok {
        out.push(
            error(Code::ScriptLocation, &job.at("/glueJobScript"), format!("script file name `{file}` must be a `.py` file named with A-Z, a-z, 0-9, `_`, `-` and `.`"))
                .expected(expected),
        );
    }
}

fn worker_type(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let worker = spec.glue_worker_type.info();
    let version = spec.glue_version;
    if !spec.glue_worker_type.runs_etl_on(version) {
        let valid: Vec<&str> = WorkerType::all()
            .filter(|w| w.worker_type.runs_etl_on(version))
            .map(|w| w.label)
            .collect();
        let why = if worker.note.is_empty() {
            format!("needs a newer Glue version than {}", version.label())
        } else {
            worker.note.to_owned()
        };
        out.push(
            error(
                Code::WorkerType,
                &job.at("/glueWorkerType"),
                format!(
                    "worker type {} cannot run a Spark ETL job on Glue {}: {why}",
                    worker.label,
                    version.label()
                ),
            )
            .expected(format!("one of {}", valid.join(", "))),
        );
    }
    let runs_etl = spec.glue_worker_type.runs_etl_on(version);
    if runs_etl && spec.enable_auto_scaling && !worker.supports_auto_scaling {
        out.push(
            error(
                Code::AutoScaling,
                &job.at("/enableAutoScaling"),
                format!(
                    "auto-scaling does not work with worker type {}",
                    worker.label
                ),
            )
            .hint("set `enableAutoScaling: false`, or use a G.* worker type"),
        );
    }
}

/// Flex runs only G.1X and G.2X workers (on Glue 3.0 and later, every version sparkgen offers).
fn execution_class(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let worker = spec.glue_worker_type.info();
    if spec.execution_class == crate::spec::ExecutionClass::Flex && !worker.runs_flex {
        let flex: Vec<&str> = WorkerType::all()
            .filter(|w| w.runs_flex)
            .map(|w| w.label)
            .collect();
        out.push(
            error(
                Code::ExecutionClass,
                &job.at("/executionClass"),
                format!(
                    "Flex runs only {} workers, not {}",
                    flex.join(" and "),
                    worker.label
                ),
            )
            .expected(format!(
                "`standard`, or a worker type of {}",
                flex.join(", ")
            ))
            .hint(format!(
                "set `executionClass: standard`, or `glueWorkerType: {}`",
                flex.first().copied().unwrap_or("G.1X")
            )),
        );
    }
}

fn job_numbers(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    if !(2..=299).contains(&spec.glue_number_of_workers) {
        out.push(
            error(
                Code::Range,
                &job.at("/glueNumberOfWorkers"),
                format!("{} workers is out of range", spec.glue_number_of_workers),
            )
            .expected("2 to 299 workers"),
        );
    }
    if let Some(timeout) = spec.glue_timeout {
        if !(1..10080).contains(&timeout) {
            out.push(
                error(
                    Code::Range,
                    &job.at("/glueTimeout"),
                    format!("a timeout of {timeout} minutes is out of range"),
                )
                .expected("1 to 10079 minutes (less than 7 days)"),
            );
        }
    }
    if let Some(expected) = spec.expected_run_minutes {
        let timeout = spec.timeout_minutes();
        if expected == 0 || expected > timeout {
            out.push(
                error(
                    Code::Range,
                    &job.at("/expectedRunMinutes"),
                    format!("an expected run of {expected} minutes is not within the timeout of {timeout} minutes"),
                )
                .expected(format!("1 to {timeout} minutes (`glueTimeout`)")),
            );
        }
    }
    if spec.max_retries > 10 {
        out.push(
            error(
                Code::Range,
                &job.at("/maxRetries"),
                format!("{} retries is more than Glue allows", spec.max_retries),
            )
            .expected("0 to 10"),
        );
    }
    let memory = spec.alarm_thresholds.memory_utilization;
    if !(memory.is_finite() && (0.0..=100.0).contains(&memory)) {
        out.push(
            error(
                Code::Range,
                &job.at("/alarmThresholds/memoryUtilization"),
                format!("{memory} is not a percentage"),
            )
            .expected("a percentage from 0 to 100 (85 means 85 percent)"),
        );
    } else if memory > 0.0 && memory < 1.0 {
        // A fraction, as CDK code that feeds Glue's 0..1 gauge writes it: below 1 percent the
        // driver's heap is always over the threshold, so the alarm would fire on every run.
        out.push(
            error(
                Code::PercentAsFraction,
                &job.at("/alarmThresholds/memoryUtilization"),
                format!("{memory} means {memory} percent of the heap: the alarm would fire on every run"),
            )
            .expected("a percentage from 1 to 100 (sparkgen converts it to Glue's fraction)")
            .hint(format!("write `{}` for {} percent", fraction_as_percent(memory), fraction_as_percent(memory))),
        );
    }
    processing_time(job, out);
    if spec.alarm_thresholds.processing_time == 0 {
        out.push(
            error(
                Code::Range,
                &job.at("/alarmThresholds/processingTime"),
                "a processing time of 0 seconds would always alarm",
            )
            .expected("at least 1 second"),
        );
    }
}

/// The shared resources' numbers: log retention and the bucket's lifecycle.
fn storage_numbers(spec: &Spec, out: &mut Vec<Diagnostic>) {
    if !LOG_RETENTION_DAYS.contains(&spec.log_retention_days) {
        let nearest = LOG_RETENTION_DAYS
            .iter()
            .min_by_key(|d| d.abs_diff(spec.log_retention_days))
            .copied()
            .unwrap_or(30);
        out.push(
            error(
                Code::LogRetention,
                "/logRetentionDays",
                format!(
                    "CloudWatch Logs cannot keep logs for {} days",
                    spec.log_retention_days
                ),
            )
            .expected(format!("one of {}", join_numbers(LOG_RETENTION_DAYS)))
            .hint(format!("the nearest allowed value is {nearest}")),
        );
    }
    let rules = &spec.lifecycle();
    if rules.transition_to_infrequent_access_days < 30 {
        out.push(
            error(
                Code::Range,
                "/lifecycleRules/transitionToInfrequentAccessDays",
                "S3 moves objects to STANDARD_IA only after at least 30 days",
            )
            .expected("30 or more days"),
        );
    }
    for (value, key) in [
        (
            rules.noncurrent_version_expiration_days,
            "noncurrentVersionExpirationDays",
        ),
        (
            rules.abort_incomplete_multipart_upload_days,
            "abortIncompleteMultipartUploadDays",
        ),
    ] {
        if value == 0 {
            out.push(
                error(
                    Code::Range,
                    &format!("/lifecycleRules/{key}"),
                    "0 days is not a valid lifecycle period",
                )
                .expected("1 or more days"),
            );
        }
    }
}

/// 0.85 -> "85": the percentage a fraction stands for, without binary rounding noise.
fn fraction_as_percent(fraction: f64) -> String {
    let percent = (fraction * 100.0 * 1e6).round() / 1e6;
    let text = format!("{percent}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// `schedule` must be an expression a Glue scheduled trigger accepts.
fn schedule(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let Some(text) = &job.spec.schedule else {
        return;
    };
    if let Err(finding) = crate::catalog::schedule::glue_cron(text) {
        let d = error(Code::Schedule, &job.at("/schedule"), finding.message)
            .expected(crate::catalog::schedule::EXPECTED);
        out.push(match finding.hint {
            Some(hint) => d.hint(hint),
            None => d,
        });
    }
}

/// The delay notification (`processingTime`) must come before the run's timeout stops it, or it
/// never fires: a value in milliseconds, as Glue's `elapsedTime` metric counts, is the usual slip.
fn processing_time(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let seconds = spec.alarm_thresholds.processing_time;
    let timeout = spec.timeout_minutes();
    let notify_after = crate::resolve::notify_delay_after_minutes(seconds);
    // An out-of-range timeout has its own finding; 0 seconds too.
    if seconds == 0 || notify_after < timeout || !(1..10080).contains(&timeout) {
        return;
    }
    let timeout_seconds = u64::from(timeout) * 60;
    let d = error(
        Code::ProcessingTime,
        &job.at("/alarmThresholds/processingTime"),
        format!(
            "a run is stopped at glueTimeout ({timeout} minutes, {timeout_seconds} seconds) before \
             it has run processingTime ({seconds} seconds), so the delay notification never fires"
        ),
    )
    .expected(format!(
        "at most {} seconds: Glue notifies in whole minutes, at the latest a minute before the timeout",
        (timeout_seconds).saturating_sub(60)
    ));
    let milliseconds = seconds / 1000;
    out.push(
        if seconds % 1000 == 0 && milliseconds > 0 && u64::from(milliseconds) < timeout_seconds {
            d.hint(format!(
                "processingTime is in seconds; if {seconds} was meant as milliseconds, write `{milliseconds}`"
            ))
        } else {
            d.hint("lower processingTime, or raise glueTimeout")
        },
    );
}

fn join_numbers(values: &[u32]) -> String {
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each `pythonModules` entry must be one requirement that Glue's comma-separated
/// `--additional-python-modules` passes to pip as written.
fn python_modules(job: &JobScope, out: &mut Vec<Diagnostic>) {
    for (i, module) in job.spec.python_modules.iter().enumerate() {
        if let Some((why, hint)) = python_module_problem(module) {
            let mut d = error(
                Code::PythonModule,
                &job.at(&format!("/pythonModules/{i}")),
                format!("`{module}` {why}"),
            )
            .expected(
                "a pip requirement: `name`, `name==1.2.3` (one specifier), or an `s3://` URI of a `.whl`",
            );
            if let Some(hint) = hint {
                d = d.hint(hint);
            }
            out.push(d);
        }
    }
}

/// Each `extraPyFiles` entry is a local file or folder (a relative path) or an S3 object Glue can
/// put on the Python path; the list is one comma-separated argument, so no entry holds a comma.
fn extra_py_files(job: &JobScope, out: &mut Vec<Diagnostic>) {
    for (i, entry) in job.spec.extra_py_files.iter().enumerate() {
        if let Some(why) = extra_py_file_problem(entry) {
            out.push(
                error(
                    Code::ExtraPyFile,
                    &job.at(&format!("/extraPyFiles/{i}")),
                    format!("`{entry}` {why}"),
                )
                .expected(
                    "a local `.py` file or folder relative to the spec (`jobs/orders_lib`), or an `s3://bucket/key` URI of a `.py`, `.zip` or `.whl` file",
                ),
            );
        }
    }
}

/// Why an `extraPyFiles` entry cannot be shipped as written.
pub fn extra_py_file_problem(entry: &str) -> Option<String> {
    if entry.trim().is_empty() {
        return Some("is empty".into());
    }
    if entry.contains(',') {
        return Some(
            "holds a comma, which splits Glue's comma-separated `--extra-py-files`".into(),
        );
    }
    if let Some(rest) = entry.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket_name_problem(bucket).is_some() || key.is_empty() || key.ends_with('/') {
            return Some("does not name an S3 bucket and an object in it".into());
        }
        if ![".py", ".zip", ".whl"].iter().any(|ext| key.ends_with(ext)) {
            return Some(
                "is not a `.py`, `.zip` or `.whl` file, which is all Glue adds to the Python path"
                    .into(),
            );
        }
        return None;
    }
    if entry.contains("://") {
        return Some("is neither an s3:// URI nor a local path".into());
    }
    local_path_problem(entry)
}

/// Why a local path of the spec (relative to its folder) cannot be read the same way everywhere.
pub fn local_path_problem(path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('~') || path.get(1..2) == Some(":") {
        return Some("is not relative to the spec's folder".into());
    }
    if path.contains('\\') {
        return Some("uses `\\`: write paths with `/`".into());
    }
    if path
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '$' || c == '%')
    {
        return Some("holds a character a path in the rendered templates cannot carry (`\"`, `$`, `%`, a control character)".into());
    }
    None
}

/// Why a `pythonModules` entry is not one requirement Glue can pass to pip, and a hint.
pub fn python_module_problem(text: &str) -> Option<(String, Option<String>)> {
    let problem = |why: &str, hint: Option<String>| Some((why.to_owned(), hint));
    if text.trim().is_empty() {
        return problem("is empty", None);
    }
    if text.contains(',') {
        return problem(
            "holds a comma, which Glue reads as the end of an entry of `--additional-python-modules`",
            Some(
                "one version specifier per requirement (`pandas==2.1.4` or `pandas>=2.1`); extras one per entry"
                    .to_owned(),
            ),
        );
    }
    if text.contains(';') {
        return problem(
            "has an environment marker; the job's Python is fixed by `glueVersion`",
            Some(format!(
                "write `{}`",
                text.split(';').next().unwrap_or("").trim()
            )),
        );
    }
    if text.chars().any(char::is_whitespace) {
        return problem(
            "holds a space",
            Some(format!(
                "write `{}`",
                text.split_whitespace().collect::<String>()
            )),
        );
    }
    if let Some(rest) = text.strip_prefix("s3://") {
        let ok = rest
            .split_once('/')
            .is_some_and(|(bucket, key)| !bucket.is_empty() && key.ends_with(".whl"));
        return if ok {
            None
        } else {
            problem(
                "is not the S3 URI of a wheel",
                Some("`s3://bucket/path/name-1.0-py3-none-any.whl`".to_owned()),
            )
        };
    }
    if text.contains("://") || text.starts_with("git+") {
        return problem(
            "is a URL; Glue installs from PyPI, or from an `s3://` wheel",
            Some("build a wheel, upload it to S3 and list its `s3://` URI".to_owned()),
        );
    }
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(text.len());
    let (name, mut rest) = text.split_at(name_end);
    let name_ok = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !name_ok {
        return problem(
            "does not start with a package name",
            Some("a pip requirement such as `pyarrow==14.0.2`; a file or URL other than an `s3://` wheel is not supported".to_owned()),
        );
    }
    if let Some(extra) = rest.strip_prefix('[') {
        let Some((inner, after)) = extra.split_once(']') else {
            return problem("has an unclosed `[`", None);
        };
        if inner.is_empty()
            || !inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return problem("has extras that are not one name", None);
        }
        rest = after;
    }
    if rest.is_empty() {
        return None;
    }
    let operator = ["===", "==", ">=", "<=", "!=", "~=", ">", "<"]
        .into_iter()
        .find(|op| rest.starts_with(op));
    let Some(operator) = operator else {
        return problem(
            "has something other than a version specifier after the name",
            Some(format!("write `{name}==1.2.3` or `{name}>=1.2`")),
        );
    };
    let version = &rest[operator.len()..];
    let version_ok = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | '+' | '!' | '_' | '-'));
    if version_ok {
        None
    } else {
        problem(
            "has no version after its specifier",
            Some(format!("write `{name}{operator}1.2.3`")),
        )
    }
}

fn default_arguments(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let mut total = 0;
    for (key, value) in &spec.default_arguments {
        total += key.len() + value.len();
        let path = job.at(&format!("/defaultArguments/{}", escape_pointer(key)));
        if key == crate::spec::PYTHON_MODULES_ARGUMENT && !spec.python_modules.is_empty() {
            out.push(
                error(
                    Code::ReservedArgument,
                    &path,
                    format!("`{key}` is rendered from `pythonModules`, which this job sets"),
                )
                .hint("list every module in `pythonModules`"),
            );
        } else if key == crate::spec::EXTRA_PY_FILES_ARGUMENT && spec.sets_extra_py_files() {
            out.push(
                error(
                    Code::ReservedArgument,
                    &path,
                    format!(
                        "`{key}` is rendered from `extraPyFiles` and the team's script, which this job has"
                    ),
                )
                .hint("list every file in `extraPyFiles`"),
            );
        } else if RESERVED_ARGUMENTS.contains(&key.as_str()) {
            out.push(
                error(
                    Code::ReservedArgument,
                    &path,
                    format!("`{key}` is reserved by Glue and cannot be set"),
                )
                .expected(format!(
                    "any argument except {}",
                    RESERVED_ARGUMENTS.join(", ")
                )),
            );
        } else if !key.starts_with("--") || key.len() < 3 {
            out.push(
                error(
                    Code::ArgumentName,
                    &path,
                    format!("job argument `{key}` must start with `--`"),
                )
                .hint(format!("write `--{}`", key.trim_start_matches('-'))),
            );
        }
    }
    if total > MAX_ARGUMENTS_BYTES {
        out.push(
            error(
                Code::ArgumentsSize,
                &job.at("/defaultArguments"),
                format!("job arguments take {total} bytes"),
            )
            .expected("at most 260 KB in all"),
        );
    }
}

/// CloudWatch metric names; also keeps them safe inside the dashboard's JSON.
fn custom_metrics(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    // A set, not a scan of the earlier names: a 1 MiB list must stay linear.
    let mut seen = std::collections::HashSet::new();
    for (i, name) in spec.custom_metrics.iter().enumerate() {
        let ok = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            out.push(
                error(Code::MetricName, &job.at(&format!("/customMetrics/{i}")), format!("`{name}` is not a Glue metric name"))
                    .expected("a metric name like `glue.driver.aggregate.shuffleLocalBytesRead` (A-Z, a-z, 0-9, `.`, `_`, `-`)"),
            );
        } else if crate::catalog::is_observability_metric(name) {
            out.push(
                error(
                    Code::MetricName,
                    &job.at(&format!("/customMetrics/{i}")),
                    format!("`{name}` is one of Glue's observability metrics, which the dashboard cannot chart"),
                )
                .expected("one of Glue's job metrics, e.g. `glue.driver.aggregate.recordsRead`")
                .hint("observability metrics carry an `ObservabilityGroup` dimension the job's widgets do not set; to see them in the Glue console, add `--enable-observability-metrics: \"true\"` (Glue 4.0+) to defaultArguments"),
            );
        } else if !seen.insert(name.as_str()) {
            out.push(error(
                Code::DuplicateMetric,
                &job.at(&format!("/customMetrics/{i}")),
                format!("`{name}` is listed twice"),
            ));
        }
    }
}

fn alerts(spec: &Spec, out: &mut Vec<Diagnostic>) {
    if let Some(email) = &spec.alarm_email {
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && email.matches('@').count() == 1
        });
        if !valid {
            out.push(
                error(
                    Code::Email,
                    "/alarmEmail",
                    format!("`{email}` is not an email address"),
                )
                .expected("an address like `oncall@example.com`"),
            );
        }
    }
    if let Some(arn) = &spec.alarm_topic_arn {
        let parts: Vec<&str> = arn.split(':').collect();
        let valid = parts.len() == 6
            && parts[0] == "arn"
            && parts[1].starts_with("aws")
            && parts[2] == "sns"
            && !parts[3].is_empty()
            && parts[4].len() == 12
            && parts[4].chars().all(|c| c.is_ascii_digit())
            && !parts[5].is_empty()
            && parts[5].chars().all(|c| is_name_char(c) || c == '.');
        if !valid {
            out.push(
                error(
                    Code::TopicArn,
                    "/alarmTopicArn",
                    format!("`{arn}` is not an SNS topic ARN"),
                )
                .expected("arn:aws:sns:<region>:<12-digit account>:<topic name>"),
            );
        }
        if spec.alarm_email.is_some() {
            out.push(
                error(
                    Code::AlertTarget,
                    "/alarmTopicArn",
                    "give `alarmEmail` or `alarmTopicArn`, not both",
                )
                .hint("subscribe the email address to the existing topic instead"),
            );
        }
    }
}

fn tag_text_problem(text: &str, max: usize) -> Option<String> {
    if text.chars().count() > max {
        return Some(format!("is longer than {max} characters"));
    }
    text.chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' ' || "_.:/=+-@".contains(*c)))
        .map(|c| {
            format!(
                "contains `{}`, which AWS tags do not allow",
                c.escape_default()
            )
        })
}

fn tags(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let allowed = "letters, digits, spaces and `_ . : / = + - @`";
    if let Some(problem) = tag_text_problem(&spec.environment, 256) {
        out.push(
            error(Code::Tag, "/environment", format!("environment {problem}")).expected(format!(
                "up to 256 {allowed} (it becomes the `Environment` tag)"
            )),
        );
    }
    if spec.tags.len() > MAX_USER_TAGS {
        out.push(
            error(
                Code::TagCount,
                "/tags",
                format!("{} tags are more than AWS allows", spec.tags.len()),
            )
            .expected("at most 48 tags (sparkgen adds Environment and ManagedBy)"),
        );
    }
    for (key, value) in &spec.tags {
        let path = format!("/tags/{}", escape_pointer(key));
        if key.is_empty() {
            out.push(error(Code::TagKey, &path, "a tag key cannot be empty"));
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            out.push(error(
                Code::TagKey,
                &path,
                format!("tag key `{key}` starts with `aws:`, which AWS reserves"),
            ));
        } else if let Some(problem) = tag_text_problem(key, 128) {
            out.push(
                error(Code::TagKey, &path, format!("tag key {problem}"))
                    .expected(format!("up to 128 {allowed}")),
            );
        }
        if let Some(problem) = tag_text_problem(value, 256) {
            out.push(
                error(Code::Tag, &path, format!("value of tag `{key}` {problem}"))
                    .expected(format!("up to 256 {allowed}")),
            );
        }
        if key == "Environment" || key == "ManagedBy" {
            out.push(
                error(
                    Code::TagKey,
                    &path,
                    format!("sparkgen sets the `{key}` tag itself"),
                )
                .hint(if key == "Environment" {
                    "set `environment` instead"
                } else {
                    "remove this tag"
                }),
            );
        }
    }
}

fn cors(spec: &Spec, out: &mut Vec<Diagnostic>) {
    for (i, rule) in spec.cors_rules.iter().enumerate() {
        if rule.allowed_origins.is_empty() {
            out.push(error(
                Code::Cors,
                &format!("/corsRules/{i}/allowedOrigins"),
                "a CORS rule needs at least one origin",
            ));
        }
        if rule.allowed_methods.is_empty() {
            out.push(error(
                Code::Cors,
                &format!("/corsRules/{i}/allowedMethods"),
                "a CORS rule needs at least one method",
            ));
        }
        for (j, origin) in rule.allowed_origins.iter().enumerate() {
            if origin.matches('*').count() > 1 || origin.chars().any(char::is_whitespace) {
                out.push(error(
                    Code::Cors,
                    &format!("/corsRules/{i}/allowedOrigins/{j}"),
                    format!("origin `{origin}` may hold at most one `*` and no spaces"),
                ));
            }
        }
    }
}

/// CloudFormation replaces `{{resolve:ssm:...}}`, `{{resolve:secretsmanager:...}}` (dynamic references)
/// in any string of a template at deploy time, whatever the quoting, and Terraform does not: such
/// text would put a parameter or secret into the job's configuration in one target only. Checked
/// in every free-text value that reaches the template (tags and the environment cannot hold `{`).
fn cloudformation_dynamic_references(spec: &Spec, jobs: &[JobScope], out: &mut Vec<Diagnostic>) {
    let mut texts: Vec<(String, &str)> = Vec::new();
    for job in jobs {
        texts.push((job.at("/glueJobScript"), &job.spec.glue_job_script));
        for (key, value) in &job.spec.default_arguments {
            let path = job.at(&format!("/defaultArguments/{}", escape_pointer(key)));
            texts.push((path.clone(), key));
            texts.push((path, value));
        }
    }
    if let Some(email) = &spec.alarm_email {
        texts.push(("/alarmEmail".to_owned(), email));
    }
    for (i, rule) in spec.cors_rules.iter().enumerate() {
        for (field, values) in [
            ("allowedOrigins", &rule.allowed_origins),
            ("allowedHeaders", &rule.allowed_headers),
            ("exposedHeaders", &rule.exposed_headers),
        ] {
            for (j, v) in values.iter().enumerate() {
                texts.push((format!("/corsRules/{i}/{field}/{j}"), v));
            }
        }
    }
    for (path, text) in texts {
        if text.to_ascii_lowercase().contains("{{resolve:") {
            out.push(
                error(
                    Code::CloudformationDynamicReference,
                    &path,
                    "`{{resolve:...}}` is a CloudFormation dynamic reference: CloudFormation would \
                     replace it with a parameter or secret at deploy time, and Terraform would not",
                )
                .hint("pass the parameter's name instead and read it in the job (boto3 ssm or secretsmanager)"),
            );
        }
    }
}

/// RFC 6901: `~` and `/` in a key are written `~0` and `~1` in a JSON pointer.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_modules_are_what_a_comma_separated_list_can_carry() {
        for ok in [
            "pyarrow",
            "pyarrow==14.0.2",
            "great-expectations>=0.18",
            "requests[socks]~=2.31",
            "numpy===1.26.4",
            "s3://my-artifacts/wheels/acme_utils-1.2.0-py3-none-any.whl",
        ] {
            assert_eq!(python_module_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("pandas>=1.5,<2", "comma"),
            ("requests[socks,security]", "comma"),
            ("pandas; python_version < '3.8'", "environment marker"),
            ("pandas >= 2", "space"),
            ("s3://bucket/lib.zip", "wheel"),
            ("git+https://github.com/a/b", "URL"),
            ("pandas@2", "version specifier"),
            ("-r requirements.txt", "space"),
            ("pandas==", "no version"),
            ("", "empty"),
        ] {
            let (got, _) = python_module_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(got.contains(why), "{bad}: {got}");
        }
    }

    #[test]
    fn bucket_rules_name_the_broken_rule() {
        assert!(bucket_name_problem("my-spark-processing-bucket").is_none());
        assert!(bucket_name_problem("My_Bucket")
            .unwrap()
            .contains("uppercase"));
        assert!(bucket_name_problem("ab").unwrap().contains("3 to 63"));
        assert!(bucket_name_problem("192.168.1.1")
            .unwrap()
            .contains("IP address"));
        assert!(bucket_name_problem("a..b")
            .unwrap()
            .contains("adjacent dots"));
        assert!(bucket_name_problem("xn--abc").unwrap().contains("xn--"));
        assert!(bucket_name_problem("abc-s3alias")
            .unwrap()
            .contains("-s3alias"));
        assert!(bucket_name_problem("-abc")
            .unwrap()
            .contains("start and end"));
    }

    /// The seed spec's required keys with the keys of `extra` set over them, typed without the
    /// schema check, so the rules see values the schema would stop first.
    fn spec(extra: &str) -> Spec {
        let parse = |text: &str| match crate::spec::source::parse(text) {
            Ok(document) => document.value,
            Err(e) => panic!("{text}: {e:?}"),
        };
        let mut value = parse(
            "bucketName: my-spark-processing-bucket\nglueJobName: spark-processing-job\n\
             glueJobScript: s3://my-spark-processing-bucket/scripts/processor.py\n",
        );
        if let (Some(map), false) = (value.as_object_mut(), extra.is_empty()) {
            map.extend(parse(extra).as_object().cloned().unwrap_or_default());
        }
        serde_json::from_value(value).unwrap_or_else(|e| panic!("{extra}: {e}"))
    }

    fn found(extra: &str) -> Vec<(&'static str, String)> {
        check(&spec(extra))
            .into_iter()
            .map(|d| (d.code.as_str(), d.path))
            .collect()
    }

    #[test]
    fn a_sound_spec_breaks_no_rule() {
        assert_eq!(found(""), []);
        let production = include_str!("../../examples/production.yaml");
        let document = crate::spec::source::parse(production).unwrap_or_else(|e| panic!("{e:?}"));
        let spec: Spec = serde_json::from_value(document.value).unwrap_or_else(|e| panic!("{e}"));
        assert!(check(&spec).is_empty());
    }

    /// A job-level rule reports under its job's scope; the same spec as the first job reports at
    /// the root, as today's specs do.
    #[test]
    fn job_rules_report_under_their_job_scope() {
        let spec = spec(
            "glueWorkerType: G.025X\nglueTimeout: 60\nalarmThresholds: {processingTime: 7200}\n\
             source: {path: 'not-s3'}\ncustomMetrics: ['a b']\n",
        );
        let scoped = JobScope {
            spec: std::borrow::Cow::Borrowed(&spec),
            prefix: "/jobs/enrich".to_owned(),
            keys: None,
            index: 1,
        };
        let mut out = Vec::new();
        worker_type(&scoped, &mut out);
        job_numbers(&scoped, &mut out);
        custom_metrics(&scoped, &mut out);
        data_flow::check(&scoped, &mut out);
        let paths: Vec<&str> = out.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/jobs/enrich/glueWorkerType",
                "/jobs/enrich/alarmThresholds/processingTime",
                "/jobs/enrich/customMetrics/0",
                "/jobs/enrich/source/path",
            ]
        );
        let at_root: Vec<String> = check(&spec).into_iter().map(|d| d.path).collect();
        assert!(
            at_root.contains(&"/glueWorkerType".to_owned()),
            "{at_root:?}"
        );
    }

    #[test]
    fn every_rule_reports_at_its_path() {
        let cases: &[(&str, &str, &str)] = &[
            ("bucketName: My_Bucket\n", "bucket-name", "/bucketName"),
            ("glueJobName: my job\n", "job-name", "/glueJobName"),
            (
                "glueJobScript: s3://B/x.py\n",
                "script-location",
                "/glueJobScript",
            ),
            (
                "glueJobScript: https://x/y.py\n",
                "script-location",
                "/glueJobScript",
            ),
            (
                "glueJobScript: s3://my-bucket/x.sh\n",
                "script-location",
                "/glueJobScript",
            ),
            (
                "glueVersion: '3.0'\nglueWorkerType: R.1X\n",
                "worker-type",
                "/glueWorkerType",
            ),
            ("glueWorkerType: G.025X\n", "worker-type", "/glueWorkerType"),
            (
                "glueWorkerType: Standard\n",
                "worker-type",
                "/glueWorkerType",
            ),
            (
                "alarmThresholds: {memoryUtilization: 0.85}\n",
                "percent-as-fraction",
                "/alarmThresholds/memoryUtilization",
            ),
            (
                "alarmThresholds: {processingTime: 3600000}\n",
                "processing-time",
                "/alarmThresholds/processingTime",
            ),
            (
                "glueTimeout: 30\n",
                "processing-time",
                "/alarmThresholds/processingTime",
            ),
            (
                "customMetrics: [glue.driver.workerUtilization]\n",
                "metric-name",
                "/customMetrics/0",
            ),
            ("glueNumberOfWorkers: 1\n", "range", "/glueNumberOfWorkers"),
            (
                "glueNumberOfWorkers: 300\n",
                "range",
                "/glueNumberOfWorkers",
            ),
            ("glueTimeout: 0\n", "range", "/glueTimeout"),
            ("glueTimeout: 10080\n", "range", "/glueTimeout"),
            ("maxRetries: 11\n", "range", "/maxRetries"),
            (
                "alarmThresholds: {memoryUtilization: 101}\n",
                "range",
                "/alarmThresholds/memoryUtilization",
            ),
            (
                "alarmThresholds: {memoryUtilization: -1}\n",
                "range",
                "/alarmThresholds/memoryUtilization",
            ),
            (
                "alarmThresholds: {processingTime: 0}\n",
                "range",
                "/alarmThresholds/processingTime",
            ),
            (
                "logRetentionDays: 31\n",
                "log-retention",
                "/logRetentionDays",
            ),
            (
                "lifecycleRules: {transitionToInfrequentAccessDays: 29}\n",
                "range",
                "/lifecycleRules/transitionToInfrequentAccessDays",
            ),
            (
                "lifecycleRules: {noncurrentVersionExpirationDays: 0}\n",
                "range",
                "/lifecycleRules/noncurrentVersionExpirationDays",
            ),
            (
                "lifecycleRules: {abortIncompleteMultipartUploadDays: 0}\n",
                "range",
                "/lifecycleRules/abortIncompleteMultipartUploadDays",
            ),
            (
                "defaultArguments: {--conf: x}\n",
                "reserved-argument",
                "/defaultArguments/--conf",
            ),
            (
                "defaultArguments: {--JOB_NAME: x}\n",
                "reserved-argument",
                "/defaultArguments/--JOB_NAME",
            ),
            (
                "defaultArguments: {source: x}\n",
                "argument-name",
                "/defaultArguments/source",
            ),
            (
                "customMetrics: [\"a b\"]\n",
                "metric-name",
                "/customMetrics/0",
            ),
            (
                "customMetrics: [a.b, c, a.b]\n",
                "duplicate-metric",
                "/customMetrics/2",
            ),
            ("alarmEmail: not-an-email\n", "email", "/alarmEmail"),
            ("alarmEmail: a@b\n", "email", "/alarmEmail"),
            (
                "alarmTopicArn: arn:aws:sns:eu-west-1:123:t\n",
                "topic-arn",
                "/alarmTopicArn",
            ),
            (
                "alarmEmail: a@b.example\nalarmTopicArn: arn:aws:sns:eu-west-1:123456789012:t\n",
                "alert-target",
                "/alarmTopicArn",
            ),
            ("environment: \"prod;rm\"\n", "tag", "/environment"),
            ("tags: {\"aws:owner\": x}\n", "tag-key", "/tags/aws:owner"),
            ("tags: {\"\": x}\n", "tag-key", "/tags/"),
            ("tags: {\"a{b\": x}\n", "tag-key", "/tags/a{b"),
            ("tags: {Environment: x}\n", "tag-key", "/tags/Environment"),
            ("tags: {team: \"${x}\"}\n", "tag", "/tags/team"),
            (
                "corsRules: [{allowedOrigins: [], allowedMethods: [GET]}]\n",
                "cors",
                "/corsRules/0/allowedOrigins",
            ),
            (
                "corsRules: [{allowedOrigins: [a], allowedMethods: []}]\n",
                "cors",
                "/corsRules/0/allowedMethods",
            ),
            (
                "corsRules: [{allowedOrigins: [\"*.*\"], allowedMethods: [GET]}]\n",
                "cors",
                "/corsRules/0/allowedOrigins/0",
            ),
        ];
        for (extra, code, path) in cases {
            assert_eq!(found(extra), [(*code, path.to_string())], "{extra}");
        }
    }

    #[test]
    fn values_copied_from_cdk_code_get_the_intended_value_as_a_hint() {
        let hint = |extra: &str| {
            let mut spec = crate::validate::validate_text(
                "bucketName: b-bucket\nglueJobName: j\nglueJobScript: s3://b-bucket/j.py\n",
            )
            .unwrap_or_else(|d| panic!("{d:?}"));
            let patch: serde_json::Value = serde_json::from_str(extra).unwrap_or_default();
            if let Some(m) = patch
                .get("memoryUtilization")
                .and_then(serde_json::Value::as_f64)
            {
                spec.alarm_thresholds.memory_utilization = m;
            }
            if let Some(p) = patch
                .get("processingTime")
                .and_then(serde_json::Value::as_u64)
            {
                spec.alarm_thresholds.processing_time = p as u32;
            }
            if let Some(t) = patch.get("glueTimeout").and_then(serde_json::Value::as_u64) {
                spec.glue_timeout = Some(t as u32);
            }
            check(&spec)
                .into_iter()
                .map(|d| d.hint.unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            hint(r#"{"memoryUtilization": 0.85}"#),
            ["write `85` for 85 percent"]
        );
        assert_eq!(
            hint(r#"{"memoryUtilization": 0.333}"#),
            ["write `33.3` for 33.3 percent"]
        );
        assert_eq!(
            hint(r#"{"processingTime": 3600000}"#),
            ["processingTime is in seconds; if 3600000 was meant as milliseconds, write `3600`"]
        );
        // At the timeout, rounded up to whole minutes, the notification would come too late.
        assert_eq!(
            hint(r#"{"processingTime": 3541, "glueTimeout": 60}"#),
            ["lower processingTime, or raise glueTimeout"]
        );
        assert!(hint(r#"{"processingTime": 3540, "glueTimeout": 60}"#).is_empty());
        assert!(hint(r#"{"memoryUtilization": 1}"#).is_empty());
        assert!(hint(r#"{"memoryUtilization": 0}"#).is_empty());
    }

    #[test]
    fn too_many_tags_and_too_many_argument_bytes() {
        let tags: String = (0..49).map(|i| format!("t{i}: v\n  ")).collect();
        assert_eq!(
            found(&format!("tags:\n  {tags}\n")),
            [("tag-count", "/tags".to_owned())]
        );
        let big = "x".repeat(MAX_ARGUMENTS_BYTES);
        let found = found(&format!("defaultArguments: {{--big: {big}}}\n"));
        assert_eq!(found, [("arguments-size", "/defaultArguments".to_owned())]);
    }

    #[test]
    fn rules_that_read_other_keys_say_which() {
        assert_eq!(reads(Code::WorkerType), ["glueVersion"]);
        assert_eq!(reads(Code::BucketName), [] as [&str; 0]);
        assert!(about_key(Code::TagKey) && !about_key(Code::Tag));
    }

    #[test]
    fn cloudformation_dynamic_references_are_rejected_in_free_text() {
        let mut spec = crate::validate::validate_text(
            "bucketName: abc\nglueJobName: j\nglueJobScript: s3://abc/j.py\n",
        )
        .expect("valid");
        spec.alarm_email = Some("{{RESOLVE:ssm:x}}@b.example".to_owned());
        spec.default_arguments.insert(
            "--secret".to_owned(),
            "{{resolve:secretsmanager:db:SecretString:pw}}".to_owned(),
        );
        spec.default_arguments
            .insert("--ok".to_owned(), "{{x}} ${y} {{ resolve".to_owned());
        let paths: Vec<String> = check(&spec)
            .into_iter()
            .filter(|d| d.code == "cloudformation-dynamic-reference")
            .map(|d| d.path)
            .collect();
        assert_eq!(paths, ["/defaultArguments/--secret", "/alarmEmail"]);
    }

    #[test]
    fn tag_text_allows_unicode_letters() {
        assert!(tag_text_problem("Équipe données", 256).is_none());
        assert!(tag_text_problem("a\"b", 256).is_some());
        assert!(tag_text_problem("${x}", 256).is_some());
    }
}
